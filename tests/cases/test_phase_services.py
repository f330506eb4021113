"""The phase state machine, the team and the worker pair (R-TYM-3), Kela registration, closure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.conftest import put_plan_in_force
from yhteispolku.access.policy import AccessDenied
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import errors, services
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    ClosureConfirmation,
    ClosureReason,
    Phase,
    PhaseTransition,
    Referral,
    TeamMember,
    TeamRole,
)
from yhteispolku.organisations.models import Organisation


def move(actor: User, relationship: ClientRelationship, to_phase: str) -> ClientRelationship:
    return services.phase_transition(actor=actor, relationship=relationship, to_phase=to_phase)


def test_the_phase_cannot_be_written_directly_only_rewritten_unchanged(accepted: ClientRelationship) -> None:
    accepted.phase = Phase.MAPPING  # the value it has: no change of state (the demo loader does this)
    with pytest.raises(AttributeError):
        accepted.phase = Phase.WORK
    assert accepted.phase == Phase.MAPPING


def test_the_declared_path_runs_mapping_planning_work_review_and_closing(
    accepted: ClientRelationship, tym_expert: User
) -> None:
    put_plan_in_force(accepted, tym_expert)
    for target in (Phase.PLANNING, Phase.WORK, Phase.PLANNING, Phase.WORK, Phase.CLOSING):
        accepted = move(tym_expert, accepted, target)
        assert accepted.phase == target
    history = list(
        PhaseTransition.objects.filter(relationship=accepted).values_list("from_phase", "to_phase")
    )
    assert history == [
        ("", "referral"),
        ("referral", "mapping"),
        ("mapping", "planning"),
        ("planning", "work"),
        ("work", "planning"),
        ("planning", "work"),
        ("work", "closing"),
    ]


@pytest.mark.parametrize("target", [Phase.WORK, Phase.CLOSED, Phase.REFERRAL, Phase.DECLINED, Phase.MAPPING])
def test_a_jump_the_state_machine_does_not_allow_is_refused_with_a_finnish_message(
    accepted: ClientRelationship, tym_expert: User, target: str
) -> None:
    with pytest.raises(errors.PhaseTransitionNotAllowed) as refused:
        move(tym_expert, accepted, target)
    assert refused.value.status == 409
    assert "Vaiheesta ”monialainen kartoitus” ei voi siirtyä" in refused.value.messages[0]
    assert "Sallitut seuraavat vaiheet: suunnitelman laadinta, päättövaihe." in refused.value.messages[0]
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.MAPPING
    assert PhaseTransition.objects.filter(relationship=accepted).count() == 2


def test_a_referral_is_not_moved_on_the_phase_form(
    referral: Referral, coordinator: User, tym_expert: User
) -> None:
    with pytest.raises(AccessDenied):
        move(tym_expert, referral.relationship, Phase.MAPPING)


def test_planning_needs_the_worker_pair(referral: Referral, tym_expert: User) -> None:
    relationship = services.referral_accept(actor=tym_expert, referral=referral)
    assert not services.has_worker_pair(relationship)
    with pytest.raises(errors.WorkerPairMissing) as refused:
        move(tym_expert, relationship, Phase.PLANNING)
    assert "Työpari puuttuu" in refused.value.messages[0]


def test_a_stale_phase_is_a_conflict_and_nothing_is_saved(
    accepted: ClientRelationship, tym_expert: User
) -> None:
    stale = ClientRelationship.objects.get(pk=accepted.pk)
    move(tym_expert, accepted, Phase.PLANNING)
    with pytest.raises(errors.PhaseChanged):
        move(tym_expert, stale, Phase.CLOSING)
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.PLANNING


def test_the_intake_unit_cannot_move_phases(accepted: ClientRelationship, coordinator: User) -> None:
    with pytest.raises(AccessDenied):
        move(coordinator, accepted, Phase.PLANNING)
    assert AccessEvent.objects.filter(
        object_type="cases.clientrelationship", action="update", allowed=False
    ).exists()


def test_the_worker_pair_is_validated_by_the_sector_of_the_role(
    accepted: ClientRelationship, tym_expert: User, kela_advisor: User, make_professional
) -> None:
    with pytest.raises(errors.TeamMemberInvalid, match="sosiaalipalvelujen"):
        services.team_member_add(
            actor=tym_expert, relationship=accepted, user=kela_advisor, team_role=TeamRole.WORKER_PAIR_SOCIAL
        )
    other_social = make_professional("social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-tym")
    with pytest.raises(errors.TeamConflict, match="on jo nimetty") as refused:
        services.team_member_add(
            actor=tym_expert, relationship=accepted, user=other_social, team_role=TeamRole.WORKER_PAIR_SOCIAL
        )
    assert refused.value.status == 409
    member = services.team_member_add(
        actor=tym_expert, relationship=accepted, user=kela_advisor, team_role=TeamRole.MEMBER
    )
    assert member.team_role == TeamRole.MEMBER
    with pytest.raises(errors.TeamConflict, match="on jo asiakkaan tiimissä"):
        services.team_member_add(
            actor=tym_expert, relationship=accepted, user=kela_advisor, team_role=TeamRole.MEMBER
        )


def test_a_worker_pair_member_who_leaves_ends_the_pair_until_a_new_one_is_named(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User, make_professional
) -> None:
    assert services.has_worker_pair(accepted)
    member = TeamMember.objects.get(relationship=accepted, user=tym_social_worker, left_on__isnull=True)
    services.team_member_leave(actor=tym_expert, member=member)
    assert not services.has_worker_pair(ClientRelationship.objects.get(pk=accepted.pk))
    with pytest.raises(errors.TeamConflict):
        services.team_member_leave(actor=tym_expert, member=member)
    successor = make_professional("social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-tym")
    services.team_member_add(
        actor=tym_expert, relationship=accepted, user=successor, team_role=TeamRole.WORKER_PAIR_SOCIAL
    )
    assert services.has_worker_pair(ClientRelationship.objects.get(pk=accepted.pk))


def test_kela_registration_is_recorded_and_a_future_day_refused(
    accepted: ClientRelationship, tym_expert: User
) -> None:
    today = timezone.localdate()
    with pytest.raises(errors.KelaRegistrationInvalid, match="tulevaisuudessa"):
        services.kela_registration_record(
            actor=tym_expert, relationship=accepted, registered_on=today + timedelta(days=1)
        )
    relationship = services.kela_registration_record(
        actor=tym_expert, relationship=accepted, registered_on=today
    )
    assert relationship.kela_registered_on == today


def closing(relationship: ClientRelationship, actor: User) -> ClientRelationship:
    return move(actor, relationship, Phase.CLOSING)


def test_closing_needs_the_final_assessment_and_both_authorities_confirmations(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User
) -> None:
    relationship = closing(accepted, tym_expert)
    with pytest.raises(errors.ClosureIncomplete) as refused:
        move(tym_expert, relationship, Phase.CLOSED)
    message = refused.value.messages[0]
    assert "kirjallinen loppuarvio" in message
    assert "työvoimaviranomaisen vahvistus" in message
    assert "hyvinvointialueen vahvistus" in message
    assert "Kelan" not in message
    services.closure_record(
        actor=tym_expert,
        relationship=relationship,
        reason=ClosureReason.EMPLOYED,
        final_assessment="Työllistyi.",
    )
    services.closure_confirm(actor=tym_expert, relationship=relationship)
    with pytest.raises(errors.ClosureIncomplete, match="hyvinvointialueen"):
        move(tym_expert, relationship, Phase.CLOSED)
    services.closure_confirm(actor=tym_social_worker, relationship=relationship)
    closed = move(tym_expert, relationship, Phase.CLOSED)
    assert closed.phase == Phase.CLOSED
    assert closed.ended_on == timezone.localdate()


def test_kela_must_confirm_when_a_kela_professional_is_on_the_team(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User, kela_advisor: User
) -> None:
    services.team_member_add(
        actor=tym_expert, relationship=accepted, user=kela_advisor, team_role=TeamRole.MEMBER
    )
    relationship = closing(accepted, tym_expert)
    services.closure_record(
        actor=tym_expert, relationship=relationship, reason=ClosureReason.EDUCATION, final_assessment="Arvio."
    )
    services.closure_confirm(actor=tym_expert, relationship=relationship)
    services.closure_confirm(actor=tym_social_worker, relationship=relationship)
    with pytest.raises(errors.ClosureIncomplete, match="Kelan vahvistus"):
        move(tym_expert, relationship, Phase.CLOSED)
    services.closure_confirm(actor=kela_advisor, relationship=relationship)
    assert move(tym_expert, relationship, Phase.CLOSED).phase == Phase.CLOSED


def test_an_authority_confirms_only_once_and_only_through_a_team_member(
    accepted: ClientRelationship, tym_expert: User, coordinator: User
) -> None:
    relationship = closing(accepted, tym_expert)
    with pytest.raises(errors.ClosureConflict, match="Kirjaa ensin"):
        services.closure_confirm(actor=tym_expert, relationship=relationship)
    services.closure_record(actor=tym_expert, relationship=relationship, reason=ClosureReason.PENSION)
    services.closure_confirm(actor=tym_expert, relationship=relationship)
    with pytest.raises(errors.ClosureConflict, match="on jo vahvistanut"):
        services.closure_confirm(actor=tym_expert, relationship=relationship)
    with pytest.raises(AccessDenied):
        services.closure_confirm(actor=coordinator, relationship=relationship)
    assert ClosureConfirmation.objects.count() == 1


@pytest.mark.parametrize("score", [-1, 11])
def test_feedback_outside_0_to_10_is_refused(
    accepted: ClientRelationship, tym_expert: User, score: int
) -> None:
    relationship = closing(accepted, tym_expert)
    with pytest.raises(errors.ClosureInvalid, match="0–10"):
        services.closure_record(
            actor=tym_expert, relationship=relationship, reason=ClosureReason.EMPLOYED, feedback_score=score
        )
    assert not Closure.objects.exists()


def test_closure_is_recorded_only_in_the_closing_phase(
    accepted: ClientRelationship, tym_expert: User
) -> None:
    with pytest.raises(errors.ClosureConflict, match="päättövaiheessa"):
        services.closure_record(actor=tym_expert, relationship=accepted, reason=ClosureReason.EMPLOYED)


def test_the_reason_other_needs_details(accepted: ClientRelationship, tym_expert: User) -> None:
    relationship = closing(accepted, tym_expert)
    with pytest.raises(errors.ClosureInvalid, match="mikä muu syy"):
        services.closure_record(actor=tym_expert, relationship=relationship, reason=ClosureReason.OTHER)


def test_a_continuing_service_is_handed_over_to_its_owner(
    accepted: ClientRelationship, tym_expert: User
) -> None:
    relationship = closing(accepted, tym_expert)
    services.closure_record(
        actor=tym_expert, relationship=relationship, reason=ClosureReason.VOCATIONAL_REHABILITATION
    )
    kela = Organisation.objects.get(slug="kela")
    handed = services.continuing_service_add(
        actor=tym_expert,
        relationship=relationship,
        service="Kelan ammatillinen kuntoutus",
        owner_organisation=kela,
    )
    assert handed.closure.relationship == relationship
    assert handed.owner_organisation == kela


def test_work_starts_only_with_a_plan_in_force(accepted: ClientRelationship, tym_expert: User) -> None:
    relationship = move(tym_expert, accepted, Phase.PLANNING)
    with pytest.raises(errors.PlanNotInForce) as refused:
        move(tym_expert, relationship, Phase.WORK)
    assert "asiakas on hyväksynyt" in refused.value.messages[0]
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.PLANNING
