"""R-TYM-3 as rule data: the worker-pair places and their sectors come from the version in force."""

from datetime import date

import pytest
from django.utils import timezone

from yhteispolku.accounts.models import Sector, User
from yhteispolku.cases.models import ClientRelationship, TeamRole, worker_pair_named, worker_pair_sectors
from yhteispolku.plans.worker_pair import missing_worker_pair
from yhteispolku.rules import engine
from yhteispolku.rules.models import Rule, RuleVersion

pytestmark = pytest.mark.django_db


def test_the_rule_names_team_places_and_sectors_the_code_knows() -> None:
    pair = worker_pair_sectors(date(2026, 1, 1))
    assert pair == {"worker_pair_employment": "employment", "worker_pair_social": "social"}
    assert set(pair) <= set(TeamRole.values)
    assert set(pair.values()) <= set(Sector.values)


def test_the_pair_is_complete_only_with_both_places_held(
    accepted: ClientRelationship, tym_social_worker: User
) -> None:
    assert worker_pair_named(accepted)
    accepted.team.filter(user=tym_social_worker).update(left_on=timezone.localdate())
    assert not worker_pair_named(accepted)
    assert missing_worker_pair(accepted) == ["social"]


def test_a_new_version_of_the_rule_changes_what_the_pair_needs_from_its_date(
    fresh_rule_cache: None, accepted: ClientRelationship, tym_social_worker: User
) -> None:
    accepted.team.filter(user=tym_social_worker).update(left_on=timezone.localdate())
    rule = Rule.objects.get(rule_id="R-TYM-3", region="")
    today = timezone.localdate()
    rule.versions.update(effective_to=today - date.resolution)
    RuleVersion.objects.create(
        rule=rule,
        version="test.1",
        effective_from=today,
        parameters={"worker_pair": {"worker_pair_employment": "employment"}},
    )
    engine.clear_cache()  # the update above bypasses the model signal that clears it
    assert worker_pair_sectors(today - date.resolution) == {
        "worker_pair_employment": "employment",
        "worker_pair_social": "social",
    }
    assert worker_pair_named(accepted)
    assert missing_worker_pair(accepted) == []
