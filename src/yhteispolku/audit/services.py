"""Writing the access log. Every entry goes through `_append`, which keeps the chain single."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.errors import ChainHeadMissing
from yhteispolku.audit.hashing import ZERO_HASH, compute_entry_hash, normalise_ip_address
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.core.categories import Action, DataCategory, Purpose

# The actor role of an entry written by a client herself in Oma Yhteispolku (not a professional's role):
# `actor` is empty, `actor_username` is "client:" and her client code, `actor_name` her name at the time.
CLIENT_ACTOR_ROLE = "client"
CLIENT_ACTOR_PREFIX = "client:"


@dataclass(frozen=True)
class ClientActor:
    """The client herself as the actor of an access (her own service); not a professional account."""

    code: uuid.UUID
    name: str

    @property
    def username(self) -> str:
        return f"{CLIENT_ACTOR_PREFIX}{self.code}"


def record_access(
    *,
    actor: User | ClientActor | None,
    action: str,
    category: str,
    purpose: str,
    allowed: bool,
    client_code: uuid.UUID | str | None = None,
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> AccessEvent:
    """Append one access decision to the chained log (SPEC §5: every read and write, allowed or denied).

    `actor` is None only for system jobs; a `ClientActor` is the client herself (Oma Yhteispolku), who may
    be denied another client's data. A denied decision names its `reason` (a short code such as
    "no_relation"); an allowed one has none.

    The entry joins the caller's transaction, so a write that is rolled back takes its entry with it.
    The chain head stays locked until that transaction ends: call this late in a long transaction,
    and record a denial outside any transaction that the denial then rolls back.
    """
    if allowed and reason:
        raise ValueError("an allowed access has no reason code")
    if not allowed and not reason:
        raise ValueError("a denied access needs a reason code")
    event = _new_event(
        actor=actor,
        action=action,
        category=category,
        purpose=purpose,
        allowed=allowed,
        client_code=client_code,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        request=request,
    )
    _append([event])
    return event


def record_accesses(
    *,
    actor: User | None,
    action: str,
    category: str,
    purpose: str,
    client_codes: Iterable[uuid.UUID | str],
    object_type: str = "",
    request: HttpRequest | None = None,
    object_id: str = "",
) -> list[AccessEvent]:
    """Append one allowed entry per client, as `record_access` would, under one lock (a list page).

    Denials are single decisions and go through `record_access`.
    """
    events = [
        _new_event(
            actor=actor,
            action=action,
            category=category,
            purpose=purpose,
            allowed=True,
            client_code=client_code,
            object_type=object_type,
            object_id=object_id,
            reason="",
            request=request,
        )
        for client_code in client_codes
    ]
    if events:
        _append(events)
    return events


def _new_event(
    *,
    actor: User | ClientActor | None,
    action: str,
    category: str,
    purpose: str,
    allowed: bool,
    client_code: uuid.UUID | str | None,
    object_type: str,
    object_id: str,
    reason: str,
    request: HttpRequest | None,
) -> AccessEvent:
    if client_code is not None and not isinstance(client_code, uuid.UUID):
        client_code = uuid.UUID(str(client_code))
    if isinstance(actor, ClientActor):
        return AccessEvent(
            actor=None,
            actor_username=actor.username,
            actor_name=actor.name,
            actor_role=CLIENT_ACTOR_ROLE,
            actor_organisation="",
            client_code=client_code,
            object_type=object_type,
            object_id=str(object_id or ""),
            category=DataCategory(category).value,
            action=Action(action).value,
            purpose=Purpose(purpose).value,
            allowed=allowed,
            reason=reason,
            ip_address=_ip_address(request),
        )
    return AccessEvent(
        actor=actor,
        actor_username=actor.username if actor else "",
        actor_name=(actor.get_full_name() or actor.username) if actor else "",
        actor_role=(actor.role_id or "") if actor else "",
        actor_organisation=actor.organisation.name_fi if actor and actor.organisation else "",
        client_code=client_code,
        object_type=object_type,
        object_id=str(object_id or ""),
        # The enums refuse a value outside the policy's vocabulary.
        category=DataCategory(category).value,
        action=Action(action).value,
        purpose=Purpose(purpose).value,
        allowed=allowed,
        reason=reason,
        ip_address=_ip_address(request),
    )


def _append(events: list[AccessEvent]) -> None:
    with transaction.atomic():
        head = _lock_chain_head()
        # Taken after the lock, so that time never runs backwards along the chain.
        now = timezone.now()
        previous_hash = head.last_hash
        for event in events:
            event.occurred_at = now
            event.previous_hash = previous_hash
            event.entry_hash = previous_hash = compute_entry_hash(event)
        # One multi-row INSERT under the lock: ids follow the list's order, and the chain is fixed by
        # each entry naming its predecessor's hash. The model's own manager refuses bulk writes, so that
        # nothing else can add entries without the lock and the hashes; the base manager is Django's own.
        created = AccessEvent._base_manager.bulk_create(events)
        head.last_event_id = created[-1].pk
        head.last_hash = previous_hash
        head.save(update_fields=["last_event_id", "last_hash"])


def _lock_chain_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=ChainHead.SINGLETON_ID).first()
    if head is not None:
        return head
    # Migration 0003 creates the head; it is missing only in an emptied (test) database. Starting a new
    # chain over existing entries would hide whatever removed the head, so refuse that.
    if AccessEvent.objects.exists():
        raise ChainHeadMissing("the access log has entries but no chain head; run verify_audit")
    # Two first writers may race here; get_or_create lets the loser wait for and lock the winner's row.
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=ChainHead.SINGLETON_ID, defaults={"last_event_id": None, "last_hash": ZERO_HASH}
    )
    return head


def _ip_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the direct peer. Behind a reverse proxy it is the proxy's address; taking the
    # client's address from X-Forwarded-For must wait until the proxy count is configured and trusted.
    return normalise_ip_address(request.META.get("REMOTE_ADDR"))
