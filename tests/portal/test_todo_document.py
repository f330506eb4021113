"""Maija sends the document her to-do asks for from Oma Yhteispolku (issue 13): the documents app's checks
(size limit, type by content, a disguised file refused) with a clear message in her language and nothing
saved; the document lands in the requested type's category, held by the organisation she delivers to,
sent by her (no professional recorded it), audited as hers; the to-do is delivered by it and the worker
who asked for it has a notice on the worklist. Another's to-do is a 404 and a denied entry; a second
delivery is a 409."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client as HttpClient
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.errors import AlreadyDone
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.collaboration.services import client_todo_document_by_client
from yhteispolku.documents.errors import FileTypeNotAllowed
from yhteispolku.documents.models import Attachment, Document, DocumentType
from yhteispolku.web.demo_data import load_demo
from yhteispolku.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


@pytest.fixture
def private_files(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    return tmp_path / "private"


@pytest.fixture
def demo(db: None, private_files: Path) -> dict[str, Client]:
    return load_demo()


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _requested(maija: Client) -> ClientTodo:
    return ClientTodo.objects.get(
        relationship__client=maija, status=TodoStatus.OPEN, requested_document_type__gt=""
    )


def _form(name: str = "todistus.pdf", content: bytes = PDF) -> dict[str, object]:
    return {
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "author_name": "Satakunnan ammattiopisto",
        "dated_on": timezone.localdate().isoformat(),
    }


def test_maija_sends_the_requested_certificate_and_the_worker_is_told(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], settings, private_files: Path
) -> None:
    maija = demo["maija"]
    todo = _requested(maija)
    assert todo.requested_document_type == DocumentType.SCHOOL_CERTIFICATE
    browser = _as_client(maija, settings)
    listing = browser.get("/oma/tehtavat/").content.decode()
    url = f"/oma/tehtavat/{todo.code}/asiakirja/"
    assert url in listing
    page = browser.get(url)
    assert page.status_code == 200
    assert todo.description in page.content.decode()

    response = browser.post(url, _form())
    assert response.status_code == 302
    assert response["Location"] == "/oma/tehtavat/"
    todo.refresh_from_db()
    assert todo.status == TodoStatus.DONE
    assert todo.closed_on == timezone.localdate()
    document = todo.document
    assert document is not None
    assert document.client == maija
    assert document.sent_by_client
    assert document.recorded_by is None
    assert document.document_type == DocumentType.SCHOOL_CERTIFICATE
    assert document.category == "employment"
    assert document.organisation == todo.deliver_to
    assert document.author_organisation_name == "Satakunnan ammattiopisto"
    attachment = document.attachments.get()
    assert attachment.uploaded_by_client
    assert attachment.uploaded_by is None
    assert attachment.content_type == "application/pdf"
    assert (private_files / attachment.stored_name).read_bytes() == PDF

    written = AccessEvent.objects.filter(client_code=maija.code, actor_role="client", allowed=True)
    assert written.filter(object_type="collaboration.clienttodo", action="update", object_id=str(todo.code))
    created = written.get(object_type="documents.document", action="create")
    assert created.object_id == str(document.code)
    assert created.category == "employment"
    assert created.actor_username == f"client:{maija.code}"

    # The worker who asked for it: a notice on the worklist, to the to-do's own row on the network page.
    worker = todo.recorded_by
    notices = worklist_for(actor=worker, today=timezone.localdate()).notices
    notice = next(item for item in notices if item.kind == "client_document_sent")
    assert notice.client_name == maija.full_name
    assert notice.url.endswith(f"#todo-{todo.code}")
    assert "koulutodistus" in notice.label
    others = User.objects.exclude(pk=worker.pk).filter(username="tyollisyysasiantuntija")
    for other in others:
        other_notices = worklist_for(actor=other, today=timezone.localdate()).notices
        assert all(item.kind != "client_document_sent" for item in other_notices)

    # Her list shows it delivered by the document; a second delivery is a 409 and saves nothing.
    assert "lähetit asiakirjan Oma Yhteispolussa" in browser.get("/oma/tehtavat/").content.decode()
    again = browser.post(url, _form())
    assert again.status_code == 409
    assert "Asia on jo merkitty toimitetuksi tai se on peruttu." in again.content.decode()
    assert Document.objects.filter(client=maija, sent_by_client=True).count() == 1
    assert len(list(private_files.iterdir())) == 1


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("todistus.pdf", EXECUTABLE, 415, "Tiedostotyyppi ei ole sallittu."),
        ("todistus.exe", PDF, 415, "Tiedostotyyppi ei ole sallittu."),
        ("todistus.pdf", PDF + b"x" * 200, 413, "Tiedosto on liian suuri."),
    ],
)
def test_a_disguised_or_oversized_file_is_refused_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    demo: dict[str, Client],
    settings,
    private_files: Path,
    name: str,
    content: bytes,
    status: int,
    message: str,
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 200
    maija = demo["maija"]
    todo = _requested(maija)
    documents = Document.objects.count()
    response = _as_client(maija, settings).post(f"/oma/tehtavat/{todo.code}/asiakirja/", _form(name, content))
    assert response.status_code == status
    assert message in response.content.decode()
    todo.refresh_from_db()
    assert todo.status == TodoStatus.OPEN
    assert todo.document is None
    assert Document.objects.count() == documents
    assert not Attachment.objects.filter(uploaded_by_client=True).exists()
    assert not private_files.exists() or not list(private_files.iterdir())


def test_the_message_is_in_her_language(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    todo = _requested(maija)
    browser = _as_client(maija, settings)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = browser.post(f"/oma/tehtavat/{todo.code}/asiakirja/", _form("todistus.pdf", EXECUTABLE))
    assert response.status_code == 415
    assert "Filtypen är inte tillåten" in response.content.decode()


def test_someone_elses_todo_is_404_and_denied(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    mine = _requested(maija)
    someone = next(c for key, c in demo.items() if key != "maija" and c.relationships.exists())
    other = ClientTodo.objects.create(
        relationship=someone.relationships.first(),
        kind=mine.kind,
        description="Toisen asiakkaan todistus",
        deliver_to=mine.deliver_to,
        due_on=mine.due_on,
        requested_document_type=DocumentType.WORK_CERTIFICATE,
        recorded_by=mine.recorded_by,
    )
    browser = _as_client(maija, settings)
    url = f"/oma/tehtavat/{other.code}/asiakirja/"
    for response in (browser.get(url), browser.post(url, _form())):
        assert response.status_code == 404
        assert other.description not in response.content.decode()
    other.refresh_from_db()
    assert other.status == TodoStatus.OPEN
    assert not Document.objects.filter(client=someone).filter(sent_by_client=True).exists()
    assert (
        AccessEvent.objects.filter(
            client_code=someone.code, allowed=False, actor_role="client", object_id=str(other.code)
        ).count()
        == 2
    )


def test_a_todo_asking_for_no_document_takes_none(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    todo = ClientTodo.objects.get(
        relationship__client=maija, status=TodoStatus.OPEN, requested_document_type=""
    )
    browser = _as_client(maija, settings)
    url = f"/oma/tehtavat/{todo.code}/asiakirja/"
    assert "Tähän tehtävään ei pyydetä asiakirjaa." in browser.get(url).content.decode()
    assert url not in browser.get("/oma/tehtavat/").content.decode()
    response = browser.post(url, _form())
    assert response.status_code == 400
    todo.refresh_from_db()
    assert todo.status == TodoStatus.OPEN


def test_the_service_keeps_no_file_when_the_todo_was_delivered_meanwhile(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], private_files: Path
) -> None:
    todo = _requested(demo["maija"])
    stale = ClientTodo.objects.get(pk=todo.pk)
    ClientTodo.objects.filter(pk=todo.pk).update(status=TodoStatus.DONE, closed_on=timezone.localdate())
    # The to-do read before the other delivery still says open: the guarded update refuses it.
    assert stale.status == TodoStatus.OPEN
    with pytest.raises(AlreadyDone):
        client_todo_document_by_client(
            todo=stale,
            upload=SimpleUploadedFile("todistus.pdf", PDF),
            dated_on=timezone.localdate(),
            author_name="Oppilaitos",
        )
    assert not Document.objects.filter(sent_by_client=True).exists()
    assert not private_files.exists() or not list(private_files.iterdir())
    with pytest.raises(FileTypeNotAllowed):
        client_todo_document_by_client(
            todo=ClientTodo.objects.create(
                relationship=todo.relationship,
                kind=todo.kind,
                description="Toinen",
                deliver_to=todo.deliver_to,
                due_on=todo.due_on,
                requested_document_type=DocumentType.WORK_CERTIFICATE,
                recorded_by=todo.recorded_by,
            ),
            upload=SimpleUploadedFile("todistus.pdf", EXECUTABLE),
            dated_on=timezone.localdate(),
            author_name="Työnantaja",
        )


def test_the_database_keeps_a_document_either_recorded_or_sent(demo: dict[str, Client]) -> None:
    document = Document.objects.filter(recorded_by__isnull=False).first()
    assert document is not None
    with pytest.raises(IntegrityError):
        Document.objects.filter(pk=document.pk).update(sent_by_client=True)
