"""Kela's twice-yearly joint review in the browser (seed 004, issue 14): Kela's work-ability advisor, the TYM
team's named Kela contact, finds the review due on her worklist, is told which field is missing, records
the review held with a note for Maija and sees it on the page. Every page passes axe at 1280 and 320 px
without sideways scrolling."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.applications.models import KelaJointReview
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_kela_advisor_records_the_joint_review_from_her_worklist(page: Page) -> None:
    load_demo()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_with_new_device(page, User.objects.get(username="kela-tyokykyneuvoja"), DEMO_PASSWORD)
    page.goto(reverse("worklist:worklist"))
    page.get_by_role("link", name="Kelan yhteinen läpikäynti:").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kelan yhteinen läpikäynti")
    check_both_widths(page)

    page.get_by_label("Maija Meikäläinen: tilanne ja jatko").fill("Työkokeilu haettu, B-lausunto voimassa.")
    page.get_by_role("button", name="Kirjaa läpikäynti").click()
    expect(page.get_by_text("Kirjaa läpikäynnin osallistujat.").first).to_be_visible()
    check_both_widths(page)

    page.get_by_label("Osallistujat").fill("Kelan TYM-työkykyneuvoja, TYM-tiimin työllisyysasiantuntija")
    page.get_by_label("Jatkosuunnitelma").fill("Maijan suunnitelman päivitystarve tarkistetaan.")
    page.get_by_role("button", name="Kirjaa läpikäynti").click()
    expect(page.get_by_text("Läpikäynti on kirjattu.")).to_be_visible()
    expect(page.get_by_text("Työkokeilu haettu, B-lausunto voimassa.")).to_be_visible()
    check_both_widths(page)
    assert KelaJointReview.objects.filter(entries__client__first_names="Maija").exists()
