"""The documents pages for each persona (SPEC §5.1): the team sees the categories its roles allow."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.assessments.conftest import Team
from tests.documents.conftest import days_ago, record_document
from yhteispolku.accounts.models import User
from yhteispolku.documents.models import Document


def list_page(team: Team, browser: HttpClient) -> tuple[int, str]:
    response = browser.get(reverse("documents:list", kwargs={"code": team.client.code}))
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_health_documents_show_to_the_nurse_and_the_consented_kela_advisor(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    record_document(team, team.nurse, "medical_statement_b", summary="Toiminnanohjauksen vaikeudet.")
    record_document(team, team.employment_expert, "work_certificate", summary="Kesätyö kaupassa.")
    for user in (team.nurse, team.kela_advisor):
        status, body = list_page(team, signed_in(user))
        assert status == 200
        assert "Toiminnanohjauksen vaikeudet." in body
        assert "R-KELA-1 v2025.1" in body


@pytest.mark.django_db
def test_health_documents_do_not_show_to_the_worker_pair(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    record_document(team, team.nurse, "medical_statement_b", summary="Toiminnanohjauksen vaikeudet.")
    record_document(team, team.employment_expert, "work_certificate", summary="Kesätyö kaupassa.")
    for user in (team.employment_expert, team.social_worker):
        status, body = list_page(team, signed_in(user))
        assert status == 200
        assert "Toiminnanohjauksen vaikeudet." not in body
        assert "Kesätyö kaupassa." in body


@pytest.mark.django_db
def test_the_case_page_links_to_documents_and_applications(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    body = signed_in(team.employment_expert).get(reverse("cases:detail", kwargs={"code": team.client.code}))
    text = body.content.decode()
    assert reverse("documents:list", kwargs={"code": team.client.code}) in text
    assert reverse("applications:list", kwargs={"code": team.client.code}) in text


@pytest.mark.django_db
def test_an_outsider_gets_404_and_a_coordinator_sees_no_health_document(
    team: Team, outsider_nurse: User, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    record_document(team, team.nurse, "medical_statement_b", summary="Toiminnanohjauksen vaikeudet.")
    assert list_page(team, signed_in(outsider_nurse))[0] == 404
    status, body = list_page(team, signed_in(coordinator))
    assert status == 200
    assert "Toiminnanohjauksen vaikeudet." not in body


@pytest.mark.django_db
def test_the_nurse_records_a_statement_on_the_page_and_edits_it(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(team.nurse)
    url = reverse("documents:record", kwargs={"code": team.client.code})
    form = browser.get(url).content.decode()
    assert "medical_statement_b" in form
    assert "work_certificate" not in form  # not the nurse's category
    response = browser.post(
        url,
        {
            "document_type": "medical_statement_b",
            "dated_on": days_ago(2).isoformat(),
            "author_organisation_name": "Porin terveysasema",
            "summary": "B-lausunto.",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    edit = reverse("documents:update", kwargs={"code": team.client.code, "document_code": document.code})
    assert browser.get(edit).status_code == 200
    data = {
        "document_type": "medical_statement_b",
        "dated_on": days_ago(2).isoformat(),
        "author_organisation_name": "Porin terveysasema",
        "summary": "Korjattu.",
        "version": 1,
    }
    assert browser.post(edit, data).status_code == 302
    assert browser.post(edit, {**data, "summary": "Vanha."}).status_code == 409
    document.refresh_from_db()
    assert document.summary == "Korjattu."


@pytest.mark.django_db
def test_the_employment_expert_is_refused_a_medical_statement_on_the_page(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.employment_expert).post(
        reverse("documents:record", kwargs={"code": team.client.code}),
        {
            "document_type": "medical_statement_b",
            "dated_on": days_ago(2).isoformat(),
            "author_organisation_name": "Porin terveysasema",
            "summary": "B-lausunto.",
        },
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_kela_advisor_may_not_open_the_record_form(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    # Kela's own category is not a document category: no type is theirs to record.
    assert (
        signed_in(team.kela_advisor)
        .get(reverse("documents:record", kwargs={"code": team.client.code}))
        .status_code
        == 403
    )
