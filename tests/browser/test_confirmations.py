"""Closing a track in the browser (issue 11): the closure page offers the close once everything is
recorded, the close asks first (axe, 320 px), "Peruuta" brings back the filled-in form, "Vahvista" closes."""

from contextlib import suppress

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases import services
from yhteispolku.cases.errors import CaseError
from yhteispolku.cases.models import ClientRelationship, ClosureReason, Phase, Track
from yhteispolku.organisations.models import Organisation
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def _ready_to_close(relationship: ClientRelationship, expert: User) -> None:
    """Maija's TYM relationship closing, with the final assessment and every authority's confirmation."""
    relationship = services.phase_transition(actor=expert, relationship=relationship, to_phase=Phase.CLOSING)
    services.closure_record(
        actor=expert, relationship=relationship, reason=ClosureReason.EMPLOYED, final_assessment="Työllistyi."
    )
    for member in relationship.team.filter(left_on__isnull=True).select_related("user__organisation"):
        organisation = member.user.organisation
        if organisation is not None and organisation.kind in Organisation.AUTHORITY_KINDS:
            with suppress(CaseError):  # the authority has confirmed already
                services.closure_confirm(actor=member.user, relationship=relationship)


def test_closing_maijas_track_asks_first_and_cancel_keeps_the_form(page: Page) -> None:
    maija = load_demo()["maija"]
    expert = User.objects.get(username="tyollisyysasiantuntija")
    relationship = ClientRelationship.objects.get(client=maija, track=Track.TYM)
    _ready_to_close(relationship, expert)
    log_in_with_new_device(page, expert, DEMO_PASSWORD)
    page.goto(f"/asiakkuudet/{maija.code}/paattaminen/")

    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_role("heading", name="Päätetäänkö asiakkuus: Maija Meikäläinen")).to_be_visible()
    expect(page.get_by_text("Asiakkuus päättyy heti")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Peruuta").click()
    expect(page.get_by_role("heading", name="Vaihda vaihetta: Maija Meikäläinen")).to_be_visible()
    expect(page.get_by_label("Uusi vaihe")).to_have_value("closed")
    assert ClientRelationship.objects.get(pk=relationship.pk).phase == Phase.CLOSING

    page.get_by_label("Lisätieto").fill("Työsuhde alkoi.")
    page.get_by_role("button", name="Vaihda vaihe").click()
    expect(page.get_by_role("heading", name="Päätetäänkö asiakkuus: Maija Meikäläinen")).to_be_visible()
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_text("Asiakkuuden vaihe on vaihdettu.")).to_be_visible()
    closed = ClientRelationship.objects.get(pk=relationship.pk)
    assert closed.phase == Phase.CLOSED
    assert closed.phase_transitions.get(to_phase=Phase.CLOSED).note == "Työsuhde alkoi."
