"""Issue 16, finding 10: health facts do not escape consent through the plan category's free text.

The cover letter to the doctor and the reason for the B statement, and the notes of a consultation, are
health data (`access.categories`): Kela's TYM work-ability advisor reads them only with an active consent
covering health; after Maija revokes her consent they are gone at once from the pages, the API and the
PDF, and each refusal is in her log. The nurse (health) and the writer keep them; the forms name each
field's category.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.accounts.tokens import api_token_create
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client, Consent
from yhteispolku.clients.services import consent_revoke
from yhteispolku.collaboration.models import Consultation
from yhteispolku.documents.models import StatementRequest
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db
Http = Callable[[User], HttpClient]


@pytest.fixture
def maija() -> Client:
    return load_demo()["maija"]


def api(user: User) -> HttpClient:
    _token, raw = api_token_create(user=user, name="testi")
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def user(username: str) -> User:
    return User.objects.get(username=username)


def snippets(text: str) -> list[str]:
    """Lines of a stored text long enough to be recognised in a page."""
    return [line.strip()[:60] for line in text.splitlines() if len(line.strip()) >= 30]


def shows(body: str, text: str) -> bool:
    page = html.unescape(body)
    return any(snippet in page for snippet in snippets(text))


def revoke(maija: Client) -> None:
    expert = user("tyollisyysasiantuntija")
    for consent in Consent.objects.filter(client=maija):
        if consent.revoked_at is None:
            consent_revoke(actor=expert, consent=consent, how="oral")


def views(maija: Client, advisor: User, verified_client: Http) -> dict[str, Any]:
    letter = StatementRequest.objects.get(client=maija)
    consultation = Consultation.objects.filter(relationship__client=maija).exclude(notes="").first()
    assert consultation is not None
    relationship = consultation.relationship
    assert relationship is not None
    http = verified_client(advisor)
    token = api(advisor)
    return {
        "letter": letter,
        "consultation": consultation,
        "letter_page": http.get(
            reverse("documents:statement_request", kwargs={"code": maija.code, "request_code": letter.code})
        ),
        "letter_pdf": http.get(
            reverse(
                "documents:statement_request_pdf", kwargs={"code": maija.code, "request_code": letter.code}
            )
        ),
        "letter_api": token.get(f"/api/v1/documents/{maija.code}/statement-requests/{letter.code}"),
        "documents_api": token.get(f"/api/v1/documents/{maija.code}"),
        "consultation_page": http.get(
            reverse(
                "collaboration:consultation",
                kwargs={"relationship_code": relationship.code, "consultation_code": consultation.code},
            )
        ),
        "consultation_api": token.get(
            f"/api/v1/collaboration/{relationship.code}/consultations/{consultation.code}"
        ),
        "network_api": token.get(f"/api/v1/collaboration/{relationship.code}"),
    }


def test_after_a_revocation_kelas_advisor_no_longer_reads_the_letter_or_the_consultation_notes(
    maija: Client, verified_client: Http
) -> None:
    advisor = user("kela-tyokykyneuvoja")
    before = views(maija, advisor, verified_client)
    letter, consultation = before["letter"], before["consultation"]
    # With her consent (covering health, for Kela), the advisor reads both.
    assert shows(before["letter_page"].content.decode(), letter.reason)
    assert before["letter_api"].json()["letter"] == letter.letter
    assert before["consultation_api"].json()["notes"] == consultation.notes

    revoke(maija)
    mark = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first()
    after = views(maija, advisor, verified_client)

    assert after["letter_page"].status_code == 200  # the request itself is the plan's
    assert not shows(after["letter_page"].content.decode(), letter.reason)
    assert after["letter_pdf"].status_code == 403
    body = after["letter_api"].json()
    assert body["letter"] is None
    assert body["reason"] is None
    assert body["withheld"] == ["letter", "reason"]
    assert body["addressed_to"] == letter.addressed_to
    listed = after["documents_api"].json()["statement_requests"]
    assert [item["letter"] for item in listed] == [None]
    assert after["consultation_page"].status_code == 200
    assert not shows(after["consultation_page"].content.decode(), consultation.notes)
    assert shows(after["consultation_page"].content.decode(), consultation.decisions)
    assert after["consultation_api"].json()["notes"] is None
    assert after["consultation_api"].json()["decisions"] == consultation.decisions
    network = after["network_api"].json()["consultations"]
    assert all(item["notes"] is None for item in network)
    for name in ("letter_page", "letter_api", "consultation_page", "consultation_api", "network_api"):
        body = after[name].content.decode()
        assert consultation.notes not in body, name
        assert letter.letter not in body, name
    # Each refusal is in Maija's log, in the health category.
    refused = AccessEvent.objects.filter(
        id__gt=mark, actor=advisor, client_code=maija.code, category="health", allowed=False
    )
    assert refused.filter(object_type="documents.statementrequest").exists()
    assert refused.filter(object_type="collaboration.consultation").exists()
    # Nor may the advisor rewrite the notes they cannot see.
    relationship = consultation.relationship
    assert relationship is not None
    rewrite = api(advisor).post(
        f"/api/v1/collaboration/{relationship.code}/consultations/{consultation.code}/notes",
        {"revision": consultation.revision, "notes": "Uusi."},
        content_type="application/json",
    )
    assert rewrite.status_code == 403


def test_the_nurse_and_the_writer_keep_them_and_the_form_names_the_category(
    maija: Client, verified_client: Http
) -> None:
    revoke(maija)
    for username in ("terveydenhoitaja", "sosiaalityontekija"):
        seen = views(maija, user(username), verified_client)
        assert seen["letter_api"].json()["letter"] == seen["letter"].letter, username
        assert seen["consultation_api"].json()["notes"] == seen["consultation"].notes, username
        assert seen["letter_pdf"].status_code == 200, username
    # The employment expert, on the team but outside health, never reads them, consent or not.
    expert = views(maija, user("tyollisyysasiantuntija"), verified_client)
    assert expert["letter_api"].json()["letter"] is None
    assert expert["consultation_api"].json()["notes"] is None
    # The writer's form shows the letter's category beside its label.
    letter = StatementRequest.objects.get(client=maija)
    page = verified_client(user("sosiaalityontekija")).get(
        reverse("documents:statement_request", kwargs={"code": maija.code, "request_code": letter.code})
    )
    assert '<span class="tag tag--category">terveystiedot</span>' in page.content.decode()
