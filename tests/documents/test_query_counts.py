"""The documents list keeps a constant number of queries however many documents and files there are."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.conftest import Team
from tests.documents.conftest import record_document
from yhteispolku.accounts.models import User
from yhteispolku.documents import services


def add_documents(team: Team, count: int) -> None:
    for index in range(count):
        document = record_document(team, team.nurse, "medical_statement_b", summary=f"Lausunto {index}.")
        services.attachment_add(
            actor=team.nurse, document=document, upload=SimpleUploadedFile("l.txt", b"teksti")
        )
        record_document(team, team.employment_expert, "work_certificate", summary=f"Todistus {index}.")


def count_queries(browser: HttpClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_documents_list_is_constant_in_queries(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    url = reverse("documents:list", kwargs={"code": team.client.code})
    browser = signed_in(team.kela_advisor)
    add_documents(team, 1)
    count_queries(browser, url)  # the first request also loads the session and the rule versions
    few = count_queries(browser, url)
    add_documents(team, 8)
    assert count_queries(browser, url) == few


@pytest.mark.django_db
def test_the_documents_api_is_constant_in_queries(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    url = f"/api/v1/documents/{team.client.code}"
    browser = signed_in(team.nurse)
    add_documents(team, 1)
    count_queries(browser, url)  # the first request also loads the session and the rule versions
    few = count_queries(browser, url)
    add_documents(team, 8)
    assert count_queries(browser, url) == few
