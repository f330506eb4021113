"""The documents API, operation by operation: allowed, refused (403) or invisible (404), JSON errors
with stable codes, 409 on a stale edit, 413/415 on files, the PDF and downloads audited."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from pypdf import PdfReader
from pytest_django import Settings

from tests.api.conftest import API, token_client
from tests.assessments.conftest import Team, latest_event
from tests.documents.conftest import days_ago
from yhteispolku.accounts.models import User
from yhteispolku.documents.models import Attachment, Document

__all__ = ["token_client"]
Call = Callable[[User], HttpClient]
PDF = b"%PDF-1.7\n%%EOF\n"


def url(team: Team, tail: str = "") -> str:
    return f"{API}/documents/{team.client.code}{tail}"


def send(api_client: HttpClient, method: str, address: str, body: dict[str, Any]) -> Any:
    return getattr(api_client, method)(address, body, content_type="application/json")


def b_statement_body(**extra: object) -> dict[str, Any]:
    return {
        "document_type": "medical_statement_b",
        "dated_on": str(days_ago(5)),
        "summary": "Toiminnanohjauksen vaikeudet.",
        "author_organisation_name": "Porin terveysasema",
        **extra,
    }


@pytest.mark.django_db
def test_the_nurse_records_reads_and_corrects_a_b_statement(team: Team, token_client: Call) -> None:
    nurse = token_client(team.nurse)
    response = send(nurse, "post", url(team), b_statement_body())
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["category"], created["version"]) == ("health", 1)
    assert created["freshness"]["fresh"] is True
    assert created["freshness"]["rule"] == "R-KELA-1 v2025.1"
    detail = nurse.get(url(team, f"/{created['code']}"))
    assert detail.json()["summary"] == "Toiminnanohjauksen vaikeudet."
    patched = send(
        nurse, "patch", url(team, f"/{created['code']}"), b_statement_body(summary="Korjattu.", version=1)
    )
    assert patched.status_code == 200
    assert patched.json()["version"] == 2
    stale = send(
        nurse, "patch", url(team, f"/{created['code']}"), b_statement_body(summary="Vanha.", version=1)
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_edit")
    listing = nurse.get(url(team)).json()
    health = next(section for section in listing["sections"] if section["category"] == "health")
    assert [d["summary"] for d in health["documents"]] == ["Korjattu."]


@pytest.mark.django_db
def test_the_api_refuses_with_json_errors(team: Team, token_client: Call, outsider_nurse: User) -> None:
    expert = token_client(team.employment_expert)
    refused = send(expert, "post", url(team), b_statement_body())
    assert (refused.status_code, refused.json()["code"]) == (403, "access_denied")
    invalid = send(token_client(team.nurse), "post", url(team), b_statement_body(dated_on="eilen"))
    assert (invalid.status_code, invalid.json()["code"]) == (400, "invalid_input")
    future = send(token_client(team.nurse), "post", url(team), b_statement_body(dated_on=str(days_ago(-2))))
    assert (future.status_code, future.json()["code"]) == (400, "invalid_date")
    unknown = send(token_client(team.nurse), "post", url(team), b_statement_body(document_type="passi"))
    # A value outside the schema's list is refused by the schema check, naming the field (api/strict.py).
    assert (unknown.status_code, unknown.json()["code"]) == (400, "invalid_input")
    assert "document_type" in str(unknown.json())
    hidden = token_client(outsider_nurse).get(url(team))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_health_documents_are_hidden_from_the_employment_expert(team: Team, token_client: Call) -> None:
    send(token_client(team.nurse), "post", url(team), b_statement_body())
    listing = token_client(team.employment_expert).get(url(team)).json()
    health = next(section for section in listing["sections"] if section["category"] == "health")
    assert (health["visible"], health["documents"]) == (False, [])
    document = Document.objects.get()
    assert token_client(team.employment_expert).get(url(team, f"/{document.code}")).status_code == 403


@pytest.mark.django_db
def test_attachments_upload_and_download(
    team: Team, token_client: Call, coordinator: User, outsider_nurse: User, settings: Settings
) -> None:
    nurse = token_client(team.nurse)
    document = send(nurse, "post", url(team), b_statement_body()).json()
    upload_url = url(team, f"/{document['code']}/attachments")
    response = nurse.post(upload_url, {"file": SimpleUploadedFile("lausunto.pdf", PDF)})
    assert response.status_code == 201, response.json()
    attachment = response.json()
    assert attachment["content_type"] == "application/pdf"
    renamed = nurse.post(
        upload_url, {"file": SimpleUploadedFile("lausunto.pdf", b"MZ\x90\x00" + b"\x00" * 60)}
    )
    assert (renamed.status_code, renamed.json()["code"]) == (415, "file_type_not_allowed")
    settings.ATTACHMENT_MAX_BYTES = 10
    large = nurse.post(upload_url, {"file": SimpleUploadedFile("iso.pdf", PDF)})
    assert (large.status_code, large.json()["code"]) == (413, "file_too_large")
    missing = nurse.post(upload_url, {})
    assert (missing.status_code, missing.json()["code"]) == (400, "file_missing")
    assert Attachment.objects.count() == 1
    download = url(team, f"/{document['code']}/attachments/{attachment['code']}")
    response = token_client(team.kela_advisor).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (latest_event().object_type, latest_event().allowed) == ("documents.attachment", True)
    assert token_client(coordinator).get(download).status_code == 403
    assert token_client(outsider_nurse).get(download).status_code == 404


@pytest.mark.django_db
def test_the_statement_request_letter_and_its_pdf(team: Team, token_client: Call, coordinator: User) -> None:
    social = token_client(team.social_worker)
    response = send(
        social,
        "post",
        url(team, "/statement-requests"),
        {
            "addressed_to": "Terveysaseman lääkäri",
            "applied_for": "Kelan ammatillinen kuntoutus",
            "reason": "Kela tarvitsee lausunnon kuntoutuksen arviointiin.",
            "contact": str(team.social_worker.code),
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert "Kela tarvitsee lausunnon kuntoutuksen arviointiin." in created["letter"]
    address = url(team, f"/statement-requests/{created['code']}")
    assert social.get(address).json()["revision"] == 1
    edited = send(
        social, "patch", address, {"revision": 1, "letter": "Muokattu saate.", "sent_on": str(days_ago(1))}
    )
    assert (edited.status_code, edited.json()["status"]) == (200, "sent")
    stale = send(social, "patch", address, {"revision": 1, "letter": "Vanha."})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_edit")
    pdf = social.get(address + "/pdf")
    assert pdf.status_code == 200
    assert "Muokattu saate." in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert latest_event().action == "print"
    assert token_client(coordinator).get(address).status_code == 403
    bad_contact = send(
        social,
        "post",
        url(team, "/statement-requests"),
        {"addressed_to": "L", "applied_for": "K", "reason": "S", "contact": str(team.client.code)},
    )
    assert (bad_contact.status_code, bad_contact.json()["code"]) == (400, "contact_not_on_team")
