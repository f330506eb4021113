"""Kela cooperation (seed 004): requests with status and dates; Kela's answer is Kela's data category."""

from datetime import timedelta

import pytest

from tests.collaboration.conftest import Network
from yhteispolku.access.policy import AccessDenied
from yhteispolku.audit.models import AccessEvent
from yhteispolku.collaboration import selectors, services
from yhteispolku.collaboration.errors import AlreadyDone, InvalidInput, RequestNotOpen, StaleEdit
from yhteispolku.collaboration.models import KelaRequest

pytestmark = pytest.mark.django_db


def send(network: Network, kind: str = "benefit_mapping") -> KelaRequest:
    return services.kela_request_send(
        actor=network.social_worker,
        relationship=network.relationship,
        kind=kind,
        question="Pyydämme kartoittamaan Maijan etuustiedot.",
        sent_on=network.today - timedelta(days=3),
    )


def test_a_benefit_mapping_is_sent_answered_and_closed(network: Network) -> None:
    item = send(network)
    assert item.status == "sent"
    services.kela_request_answer(
        actor=network.kela_expert,
        kela_request=item,
        answered_on=network.today,
        answer="Työmarkkinatuki; ei vireillä olevia hakemuksia.",
        expected_revision=0,
    )
    assert item.status == "answered"
    assert item.answered_by == network.kela_expert
    services.kela_request_close(
        actor=network.social_worker, kela_request=item, closed_on=network.today, expected_revision=1
    )
    assert item.status == "closed"
    with pytest.raises(RequestNotOpen):
        services.kela_request_close(
            actor=network.social_worker, kela_request=item, closed_on=network.today, expected_revision=2
        )


def test_only_kela_answers_and_the_refusal_is_logged(network: Network) -> None:
    item = send(network)
    with pytest.raises(AccessDenied):
        services.kela_request_answer(
            actor=network.social_worker,
            kela_request=item,
            answered_on=network.today,
            answer="x",
            expected_revision=0,
        )
    assert AccessEvent.objects.filter(object_type="collaboration.kelaanswer", allowed=False).exists()


def test_the_advisors_summary_needs_the_situation_and_the_rehabilitation_path(network: Network) -> None:
    item = send(network, "rehabilitation_assessment")
    with pytest.raises(InvalidInput) as refused:
        services.kela_request_answer(
            actor=network.kela_advisor,
            kela_request=item,
            answered_on=network.today,
            answer="Kooste",
            expected_revision=0,
        )
    assert set(refused.value.message_dict) == {"current_situation", "rehabilitation_path"}
    services.kela_request_answer(
        actor=network.kela_advisor,
        kela_request=item,
        answered_on=network.today,
        answer="Kooste tehty.",
        current_situation="Kuntouttava työtoiminta ei enää edistä kuntoutumista.",
        rehabilitation_path="Kelan työkokeilu ammatillisena kuntoutuksena; ensin B-lausunto.",
        expected_revision=0,
    )
    assert item.rehabilitation_path.startswith("Kelan työkokeilu")


def test_an_answer_before_the_request_or_twice_is_refused(network: Network) -> None:
    item = send(network, "typpi_notice")
    with pytest.raises(InvalidInput):
        services.kela_request_answer(
            actor=network.kela_advisor,
            kela_request=item,
            answered_on=item.sent_on - timedelta(days=1),
            answer="x",
            expected_revision=0,
        )
    with pytest.raises(StaleEdit):
        services.kela_request_answer(
            actor=network.kela_advisor,
            kela_request=item,
            answered_on=network.today,
            answer="x",
            expected_revision=5,
        )
    services.kela_request_answer(
        actor=network.kela_advisor,
        kela_request=item,
        answered_on=network.today,
        answer="x",
        expected_revision=0,
    )
    with pytest.raises(AlreadyDone):
        services.kela_request_answer(
            actor=network.kela_advisor,
            kela_request=item,
            answered_on=network.today,
            answer="y",
            expected_revision=1,
        )


def test_the_answer_is_hidden_without_a_consent_covering_kela_data(network: Network) -> None:
    item = send(network)
    services.kela_request_answer(
        actor=network.kela_expert,
        kela_request=item,
        answered_on=network.today,
        answer="Etuudet",
        expected_revision=0,
    )
    network.consent.categories = ["basic", "employment"]
    network.consent.save()
    view = selectors.network_get(actor=network.social_worker, relationship_code=network.relationship.code)
    shown = selectors.network_overview(network=view).kela_requests
    assert [s.answer_visible for s in shown] == [False]
    kela_view = selectors.network_get(actor=network.kela_expert, relationship_code=network.relationship.code)
    assert [s.answer_visible for s in selectors.network_overview(network=kela_view).kela_requests] == [True]
