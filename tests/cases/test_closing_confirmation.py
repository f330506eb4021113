"""Closing a track asks first (issue 11): the close names what happens; only the confirmed POST closes,
and "Peruuta" brings the form back as it was filled in, with nothing changed."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.cases import services
from yhteispolku.cases.models import ClientRelationship, ClosureReason, Phase, PhaseTransition
from yhteispolku.clients.models import Client

Http = Callable[[User], HttpClient]


def url(name: str, client: Client) -> str:
    return reverse(f"cases:{name}", kwargs={"code": client.code})


@pytest.fixture
def ready_to_close(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User
) -> ClientRelationship:
    """In the closing phase with the final assessment and both authorities' confirmations."""
    relationship = services.phase_transition(actor=tym_expert, relationship=accepted, to_phase=Phase.CLOSING)
    services.closure_record(
        actor=tym_expert,
        relationship=relationship,
        reason=ClosureReason.EMPLOYED,
        final_assessment="Työllistyi.",
    )
    services.closure_confirm(actor=tym_expert, relationship=relationship)
    services.closure_confirm(actor=tym_social_worker, relationship=relationship)
    return relationship


CLOSE = {"to_phase": "closed", "seen_phase": "closing", "note": "Työsuhde alkoi."}


def _phase(relationship: ClientRelationship) -> str:
    return ClientRelationship.objects.get(pk=relationship.pk).phase


def test_the_closure_page_offers_the_close_once_everything_is_recorded(
    ready_to_close: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    page = verified_client(tym_expert).get(url("closure", ready_to_close.client)).content.decode()
    assert "Päätä asiakkuus" in page
    assert f'action="{url("phase", ready_to_close.client)}"' in page


def test_the_closure_page_does_not_offer_the_close_while_something_is_missing(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    relationship = services.phase_transition(actor=tym_expert, relationship=accepted, to_phase=Phase.CLOSING)
    services.closure_record(actor=tym_expert, relationship=relationship, reason=ClosureReason.EMPLOYED)
    page = verified_client(tym_expert).get(url("closure", relationship.client)).content.decode()
    assert "Päätä asiakkuus" not in page


def test_the_first_post_only_asks_and_names_what_happens(
    ready_to_close: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(url("phase", ready_to_close.client), CLOSE)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Päätetäänkö asiakkuus" in text
    assert "Asiakkuus päättyy heti" in text
    assert 'name="confirmed" value="1"' in text
    assert 'name="cancel" value="1"' in text
    assert 'name="note" value="Työsuhde alkoi."' in text
    assert _phase(ready_to_close) == Phase.CLOSING
    assert not PhaseTransition.objects.filter(relationship=ready_to_close, to_phase=Phase.CLOSED).exists()


def test_cancel_brings_the_form_back_as_filled_in_and_changes_nothing(
    ready_to_close: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(url("phase", ready_to_close.client), {**CLOSE, "cancel": "1"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Työsuhde alkoi.</textarea>" in text
    assert '<option value="closed" selected>' in text
    assert _phase(ready_to_close) == Phase.CLOSING


def test_the_confirmed_post_closes(
    ready_to_close: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("phase", ready_to_close.client), {**CLOSE, "confirmed": "1"}
    )

    assert response.status_code == 302
    assert _phase(ready_to_close) == Phase.CLOSED
    assert (
        PhaseTransition.objects.get(relationship=ready_to_close, to_phase=Phase.CLOSED).note
        == "Työsuhde alkoi."
    )


def test_a_close_the_service_would_refuse_is_not_asked_about(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    relationship = services.phase_transition(actor=tym_expert, relationship=accepted, to_phase=Phase.CLOSING)
    response = verified_client(tym_expert).post(url("phase", relationship.client), CLOSE)
    assert response.status_code == 409
    assert "Päätetäänkö asiakkuus" not in response.content.decode()
    assert _phase(relationship) == Phase.CLOSING
