"""The service paths in the browser: the social worker opens Maija's KUTY section from her client page and
records a new KUTY period that the rules refuse, then one they accept; every page passes axe."""

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_social_worker_reads_maijas_kuty_and_is_told_which_rule_refuses_five_days(page: Page) -> None:
    load_demo()
    maija = Client.objects.get(first_names="Maija")
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)

    page.goto(f"/asiakkaat/{maija.code}/")
    page.get_by_role("link", name="TYM-yhteispalvelu", exact=True).click()
    expect(page.get_by_role("heading", name="TYM-yhteispalvelu: Maija Meikäläinen", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="R-KUTY-1 v2015.1")).to_be_visible()
    expect(page.get_by_text("Porin kaupungin työkeskus, kokoonpanoyksikkö")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kirjaa jakso").click()
    page.get_by_label("(1) Tavoite").fill("Työkyvyn selvittäminen.")
    page.get_by_label("(1) Toiminnan kuvaus").fill("Lajittelu.")
    page.get_by_label("(1) Toimintapaikka").fill("Kierrätyskeskus")
    page.get_by_label("(2) Tunteja päivässä").fill("4")
    page.get_by_label("(2) Päiviä viikossa").fill("5")
    page.get_by_label("(3) Alkaa").fill("2027-03-01")
    page.get_by_label("(3) Päättyy").fill("2027-05-31")
    page.get_by_label("(4) Annettava tuki ja ohjaus").fill("Ohjaaja paikalla.")
    page.get_by_label("(5) Rinnakkaiset palvelut").fill("Työhönvalmennus.")
    page.get_by_label("(6) Vaikutukset arvioidaan ja jatkosta päätetään viimeistään").fill("2027-05-15")
    page.get_by_role("button", name="Tallenna").click()
    expect(
        page.get_by_text("R-KUTY-2 v2015.1: kuntouttavaa työtoimintaa on 1–4 päivää viikossa, ei 5.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("(2) Päiviä viikossa").fill("4")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Jakso on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Jakso 1.3.2027–31.5.2027")).to_be_visible()
