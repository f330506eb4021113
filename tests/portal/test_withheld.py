"""Entries withheld from the client by a recorded professional decision (SPEC §5.1): the professional who
may update the entry (its sector and organisation) records the decision with a reason on the document's
page, audited; Oma Yhteispolku then leaves the entry out of every list and answers its address with 404;
the professionals see the mark; lifting the decision shows it again. Her access log is never withheld."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.errors import AccessLogNotWithheld, AlreadyWithheld
from yhteispolku.clients.models import Client, WithheldFromClient
from yhteispolku.clients.services import withhold_from_client
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.core.categories import DataCategory
from yhteispolku.documents import services as document_services
from yhteispolku.documents.models import Document, DocumentType
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def demo(db: None, settings, tmp_path: Path) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    return load_demo()


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


@pytest.fixture
def feedback(demo: dict[str, Client]) -> Document:
    document = Document.objects.get(client=demo["maija"], document_type=DocumentType.REHABILITATION_FEEDBACK)
    nurse = User.objects.get(username="terveydenhoitaja")
    document_services.attachment_add(
        actor=nurse, document=document, upload=SimpleUploadedFile("palaute.pdf", PDF)
    )
    return document


def test_the_nurse_withholds_a_document_and_the_portal_no_longer_shows_it(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], feedback: Document, settings, verified_client
) -> None:
    maija = demo["maija"]
    attachment = feedback.attachments.get()
    file_url = f"/oma/asiakirjat/{feedback.code}/tiedostot/{attachment.code}/"
    browser = _as_client(maija, settings)
    listing = browser.get("/oma/asiakirjat/").content.decode()
    assert "Kuntoutuspalaute" in listing
    assert file_url in listing
    downloaded = browser.get(file_url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF  # type: ignore[attr-defined]

    nurse = verified_client(User.objects.get(username="terveydenhoitaja"))
    detail_url = f"/asiakirjat/{maija.code}/{feedback.code}/"
    assert "Älä näytä asiakkaalle" in nurse.get(detail_url).content.decode()
    empty = nurse.post(f"{detail_url}salaa-asiakkaalta/", {"reason": "  "})
    assert empty.status_code == 400
    assert not WithheldFromClient.objects.exists()
    decided = nurse.post(
        f"{detail_url}salaa-asiakkaalta/", {"reason": "Palaute käydään ensin läpi tapaamisessa."}
    )
    assert decided.status_code == 302
    decision = WithheldFromClient.objects.get()
    assert decision.object_code == feedback.code
    assert decision.category == DataCategory.HEALTH
    assert decision.decided_by.username == "terveydenhoitaja"
    assert decision.decided_on == timezone.localdate()
    assert AccessEvent.objects.filter(
        client_code=maija.code, object_type="clients.withheldfromclient", allowed=True, action="update"
    ).exists()
    # The professionals see the mark on the page and in the list.
    page = nurse.get(detail_url).content.decode()
    assert "Ei näytetä asiakkaalle" in page
    assert "Palaute käydään ensin läpi tapaamisessa." in page
    assert "Ei näytetä asiakkaalle" in nurse.get(f"/asiakirjat/{maija.code}/").content.decode()
    again = nurse.post(f"{detail_url}salaa-asiakkaalta/", {"reason": "Uudelleen"})
    assert again.status_code == 409
    assert WithheldFromClient.objects.count() == 1

    listing = browser.get("/oma/asiakirjat/").content.decode()
    assert "Kuntoutuspalaute" not in listing
    assert "Lääkärinlausunto B" in listing
    assert browser.get(file_url).status_code == 404
    # Her access log is still hers, whole.
    assert browser.get("/oma/kayttoloki/").status_code == 200

    lifted = nurse.post(f"{detail_url}nayta-asiakkaalle/")
    assert lifted.status_code == 302
    assert WithheldFromClient.objects.get().lifted_by is not None
    assert "Kuntoutuspalaute" in browser.get("/oma/asiakirjat/").content.decode()
    assert browser.get(file_url).status_code == 200


def test_only_who_may_update_the_entry_decides(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], feedback: Document, verified_client
) -> None:
    expert = verified_client(User.objects.get(username="tyollisyysasiantuntija"))
    response = expert.post(
        f"/asiakirjat/{demo['maija'].code}/{feedback.code}/salaa-asiakkaalta/", {"reason": "Ei kuulu minulle"}
    )
    assert response.status_code in (403, 404)
    assert not WithheldFromClient.objects.exists()
    assert AccessEvent.objects.filter(
        client_code=demo["maija"].code, actor_username="tyollisyysasiantuntija", allowed=False
    ).exists()
    # The page offers no form to one who may not decide.
    nurse_page = verified_client(User.objects.get(username="terveydenhoitaja")).get(
        f"/asiakirjat/{demo['maija'].code}/{feedback.code}/"
    )
    assert "salaa-asiakkaalta" in nurse_page.content.decode()


def test_a_withheld_todo_is_gone_from_her_list_and_its_address_is_404(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], settings
) -> None:
    maija = demo["maija"]
    todo = ClientTodo.objects.get(
        relationship__client=maija, status=TodoStatus.OPEN, requested_document_type__gt=""
    )
    withhold_from_client(
        actor=todo.recorded_by,
        client=maija,
        object_type="collaboration.clienttodo",
        object_code=todo.code,
        category=DataCategory.PLAN,
        reason="Asia selvitetään ensin työparin kesken.",
    )
    browser = _as_client(maija, settings)
    assert todo.description not in browser.get("/oma/tehtavat/").content.decode()
    assert browser.get(f"/oma/tehtavat/{todo.code}/asiakirja/").status_code == 404
    assert browser.post(f"/oma/tehtavat/{todo.code}/toimitettu/").status_code == 404
    todo.refresh_from_db()
    assert todo.status == TodoStatus.OPEN
    with pytest.raises(AlreadyWithheld):
        withhold_from_client(
            actor=todo.recorded_by,
            client=maija,
            object_type="collaboration.clienttodo",
            object_code=todo.code,
            category=DataCategory.PLAN,
            reason="Toinen kerta",
        )


def test_her_access_log_is_never_withheld(demo: dict[str, Client]) -> None:
    maija = demo["maija"]
    worker = User.objects.get(username="sosiaalityontekija")
    with pytest.raises(AccessLogNotWithheld):
        withhold_from_client(
            actor=worker,
            client=maija,
            object_type="portal.accesslog",
            object_code=maija.code,
            category=DataCategory.PLAN,
            reason="Ei",
        )
    assert not WithheldFromClient.objects.exists()


def test_someone_elses_file_is_404_and_denied(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], feedback: Document, settings
) -> None:
    other = next(c for key, c in demo.items() if key != "maija" and c.relationships.exists())
    attachment = feedback.attachments.get()
    response = _as_client(other, settings).get(
        f"/oma/asiakirjat/{feedback.code}/tiedostot/{attachment.code}/"
    )
    assert response.status_code == 404
    assert AccessEvent.objects.filter(
        client_code=demo["maija"].code, allowed=False, actor_role="client", object_id=str(attachment.code)
    ).exists()
