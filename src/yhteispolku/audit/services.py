"""Writing the access log. Every entry goes through `_append`, which keeps each chain single."""

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
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

    In a request (the audit middleware) the entry is written with the request's other entries when the
    request ends, in one INSERT, unless it is an allowed access inside a write's transaction: that one
    joins the transaction at once, so that a write rolled back takes its entry with it, and its chain's
    head stays locked until the transaction ends (call this late in a long transaction). A denial is
    always kept for the end of the request, so the rollback it causes does not erase it. Outside a
    request (commands, jobs) every call writes at once, in the caller's transaction.
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
    event.chain = chain_of(event)
    _record([event])
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
    """Append one allowed entry per client, as `record_access` would, in one INSERT (a list page).

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
    for event in events:
        event.chain = chain_of(event, by_actor=True)
    if events:
        _record(events)
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


def chain_of(event: AccessEvent, *, by_actor: bool = False) -> int:
    """The chain an entry goes to: a stable hash of its client (else of its actor) modulo `AUDIT_CHAINS`.

    Writers for clients in other chains lock other heads and do not wait for each other. A list page's
    entries (`by_actor`, from `record_accesses`) go to the chain of the actor who saw the list: keyed by
    client they would lock most of the heads at once, and list pages would queue behind each other.
    """
    if event.client_code is not None and not by_actor:
        key = str(event.client_code)
    else:
        key = f"actor:{event.actor_username}"
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % settings.AUDIT_CHAINS


def _record(events: list[AccessEvent]) -> None:
    pending = _request_entries.get()
    # Inside a write's transaction an allowed entry is written at once, so that it is rolled back with the
    # write; a denial waits for the end of the request, so that the rollback it causes cannot erase it.
    if pending is not None and (not _in_write_transaction() or not all(event.allowed for event in events)):
        pending.extend(events)
        return
    _append(events)


def _in_write_transaction() -> bool:
    # A test case's own transaction (Django marks its atomic blocks) is not the application's: a page
    # under test buffers its entries as it does in production.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


# The entries of the current request not yet written (None outside a request): see one_write_per_request.
_request_entries: ContextVar[list[AccessEvent] | None] = ContextVar("audit_request_entries", default=None)


@contextmanager
def one_write_per_request() -> Iterator[None]:
    """Collect the request's entries and write them in one INSERT when it ends (the audit middleware).

    The entries are written before the response leaves (a failed write is a 500, never data shown
    unlogged), also when the view raised. Entries recorded inside a write's transaction are not
    collected (see `_record`).
    """
    token = _request_entries.set([])
    try:
        yield
    finally:
        pending = _request_entries.get() or []
        _request_entries.reset(token)
        if pending:
            _append(pending)


def _append(events: list[AccessEvent]) -> None:
    # The chain was chosen when the entry was made (record_access, record_accesses).
    by_chain: dict[int, list[AccessEvent]] = {}
    for event in events:
        by_chain.setdefault(event.chain, []).append(event)
    chains = sorted(by_chain)
    with transaction.atomic():
        heads = _lock_chain_heads(chains)
        # Taken after the locks, so that time never runs backwards along a chain.
        now = timezone.now()
        ordered: list[AccessEvent] = []
        for chain in chains:
            previous_hash = heads[chain].last_hash
            for event in by_chain[chain]:
                event.occurred_at = now
                event.previous_hash = previous_hash
                event.entry_hash = previous_hash = compute_entry_hash(event)
                ordered.append(event)
        # One multi-row INSERT under the locks: ids follow the list's order, so within each chain they
        # follow the chain. The model's own manager refuses bulk writes, so that nothing else can add
        # entries without the locks and the hashes; the base manager is Django's own.
        AccessEvent._base_manager.bulk_create(ordered)
        moved = [(by_chain[chain][-1].pk, by_chain[chain][-1].entry_hash, chain) for chain in chains]
        # Plain statements: this runs under the locks on every request, where the ORM's bulk_update
        # (a CASE per column) cost more Python time than the database spent on the whole append.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_CHAIN_HEAD_TABLE} SET last_event_id = %s, last_hash = %s WHERE id = %s",  # noqa: S608
                moved,
            )


def _lock_chain_heads(chains: list[int]) -> dict[int, ChainHead]:
    """Lock the heads of `chains` in ascending order (every writer does, so two writers never deadlock)."""
    heads = _locked(chains)
    missing = [chain for chain in chains if chain not in heads]
    if missing:
        # A chain's head is created with its first entry. Starting chains when every head is gone would
        # hide whatever removed them. (Entries first: a racing first writer commits its head with them.)
        if not heads and AccessEvent.objects.exists() and not ChainHead.objects.exists():
            raise ChainHeadMissing("the access log has entries but no chain head; run verify_audit")
        # Two first writers of a chain may race: the loser's insert waits for the winner's and is dropped.
        new_heads = [ChainHead(id=chain, last_event_id=None, last_hash=ZERO_HASH) for chain in missing]
        ChainHead.objects.bulk_create(new_heads, ignore_conflicts=True)
        heads |= _locked(missing)
        # A locked head that names no entry starts its chain: entries there would be another's whose
        # head was removed (a writer updates the head before it commits its entries).
        empty = [chain for chain in missing if heads[chain].last_event_id is None]
        if empty and AccessEvent.objects.filter(chain__in=empty).exists():
            raise ChainHeadMissing("a chain of the access log has entries but no head; run verify_audit")
    return heads


_CHAIN_HEAD_TABLE = ChainHead._meta.db_table


def _locked(chains: list[int]) -> dict[int, ChainHead]:
    # ORDER BY: PostgreSQL locks the rows in the order it returns them. (SQLite has no row locks: its
    # writers take the database's one write lock.)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    placeholders = ", ".join(["%s"] * len(chains))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, last_event_id, last_hash FROM {_CHAIN_HEAD_TABLE} "  # noqa: S608 (constant names)
            f"WHERE id IN ({placeholders}) ORDER BY id{lock}",
            chains,
        )
        rows = cursor.fetchall()
    return {
        pk: ChainHead(id=pk, last_event_id=last_event_id, last_hash=last_hash)
        for pk, last_event_id, last_hash in rows
    }


def _ip_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the direct peer. Behind a reverse proxy it is the proxy's address; taking the
    # client's address from X-Forwarded-For must wait until the proxy count is configured and trusted.
    return normalise_ip_address(request.META.get("REMOTE_ADDR"))
