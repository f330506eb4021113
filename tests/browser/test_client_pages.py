"""The privacy core in the browser: a worker-pair social worker opens Maija's pages, all pass axe."""

import re

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Consent
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_social_worker_finds_maija_and_every_client_page_is_accessible(page: Page) -> None:
    load_demo()
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)

    page.get_by_role("link", name="Asiakkaat").click()
    expect(page.get_by_role("heading", name="Omat asiakkaat")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Hae nimellä tai henkilötunnuksella").fill("Meikäläinen")
    page.get_by_role("button", name="Hae", exact=True).click()
    page.get_by_role("link", name="Maija Meikäläinen").click()
    expect(page.get_by_role("heading", name="Maija Meikäläinen", level=1)).to_be_visible()
    expect(page.get_by_text("150399-****")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sosiaalihuollon tiedot").click()
    expect(page.get_by_text("Palvelutarpeen arvio")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Takaisin: Maija Meikäläinen").click()
    page.get_by_role("link", name="Suostumukset").click()
    expect(page.get_by_role("heading", name="Annetut suostumukset")).to_be_visible()
    assert_accessible(page)


def test_keusote_nurse_sees_no_trace_of_maija(page: Page) -> None:
    load_demo()
    log_in_with_new_device(page, User.objects.get(username="terveydenhoitaja-keusote"), DEMO_PASSWORD)

    page.goto("/asiakkaat/?q=Meik%C3%A4l%C3%A4inen")
    expect(page.get_by_text("Ei hakutuloksia asiakkaistasi.")).to_be_visible()
    expect(page.get_by_role("link", name="Maija Meikäläinen")).to_have_count(0)
    assert_accessible(page)


def test_revoking_maijas_consent_asks_first_and_cancel_changes_nothing(page: Page) -> None:
    maija = load_demo()["maija"]
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)
    page.goto(f"/asiakkaat/{maija.code}/suostumukset/")

    page.get_by_role("link", name="Peru suostumus").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Peruutetaanko suostumus"))).to_be_visible()
    expect(page.get_by_text("Peruutus tulee voimaan heti")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Peruuta").click()
    expect(page.get_by_role("heading", name="Annetut suostumukset")).to_be_visible()
    assert Consent.objects.filter(client=maija, revoked_at__isnull=True).exists()

    page.get_by_role("link", name="Peru suostumus").first.click()
    page.get_by_label("Miten peruminen ilmoitettiin").select_option(label="suullinen")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_text("Suostumus on peruttu.")).to_be_visible()
    assert not Consent.objects.filter(client=maija, revoked_at__isnull=True).exists()
