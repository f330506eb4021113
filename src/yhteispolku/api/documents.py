"""Documents and statements over the API: the client's documents by category (health by the health
rules), their attachments, and the medical-statement request with its cover letter (as PDF too).

Addresses key on the client's code, like the documents pages, and call the same selectors and services,
so the access policy and the audit entries are the pages'. A stale edit answers 409; a file too large
413, of a type not allowed 415; a download is a file with `Content-Disposition: attachment`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.access.categories import FieldAccess
from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.clients.selectors import withholding_of
from yhteispolku.core.categories import Action
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.documents import selectors, services
from yhteispolku.documents.errors import ContactNotOnTeam
from yhteispolku.documents.models import Attachment, Document, DocumentType, StatementRequest
from yhteispolku.documents.responses import attachment_response, pdf_response
from yhteispolku.documents.rules import b_statement_freshness
from yhteispolku.organisations.models import Organisation

router = Router(tags=["documents"])

READ_ERRORS = error_responses(400, 403, 404)
WRITE_ERRORS = error_responses(400, 403, 404, 409)


def _document(
    request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID, action: Action
) -> tuple[User, Document]:
    """The actor and the client's document, authorised for `action`."""
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    return actor, selectors.document_for_action(
        actor=actor, context=context, code=document_code, action=action, request=request
    )


def _statement_request(
    request: HttpRequest, code: uuid.UUID, request_code: uuid.UUID, action: Action
) -> tuple[User, StatementRequest, FieldAccess]:
    """The actor and the client's medical-statement request, authorised for `action`, with the fields
    withheld from the actor; editing or printing needs the health fields (access.categories)."""
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    statement_request = selectors.statement_request_for_action(
        actor=actor, context=context, code=request_code, action=action, request=request
    )
    fields = selectors.statement_request_fields(
        actor=actor, context=context, statement_request=statement_request, action=action, request=request
    )
    if action != Action.VIEW:
        fields.require("letter", "reason")
    return actor, statement_request, fields


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError(
            {
                "author_organisation": ValidationError(
                    gettext("Tuntematonta organisaatiota ei löydy."), code="unknown"
                )
            }
        )
    return organisation


class AttachmentOut(Schema):
    code: uuid.UUID
    name: str
    content_type: str
    size: int
    created_at: datetime

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(
            code=attachment.code,
            name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            created_at=attachment.created_at,
        )


class FreshnessOut(Schema):
    fresh: bool
    fresh_until: date
    rule: str = Field(description="The rule and version that decided it, e.g. R-KELA-1 v2025.1")


class DocumentOut(Schema):
    code: uuid.UUID
    document_type: str
    category: str
    dated_on: date
    author_organisation: str
    summary: str
    recorded_by: str = Field(description="The professional who recorded it; empty when the client sent it")
    sent_by_client: bool = Field(description="The client sent it herself from her to-do list in the portal")
    version: int = Field(description="Send back when correcting: a stale one is refused with 409.")
    withheld_from_client: bool = Field(
        False, description="SPEC §5.1: a recorded decision keeps it out of the client's own service"
    )
    attachments: list[AttachmentOut]
    freshness: FreshnessOut | None = Field(None, description="R-KELA-1 for a B statement")

    @classmethod
    def of(cls, document: Document, withheld_from_client: bool | None = None) -> DocumentOut:
        freshness = (
            b_statement_freshness(document.dated_on, timezone.localdate())
            if document.document_type == DocumentType.MEDICAL_STATEMENT_B
            else None
        )
        return cls(
            code=document.code,
            document_type=document.document_type,
            category=document.category,
            dated_on=document.dated_on,
            author_organisation=document.author_name,
            summary=document.summary,
            recorded_by=str(document.recorded_by) if document.recorded_by else "",
            sent_by_client=document.sent_by_client,
            version=document.version,
            withheld_from_client=(
                withholding_of(services.DOCUMENT, document.code) is not None
                if withheld_from_client is None
                else withheld_from_client
            ),
            attachments=[AttachmentOut.of(a) for a in document.attachments.all()],
            freshness=FreshnessOut(
                fresh=freshness.fresh, fresh_until=freshness.fresh_until, rule=freshness.reference
            )
            if freshness
            else None,
        )


class DocumentSectionOut(Schema):
    category: str
    visible: bool
    can_record: bool
    withheld: int = Field(description="Documents of the category no consent lets the caller see")
    documents: list[DocumentOut]


class StatementRequestOut(Schema):
    code: uuid.UUID
    statement_type: str
    addressed_to: str
    applied_for: str
    reason: str | None = Field(description="Health data: null when withheld from the caller")
    contact: uuid.UUID
    contact_details: str
    letter: str | None = Field(description="Health data: null when withheld from the caller")
    status: str
    sent_on: date | None
    received_on: date | None
    revision: int = Field(description="Send back when editing: a stale one is refused with 409.")
    withheld: list[str] = Field(
        description="Fields of another data category (health) the caller may not see (SPEC §5.1); null here"
    )

    @classmethod
    def of(cls, item: StatementRequest, fields: FieldAccess) -> StatementRequestOut:
        return cls(
            code=item.code,
            statement_type=item.statement_type,
            addressed_to=item.addressed_to,
            applied_for=item.applied_for,
            reason=None if "reason" in fields else item.reason,
            contact=item.contact.code,
            contact_details=item.contact_details,
            letter=None if "letter" in fields else item.letter,
            status=item.status,
            sent_on=item.sent_on,
            received_on=item.received_on,
            revision=item.revision,
            withheld=sorted(fields.withheld),
        )


class DocumentsOut(Schema):
    client: uuid.UUID
    sections: list[DocumentSectionOut]
    statement_requests: list[StatementRequestOut]


@router.get("/{code}", response={200: DocumentsOut, **READ_ERRORS}, summary="The client's documents")
def document_list(request: HttpRequest, code: uuid.UUID) -> Any:
    """Documents in the categories the caller may see; health documents by the health rules (SPEC §5.1)."""
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    sections = selectors.documents_for(actor=actor, context=context, request=request)
    return DocumentsOut(
        client=context.client.code,
        sections=[
            DocumentSectionOut(
                category=section.category,
                visible=section.visible,
                can_record=section.can_record,
                withheld=section.withheld,
                documents=[
                    DocumentOut.of(shown.document, shown.withheld_from_client) for shown in section.documents
                ],
            )
            for section in sections
        ],
        statement_requests=[
            StatementRequestOut.of(
                item,
                selectors.statement_request_fields(
                    actor=actor, context=context, statement_request=item, request=request
                ),
            )
            for item in selectors.statement_requests_for(actor=actor, context=context, request=request)
        ],
    )


class DocumentIn(Schema):
    document_type: str = Field(json_schema_extra={"enum": list(DocumentType.values)})
    dated_on: date
    summary: str = Field(max_length=LONG_TEXT)
    author_organisation: str | None = Field(
        None, description="Slug of a known organisation", max_length=SHORT_TEXT
    )
    author_organisation_name: str = Field(
        "", description="The author's organisation when not a known one", max_length=200
    )


class DocumentUpdateIn(DocumentIn):
    version: int = Field(description="The document's version as read; a stale one is a 409.")


@router.post("/{code}", response={201: DocumentOut, **WRITE_ERRORS}, summary="Record a document")
def document_record(request: HttpRequest, code: uuid.UUID, payload: DocumentIn) -> Any:
    """The type decides the category: only the sector owning it may record (403 otherwise)."""
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    document = services.document_record(
        actor=actor,
        client=context.client,
        document_type=payload.document_type,
        dated_on=payload.dated_on,
        summary=payload.summary,
        author_organisation=_organisation(payload.author_organisation),
        author_organisation_name=payload.author_organisation_name,
        request=request,
    )
    return Status(201, DocumentOut.of(document))


# Statement requests before the document routes, whose `{document_code}` would otherwise be asked first.
class StatementRequestIn(Schema):
    statement_type: str = Field("B", json_schema_extra={"enum": ["A", "B", "C"]})
    addressed_to: str = Field(max_length=200)
    applied_for: str = Field(max_length=300)
    reason: str = Field(max_length=LONG_TEXT)
    contact: uuid.UUID = Field(description="Code of a current team member")
    contact_details: str = Field("", max_length=200)


@router.post(
    "/{code}/statement-requests",
    response={201: StatementRequestOut, **WRITE_ERRORS},
    summary="Draft a medical-statement request and its cover letter",
)
def statement_request_create(request: HttpRequest, code: uuid.UUID, payload: StatementRequestIn) -> Any:
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    contact = User.objects.filter(code=payload.contact).first()
    if contact is None:
        raise ContactNotOnTeam()
    created = services.statement_request_create(
        actor=actor,
        client=context.client,
        statement_type=payload.statement_type,
        addressed_to=payload.addressed_to,
        applied_for=payload.applied_for,
        reason=payload.reason,
        contact=contact,
        contact_details=payload.contact_details,
        request=request,
    )
    # Its writer reads back what they wrote (access.categories).
    return Status(201, StatementRequestOut.of(created, FieldAccess()))


@router.get(
    "/{code}/statement-requests/{request_code}",
    response={200: StatementRequestOut, **READ_ERRORS},
    summary="A medical-statement request",
)
def statement_request_detail(request: HttpRequest, code: uuid.UUID, request_code: uuid.UUID) -> Any:
    _who, statement_request, fields = _statement_request(request, code, request_code, Action.VIEW)
    return StatementRequestOut.of(statement_request, fields)


class StatementRequestUpdateIn(Schema):
    revision: int = Field(description="The request's revision as read; a stale one is a 409.")
    letter: str = Field(max_length=LONG_TEXT)
    sent_on: date | None = None
    received_on: date | None = None


@router.patch(
    "/{code}/statement-requests/{request_code}",
    response={200: StatementRequestOut, **WRITE_ERRORS},
    summary="Edit the cover letter, record it sent and the statement received",
)
def statement_request_update(
    request: HttpRequest, code: uuid.UUID, request_code: uuid.UUID, payload: StatementRequestUpdateIn
) -> Any:
    actor, statement_request, fields = _statement_request(request, code, request_code, Action.UPDATE)
    return StatementRequestOut.of(
        services.statement_request_update(
            actor=actor,
            statement_request=statement_request,
            letter=payload.letter,
            expected_revision=payload.revision,
            sent_on=payload.sent_on,
            received_on=payload.received_on,
            request=request,
        ),
        fields,
    )


PDF = {
    "200": {
        "description": "The letter as PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}
FILE = {
    "200": {
        "description": "The file as a download",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/{code}/statement-requests/{request_code}/pdf",
    response=READ_ERRORS,
    openapi_extra={"responses": PDF},
    summary="The cover letter as PDF (audited as printing)",
)
def statement_request_pdf(request: HttpRequest, code: uuid.UUID, request_code: uuid.UUID) -> Any:
    _who, statement_request, _fields = _statement_request(request, code, request_code, Action.PRINT)
    return pdf_response(statement_request)


@router.get("/{code}/{document_code}", response={200: DocumentOut, **READ_ERRORS}, summary="A document")
def document_detail(request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID) -> Any:
    _who, document = _document(request, code, document_code, Action.VIEW)
    return DocumentOut.of(document)


@router.patch(
    "/{code}/{document_code}", response={200: DocumentOut, **WRITE_ERRORS}, summary="Correct a document"
)
def document_update(
    request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID, payload: DocumentUpdateIn
) -> Any:
    actor, document = _document(request, code, document_code, Action.UPDATE)
    return DocumentOut.of(
        services.document_update(
            actor=actor,
            document=document,
            document_type=payload.document_type,
            dated_on=payload.dated_on,
            summary=payload.summary,
            author_organisation=_organisation(payload.author_organisation),
            author_organisation_name=payload.author_organisation_name,
            expected_version=payload.version,
            request=request,
        )
    )


class WithholdIn(Schema):
    reason: str = Field(description="Why the client does not see it", max_length=NOTE_TEXT)


@router.post(
    "/{code}/{document_code}/withheld-from-client",
    response={200: DocumentOut, **WRITE_ERRORS},
    summary="Withhold the document from the client's own service (SPEC §5.1), with a reason",
)
def document_withhold(
    request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID, payload: WithholdIn
) -> Any:
    """Those who may update the document decide (403 otherwise); a second decision is a 409."""
    actor, document = _document(request, code, document_code, Action.VIEW)
    services.document_withhold(actor=actor, document=document, reason=payload.reason, request=request)
    return DocumentOut.of(document, True)


@router.delete(
    "/{code}/{document_code}/withheld-from-client",
    response={200: DocumentOut, **WRITE_ERRORS},
    summary="Lift the decision: the client sees the document again",
)
def document_withholding_lift(request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID) -> Any:
    actor, document = _document(request, code, document_code, Action.VIEW)
    services.document_withholding_lift(actor=actor, document=document, request=request)
    return DocumentOut.of(document, False)


UPLOAD = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        }
    }
}


@router.post(
    "/{code}/{document_code}/attachments",
    response={201: AttachmentOut, **error_responses(400, 403, 404, 413, 415)},
    openapi_extra=UPLOAD,
    summary="Attach a file (PDF, PNG, JPEG or plain text, checked by content)",
)
def attachment_add(request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID) -> Any:
    """The file is the multipart field `file`; the policy is asked before the file is read."""
    actor, document = _document(request, code, document_code, Action.VIEW)
    attachment = services.attachment_add(
        actor=actor, document=document, upload=request.FILES.get("file"), request=request
    )
    return Status(201, AttachmentOut.of(attachment))


@router.get(
    "/{code}/{document_code}/attachments/{attachment_code}",
    response=READ_ERRORS,
    openapi_extra={"responses": FILE},
    summary="Download an attachment (each download is audited)",
)
def attachment_download(
    request: HttpRequest, code: uuid.UUID, document_code: uuid.UUID, attachment_code: uuid.UUID
) -> Any:
    actor = caller(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    attachment = selectors.attachment_for_download(
        actor=actor,
        context=context,
        document_code=document_code,
        attachment_code=attachment_code,
        request=request,
    )
    return attachment_response(attachment)
