"""Network work in the browser: Maija's worker-pair social worker follows her to-do list and Kela
consultations from the case page, is refused a consultation not agreed with Maija; every page passes axe."""

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_social_worker_follows_maijas_network_work(page: Page) -> None:
    clients = load_demo()
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)

    page.goto(f"/asiakkuudet/{clients['maija'].code}/")
    expect(page.get_by_role("heading", name="Asiakkaan vastuulla on toimittaa")).to_be_visible()
    expect(page.get_by_text("1 toimitettava asia on myöhässä.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Verkostotyö", exact=True).click()
    expect(page.get_by_role("heading", name="Konsultaatiot")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Uusi konsultaatio").click()
    page.get_by_label("Sovittu asiakkaan kanssa").fill("")
    page.get_by_label("Ajankohta").fill("2026-01-15T10:00")
    page.get_by_role("button", name="Tallenna").click()
    expect(
        page.get_by_text("R-CONS-1: konsultaatiosta on sovittava asiakkaan kanssa etukäteen").first
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Takaisin").click()
    page.get_by_role("row").filter(has_text="Kela-konsultaatio").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Jatkotoimet")).to_be_visible()
    assert_accessible(page)

    page.goto("/verkostotyo/anonyymit/uusi/")
    expect(page.get_by_text("Anonyymi konsultaatio: ei asiakasta eikä henkilötietoja.")).to_be_visible()
    assert_accessible(page)
