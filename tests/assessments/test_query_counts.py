"""The mapping page and its selectors cost the same number of queries however much has been recorded."""

from collections.abc import Callable

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.conftest import Team, record_action, record_assessment
from yhteispolku.accounts.models import User
from yhteispolku.assessments.selectors import assessments_for, mapping_actions_for, mapping_summary

SECTOR_AUTHORS = ("employment_expert", "social_worker", "nurse", "kela_advisor")
SECTORS = ("employment", "social", "health", "kela")


def _record(team: Team, per_sector: int, actions: int) -> None:
    for author, sector in zip(SECTOR_AUTHORS, SECTORS, strict=True):
        for _ in range(per_sector):
            record_assessment(team, getattr(team, author), sector)
    for _ in range(actions):
        record_action(team, team.social_worker, "health_check_referral", responsible=team.nurse)


def _page_queries(browser: HttpClient, team: Team) -> int:
    url = reverse("assessments:mapping", kwargs={"relationship_code": team.relationship.code})
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured.captured_queries)


def test_mapping_page_queries_do_not_grow_with_the_records(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(team.kela_advisor)
    _record(team, per_sector=1, actions=1)
    browser.get(reverse("assessments:mapping", kwargs={"relationship_code": team.relationship.code}))
    few = _page_queries(browser, team)

    _record(team, per_sector=6, actions=12)
    many = _page_queries(browser, team)

    assert many == few


def test_selectors_query_counts_are_constant(team: Team) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assessments_for(actor=team.nurse, relationship=team.relationship)
            mapping_actions_for(actor=team.nurse, relationship=team.relationship)
            mapping_summary(actor=team.nurse, relationship=team.relationship)
        return len(captured.captured_queries)

    _record(team, per_sector=1, actions=1)
    few = count()
    _record(team, per_sector=5, actions=8)

    assert count() == few
