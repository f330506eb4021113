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


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
    ],
)
def test_months_are_added_as_calendar_months(day: date, months: int, expected: date) -> None:
    assert rules.add_months(day, months) == expected


def test_the_durations_live_in_one_place_with_their_rule() -> None:
    assert (rules.RULE_ID, rules.MAPPING_TARGET_MONTHS, rules.TYM_GOAL_MONTHS) == ("R-TYM-2", 3, 24)


def page(http: HttpClient, relationship: ClientRelationship) -> str:
    return http.get(reverse("cases:detail", kwargs={"code": relationship.client.code})).content.decode()


def test_the_mapping_target_passing_shows_a_warning(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    assert "kolmen kuukauden tavoiteaika on ylittynyt" not in page(http, accepted)
    long_ago = timezone.now() - timedelta(days=100)
    PhaseTransition.objects.filter(relationship=accepted, to_phase="mapping").update(at=long_ago)
    assert "Monialaisen kartoituksen kolmen kuukauden tavoiteaika on ylittynyt." in page(http, accepted)


def test_the_two_year_goal_warns_three_months_ahead_and_when_passed(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    today = timezone.localdate()
    ClientRelationship.objects.filter(pk=accepted.pk).update(started_on=rules.add_months(today, -22))
    assert "kahden vuoden tavoiteaikaan on alle kolme kuukautta" in page(http, accepted)
    ClientRelationship.objects.filter(pk=accepted.pk).update(started_on=rules.add_months(today, -25))
    text = page(http, accepted)
    assert "kahden vuoden tavoiteaika on ylittynyt" in text
    assert "päivää" in text
