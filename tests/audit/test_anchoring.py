"""`anchor-audit` copies the chain head outside the database; `verify-audit` checks the newest copy."""

import io
import json
import socket
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from yhteispolku.accounts.models import User
from yhteispolku.audit.anchoring import AnchoredHead, AnchorFileError, read_anchors, write_anchor
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_access

Tamper = Callable[[str, Sequence[Any]], None]


@pytest.fixture
def entries(sanna: User) -> list[AccessEvent]:
    client = uuid.uuid4()
    return [
        record_access(
            actor=sanna,
            action="view",
            category=category,
            purpose="tym_joint_work",
            allowed=True,
            client_code=client,
        )
        for category in ("basic", "social", "health", "plan")
    ]


def command(name: str, *arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


@pytest.mark.django_db
def test_anchor_audit_appends_the_head_and_verify_audit_checks_it(entries: list[AccessEvent]) -> None:
    output, _err = command("anchor_audit")

    line = json.loads(anchor_file().read_text().splitlines()[-1])
    assert line["format"] == 1
    assert line["anchored_at"]
    assert line["heads"] == [
        {
            "chain": f"access-{entries[-1].chain}",
            "event_id": entries[-1].pk,
            "entry_hash": entries[-1].entry_hash,
            "occurred_at": entries[-1].occurred_at.isoformat(timespec="microseconds"),
        }
    ]
    assert json.loads(output) == line
    output, err = command("verify_audit")
    assert f"Lokin ulkopuolinen ankkuri täsmää: merkintä {entries[-1].pk}." in output
    assert err == ""


@pytest.mark.django_db
def test_truncated_tail_with_the_head_moved_back_fails_against_the_anchor(
    entries: list[AccessEvent], tamper: Tamper
) -> None:
    command("anchor_audit")
    tamper("DELETE FROM audit_accessevent WHERE id >= %s", [entries[2].pk])
    ChainHead.objects.update(last_event_id=entries[1].pk, last_hash=entries[1].entry_hash)

    # The chain alone cannot tell: this is why the anchor is checked by default.
    assert "Käyttöloki on eheä: 2 merkintää." in command("verify_audit", "--full", "--no-anchor")[0]
    with pytest.raises(CommandError, match="lokin lopusta on poistettu merkintöjä") as error:
        command("verify_audit")
    assert error.value.returncode == 1
    assert f"merkintä {entries[3].pk}, mutta lokin viimeinen merkintä on {entries[1].pk}" in str(error.value)
    # A later run does not anchor the shortened log.
    with pytest.raises(CommandError, match="sitä ei ankkuroitu"):
        command("anchor_audit")
    assert len(read_anchors()) == 1


@pytest.mark.django_db
def test_a_rewritten_anchored_entry_is_refused(entries: list[AccessEvent], tamper: Tamper) -> None:
    write_anchor([AnchoredHead("access", entries[2].pk, "b" * 64)])

    with pytest.raises(CommandError, match=f"Merkintä {entries[2].pk} puuttuu tai sen tiiviste"):
        command("verify_audit")


@pytest.mark.django_db
def test_the_newest_of_several_anchors_is_checked(entries: list[AccessEvent], sanna: User) -> None:
    command("anchor_audit")
    newer = record_access(actor=sanna, action="view", category="basic", purpose="other", allowed=True)
    command("anchor_audit")

    anchors = read_anchors()
    # Each line names every chain's head; the newest entry is the head of its chain.
    assert [max(head.event_id for head in record.heads) for record in anchors] == [entries[-1].pk, newer.pk]
    assert f"ankkuri täsmää: merkintä {newer.pk}." in command("verify_audit")[0]


@pytest.mark.django_db
def test_without_an_anchor_the_chain_is_checked_with_a_warning(entries: list[AccessEvent]) -> None:
    output, err = command("verify_audit")

    assert "Käyttöloki on eheä: 4 merkintää." in output
    assert "ankkuritiedostossa" in err
    assert "ei ole yhtään ankkuria" in err


@pytest.mark.django_db
def test_an_empty_log_is_not_anchored() -> None:
    output, _err = command("anchor_audit")

    assert "ankkuroitavaa ei ole" in output
    assert not anchor_file().exists()


def test_a_line_cut_short_by_a_crash_is_skipped_but_other_damage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    first = write_anchor([AnchoredHead("access", 7, "a" * 64)], path=path)
    with path.open("a") as file:
        file.write('{"format": 1, "anchored_at": "2026-12')

    assert [record.heads for record in read_anchors(path)] == [first.heads]

    path.write_text(path.read_text() + "\n" + first.as_json() + "\n")
    with pytest.raises(AnchorFileError, match="line 2: not an anchor"):
        read_anchors(path)


def test_an_anchor_names_each_chain_head(tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    heads = [AnchoredHead("access", 7, "a" * 64), AnchoredHead("access-2027", 3, "c" * 64)]

    write_anchor(heads, path=path)

    (record,) = read_anchors(path)
    assert record.heads == tuple(heads)
    assert record.head("access-2027") == heads[1]
    assert oct(path.stat().st_mode & 0o777) == "0o640"


def test_each_anchor_goes_to_syslog_when_configured(tmp_path: Path, settings: Any) -> None:
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    try:
        settings.AUDIT_ANCHOR_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"

        record = write_anchor([AnchoredHead("access", 7, "a" * 64)], path=tmp_path / "anchors.jsonl")

        message = receiver.recv(65536).decode()
    finally:
        receiver.close()
    # <36>: facility auth (4) × 8 + severity warning (4).
    assert message.startswith("<36>yhteispolku-audit-anchor: ")
    assert message.rstrip("\x00").endswith(record.as_json())


def test_a_wrong_syslog_address_is_named(tmp_path: Path, settings: Any) -> None:
    settings.AUDIT_ANCHOR_SYSLOG = "no-port"

    with pytest.raises(AnchorFileError, match="expected /path/to/socket or host:port"):
        write_anchor([AnchoredHead("access", 7, "a" * 64)], path=tmp_path / "anchors.jsonl")
