"""Writes of documents, attachments and statement requests.

Each service asks the access policy through `access.authorize` (which writes the audit entry) *before*
it opens its transaction, so a refused attempt stays in the audit log. A document is written in its
type's data category (SPEC §5.1): a medical statement only by the health sector, a social worker's
statement by social services, certificates by the employment authority. Edits use optimistic locking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from yhteispolku.access.policy import authorize
from yhteispolku.access.records import authorize_record
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.cases.services import current_tym_relationship
from yhteispolku.clients.errors import NotWithheld
from yhteispolku.clients.models import Client, WithheldFromClient
from yhteispolku.clients.selectors import withholding_of
from yhteispolku.clients.services import withhold_from_client, withholding_lift
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.records import record
from yhteispolku.documents import files
from yhteispolku.documents import rules as freshness
from yhteispolku.documents.errors import (
    AuthorOrganisationRequired,
    ContactNotOnTeam,
    DocumentTypeInvalid,
    InvalidDate,
    NoOpenRelationship,
    StaleEdit,
    StatusOrderInvalid,
    SummaryRequired,
    TextRequired,
    TypeChangesCategory,
)
from yhteispolku.documents.models import (
    TYPE_CATEGORIES,
    Attachment,
    Document,
    StatementRequest,
    StatementRequestStatus,
)
from yhteispolku.organisations.models import Organisation
from yhteispolku.rules import engine

DOCUMENT = "documents.document"
ATTACHMENT = "documents.attachment"
STATEMENT_REQUEST = "documents.statementrequest"


def _category_of(document_type: str) -> DataCategory:
    if document_type not in TYPE_CATEGORIES:
        raise DocumentTypeInvalid()
    return TYPE_CATEGORIES[document_type]


def _checked_fields(
    *,
    dated_on: date,
    summary: str,
    author_organisation: Organisation | None,
    author_organisation_name: str,
    today: date | None,
) -> tuple[str, str]:
    if dated_on > (today or timezone.localdate()):
        raise InvalidDate()
    summary = summary.strip()
    if not summary:
        raise SummaryRequired()
    author_organisation_name = "" if author_organisation else author_organisation_name.strip()
    if author_organisation is None and not author_organisation_name:
        raise AuthorOrganisationRequired()
    return summary, author_organisation_name


Edited = TypeVar("Edited", Document, StatementRequest)


def _update_if_current(edited: Edited, counter: str, expected: int, **values: object) -> Edited:
    """Save `values` only if `counter` (the optimistic lock) is still `expected`, else StaleEdit."""
    with transaction.atomic():
        updated = (
            type(edited)
            .objects.filter(pk=edited.pk, **{counter: expected})
            .update(**values, **{counter: F(counter) + 1}, updated_at=timezone.now())
        )
    if not updated:
        raise StaleEdit()
    edited.refresh_from_db()
    return edited


def document_record(
    *,
    actor: User,
    client: Client,
    document_type: str,
    dated_on: date,
    summary: str,
    author_organisation: Organisation | None = None,
    author_organisation_name: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Document:
    """Record a document or statement of the client in its type's category (SPEC §5, §5.1)."""
    category = _category_of(document_type)
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=client,
        request=request,
        object_type=DOCUMENT,
    )
    summary, author_organisation_name = _checked_fields(
        dated_on=dated_on,
        summary=summary,
        author_organisation=author_organisation,
        author_organisation_name=author_organisation_name,
        today=today,
    )
    return record(
        Document,
        actor,
        client=client,
        document_type=document_type,
        dated_on=dated_on,
        summary=summary,
        author_organisation=author_organisation,
        author_organisation_name=author_organisation_name,
    )


def document_update(
    *,
    actor: User,
    document: Document,
    document_type: str,
    dated_on: date,
    summary: str,
    expected_version: int,
    author_organisation: Organisation | None = None,
    author_organisation_name: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Document:
    """Correct a document; its type may change only within the same data category (the access rules
    that applied when it was recorded keep applying). A stale version is refused (StaleEdit)."""
    authorize_record(
        actor=actor, action=Action.UPDATE, record=document, object_type=DOCUMENT, request=request
    )
    if _category_of(document_type) != document.category:
        raise TypeChangesCategory()
    summary, author_organisation_name = _checked_fields(
        dated_on=dated_on,
        summary=summary,
        author_organisation=author_organisation,
        author_organisation_name=author_organisation_name,
        today=today,
    )
    return _update_if_current(
        document,
        "version",
        expected_version,
        document_type=document_type,
        dated_on=dated_on,
        summary=summary,
        author_organisation=author_organisation,
        author_organisation_name=author_organisation_name,
    )


def attachment_add(
    *, actor: User, document: Document, upload: UploadedFile | None, request: HttpRequest | None = None
) -> Attachment:
    """Attach a file to a document: PDF, PNG, JPEG or plain text by content, within the size limit.

    Adding a file writes the document's category, so only the recording organisation's sector may.
    """
    authorize_record(
        actor=actor, action=Action.CREATE, record=document, object_type=ATTACHMENT, request=request
    )
    checked = files.check(upload)
    stored_name = files.store(checked)
    try:
        with transaction.atomic():
            return Attachment.objects.create(
                document=document,
                stored_name=stored_name,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=len(checked.content),
                sha256=checked.sha256,
                uploaded_by=actor,
            )
    except BaseException:
        files.remove(stored_name)
        raise


def document_sent_by_client(
    *,
    client: Client,
    document_type: str,
    organisation: Organisation,
    dated_on: date,
    author_name: str,
    summary: str,
    upload: UploadedFile | None,
    then: Callable[[Document], object] | None = None,
    today: date | None = None,
) -> Document:
    """A document the client sends herself (Oma Yhteispolku, from her to-do list), with its file.

    The same checks as a professional's recording: the type names the data category (SPEC §5.1), the
    date is not in the future, and the file passes `files.check` (size limit, type by its content, the
    extension agreeing). `organisation` is the organisation she delivered it to, which holds it as a
    recording organisation would. No professional recorded it (`sent_by_client`). `then(document)` runs
    in the same transaction (the to-do's delivery): if it refuses, nothing is saved and the stored file
    is removed. The caller has found the client's own to-do and audits the write as hers.
    """
    _category_of(document_type)
    summary, author_name = _checked_fields(
        dated_on=dated_on,
        summary=summary,
        author_organisation=None,
        author_organisation_name=author_name,
        today=today,
    )
    checked = files.check(upload)
    stored_name = files.store(checked)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                client=client,
                document_type=document_type,
                dated_on=dated_on,
                summary=summary,
                author_organisation_name=author_name,
                sent_by_client=True,
                organisation=organisation,
            )
            Attachment.objects.create(
                document=document,
                stored_name=stored_name,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=len(checked.content),
                sha256=checked.sha256,
                uploaded_by_client=True,
            )
            if then is not None:
                then(document)
            return document
    except BaseException:
        files.remove(stored_name)
        raise


# --- the medical-statement request and its cover letter -------------------------------------------------


def compose_letter(
    *,
    client: Client,
    statement_type: str,
    addressed_to: str,
    applied_for: str,
    reason: str,
    contact: User,
    contact_details: str,
) -> str:
    """The cover letter to the health-centre doctor, from the case: who the client is, what is applied
    for, why Kela needs the statement, and whom to contact (seed 002). Always in Finnish: the letter goes
    to a Finnish health centre, whatever the writer's interface language."""
    try:
        max_age = engine.parameter(freshness.RULE_ID, freshness.MAX_AGE, on=timezone.localdate()).value
    except engine.RuleMissing:
        max_age = None
    with translation.override("fi"):
        return render_to_string(
            "documents/letter.txt",
            {
                "b_statement_max_age_months": max_age,
                "client": client,
                "statement_type": statement_type,
                "addressed_to": addressed_to,
                "applied_for": applied_for,
                "reason": reason,
                "contact": contact,
                "contact_details": contact_details,
            },
        ).strip()


def _required(*texts: str) -> list[str]:
    cleaned = [text.strip() for text in texts]
    if not all(cleaned):
        raise TextRequired()
    return cleaned


def statement_request_create(
    *,
    actor: User,
    client: Client,
    statement_type: str,
    addressed_to: str,
    applied_for: str,
    reason: str,
    contact: User,
    contact_details: str = "",
    request: HttpRequest | None = None,
) -> StatementRequest:
    """Draft a request for a medical statement with its generated cover letter (seed 002).

    The team's joint work (plan category, written text hidden from managers); the contact person is a
    current member of the client's open TYM case team.
    """
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        object_type=STATEMENT_REQUEST,
    )
    relationship = current_tym_relationship(client)
    if relationship is None or relationship.phase not in OPEN_PHASES:
        raise NoOpenRelationship()
    addressed_to, applied_for, reason = _required(addressed_to, applied_for, reason)
    if statement_type not in ("A", "B", "C"):
        raise DocumentTypeInvalid()
    if not relationship.team.filter(user=contact, left_on__isnull=True).exists():
        raise ContactNotOnTeam()
    contact_details = contact_details.strip() or " ".join(
        part for part in (contact.phone, contact.email) if part
    )
    letter = compose_letter(
        client=client,
        statement_type=statement_type,
        addressed_to=addressed_to,
        applied_for=applied_for,
        reason=reason,
        contact=contact,
        contact_details=contact_details,
    )
    return record(
        StatementRequest,
        actor,
        client=client,
        relationship=relationship,
        statement_type=statement_type,
        addressed_to=addressed_to,
        applied_for=applied_for,
        reason=reason,
        contact=contact,
        contact_details=contact_details[:200],
        letter=letter,
    )


def statement_request_update(
    *,
    actor: User,
    statement_request: StatementRequest,
    letter: str,
    expected_revision: int,
    sent_on: date | None = None,
    received_on: date | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> StatementRequest:
    """Edit the letter and record when it was sent and the statement received; a stale edit is refused."""
    authorize_record(
        actor=actor,
        action=Action.UPDATE,
        record=statement_request,
        object_type=STATEMENT_REQUEST,
        category=DataCategory.PLAN,
        request=request,
    )
    (letter,) = _required(letter)
    today = today or timezone.localdate()
    if any(day is not None and day > today for day in (sent_on, received_on)):
        raise InvalidDate()
    if received_on is not None and (sent_on is None or received_on < sent_on):
        raise StatusOrderInvalid()
    status = (
        StatementRequestStatus.RECEIVED
        if received_on
        else StatementRequestStatus.SENT
        if sent_on
        else StatementRequestStatus.DRAFT
    )
    return _update_if_current(
        statement_request,
        "revision",
        expected_revision,
        letter=letter,
        sent_on=sent_on,
        received_on=received_on,
        status=status,
    )


def document_withhold(
    *, actor: User, document: Document, reason: str, request: HttpRequest | None = None
) -> WithheldFromClient:
    """Decide that the document is not shown to the client in Oma Yhteispolku (SPEC §5.1): those who may
    update it (its category, the organisation holding it) may decide, with a reason; audited."""
    return withhold_from_client(
        actor=actor,
        client=document.client,
        object_type=DOCUMENT,
        object_code=document.code,
        category=DataCategory(document.category),
        reason=reason,
        owner_organisation_id=document.organisation_id,
        request=request,
    )


def document_withholding_lift(
    *, actor: User, document: Document, request: HttpRequest | None = None
) -> WithheldFromClient:
    """Show the document to the client again: the standing decision is lifted (and stays recorded)."""
    decision = withholding_of(DOCUMENT, document.code)
    if decision is None:
        raise NotWithheld()
    return withholding_lift(
        actor=actor, decision=decision, owner_organisation_id=document.organisation_id, request=request
    )
