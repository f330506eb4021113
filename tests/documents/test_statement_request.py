"""The medical-statement request and its cover letter to the health-centre doctor (seed 002): generated
from the case, edited under optimistic locking, printed as a PDF that is access-checked and audited."""

import io
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from tests.assessments.conftest import Team, latest_event
from tests.documents.conftest import days_ago
from yhteispolku.accounts.models import User
from yhteispolku.documents import services
from yhteispolku.documents.errors import ContactNotOnTeam, StaleEdit, StatusOrderInvalid
from yhteispolku.documents.models import StatementRequest

REASON = "Kela-konsultaatiossa todettiin lääkärinlausunnon tarve ammatillista kuntoutusta varten."


def draft(team: Team, actor: User | None = None) -> StatementRequest:
    return services.statement_request_create(
        actor=actor or team.social_worker,
        client=team.client,
        statement_type="B",
        addressed_to="Porin terveysaseman lääkäri",
        applied_for="Kelan ammatillinen kuntoutus",
        reason=REASON,
        contact=team.social_worker,
        contact_details="040 123 4567",
    )


@pytest.mark.django_db
def test_the_letter_is_generated_from_the_case(team: Team) -> None:
    item = draft(team)
    letter = item.letter
    assert letter.startswith("Porin terveysaseman lääkäri")
    assert team.client.full_name in letter
    assert "Kelan ammatillinen kuntoutus" in letter
    assert REASON in letter
    assert "040 123 4567" in letter
    assert "enintään 12 kuukautta vanha" in letter  # R-KELA-1's rule data, not a second copy
    assert str(team.social_worker.get_full_name()) in letter
    assert (item.status, item.revision, item.relationship) == ("draft", 1, team.relationship)
    event = latest_event()
    assert (event.action, event.category, event.object_type) == (
        "create",
        "plan",
        "documents.statementrequest",
    )


@pytest.mark.django_db
def test_the_contact_must_be_on_the_team(team: Team, outsider_nurse: User) -> None:
    with pytest.raises(ContactNotOnTeam):
        services.statement_request_create(
            actor=team.social_worker,
            client=team.client,
            statement_type="B",
            addressed_to="Lääkäri",
            applied_for="Kuntoutus",
            reason="Syy.",
            contact=outsider_nurse,
        )


@pytest.mark.django_db
def test_the_letter_is_edited_with_optimistic_locking(team: Team) -> None:
    item = draft(team)
    edited = services.statement_request_update(
        actor=team.employment_expert,
        statement_request=item,
        letter="Muokattu kirje.",
        expected_revision=1,
        sent_on=days_ago(5),
    )
    assert (edited.letter, edited.status, edited.revision) == ("Muokattu kirje.", "sent", 2)
    with pytest.raises(StaleEdit):
        services.statement_request_update(
            actor=team.social_worker, statement_request=item, letter="Vanha.", expected_revision=1
        )
    with pytest.raises(StatusOrderInvalid):
        services.statement_request_update(
            actor=team.social_worker,
            statement_request=item,
            letter="Kirje.",
            expected_revision=2,
            sent_on=days_ago(5),
            received_on=days_ago(6),
        )
    received = services.statement_request_update(
        actor=team.social_worker,
        statement_request=item,
        letter="Kirje.",
        expected_revision=2,
        sent_on=days_ago(5),
        received_on=days_ago(5),
    )
    assert received.status == "received"


def pdf_url(team: Team, item: StatementRequest) -> str:
    return reverse(
        "documents:statement_request_pdf", kwargs={"code": team.client.code, "request_code": item.code}
    )


@pytest.mark.django_db
def test_the_letter_prints_as_a_pdf_with_its_text_and_the_print_is_audited(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    item = draft(team)
    # The letter is health data (issue 16, finding 10): its writer prints it, the employment expert not.
    assert signed_in(team.employment_expert).get(pdf_url(team, item)).status_code == 403
    response = signed_in(team.social_worker).get(pdf_url(team, item))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert team.client.full_name in text
    assert "Kelan ammatillinen kuntoutus" in text
    assert reader.metadata is not None
    assert "lausuntopyyntö" in str(reader.metadata.title)
    event = latest_event()
    assert (event.action, event.object_id, event.allowed) == ("print", str(item.code), True)


@pytest.mark.django_db
def test_a_coordinator_cannot_print_the_letter(
    team: Team, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    item = draft(team)
    assert signed_in(coordinator).get(pdf_url(team, item)).status_code == 403
    assert (latest_event().action, latest_event().allowed) == ("print", False)


@pytest.mark.django_db
def test_an_outsider_cannot_print_the_letter(
    team: Team, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    item = draft(team)
    assert signed_in(outsider_nurse).get(pdf_url(team, item)).status_code == 404


@pytest.mark.django_db
def test_the_pages_draft_edit_and_conflict(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    browser = signed_in(team.social_worker)
    url = reverse("documents:statement_request_create", kwargs={"code": team.client.code})
    assert browser.get(url).status_code == 200
    response = browser.post(
        url,
        {
            "statement_type": "B",
            "addressed_to": "Terveysaseman lääkäri",
            "applied_for": "Kelan ammatillinen kuntoutus",
            "reason": REASON,
            "contact": team.social_worker.pk,
        },
    )
    assert response.status_code == 302
    item = StatementRequest.objects.get()
    page = reverse(
        "documents:statement_request", kwargs={"code": team.client.code, "request_code": item.code}
    )
    assert REASON in browser.get(page).content.decode()
    assert browser.post(page, {"letter": "Uusi teksti.", "revision": 1}).status_code == 302
    stale = browser.post(page, {"letter": "Vanha teksti.", "revision": 1})
    assert stale.status_code == 409
    assert "Joku muu on muuttanut" in stale.content.decode()
    item.refresh_from_db()
    assert item.letter == "Uusi teksti."
