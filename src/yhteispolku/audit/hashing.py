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
    """The payload of the values of `HASHED_FIELDS`, in that order (verification reads rows as tuples).

    The same bytes as `json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`,
    written out field by field: verification hashes millions of entries and this is its inner loop
    (`tests/audit/test_hashing.py` compares the two on awkward values)."""
    if len(values) != len(HASHED_FIELDS):
        raise ValueError(f"{len(HASHED_FIELDS)} values expected, got {len(values)}")
    # Most values are text as stored; only the others go through the conversion.
    plain = [value if type(value) is str else _canonical_value(value) for value in values]
    plain[_IP_ADDRESS] = normalise_ip_address(plain[_IP_ADDRESS])
    members = ",".join(
        key + ":" + (_encode_text(value) if type(value) is str else _json_scalar(value))
        for key, value in zip(_SORTED_KEYS, [plain[index] for index in _SORTED_ORDER], strict=True)
    )
    return ("{" + members + "}").encode("utf-8")


def _json_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


_encode_text = json.encoder.encode_basestring  # json.dumps's own escaping for ensure_ascii=False
_SORTED_ORDER = sorted(range(len(HASHED_FIELDS)), key=lambda index: HASHED_FIELDS[index])
_SORTED_KEYS = [_encode_text(HASHED_FIELDS[index]) for index in _SORTED_ORDER]
_IP_ADDRESS = HASHED_FIELDS.index("ip_address")


def canonical_payload(event: "AccessEvent") -> bytes:
    return canonical_values([getattr(event, name) for name in HASHED_FIELDS])


def compute_values_hash(values: Sequence[Any]) -> str:
    return hashlib.sha256(canonical_values(values)).hexdigest()


def compute_entry_hash(event: "AccessEvent") -> str:
    return compute_values_hash([getattr(event, name) for name in HASHED_FIELDS])
