"""Attachments: checked by content, stored privately under random names, downloaded only through the
access-checked view with safe headers, and every download audited."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django import Settings

from tests.assessments.conftest import Team, latest_event
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.documents import services
from yhteispolku.documents.errors import FileMissing, FileTooLarge, FileTypeNotAllowed
from yhteispolku.documents.models import Attachment, Document

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 32


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add(team: Team, document: Document, name: str, content: bytes) -> Attachment:
    return services.attachment_add(actor=team.nurse, document=document, upload=upload(name, content))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lausunto.pdf", PDF, "application/pdf"),
        ("kuva.png", PNG, "image/png"),
        ("kuva.JPG", JPEG, "image/jpeg"),
        ("muistio.txt", "Lausunto saapui, ääkköset toimivat.\n".encode(), "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_content(
    team: Team, b_statement: Document, private_files: Path, name: str, content: bytes, content_type: str
) -> None:
    attachment = add(team, b_statement, name, content)
    assert attachment.content_type == content_type
    stored = private_files / attachment.stored_name
    assert stored.read_bytes() == content
    assert attachment.stored_name != name
    assert len(attachment.stored_name) == 64
    assert oct(stored.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(team: Team, b_statement: Document, settings: Settings) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(FileTooLarge):
        add(team, b_statement, "iso.pdf", PDF + b" " * 100)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_file_exactly_at_the_limit_is_accepted(
    team: Team, b_statement: Document, settings: Settings
) -> None:
    settings.ATTACHMENT_MAX_BYTES = len(PDF)
    assert add(team, b_statement, "raja.pdf", PDF).size == len(PDF)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ohjelma.exe", EXECUTABLE),
        ("lausunto.pdf", EXECUTABLE),  # a renamed executable
        ("lausunto.pdf", ELF),
        ("lausunto.txt", EXECUTABLE),
        ("kuva.png", PDF),  # content and extension disagree
        ("sivu.html", b"<html><script>alert(1)</script></html>"),
        ("lausunto", PDF),  # no extension
    ],
)
def test_forbidden_or_disguised_files_are_refused(
    team: Team, b_statement: Document, private_files: Path, name: str, content: bytes
) -> None:
    with pytest.raises(FileTypeNotAllowed):
        add(team, b_statement, name, content)
    assert not Attachment.objects.exists()
    assert not private_files.exists() or not any(private_files.iterdir())


@pytest.mark.django_db
def test_an_empty_or_missing_file_is_refused(team: Team, b_statement: Document) -> None:
    with pytest.raises(FileMissing):
        add(team, b_statement, "tyhja.pdf", b"")
    with pytest.raises(FileMissing):
        services.attachment_add(actor=team.nurse, document=b_statement, upload=None)


def download_url(team: Team, attachment: Attachment) -> str:
    return reverse(
        "documents:attachment_download",
        kwargs={
            "code": team.client.code,
            "document_code": attachment.document.code,
            "attachment_code": attachment.code,
        },
    )


@pytest.mark.django_db
def test_a_download_is_an_attachment_with_safe_headers_and_is_audited(
    team: Team, b_statement: Document, signed_in: Callable[[User], HttpClient]
) -> None:
    attachment = add(team, b_statement, "../../etc/lausunto.pdf", PDF)
    assert attachment.original_name == "lausunto.pdf"
    before = AccessEvent.objects.count()
    response = signed_in(team.nurse).get(download_url(team, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="lausunto.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.count() > before
    event = latest_event()
    assert (event.object_type, event.object_id, event.allowed) == (
        "documents.attachment",
        str(attachment.code),
        True,
    )


@pytest.mark.django_db
def test_kela_advisor_with_consent_downloads_a_health_attachment(
    team: Team, b_statement: Document, signed_in: Callable[[User], HttpClient]
) -> None:
    attachment = add(team, b_statement, "lausunto.pdf", PDF)
    assert signed_in(team.kela_advisor).get(download_url(team, attachment)).status_code == 200


@pytest.mark.django_db
def test_an_outsider_gets_404_and_the_attempt_is_logged(
    team: Team, b_statement: Document, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    attachment = add(team, b_statement, "lausunto.pdf", PDF)
    response = signed_in(outsider_nurse).get(download_url(team, attachment))
    assert response.status_code == 404
    event = latest_event()
    assert (event.actor_id, event.allowed, event.reason) == (outsider_nurse.pk, False, "no_relation")


@pytest.mark.django_db
def test_a_manager_gets_403_for_a_health_attachment(
    team: Team, b_statement: Document, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    attachment = add(team, b_statement, "lausunto.pdf", PDF)
    response = signed_in(coordinator).get(download_url(team, attachment))
    assert response.status_code == 403
    event = latest_event()
    assert (event.category, event.object_type, event.allowed) == ("health", "documents.attachment", False)


@pytest.mark.django_db
def test_the_employment_expert_cannot_download_a_health_attachment(
    team: Team, b_statement: Document, signed_in: Callable[[User], HttpClient]
) -> None:
    attachment = add(team, b_statement, "lausunto.pdf", PDF)
    assert signed_in(team.employment_expert).get(download_url(team, attachment)).status_code == 403


@pytest.mark.django_db
def test_only_the_recording_sector_adds_files(
    team: Team, b_statement: Document, signed_in: Callable[[User], HttpClient]
) -> None:
    url = reverse(
        "documents:attachment_add", kwargs={"code": team.client.code, "document_code": b_statement.code}
    )
    response = signed_in(team.kela_advisor).post(url, {"file": upload("lausunto.pdf", PDF)})
    assert response.status_code == 403
    response = signed_in(team.nurse).post(url, {"file": upload("lausunto.pdf", EXECUTABLE)})
    assert response.status_code == 415
    assert "Tiedostotyyppi ei ole sallittu" in response.content.decode()
    response = signed_in(team.nurse).post(url, {"file": upload("lausunto.pdf", PDF)})
    assert response.status_code == 302
    assert Attachment.objects.filter(document=b_statement).count() == 1
