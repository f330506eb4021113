"""The work-ability support track from its escalation to its closing in the browser (issue 14): Mikael's
employment expert records the work-ability team's consultation from his employment-services track, which
refers him onwards and opens the work-ability support track; on that track's page she is told which
field is wrong when closing it with a date before its start, closes it as referred onwards and sees the
closing record and the outcome follow-ups (R-OUT-1) on the now read-only page. Every page passes axe at
1280 and 320 px without sideways scrolling."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.flows import log_in_with_new_device
from tests.browser.test_track_closing import check_both_widths, close_track
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, OutcomeFollowUp, Track
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_work_ability_support_from_escalation_to_its_closing(page: Page) -> None:
    load_demo()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    mikael = Client.objects.get(first_names="Mikael")
    log_in_with_new_device(page, User.objects.get(username="tyollisyysasiantuntija"), DEMO_PASSWORD)

    page.goto(f"/asiakkaat/{mikael.code}/")
    page.get_by_role("link", name="Työllisyyspalvelut", exact=True).click()
    page.get_by_role("link", name="Kirjaa työkyvyn tuen vaihe").click()
    check_both_widths(page)
    page.locator("#id_step").select_option(label="työkyvyn tuen tiimin konsultointi")
    page.locator("#id_outcome").fill("Tiimi suosittaa työkyvyn tuen asiakkuutta ja Kelan selvitystä.")
    page.locator("#id_result").select_option(label="ohjattu eläkeselvittelyyn")
    page.locator("#id_referral_onwards").select_option(label="työkyvyn tuen asiakkuus")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Työkyvyn tuen vaihe on kirjattu.")).to_be_visible()
    page.get_by_role("link", name="työkyvyn tuen asiakkuus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mikael Esimerkki")
    check_both_widths(page)

    close_track(
        page,
        mikael,
        Track.WORK_ABILITY_SUPPORT,
        "ohjattu eteenpäin",
        "Tilanne selvitetty työkyvyn tuen tiimissä; ohjattu eläkeselvittelyyn.",
    )
    relationship = ClientRelationship.objects.get(client=mikael, track=Track.WORK_ABILITY_SUPPORT)
    follow_ups = page.get_by_role("region", name="Seuranta päättymisen jälkeen").first
    expect(follow_ups).to_contain_text("R-OUT-1")
    assert OutcomeFollowUp.objects.filter(relationship=relationship).count() == 3
    assert relationship.ended_on == timezone.localdate()
    check_both_widths(page)
