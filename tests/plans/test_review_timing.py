"""R-TYM-2 and R-TYM-4 count a plan version's review from the day it came into force (every authority's
commitments confirmed and the client's acceptance recorded), not from the day it was drafted.

Drafted on Monday 2.3.2026 (D), in force on Monday 23.3.2026 (D+21, three weeks of confirmations).
"""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from tests.plans.conftest import MaijaCase
from yhteispolku.plans import deadlines, rules, services
from yhteispolku.plans.models import PlanVersion, VersionStatus
from yhteispolku.plans.selectors import VersionView
from yhteispolku.rules.models import Rule, RuleVersion

pytestmark = pytest.mark.django_db

DRAFTED = date(2026, 3, 2)
IN_FORCE = date(2026, 3, 23)


def at(day: date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime(day.year, day.month, day.day, 10)), tick=False)


def draft(maija: MaijaCase, **data: object) -> PlanVersion:
    with at(DRAFTED):
        return maija.first_version(add_services=[maija.job_coaching(), maija.kuty()], **data)


def page_rule(version: PlanVersion) -> str:
    """What the plan page shows beside the next review."""
    return VersionView(version, [], [], [], [], None).review_rule


def bring_into_force(maija: MaijaCase, version: PlanVersion) -> PlanVersion:
    with at(IN_FORCE):
        return maija.in_force(version)


def test_a_default_review_is_counted_again_from_the_day_the_version_comes_into_force(
    maija: MaijaCase,
) -> None:
    version = draft(maija)
    # The draft carries the default counted from its drafting day.
    assert version.next_review_on == rules.default_next_review(DRAFTED).on == date(2026, 6, 2)
    version = bring_into_force(maija, version)
    assert version.status == VersionStatus.IN_FORCE
    assert timezone.localdate(version.in_force_from) == IN_FORCE
    # 23.3.2026 + 3 months = Tuesday 23.6.2026, a working day: the boundary day itself.
    assert version.next_review_on == rules.default_next_review(IN_FORCE).on == date(2026, 6, 23)
    (item,) = deadlines.plan_reviews([maija.relationship.pk], IN_FORCE)
    assert (item.due_on, item.rule_id, item.rule_version) == (date(2026, 6, 23), "R-TYM-2", "2025.1")
    assert page_rule(version) == "R-TYM-2 v2025.1"


def test_the_review_counts_from_the_day_the_acceptance_completing_the_version_is_recorded(
    maija: MaijaCase,
) -> None:
    version = draft(maija)
    with at(DRAFTED):
        for actor in (maija.employment_expert, maija.social_worker):
            services.commitment_confirm(actor=actor, version=version, organisation=actor.organisation)  # type: ignore[arg-type]
    with at(IN_FORCE):
        services.plan_accept(
            actor=maija.social_worker, version=version, accepted_on=IN_FORCE, how="in_person"
        )
    version.refresh_from_db()
    assert timezone.localdate(version.in_force_from) == IN_FORCE
    assert version.next_review_on == date(2026, 6, 23)


def test_an_earlier_review_the_team_set_stays_and_is_judged_from_the_in_force_day(maija: MaijaCase) -> None:
    # The latest date allowed on the drafting day (R-TYM-4: 6 months) is within the maximum from the
    # in-force day: it stays, named by R-TYM-4.
    version = bring_into_force(maija, draft(maija, next_review_on=date(2026, 9, 2)))
    assert version.next_review_on == date(2026, 9, 2)
    assert page_rule(version) == "R-TYM-4 v2015.1"
    (item,) = deadlines.plan_reviews([maija.relationship.pk], IN_FORCE)
    assert (item.due_on, item.rule_id) == (date(2026, 9, 2), "R-TYM-4")


def test_the_maximum_is_counted_from_the_in_force_day_to_the_day() -> None:
    # In force on 23.3.2026: at the latest 23.9.2026 (6 months, a limit not moved to a working day).
    assert rules.latest_next_review(IN_FORCE) == date(2026, 9, 23)
    assert rules.review_on_entry_into_force(date(2026, 9, 23), DRAFTED, IN_FORCE) == date(2026, 9, 23)
    assert rules.review_on_entry_into_force(date(2026, 9, 24), DRAFTED, IN_FORCE) == date(2026, 9, 23)
    assert rules.review_rule(date(2026, 9, 23), IN_FORCE) == ("R-TYM-4", "2015.1")


def test_a_shorter_maximum_in_force_on_the_in_force_day_clamps_the_review(
    maija: MaijaCase, fresh_rule_cache: None
) -> None:
    version = draft(maija, next_review_on=date(2026, 9, 2))
    rule = Rule.objects.get(rule_id="R-TYM-4", region="")
    rule.versions.filter(version="2015.1").update(effective_to=date(2026, 3, 9))
    RuleVersion.objects.create(
        rule=rule,
        version="2026.1",
        effective_from=date(2026, 3, 10),
        parameters={"default_review_months": 3, "max_review_months": 4},
    )
    version = bring_into_force(maija, version)
    # 23.3.2026 + 4 months = 23.7.2026: one day more is past the maximum, so the date is clamped to it.
    assert version.next_review_on == rules.latest_next_review(IN_FORCE) == date(2026, 7, 23)
    assert page_rule(version) == "R-TYM-4 v2026.1"
