"""The due-item sources of the TYM case and the plan: each date from its rule version, on a working day."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.worklist.conftest import TODAY, Unit_
from yhteispolku.cases import deadlines as case_deadlines
from yhteispolku.cases.models import Phase, PhaseTransition
from yhteispolku.plans import deadlines as plan_deadlines
from yhteispolku.rules import deadlines

pytestmark = pytest.mark.django_db


def _summary(items):
    return [(item.kind, item.due_on, item.rule_reference) for item in items]


def test_every_source_is_registered_by_its_app() -> None:
    registered = deadlines.sources()
    for source in (*case_deadlines.SOURCES, plan_deadlines.plan_reviews):
        assert source in registered


def test_the_plan_review_is_the_plans_own_date_with_the_rule_behind_it(tym: Unit_) -> None:
    default = tym.case()
    tym.plan(default, made_on=date(2026, 9, 24), next_review_on=date(2026, 12, 28))
    earlier = tym.case()
    tym.plan(earlier, made_on=date(2026, 11, 10), next_review_on=date(2026, 12, 10))
    items = plan_deadlines.plan_reviews([default.pk, earlier.pk], TODAY)
    # 24.9. + 3 months is Christmas Eve: the default review moved to 28.12. is R-TYM-2's; a date the
    # team set earlier is within R-TYM-4's limit.
    assert sorted(_summary(items)) == [
        ("plan_review", date(2026, 12, 10), "R-TYM-4 v2015.1"),
        ("plan_review", date(2026, 12, 28), "R-TYM-2 v2025.1"),
    ]
    assert {item.url.split("/")[1] for item in items} == {"suunnitelmat"}


def test_only_the_version_in_force_of_an_open_case_is_reviewed(tym: Unit_) -> None:
    closed = tym.case(phase=Phase.CLOSED)
    tym.plan(closed, made_on=date(2026, 9, 1), next_review_on=date(2026, 12, 1))
    assert list(plan_deadlines.plan_reviews([closed.pk], TODAY)) == []


def test_the_mapping_target_counts_from_the_latest_move_into_mapping(tym: Unit_) -> None:
    straight = tym.case(phase=Phase.MAPPING, started_on=date(2026, 8, 19))
    moved = tym.case(phase=Phase.MAPPING, started_on=date(2026, 8, 1))
    PhaseTransition.objects.create(
        relationship=moved, from_phase=Phase.REFERRAL, to_phase=Phase.MAPPING, actor=tym.employment_expert
    )
    PhaseTransition.objects.filter(relationship=moved).update(
        at=timezone.make_aware(datetime(2026, 9, 19, 10, 0))
    )
    items = {
        item.relationship_id: item for item in case_deadlines.mapping_targets([straight.pk, moved.pk], TODAY)
    }
    assert (items[straight.pk].due_on, items[straight.pk].rule_reference) == (
        date(2026, 11, 19),
        "R-TYM-2 v2025.1",
    )
    # 19.9. + 3 months is Saturday 19.12.: the target is Monday 21.12.
    assert items[moved.pk].due_on == date(2026, 12, 21)
    assert case_deadlines.mapping_targets([tym.case(phase=Phase.WORK).pk], TODAY) == []


def test_the_two_year_goal_is_noticed_from_three_months_ahead(tym: Unit_) -> None:
    on_the_day = tym.case(started_on=date(2025, 2, 23))  # warning from 23.11.2026: today
    day_after = tym.case(started_on=date(2025, 2, 24))  # warning from 24.11.2026: tomorrow
    passed = tym.case(started_on=date(2024, 11, 1))  # TYP law: the rule's 2015 version
    items = {
        item.relationship_id: item
        for item in case_deadlines.tym_goals([on_the_day.pk, day_after.pk, passed.pk], TODAY)
    }
    assert set(items) == {on_the_day.pk, passed.pk}
    near = items[on_the_day.pk]
    assert (near.due_on, near.notice_from, near.rule_reference) == (
        date(2027, 2, 23),
        date(2026, 11, 23),
        "R-TYM-2 v2025.1",
    )
    assert "lähestyy" in near.label
    # 1.11.2026 is a Sunday: the goal fell due on Monday 2.11.
    assert (items[passed.pk].due_on, items[passed.pk].rule_reference) == (
        date(2026, 11, 2),
        "R-TYM-2 v2015.1",
    )
    assert "ylittynyt" in items[passed.pk].label


def test_kela_registration_is_due_for_cases_begun_from_2025(tym: Unit_) -> None:
    new = tym.case(started_on=date(2025, 1, 1), kela_registered_on=None)
    old = tym.case(started_on=date(2024, 12, 31), kela_registered_on=None)
    registered = tym.case(started_on=date(2025, 6, 1))
    items = case_deadlines.kela_registrations([new.pk, old.pk, registered.pk], TODAY)
    # New Year's Day is a holiday: due on Friday 2.1.2025.
    assert _summary(items) == [("kela_registration", date(2025, 1, 2), "R-TYM-5 v2025.1")]
    assert items[0].relationship_id == new.pk


def test_a_pending_referral_is_due_from_the_day_it_arrived(tym: Unit_) -> None:
    waiting = tym.referral()
    [item] = case_deadlines.pending_referrals([waiting.pk], TODAY)
    assert (item.kind, item.due_on, item.rule_id, item.client_name) == (
        "referral_pending",
        date(2026, 11, 20),
        "",
        "Aino Meikäläinen",
    )
    assert item.url.endswith("/lahete/paatos/")
