"""The work-ability support path of seed 003 (Varha): consult the coordinator → contact the client →
consult the work-ability team, in order; a step is skipped only with a recorded reason."""

from datetime import timedelta

import pytest

from tests.collaboration.conftest import Network
from yhteispolku.collaboration import services
from yhteispolku.collaboration.errors import (
    AlreadyDone,
    EscalationOutOfOrder,
    InvalidInput,
    SkipReasonRequired,
)
from yhteispolku.collaboration.models import EscalationStep

pytestmark = pytest.mark.django_db


def record(network: Network, step: int, days_ago: int = 5, **fields: object) -> EscalationStep:
    data: dict[str, object] = {
        "actor": network.social_worker,
        "relationship": network.relationship,
        "step": step,
        "on": network.today - timedelta(days=days_ago),
        "outcome": "Tilanne edelleen epäselvä.",
    }
    data.update(fields)
    return services.escalation_step_record(**data)  # type: ignore[arg-type]


def test_the_three_steps_are_recorded_in_order_with_a_referral_onwards(network: Network) -> None:
    record(network, 1, 10)
    record(network, 2, 8)
    last = record(network, 3, 3, outcome="Tiimi suosittaa TYM-palvelua.", referral_onwards="tym")
    assert list(EscalationStep.objects.values_list("step", flat=True)) == [1, 2, 3]
    assert last.get_referral_onwards_display() == "TYM-yhteispalvelu"


def test_a_step_cannot_be_recorded_before_the_one_before_it(network: Network) -> None:
    with pytest.raises(EscalationOutOfOrder) as refused:
        record(network, 2)
    assert "järjestyksessä" in refused.value.messages[0]
    record(network, 1)
    with pytest.raises(EscalationOutOfOrder):
        record(network, 3)
    assert EscalationStep.objects.count() == 1


def test_a_step_is_skipped_only_with_a_reason(network: Network) -> None:
    record(network, 1)
    with pytest.raises(SkipReasonRequired):
        record(network, 2, skipped=True, outcome="")
    record(network, 2, skipped=True, outcome="", skip_reason="Asiakas on jo tavattu konsultaatiossa.")
    third = record(network, 3, 2)
    assert third.step == 3


def test_a_step_needs_an_outcome_and_a_date_not_before_the_previous_one(network: Network) -> None:
    with pytest.raises(InvalidInput):
        record(network, 1, outcome="")
    record(network, 1, 3)
    with pytest.raises(InvalidInput):
        record(network, 2, 5)


def test_a_step_is_recorded_once(network: Network) -> None:
    record(network, 1)
    with pytest.raises(AlreadyDone):
        record(network, 1)
