"""What the client does in Oma Yhteispolku: accept a plan version (SPEC §3 step 6, §5.1)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import Closure
from yhteispolku.cases.services import closure_client_feedback
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.models import ClientTodo
from yhteispolku.collaboration.services import client_todo_done_by_client
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.plans.errors import AlreadyDone, VersionNotEditable
from yhteispolku.plans.models import AcceptanceHow, ClientAcceptance, PlanVersion
from yhteispolku.plans.services import record_acceptance
from yhteispolku.portal.selectors import NOT_OWN_DATA, awaiting_acceptance, own_closure
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
    if not own:
        raise Http404
    return client_todo_done_by_client(todo=todo)
