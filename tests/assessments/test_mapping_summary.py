"""The mapping summary for the case page: the sectors assessed, open actions, the R-TYM-2 target."""

from datetime import date

import pytest
import time_machine

from tests.assessments.conftest import Team, events_after, last_event_id, record_action, record_assessment
from yhteispolku.assessments import services
from yhteispolku.assessments.selectors import mapping_summary
from yhteispolku.cases import rules
from yhteispolku.cases.models import ClientRelationship


@pytest.mark.django_db
def test_the_mapping_target_is_three_months_from_its_start_on_a_working_day() -> None:
    target = rules.mapping_target(date(2026, 9, 1))
    assert (target.on, target.reference) == (date(2026, 12, 1), "R-TYM-2 v2025.1")
    # 30.11.2026 + 3 months is Sunday 28.2.2027: the target moves to Monday 1.3.2027.
    later = rules.mapping_target(date(2026, 11, 30))
    assert (later.unadjusted, later.on) == (date(2027, 2, 28), date(2027, 3, 1))
    # 19.3.2026 + 3 months is Midsummer Eve 2026: the target moves to Monday 22.6.
    assert rules.mapping_target(date(2026, 3, 19)).on == date(2026, 6, 22)


def test_summary_tells_which_sectors_have_assessed(team: Team) -> None:
    record_assessment(team, team.social_worker, "social")
    record_assessment(team, team.nurse, "health")
    before = last_event_id()

    summary = mapping_summary(actor=team.employment_expert, relationship=team.relationship)

    assert {sector.value: done for sector, done in summary.assessed.items()} == {
        "employment": False,
        "social": True,
        "health": True,
        "kela": False,
    }
    assert [sector.value for sector in summary.missing] == ["employment", "kela"]
    [event] = events_after(before)
    assert (event.category, event.object_type, event.allowed) == ("plan", "assessments.mappingsummary", True)


def test_summary_lists_open_actions_and_statement_needs(team: Team) -> None:
    open_one = record_action(team, team.social_worker, "health_check_referral")
    done = record_action(team, team.kela_advisor, "kela_consultation")
    services.mapping_action_complete(
        actor=team.kela_advisor,
        mapping_action=done,
        done_on=done.planned_on,
        outcome="Lausunto tarvitaan.",
        medical_statement_needed=True,
        statement_type="B",
        expected_version=1,
    )

    summary = mapping_summary(actor=team.nurse, relationship=team.relationship)

    assert summary.open_actions == [open_one]
    assert [a.code for a in summary.statements_needed] == [done.code]


def test_target_passes_after_three_months_in_mapping(team: Team) -> None:
    ClientRelationship.objects.filter(pk=team.relationship.pk).update(started_on=date(2026, 8, 3))
    team.relationship.refresh_from_db()

    with time_machine.travel(date(2026, 11, 3)):
        on_the_day = mapping_summary(actor=team.nurse, relationship=team.relationship)
    with time_machine.travel(date(2026, 11, 4)):
        a_day_late = mapping_summary(actor=team.nurse, relationship=team.relationship)

    assert on_the_day.started_on == date(2026, 8, 3)
    assert on_the_day.target_on == date(2026, 11, 3)
    assert not on_the_day.target_passed
    assert a_day_late.target_passed
