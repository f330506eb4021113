"""R-TYM-2 on the case page: the relationship's age, the 2-year goal and the 3-month mapping target."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases import rules
from yhteispolku.cases.models import ClientRelationship, PhaseTransition
from yhteispolku.rules import engine
from yhteispolku.rules.models import Rule, RuleVersion


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
    ],
)
def test_months_are_added_as_calendar_months(day: date, months: int, expected: date) -> None:
    assert engine.add_months(day, months) == expected


@pytest.mark.django_db
def test_the_durations_come_from_the_rule_version_in_force() -> None:
    goal = rules.tym_goal(date(2025, 3, 3))
    assert (goal.on, goal.reference) == (date(2027, 3, 3), "R-TYM-2 v2025.1")
    # A relationship begun under the TYP law keeps its rule version.
    assert rules.tym_goal(date(2024, 3, 4)).reference == "R-TYM-2 v2015.1"
    assert rules.tym_goal_warning_from(date(2025, 3, 3)) == date(2026, 12, 3)


@pytest.mark.django_db
def test_a_new_rule_version_changes_the_goal_from_its_date(fresh_rule_cache: None) -> None:
    rule = Rule.objects.get(rule_id="R-TYM-2", region="")
    rule.versions.filter(version="2025.1").update(effective_to=date(2027, 6, 30))
    RuleVersion.objects.create(
        rule=rule,
        version="2027.1",
        effective_from=date(2027, 7, 1),
        parameters={
            "mapping_target_months": 2,
            "plan_review_interval_months": 3,
            "goal_months": 18,
            "goal_warning_months": 2,
        },
    )
    engine.clear_cache()  # the update above bypasses the model signal that clears it
    assert rules.tym_goal(date(2027, 6, 30)).on == date(2029, 7, 2)  # 30.6.2029 is a Saturday
    changed = rules.tym_goal(date(2027, 7, 1))
    # 1.7.2027 + 18 months is New Year's Day 2029: the goal moves to Tuesday 2.1.2029.
    assert (changed.on, changed.reference) == (date(2029, 1, 2), "R-TYM-2 v2027.1")
    assert rules.mapping_target(date(2027, 7, 1)).on == date(2027, 9, 1)


def page(http: HttpClient, relationship: ClientRelationship) -> str:
    return http.get(reverse("cases:detail", kwargs={"code": relationship.client.code})).content.decode()


def test_the_mapping_target_passing_shows_a_warning(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    text = page(http, accepted)
    assert "kolmen kuukauden tavoiteaika on ylittynyt" not in text
    # Each computed date names the rule version behind it.
    assert text.count("(R-TYM-2 v2025.1)") == 2
    long_ago = timezone.now() - timedelta(days=100)
    PhaseTransition.objects.filter(relationship=accepted, to_phase="mapping").update(at=long_ago)
    assert "Monialaisen kartoituksen kolmen kuukauden tavoiteaika on ylittynyt." in page(http, accepted)


def test_the_two_year_goal_warns_three_months_ahead_and_when_passed(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    today = timezone.localdate()
    ClientRelationship.objects.filter(pk=accepted.pk).update(started_on=engine.add_months(today, -22))
    assert "kahden vuoden tavoiteaikaan on alle kolme kuukautta" in page(http, accepted)
    ClientRelationship.objects.filter(pk=accepted.pk).update(started_on=engine.add_months(today, -25))
    text = page(http, accepted)
    assert "kahden vuoden tavoiteaika on ylittynyt" in text
    assert "päivää" in text
