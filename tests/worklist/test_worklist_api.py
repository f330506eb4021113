"""GET /api/v1/worklist: the page's items as JSON, the unit's for a coordinator, 403 for another's list."""

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.test import Client as HttpClient

from tests.worklist.conftest import TODAY, Unit_
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import Phase

pytestmark = pytest.mark.django_db
URL = "/api/v1/worklist"


@pytest.fixture
def cases(tym: Unit_):
    maija = tym.case(first_names="Maija")
    tym.plan(maija, made_on=date(2026, 8, 26), next_review_on=date(2026, 11, 26))
    tym.case(first_names="Mikael", phase=Phase.MAPPING, started_on=date(2026, 8, 19))
    return maija


def test_the_social_worker_gets_her_items_with_the_rule_behind_each(
    tym: Unit_, cases, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym.social_worker)
    with time_machine.travel(date(2026, 11, 23), tick=False):
        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        body = http.get(URL).json()
    assert body["today"] == TODAY.isoformat()
    assert body["user"] == tym.social_worker.username
    assert [(i["group"], i["kind"], i["due_on"], i["rule_id"], i["rule_version"]) for i in body["items"]] == [
        ("overdue", "mapping_target", "2026-11-19", "R-TYM-2", "2025.1"),
        ("this_week", "plan_review", "2026-11-26", "R-TYM-2", "2025.1"),
    ]
    assert body["items"][1]["client"] == str(cases.client.code)
    assert body["items"][1]["notice_from"] is None
    assert AccessEvent.objects.filter(id__gt=before, client_code=cases.client.code, allowed=True).count() == 1


def test_the_coordinator_gets_the_unit_and_one_professional(
    tym: Unit_, cases, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym.coordinator)
    with time_machine.travel(date(2026, 11, 23), tick=False):
        unit = http.get(URL).json()
        one = http.get(URL, {"user": tym.social_worker.username}).json()
    assert unit["unit_view"] is True
    assert unit["user"] is None
    assert {row["user"]: row["overdue"] for row in unit["per_professional"]} == {
        tym.employment_expert.username: 1,
        tym.social_worker.username: 1,
    }
    assert one["user"] == tym.social_worker.username
    assert len(one["items"]) == 2


def test_another_professionals_list_is_refused(
    tym: Unit_, cases, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym.employment_expert)
    refused = http.get(URL, {"user": tym.social_worker.username})
    assert (refused.status_code, refused.json()["code"]) == (403, "access_denied")
    unknown = verified_client(tym.coordinator).get(URL, {"user": "nobody"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    assert HttpClient().get(URL).status_code == 401
