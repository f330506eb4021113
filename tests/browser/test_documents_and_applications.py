"""Documents and applications in the browser: Kela's work-ability advisor reads Maija's B statement and
the advice, follows her application to its decision, and the social worker drafts the cover letter;
every page passes axe."""

import re

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_kela_advisor_follows_maijas_documents_and_applications(page: Page) -> None:
    clients = load_demo()
    log_in_with_new_device(page, User.objects.get(username="kela-tyokykyneuvoja"), DEMO_PASSWORD)

    page.goto(f"/asiakkuudet/{clients['maija'].code}/")
    page.get_by_role("link", name="Asiakirjat ja lausunnot").click()
    expect(page.get_by_role("heading", name="Terveystiedot")).to_be_visible()
    expect(page.get_by_text("R-KELA-1 v2025.1").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lääkärinlausunto B (SV 7)").click()
    expect(page.get_by_role("heading", name="Liitteet")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/asiakkuudet/{clients['maija'].code}/")
    page.get_by_role("link", name="Hakemukset ja päätökset").click()
    expect(page.get_by_role("heading", name="Neuvot Kela-yhteistyöhön")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Koulutus ammatillisena kuntoutuksena").click()
    expect(page.get_by_role("heading", name="Kirjaa päätös")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Päätös").select_option("granted")
    page.get_by_role("button", name="Tallenna päätös").click()
    expect(page.get_by_text("Päätös on kirjattu.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/hakemukset/{clients['maija'].code}/tarkistuslista/")
    expect(page.get_by_role("heading", name="Kela-yhteistyön tarkistuslista")).to_be_visible()
    assert_accessible(page)


def test_social_worker_drafts_the_cover_letter(page: Page) -> None:
    clients = load_demo()
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)
    page.goto(f"/asiakirjat/{clients['maija'].code}/lausuntopyynnot/uusi/")
    assert_accessible(page)
    page.get_by_label("Miksi lausunto tarvitaan").fill(
        "Kela tarvitsee lausunnon ammatillista kuntoutusta varten."
    )
    page.get_by_role("button", name="Laadi saatekirje").click()
    expect(page.get_by_text("Lausuntopyyntö ja saatekirje on laadittu.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Saatekirje")).to_have_value(
        re.compile("Kela tarvitsee lausunnon ammatillista kuntoutusta")
    )
    assert_accessible(page)
