"""Tracks beside TYM from entry to end in the browser (issue 14): the professional opens the track from
Maija's client page, records the plan steps the track has, is told which field is wrong when closing it
with a date before its start, closes it with the track's own reason and sees the closing record on the
now read-only track page. Every page passes axe at 1280 and 320 px without sideways scrolling."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def open_track(page: Page, username: str, track_label: str) -> Client:
    load_demo()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    maija = Client.objects.get(first_names="Maija")
    log_in_with_new_device(page, User.objects.get(username=username), DEMO_PASSWORD)
    page.goto(f"/asiakkaat/{maija.code}/")
    page.get_by_role("link", name="Avaa palvelupolku").click()
    check_both_widths(page)
    page.get_by_label("Palvelupolku").select_option(label=track_label)
    page.get_by_role("button", name="Avaa").click()
    expect(page.get_by_text("Asiakkuus on avattu.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maija Meikäläinen")
    check_both_widths(page)
    return maija


def record_plan(page: Page, goals: str, days_per_week: str | None = None) -> None:
    page.get_by_role("link", name="Laadi suunnitelma").click()
    check_both_widths(page)
    page.get_by_label("Tavoitteet").fill(goals)
    if days_per_week is not None:
        page.get_by_label("Päiviä viikossa").fill(days_per_week)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Suunnitelma on tallennettu.")).to_be_visible()
    expect(page.get_by_role("cell", name=goals)).to_be_visible()


def close_track(
    page: Page, client: Client, track: str, reason: str, summary: str, next_track: str = ""
) -> None:
    page.get_by_role("link", name="Päätä asiakkuus").click()
    expect(page.get_by_role("heading", name="Päätä asiakkuus", level=1)).to_be_visible()
    check_both_widths(page)
    relationship = ClientRelationship.objects.get(client=client, track=track, phase=Phase.WORK)
    too_early = relationship.started_on - timedelta(days=1)
    page.get_by_label("Päättymisen syy").select_option(label=reason)
    page.get_by_label("Asiakkaan tilanne päättyessä").select_option(label="muussa palvelussa")
    page.get_by_label("Päättymispäivä").fill(too_early.isoformat())
    page.get_by_label("Yhteenveto").fill(summary)
    if next_track:
        page.get_by_label("Asiakas jatkaa palvelupolulla").select_option(label=next_track)
    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_text("Päättymispäivä ei voi olla ennen asiakkuuden alkua")).to_be_visible()
    check_both_widths(page)

    page.get_by_label("Päättymispäivä").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_text("Asiakkuus on päätetty.")).to_be_visible()
    record = page.get_by_role("region", name="Asiakkuuden päättäminen")
    expect(record).to_contain_text(re.compile(re.escape(reason), re.IGNORECASE))
    expect(record).to_contain_text(summary)
    if next_track:
        expect(record).to_contain_text(re.compile(re.escape(next_track), re.IGNORECASE))
    expect(page.get_by_role("link", name="Päätä asiakkuus")).to_have_count(0)
    expect(page.get_by_role("link", name="Laadi suunnitelma")).to_have_count(0)
    check_both_widths(page)
    relationship.refresh_from_db()
    assert (relationship.phase, relationship.ended_on) == (Phase.CLOSED, timezone.localdate())


def test_social_rehabilitation_from_entry_to_a_move_to_kuty(page: Page) -> None:
    maija = open_track(page, "sosiaalityontekija", "sosiaalinen kuntoutus")
    record_plan(page, "Arjen rytmi ja ryhmätoiminta.", days_per_week="2")
    close_track(
        page,
        maija,
        "social_rehabilitation",
        "siirtyi kuntouttavaan työtoimintaan",
        "Ryhmätoiminta sujui; valmis kuntouttavaan työtoimintaan.",
        next_track="kuntouttava työtoiminta",
    )


def test_disability_work_activity_from_entry_to_the_end_of_its_period(page: Page) -> None:
    maija = open_track(page, "sosiaalityontekija", "vammaisten työ- ja päivätoiminta")
    record_plan(page, "Työtoiminta kolmena päivänä viikossa.", days_per_week="3")
    close_track(
        page,
        maija,
        "disability_work_activity",
        "jakso päättyi",
        "Jakso päättyi suunnitellusti.",
    )


def test_employment_services_from_registration_to_employment(page: Page) -> None:
    maija = open_track(page, "tyollisyysasiantuntija", "työllisyyspalvelut")
    page.get_by_role("link", name="Kirjaa työnhaun alkaminen tai alkuhaastattelu").click()
    check_both_widths(page)
    page.get_by_label("Työnhaku alkoi").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tiedot on tallennettu.")).to_be_visible()
    record_plan(page, "Varastotyö; trukkikortti.")
    close_track(page, maija, "employment_services", "työllistyi", "Työllistyi varastoon.")
