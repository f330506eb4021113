"""The plan pages ask the database the same number of questions however long the plan's history is."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.plans import services

pytestmark = pytest.mark.django_db


def grow(maija: MaijaCase, versions: int) -> None:
    """A plan with `versions` versions in its history, each in force in turn, with followed services."""
    latest = maija.in_force(
        maija.first_version(add_services=[maija.job_coaching()], add_tasks=[{"description": "A"}])
    )
    for _ in range(versions - 1):
        services.participation_record(
            actor=maija.employment_expert,
            service=latest.services.earliest("id"),
            status="attending",
            on=maija.today,
        )
        latest = services.plan_version_create(
            actor=maija.social_worker,
            relationship=maija.relationship,
            based_on_version_number=latest.number,
            data={"add_services": [maija.kuty()], "add_tasks": [{"description": "B"}]},
        )
        latest = maija.in_force(latest)


def selects(http: HttpClient, url: str) -> int:
    assert http.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return sum(query["sql"].lstrip().upper().startswith("SELECT") for query in captured.captured_queries)


@pytest.mark.parametrize("name", ["detail", "version", "compare"])
def test_a_plan_page_reads_in_a_constant_number_of_queries(
    maija: MaijaCase, verified_client: Callable[[User], HttpClient], name: str
) -> None:
    grow(maija, 2)
    http = verified_client(maija.employment_expert)
    kwargs = {"detail": {}, "version": {"number": 2}, "compare": {"a": 1, "b": 2}}[name]
    url = reverse(f"plans:{name}", kwargs={"relationship_code": maija.relationship.code, **kwargs})
    short = selects(http, url)
    grow_more = 4
    for _ in range(grow_more):
        latest = maija.relationship.plan.versions.order_by("-number").first()
        assert latest is not None
        maija.in_force(
            services.plan_version_create(
                actor=maija.social_worker,
                relationship=maija.relationship,
                based_on_version_number=latest.number,
                data={"add_services": [maija.job_coaching()], "add_tasks": [{"description": "C"}]},
            )
        )
    assert selects(http, url) == short
