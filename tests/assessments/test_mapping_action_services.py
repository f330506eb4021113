"""Mapping actions: dated, with a responsible team member, and the medical-statement need (SPEC §4)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.assessments.conftest import Team, events_after, last_event_id, record_action, yesterday
from yhteispolku.accounts.models import User
from yhteispolku.assessments import services
from yhteispolku.assessments.errors import (
    ActionAlreadyCompleted,
    ActionKindInvalid,
    DescriptionRequired,
    InvalidDate,
    ResponsibleNotOnTeam,
    StaleEdit,
    StatementTypeInvalid,
    TextRequired,
)
from yhteispolku.assessments.models import MappingAction


def test_social_worker_refers_maija_to_the_health_check(team: Team) -> None:
    before = last_event_id()

    action = record_action(team, team.social_worker, "health_check_referral", responsible=team.nurse)

    assert action.get_kind_display() == "lähete työttömän terveystarkastukseen"
    assert action.planned_on == yesterday()
    assert action.done_on is None
    assert action.responsible == team.nurse
    assert action.recorded_by == team.social_worker
    [event] = events_after(before)
    assert (event.action, event.category, event.allowed, event.object_type) == (
        "create",
        "plan",
        True,
        "assessments.mappingaction",
    )


def test_responsible_must_be_on_the_team(team: Team, make_professional: Callable[..., User]) -> None:
    stranger = make_professional("physician", "satakunta-wellbeing-county", "satakunta-wc-social")

    with pytest.raises(ResponsibleNotOnTeam):
        record_action(team, team.social_worker, "health_check_referral", responsible=stranger)
    assert not MappingAction.objects.exists()


def test_other_action_needs_a_description(team: Team) -> None:
    with pytest.raises(DescriptionRequired):
        record_action(team, team.social_worker, "other")


def test_unknown_action_kind_is_refused(team: Team) -> None:
    with pytest.raises(ActionKindInvalid):
        record_action(team, team.social_worker, "sauna")


def test_kela_consultation_finds_a_b_statement_is_needed(team: Team) -> None:
    action = record_action(team, team.kela_advisor, "kela_consultation")
    before = last_event_id()

    done = services.mapping_action_complete(
        actor=team.kela_advisor,
        mapping_action=action,
        done_on=yesterday(),
        outcome="Maijan tietoihin perehdytty Kelan ja sotepen kanssa; todetaan lääkärinlausunnon tarve.",
        medical_statement_needed=True,
        statement_type="B",
        expected_version=1,
    )

    assert done.done_on == yesterday()
    assert done.medical_statement_needed
    assert done.get_statement_type_display().startswith("B-lausunto (SV 7")
    assert done.version == 2
    [event] = events_after(before)
    assert (event.action, event.category, event.object_id) == ("update", "plan", str(action.code))


def test_statement_need_names_its_type(team: Team) -> None:
    action = record_action(team, team.kela_advisor, "kela_consultation")

    with pytest.raises(StatementTypeInvalid):
        services.mapping_action_complete(
            actor=team.kela_advisor,
            mapping_action=action,
            done_on=yesterday(),
            outcome="Lausunto tarvitaan.",
            medical_statement_needed=True,
            statement_type="",
            expected_version=1,
        )
    with pytest.raises(StatementTypeInvalid):
        services.mapping_action_complete(
            actor=team.kela_advisor,
            mapping_action=action,
            done_on=yesterday(),
            outcome="Ei tarvetta.",
            medical_statement_needed=False,
            statement_type="B",
            expected_version=1,
        )
    assert MappingAction.objects.get().done_on is None


def test_the_database_refuses_a_statement_type_without_a_need(team: Team) -> None:
    action = record_action(team, team.kela_advisor, "kela_consultation")

    with pytest.raises(IntegrityError), transaction.atomic():
        MappingAction.objects.filter(pk=action.pk).update(done_on=yesterday(), statement_type="B")


def test_completion_needs_an_outcome_and_a_past_date(team: Team) -> None:
    action = record_action(team, team.social_worker, "health_check_referral")

    with pytest.raises(TextRequired):
        services.mapping_action_complete(
            actor=team.social_worker,
            mapping_action=action,
            done_on=yesterday(),
            outcome="",
            expected_version=1,
        )
    with pytest.raises(InvalidDate):
        services.mapping_action_complete(
            actor=team.social_worker,
            mapping_action=action,
            done_on=timezone.localdate() + timedelta(days=2),
            outcome="Tehty.",
            expected_version=1,
        )


def test_an_action_is_completed_once(team: Team) -> None:
    action = record_action(team, team.social_worker, "health_check_referral")
    services.mapping_action_complete(
        actor=team.social_worker,
        mapping_action=action,
        done_on=yesterday(),
        outcome="Tehty.",
        expected_version=1,
    )

    with pytest.raises(ActionAlreadyCompleted) as raised:
        services.mapping_action_complete(
            actor=team.nurse,
            mapping_action=action,
            done_on=yesterday(),
            outcome="Uudelleen.",
            expected_version=2,
        )

    assert raised.value.status == 409
    assert MappingAction.objects.get().outcome == "Tehty."


def test_a_stale_completion_is_a_conflict(team: Team) -> None:
    action = record_action(team, team.social_worker, "health_check_referral")
    MappingAction.objects.filter(pk=action.pk).update(version=2)

    with pytest.raises(StaleEdit):
        services.mapping_action_complete(
            actor=team.social_worker,
            mapping_action=action,
            done_on=yesterday(),
            outcome="Tehty.",
            expected_version=1,
        )
    assert MappingAction.objects.get().done_on is None
