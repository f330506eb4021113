"""Writing an event to the outbox, inside the transaction of the change it reports.

`record()` is called by the service that makes the change (cases, plans, paths, clients, applications),
after the change is written and before its transaction commits: the event and the change are one unit.
It refuses to run outside a transaction, and refuses any field its event type does not declare or any
value that is not a code, an id, a number or a date, so free text or a name cannot reach a subscriber.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yhteispolku.events.models import SCHEMA_VERSION, ClientStream, EventType, OutboxEvent

_RELATIONSHIP = frozenset({"relationship", "track", "responsible_organisation"})

# Each type's fields beside the envelope (docs/events.md lists them with their meaning).
FIELDS: dict[str, frozenset[str]] = {
    EventType.REFERRAL_SENT: _RELATIONSHIP | {"referral", "responsible_unit", "referring_organisation"},
    EventType.REFERRAL_ACCEPTED: _RELATIONSHIP | {"referral", "referring_organisation", "started_on"},
    EventType.REFERRAL_DECLINED: _RELATIONSHIP
    | {"referral", "referring_organisation", "suggested_alternative", "ended_on"},
    EventType.PLAN_IN_FORCE: _RELATIONSHIP
    | {"plan", "plan_type", "plan_version", "version_number", "in_force_on"},
    EventType.CONSENT_GIVEN: frozenset(
        {"consent", "purpose", "organisations", "categories", "valid_from", "valid_until", "given_by_client"}
    ),
    EventType.CONSENT_REVOKED: frozenset({"consent", "purpose", "organisations", "revoked_by_client"}),
    EventType.TRACK_CLOSED: _RELATIONSHIP | {"ended_on", "closure_reason"},
    EventType.APPLICATION_DECIDED: frozenset(
        {"application", "benefit", "decision", "decided_on", "recording_organisation"}
    ),
}

# A code: letters, digits and - _ . : (no spaces), so no sentence and no "First Last" fits.
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class NotInTransaction(RuntimeError):
    """`record` was called outside the change's transaction: the event could outlive a rolled-back change."""


def _value(name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _CODE.match(value):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_value(name, item) for item in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    raise ValueError(f"Event field {name!r} must be a code, an id, a number or a date, not {value!r:.40}")


def record(
    event_type: EventType, *, client_code: uuid.UUID, occurred_at: datetime | None = None, **fields: Any
) -> OutboxEvent:
    """Write one event for a client in the current transaction; its sequence number follows the client's
    previous event's, and the client's stream row stays locked until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction("events.services.record must run inside the change's transaction")
    unknown = set(fields) - FIELDS[event_type]
    if unknown:
        raise ValueError(f"{event_type} declares no field(s) {sorted(unknown)}")
    body = {name: _value(name, fields.get(name)) for name in sorted(FIELDS[event_type])}
    # Created if missing without a race (a concurrent first event waits here), then locked.
    ClientStream.objects.bulk_create([ClientStream(client_code=client_code)], ignore_conflicts=True)
    stream = ClientStream.objects.select_for_update().get(client_code=client_code)
    stream.last_sequence += 1
    stream.save(update_fields=["last_sequence"])
    code = uuid.uuid4()
    occurred_at = occurred_at or timezone.now()
    payload = {
        "schema_version": SCHEMA_VERSION,
        "id": str(code),
        "type": str(event_type),
        "occurred_at": occurred_at.isoformat(),
        "client": str(client_code),
        "sequence": stream.last_sequence,
        **body,
    }
    return OutboxEvent.objects.create(
        code=code,
        event_type=event_type,
        client_code=client_code,
        sequence=stream.last_sequence,
        occurred_at=occurred_at,
        schema_version=SCHEMA_VERSION,
        payload=payload,
    )


def record_for_relationship(event_type: EventType, relationship: Any, **fields: Any) -> OutboxEvent:
    """`record()` for a change to a client relationship (`cases.ClientRelationship`; this app sits below
    cases): the relationship's client, code, track and responsible organisation fill the envelope."""
    return record(
        event_type,
        client_code=relationship.client.code,
        relationship=relationship.code,
        track=relationship.track,
        responsible_organisation=relationship.responsible_organisation.code,
        **fields,
    )
