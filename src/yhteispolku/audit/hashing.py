"""The hash of an access event: one definition, used when an entry is written and when it is verified.

The hash covers a fixed list of fields plus the previous entry's hash, serialised as canonical JSON
(sorted keys, no whitespace, UTF-8; for the value types used here this is RFC 8785 JSON), so that
anyone can recompute it outside this program. Changing this format breaks every stored chain: a
new format needs a version column and both formats kept.
"""

import functools
import hashlib
import ipaddress
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from yhteispolku.audit.models import AccessEvent

ZERO_HASH = "0" * 64

# The entry's own id is left out on purpose: the hash is computed before the row is inserted, and
# the order of entries is already fixed by each entry naming the hash of the one before it.
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_name",
    "actor_role",
    "actor_organisation",
    "client_code",
    "object_type",
    "object_id",
    "category",
    "action",
    "purpose",
    "allowed",
    "reason",
    "ip_address",
    "previous_hash",
)


# Few distinct addresses recur across millions of entries: verification parses each once.
@functools.lru_cache(maxsize=4096)
def normalise_ip_address(value: str | None) -> str | None:
    """The one spelling of an address, so that PostgreSQL's `inet` output hashes like the input did."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.split("%", 1)[0]))
    except ValueError:
        return None


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bool | int) or value is None:
        return value
    # TextChoices members and plain strings alike become their stored value.
    return str(value)


def canonical_values(values: Sequence[Any]) -> bytes:
    """The payload of the values of `HASHED_FIELDS`, in that order (verification reads rows as tuples)."""
    payload = {name: _canonical_value(value) for name, value in zip(HASHED_FIELDS, values, strict=True)}
    payload["ip_address"] = normalise_ip_address(payload["ip_address"])
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_payload(event: "AccessEvent") -> bytes:
    return canonical_values([getattr(event, name) for name in HASHED_FIELDS])


def compute_values_hash(values: Sequence[Any]) -> str:
    return hashlib.sha256(canonical_values(values)).hexdigest()


def compute_entry_hash(event: "AccessEvent") -> str:
    return compute_values_hash([getattr(event, name) for name in HASHED_FIELDS])
