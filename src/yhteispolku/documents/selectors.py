"""Reads of documents, attachments and statement requests, through the access policy and the audit log.

A document is shown only in the categories the actor may see (SPEC §5.1): health documents to health
professionals and, with consent, to Kela's TYM work-ability advisor. Each visible category is
authorised (and so audited) once per page; the rows are read with a constant number of queries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.categories import FieldAccess, withheld_fields
from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.records import ClientReach, client_reach, client_record_for_action
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import withheld_codes
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.documents.models import Attachment, Document, DocumentType, StatementRequest
from yhteispolku.documents.rules import Freshness, b_statement_freshness
from yhteispolku.documents.services import ATTACHMENT, DOCUMENT, STATEMENT_REQUEST

# The categories documents can be in, in the order the page shows them.
DOCUMENT_CATEGORIES = (DataCategory.HEALTH, DataCategory.SOCIAL, DataCategory.EMPLOYMENT)


def client_or_404(code: uuid.UUID | str) -> Client:
    try:
        return Client.objects.select_related("recorded_by").get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# A client as one actor reaches their documents: the row and the facts about the relation.
ClientDocuments = ClientReach


def client_documents_get(
    *, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None
) -> ClientDocuments:
    """The client for the documents pages: basic data, refused with 404 to anyone without a relation."""
    return client_reach(actor=actor, client=client_or_404(code), request=request)


@dataclass(frozen=True)
class ShownDocument:
    document: Document
    can_update: bool
    freshness: Freshness | None = None
    # SPEC §5.1: a recorded decision keeps it out of the client's own service.
    withheld_from_client: bool = False


@dataclass(frozen=True)
class CategorySection:
    category: DataCategory
    visible: bool
    can_record: bool
    documents: list[ShownDocument] = field(default_factory=list)
    withheld: int = 0  # documents of the category recorded elsewhere that no consent lets the actor see


def documents_for(
    *,
    actor: User,
    context: ClientDocuments,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> list[CategorySection]:
    """The client's documents by category, only in the categories the actor may see, newest first.

    A B statement carries its R-KELA-1 freshness (at most 12 months old for Kela rehabilitation).
    """
    client, facts = context.client, context.facts
    today = today or timezone.localdate()
    visible = context.visible(actor, DOCUMENT_CATEGORIES, DOCUMENT, request)
    rows = (
        Document.objects.filter(client=client, category__in=visible)
        .select_related("author_organisation", "recorded_by", "organisation")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "id")))
        .order_by("-dated_on", "-id")
        if visible
        else Document.objects.none()
    )
    allowed = context.owned_decider(actor)

    withheld_from_client = withheld_codes(client, DOCUMENT) if visible else set()
    shown: dict[str, list[ShownDocument]] = {category: [] for category in visible}
    withheld: dict[str, int] = dict.fromkeys(visible, 0)
    for row in rows:
        row.client = client
        if not allowed(Action.VIEW, row.category, row.organisation_id):
            withheld[row.category] += 1
            continue
        freshness = (
            b_statement_freshness(row.dated_on, today)
            if row.document_type == DocumentType.MEDICAL_STATEMENT_B
            else None
        )
        shown[row.category].append(
            ShownDocument(
                row,
                allowed(Action.UPDATE, row.category, row.organisation_id),
                freshness,
                withheld_from_client=row.code in withheld_from_client,
            )
        )
    return [
        CategorySection(
            category=category,
            visible=category in visible,
            can_record=decide(actor=actor, action=Action.CREATE, category=category, facts=facts).allowed,
            documents=shown.get(category, []),
            withheld=withheld.get(category, 0),
        )
        for category in DOCUMENT_CATEGORIES
    ]


def document_for_action(
    *,
    actor: User,
    context: ClientDocuments,
    code: uuid.UUID | str,
    action: Action,
    request: HttpRequest | None = None,
) -> Document:
    """One document of the client, for an action on it (opening the edit form is an UPDATE)."""
    return client_record_for_action(
        Document.objects.select_related(
            "author_organisation", "recorded_by", "organisation"
        ).prefetch_related("attachments"),
        actor=actor,
        client=context.client,
        facts=context.facts,
        code=code,
        action=action,
        object_type=DOCUMENT,
        request=request,
    )


def attachment_for_download(
    *,
    actor: User,
    context: ClientDocuments,
    document_code: uuid.UUID | str,
    attachment_code: uuid.UUID | str,
    request: HttpRequest | None = None,
) -> Attachment:
    """A file of a document, for download: every download is a decision of the policy and an audit entry
    naming the file (a manager asking for a health document's file is refused, 403)."""
    try:
        attachment = Attachment.objects.select_related("document").get(
            code=attachment_code, document__code=document_code, document__client=context.client
        )
    except (Attachment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory(attachment.document.category),
        client=context.client,
        request=request,
        facts=context.facts,
        owner_organisation_id=attachment.document.organisation_id,
        object_type=ATTACHMENT,
        object_id=str(attachment.code),
    )
    return attachment


def statement_requests_for(
    *, actor: User, context: ClientDocuments, request: HttpRequest | None = None
) -> list[StatementRequest]:
    """The client's medical-statement requests, for the case team (written text: not for managers)."""
    if not context.can(actor, Action.VIEW, DataCategory.PLAN, STATEMENT_REQUEST):
        return []
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=context.client,
        request=request,
        facts=context.facts,
        object_type=STATEMENT_REQUEST,
    )
    return list(
        StatementRequest.objects.filter(client=context.client)
        .select_related("contact", "recorded_by")
        .order_by("-created_at", "-id")
    )


def statement_request_for_action(
    *,
    actor: User,
    context: ClientDocuments,
    code: uuid.UUID | str,
    action: Action,
    request: HttpRequest | None = None,
) -> StatementRequest:
    return client_record_for_action(
        StatementRequest.objects.select_related("contact__organisation", "recorded_by", "organisation"),
        actor=actor,
        client=context.client,
        facts=context.facts,
        code=code,
        action=action,
        object_type=STATEMENT_REQUEST,
        category=DataCategory.PLAN,
        request=request,
    )


def statement_request_fields(
    *,
    actor: User,
    context: ClientDocuments,
    statement_request: StatementRequest,
    action: Action = Action.VIEW,
    request: HttpRequest | None = None,
) -> FieldAccess:
    """The request's fields the actor may not see for `action`: the letter and the reason are health
    (`access.categories`), for health professionals and, with consent, Kela's work-ability advisor."""
    return withheld_fields(
        actor=actor,
        client=context.client,
        facts=context.facts,
        object_type=STATEMENT_REQUEST,
        object_id=str(statement_request.code),
        owner_organisation_id=statement_request.organisation_id,
        author_id=statement_request.recorded_by_id,
        request=request,
        action=action,
    )


def latest_b_statement(
    *, actor: User, context: ClientDocuments, today: date | None = None
) -> tuple[bool, Freshness | None]:
    """For R-KELA-1's advice: (whether the actor may see health documents, the freshness of the newest
    B statement they may see). The caller has authorised the health category when it is visible."""
    if not context.can(actor, Action.VIEW, DataCategory.HEALTH):
        return False, None
    rows = Document.objects.filter(
        client=context.client, document_type=DocumentType.MEDICAL_STATEMENT_B
    ).order_by("-dated_on", "-id")
    for document in rows.only("dated_on", "organisation_id", "category"):
        if decide(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.HEALTH,
            facts=context.facts,
            owner_organisation_id=document.organisation_id,
        ).allowed:
            return True, b_statement_freshness(document.dated_on, today or timezone.localdate())
    return True, None
