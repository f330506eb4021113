"""Outcomes after closure in the browser (R-OUT-1): the employment expert finds the 6-month follow-up of
Mikael's closed TYM relationship on the worklist, is told what is missing when submitting an empty form,
records the situation and its source, and the item leaves the worklist. Each page passes axe at 1280 and
320 px without sideways scrolling."""

import re

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OutcomeFollowUp, OutcomeStatus
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_employment_expert_records_mikaels_six_month_follow_up(page: Page) -> None:
    load_demo()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_with_new_device(page, User.objects.get(username="tyollisyysasiantuntija"), DEMO_PASSWORD)
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name=re.compile("^Työlista")
    ).click()
    item = page.get_by_role("row").filter(has_text="Kirjaa tilanne 6 kk asiakkuuden päättymisen jälkeen")
    expect(item).to_contain_text("Mikael Esimerkki")
    expect(item).to_contain_text("R-OUT-1 v2025.1")
    item.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Seuranta 6 kk päättymisen jälkeen")
    check_both_widths(page)
    page.get_by_role("button", name="Kirjaa seuranta").click()
    expect(page.get_by_text("Valitse asiakkaan tilanne.").first).to_be_visible()
    expect(page.get_by_text("Valitse, mistä tieto on saatu.").first).to_be_visible()
    check_both_widths(page)

    page.get_by_role("radio", name="työllistynyt").check()
    page.get_by_role("radio", name="asiakas itse").check()
    page.get_by_role("button", name="Kirjaa seuranta").click()
    expect(page.get_by_text("Seurantatieto on kirjattu: Mikael Esimerkki.")).to_be_visible()
    expect(page.get_by_text("Kirjaa tilanne 6 kk asiakkuuden päättymisen jälkeen")).to_have_count(0)
    recorded = OutcomeFollowUp.objects.get(relationship__client__first_names="Mikael", months=6)
    assert recorded.status == OutcomeStatus.EMPLOYED
