"""What the client does in Oma Yhteispolku (SPEC §3 step 6, §5.1): accept a plan version, give feedback,
deliver her to-dos (marked, or by sending the requested document), answer a consultation's request."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import Closure
from yhteispolku.cases.services import closure_client_feedback
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import withheld_codes
from yhteispolku.collaboration.models import ClientTodo, Consultation
from yhteispolku.collaboration.services import (
    client_todo_document_by_client,
    client_todo_done_by_client,
    consultation_answer_by_client,
)
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.plans.errors import AlreadyDone, VersionNotEditable
from yhteispolku.plans.models import AcceptanceHow, ClientAcceptance, PlanVersion
from yhteispolku.plans.services import record_acceptance
from yhteispolku.portal.selectors import (
    NOT_OWN_DATA,
    TODO_OBJECT_TYPE,
    awaiting_acceptance,
    own_closure,
    own_consultation_request,
    own_todo,
)
from yhteispolku.portal.session import actor_of


def accept_version(
    *, client: Client, version_code: uuid.UUID | str, request: HttpRequest | None = None
) -> ClientAcceptance:
    """The client accepts a version electronically (how = portal, today, no professional recorded it).

    Only her own plan's version that every authority has confirmed; another's is a 404 with a denied
    entry. The plans app records it (`plans.services.record_acceptance`, the same step a professional's
    recording takes): a second acceptance is AlreadyDone (409) and nothing changes; once all have
    confirmed, the version comes into force.
    """
    version = (
        PlanVersion.objects.select_related("plan__relationship__client").filter(code=version_code).first()
    )
    if version is None:
        raise Http404
    owner = version.plan.relationship.client

    def audit(allowed: bool, client_code: uuid.UUID, reason: str = "") -> None:
        record_access(
            actor=actor_of(client),
            action=Action.UPDATE,
            category=DataCategory.PLAN,
            purpose=Purpose.CLIENT_OWN,
            allowed=allowed,
            reason=reason,
            client_code=client_code,
            object_type="plans.clientacceptance",
            object_id=str(version.code),
            request=request,
        )

    if owner.pk != client.pk:
        audit(False, owner.code, NOT_OWN_DATA)
        raise Http404
    audit(True, client.code)
    if ClientAcceptance.objects.filter(version=version).exists():
        raise AlreadyDone(_("Olet jo hyväksynyt tämän suunnitelman version."))
    if awaiting_acceptance(version.plan) != version:
        # Not (yet) confirmed by every authority, or no longer the newest draft.
        raise VersionNotEditable(_("Tämä suunnitelman versio ei odota hyväksyntääsi."))
    return record_acceptance(
        version=version, accepted_on=timezone.localdate(), how=AcceptanceHow.PORTAL, recorded_by=None
    )


def give_feedback(
    *,
    client: Client,
    relationship_code: uuid.UUID | str,
    score: int,
    text: str = "",
    request: HttpRequest | None = None,
) -> Closure:
    """Her feedback 0–10 and text on a relationship that is ending or ended, once (SPEC §5.1).

    Audited as her own write; another's relationship is a 404 with a denied entry. The cases app records
    it as the client's (`cases.services.closure_client_feedback`): no professional update changes it, and
    a second answer is FeedbackAlreadyGiven (409) with nothing changed.
    """
    _relationship, closure = own_closure(
        client=client, relationship_code=relationship_code, request=request, action=Action.UPDATE
    )
    return closure_client_feedback(closure_id=closure.pk, score=score, text=text)


def mark_todo_done(
    *, client: Client, todo_code: uuid.UUID | str, request: HttpRequest | None = None
) -> ClientTodo:
    """She marks one of her to-dos delivered (today), audited as her own write; another's is a 404 with a
    denied entry; one already delivered or cancelled is AlreadyDone (409) and nothing changes."""
    todo = ClientTodo.objects.select_related("relationship__client").filter(code=todo_code).first()
    if todo is None:
        raise Http404
    owner = todo.relationship.client
    own = owner.pk == client.pk
    record_access(
        actor=actor_of(client),
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        purpose=Purpose.CLIENT_OWN,
        allowed=own,
        reason="" if own else NOT_OWN_DATA,
        client_code=owner.code,
        object_type="collaboration.clienttodo",
        object_id=str(todo.code),
        request=request,
    )
    if not own or todo.code in withheld_codes(client, TODO_OBJECT_TYPE):
        # A to-do withheld from her (SPEC §5.1) is as absent as another's.
        raise Http404
    return client_todo_done_by_client(todo=todo)


def send_todo_document(
    *,
    client: Client,
    todo_code: uuid.UUID | str,
    upload: UploadedFile | None,
    dated_on: date,
    author_name: str,
    request: HttpRequest | None = None,
) -> ClientTodo:
    """She sends the document one of her to-dos asks for (SPEC §5.1, issue 13): audited as her own write
    of the to-do and of a document in the requested type's category; another's to-do is a 404 with a
    denied entry. The collaboration app delivers the to-do by the document, which the documents app
    records with its own checks (size, type by content): a refused file or a second delivery (409) saves
    nothing."""
    todo = own_todo(client=client, todo_code=todo_code, request=request, action=Action.UPDATE)
    delivered = client_todo_document_by_client(
        todo=todo, upload=upload, dated_on=dated_on, author_name=author_name
    )
    document = delivered.document
    assert document is not None
    # The document is hers, written by her: one entry naming it, in its category.
    record_access(
        actor=actor_of(client),
        action=Action.CREATE,
        category=document.category,
        purpose=Purpose.CLIENT_OWN,
        allowed=True,
        client_code=client.code,
        object_type="documents.document",
        object_id=str(document.code),
        request=request,
    )
    return delivered


def answer_consultation(
    *, client: Client, consultation_code: uuid.UUID | str, agree: bool, request: HttpRequest | None = None
) -> Consultation:
    """She agrees to, or declines, a consultation she was asked about (R-CONS-1), audited as her own
    write; another's is a 404 with a denied entry. The collaboration app records it as given by her
    (`consultation_answer_by_client`): a second answer, or one after the consultation's time, is a 409
    and nothing changes."""
    shown = own_consultation_request(
        client=client, consultation_code=consultation_code, request=request, action=Action.UPDATE
    )
    return consultation_answer_by_client(consultation=shown.consultation, agree=agree)
