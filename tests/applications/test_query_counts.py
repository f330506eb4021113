"""The applications list keeps a constant number of queries however many applications and requests."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from tests.documents.conftest import record_document
from yhteispolku.accounts.models import User
from yhteispolku.applications import services


def add_applications(team: Team, count: int) -> None:
    for _ in range(count):
        application = record_application(team, "kela_work_trial", submitted_on=days_ago(30))
        services.information_request_record(
            actor=team.kela_advisor,
            application=application,
            requested_on=days_ago(20),
            due_on=days_ago(10),
            description="Selvitys.",
        )
        services.application_decide(
            actor=team.kela_advisor,
            application=application,
            expected_revision=1,
            decision="partly_granted",
            decided_on=days_ago(5),
        )
        record_application(team, "taito", submitted_on=days_ago(3))
        record_document(team, team.nurse, "medical_statement_b")


def count_queries(browser: HttpClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("api", [False, True])
def test_the_applications_list_is_constant_in_queries(
    team: Team, signed_in: Callable[[User], HttpClient], api: bool
) -> None:
    url = (
        f"/api/v1/applications/{team.client.code}"
        if api
        else reverse("applications:list", kwargs={"code": team.client.code})
    )
    browser = signed_in(team.kela_advisor)
    add_applications(team, 1)
    count_queries(browser, url)  # the first request also loads the session and the rule versions
    few = count_queries(browser, url)
    add_applications(team, 6)
    assert count_queries(browser, url) == few
