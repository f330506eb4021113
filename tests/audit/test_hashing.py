import json
import random
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from yhteispolku.audit.hashing import (
    HASHED_FIELDS,
    ZERO_HASH,
    _canonical_value,
    canonical_payload,
    canonical_values,
    compute_entry_hash,
    normalise_ip_address,
)
from yhteispolku.audit.models import AccessEvent

HELSINKI_WINTER = timezone(timedelta(hours=2))


def entry(**changes: object) -> AccessEvent:
    fields: dict[str, object] = {
        "occurred_at": datetime(2026, 11, 23, 13, 19, 30, 123456, tzinfo=HELSINKI_WINTER),
        "actor_id": 7,
        "actor_username": "sanna.sosiaali",
        "actor_name": "Sanna Sosiaali-Mäki",
        "actor_role": "social_worker",
        "actor_organisation": "Satakunnan hyvinvointialue",
        "client_code": uuid.UUID("6f1c3a52-8d4e-4b7a-9c1d-2e3f4a5b6c7d"),
        "object_type": "clients.consent",
        "object_id": "17",
        "category": "health",
        "action": "view",
        "purpose": "tym_joint_work",
        "allowed": True,
        "reason": "",
        "ip_address": "2001:db8::1",
        "previous_hash": ZERO_HASH,
        **changes,
    }
    return AccessEvent(**fields)


def test_payload_is_canonical_json_in_utc_with_microseconds() -> None:
    assert canonical_payload(entry()) == (
        '{"action":"view","actor_id":7,"actor_name":"Sanna Sosiaali-Mäki","actor_organisation":'
        '"Satakunnan hyvinvointialue","actor_role":"social_worker","actor_username":"sanna.sosiaali",'
        '"allowed":true,"category":"health","client_code":"6f1c3a52-8d4e-4b7a-9c1d-2e3f4a5b6c7d",'
        '"ip_address":"2001:db8::1","object_id":"17","object_type":"clients.consent",'
        '"occurred_at":"2026-11-23T11:19:30.123456+00:00","previous_hash":"' + ZERO_HASH + '",'
        '"purpose":"tym_joint_work","reason":""}'
    ).encode("utf-8")


def test_hash_of_a_known_entry_never_changes() -> None:
    # Stored chains depend on this value (`printf '%s' PAYLOAD | sha256sum`): if it changes, every
    # existing log fails to verify.
    assert compute_entry_hash(entry()) == "5d17d8846d167fdebec1128a8769f76dde84b574e18591fbde2e55cc1be83a85"


def test_the_same_moment_and_address_in_another_spelling_hash_alike() -> None:
    utc = entry(occurred_at=datetime(2026, 11, 23, 11, 19, 30, 123456, tzinfo=UTC))
    uppercase = entry(ip_address="2001:DB8:0:0:0:0:0:1")

    assert compute_entry_hash(utc) == compute_entry_hash(uppercase) == compute_entry_hash(entry())


def test_every_field_and_the_link_change_the_hash() -> None:
    original = compute_entry_hash(entry())
    changes = {
        "occurred_at": datetime(2026, 11, 23, 11, 19, 30, 123457, tzinfo=UTC),
        "actor_id": 8,
        "actor_username": "s",
        "actor_name": "S",
        "actor_role": "physician",
        "actor_organisation": "Kela",
        "client_code": None,
        "object_type": "clients.client",
        "object_id": "18",
        "category": "basic",
        "action": "update",
        "purpose": "other",
        "allowed": False,
        "reason": "no_relation",
        "ip_address": None,
        "previous_hash": "f" * 64,
    }

    assert all(compute_entry_hash(entry(**{name: value})) != original for name, value in changes.items())


def reference_payload(values: list[object]) -> bytes:
    """The definition in docs/audit-log.md, as json.dumps writes it."""
    payload = {name: _canonical_value(value) for name, value in zip(HASHED_FIELDS, values, strict=True)}
    payload["ip_address"] = normalise_ip_address(payload["ip_address"])
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_the_fast_payload_is_byte_for_byte_the_json_definition() -> None:
    rng = random.Random(15)
    awkward = ['"', "\\", "\n", "\t", "\x00", "\x1f", "\u2028", "ä", "Å", "😀", "</script>", "", " "]
    for _ in range(500):
        values: list[object] = [
            datetime(2026, 1, 1, tzinfo=HELSINKI_WINTER) + timedelta(microseconds=rng.randrange(10**12)),
            rng.choice([None, 0, 7, 2**40]),
            *("".join(rng.choice(awkward) for _ in range(rng.randrange(6))) for _ in range(4)),
            rng.choice([None, uuid.UUID(int=rng.getrandbits(128)), str(uuid.UUID(int=rng.getrandbits(128)))]),
            *("".join(rng.choice(awkward) for _ in range(rng.randrange(4))) for _ in range(5)),
            rng.choice([True, False]),
            rng.choice(["", "no_relation"]),
            rng.choice([None, "", "10.0.0.1", "2001:DB8::1", "not an address"]),
            "".join(rng.choice("0123456789abcdef") for _ in range(64)),
        ]
        assert canonical_values(values) == reference_payload(values)


def test_a_short_row_is_refused() -> None:
    with pytest.raises(ValueError, match="16 values expected"):
        canonical_values(["x"] * (len(HASHED_FIELDS) - 1))
