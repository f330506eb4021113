"""Copies of the chain head kept outside the database (anchors), written by `anchor-audit` and read back
by `verify-audit`.

The chain shows a changed, removed or reordered entry, but not a log whose last entries were removed and
whose chain head was moved back, nor one rewritten with every hash computed again: both look like a
genuine, shorter log. An anchor, written where the database's administrators cannot reach, closes that:
the anchored entry must still be there, with the same hash.

The anchor file holds one JSON object per line, appended and never rewritten:

    {"format": 1, "anchored_at": "2026-12-02T16:20:00.123456+00:00",
     "heads": [{"chain": "access-0", "event_id": 1234, "entry_hash": "83c8…", "occurred_at": "…"}, …]}

`heads` lists the head of every chain of the log (`access-<number>`, see services.chain_of) in one line.
Anchors written while the log was one chain name it `access`: that chain went on as chain 0.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from yhteispolku.audit.verification import Anchor

FORMAT_VERSION = 1
# The name of the one chain of the log before it was split; it went on as chain 0.
ACCESS_CHAIN = "access"
CHAIN_PREFIX = "access-"
SYSLOG_LOGGER = "yhteispolku.audit.anchor"


class AnchorFileError(Exception):
    """The anchor file cannot be read or written, or holds something that is not an anchor."""


@dataclass(frozen=True)
class AnchoredHead:
    chain: str
    event_id: int
    entry_hash: str
    occurred_at: str = ""


@dataclass(frozen=True)
class AnchorRecord:
    anchored_at: datetime
    heads: tuple[AnchoredHead, ...]
    line_number: int = 0

    def head(self, chain: str = ACCESS_CHAIN) -> AnchoredHead | None:
        return next((head for head in self.heads if head.chain == chain), None)

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "anchored_at": self.anchored_at.isoformat(timespec="microseconds"),
                "heads": [
                    {
                        "chain": head.chain,
                        "event_id": head.event_id,
                        "entry_hash": head.entry_hash,
                        "occurred_at": head.occurred_at,
                    }
                    for head in self.heads
                ],
            },
            sort_keys=True,
            separators=(",", ":"),
        )


def chain_name(chain: int) -> str:
    return f"{CHAIN_PREFIX}{chain}"


def chain_number(name: str) -> int | None:
    """The chain an anchored head names; None for a name that is not one of the access log's chains."""
    if name == ACCESS_CHAIN:
        return 0
    number = name.removeprefix(CHAIN_PREFIX)
    return int(number) if name.startswith(CHAIN_PREFIX) and number.isdigit() else None


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def write_anchor(heads: list[AnchoredHead], *, path: Path | None = None) -> AnchorRecord:
    """Append one anchor line, flushed to the disk before returning, and send it to syslog if configured."""
    if not heads:
        raise ValueError("an anchor names at least one chain head")
    record = AnchorRecord(anchored_at=timezone.now(), heads=tuple(heads))
    line = (record.as_json() + "\n").encode("utf-8")
    path = path or anchor_path()
    created = not path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: the write lands at the end whatever else holds the file open; one write() per line.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if created:
            _fsync_directory(path.parent)
    except OSError as error:
        raise AnchorFileError(f"{path}: {error.strerror or error}") from error
    address = settings.AUDIT_ANCHOR_SYSLOG
    if address:
        try:
            send_to_syslog(record, address)
        except OSError as error:
            raise AnchorFileError(f"syslog {address}: {error.strerror or error} (the file has it)") from error
    return record


def _fsync_directory(directory: Path) -> None:
    # A new file's name is durable only once its directory is.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def syslog_address(value: str) -> str | tuple[str, int]:
    """`/dev/log` (a local socket) or `host:port` (UDP) → what `SysLogHandler` takes."""
    if value.startswith("/"):
        return value
    host, _colon, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise AnchorFileError(f"AUDIT_ANCHOR_SYSLOG: expected /path/to/socket or host:port, not {value!r}")
    return host, int(port)


def send_to_syslog(record: AnchorRecord, address: str) -> None:
    """One message per anchor, facility `auth`, to the organisation's log service (SIEM)."""
    handler = logging.handlers.SysLogHandler(
        address=syslog_address(address),
        facility=logging.handlers.SysLogHandler.LOG_AUTH,
        socktype=socket.SOCK_DGRAM,
    )
    handler.setFormatter(logging.Formatter("yhteispolku-audit-anchor: %(message)s"))
    try:
        message = logging.LogRecord(SYSLOG_LOGGER, logging.WARNING, __file__, 0, record.as_json(), None, None)
        handler.handle(message)
    finally:
        handler.close()


def read_anchors(path: Path | None = None) -> list[AnchorRecord]:
    """Every anchor in the file, oldest first; an empty list when there is no file yet."""
    path = path or anchor_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as error:
        raise AnchorFileError(f"{path}: {error.strerror or error}") from error
    records = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(_parse(line, number))
        except (ValueError, KeyError, TypeError) as error:
            # A line cut short by a crash while it was written is the last one, with no newline after it;
            # it is skipped (the anchor before it still holds). Anything else is not ours to ignore.
            if number == len(lines) and not text.endswith("\n"):
                continue
            raise AnchorFileError(f"{path}, line {number}: not an anchor ({error})") from error
    return records


def latest_anchor(path: Path | None = None) -> AnchorRecord | None:
    records = read_anchors(path)
    return records[-1] if records else None


def _parse(line: str, number: int) -> AnchorRecord:
    data: dict[str, Any] = json.loads(line)
    if data["format"] != FORMAT_VERSION:
        raise ValueError(f"unknown format {data['format']!r}")
    heads = tuple(
        AnchoredHead(
            chain=str(head["chain"]),
            event_id=int(head["event_id"]),
            entry_hash=_hash(head["entry_hash"]),
            occurred_at=str(head.get("occurred_at", "")),
        )
        for head in data["heads"]
    )
    if not heads:
        raise ValueError("no chain heads")
    return AnchorRecord(
        anchored_at=datetime.fromisoformat(data["anchored_at"]), heads=heads, line_number=number
    )


def _hash(value: object) -> str:
    text = str(value)
    if len(text) != 64 or any(character not in "0123456789abcdef" for character in text):
        raise ValueError(f"not a SHA-256 hash: {text!r}")
    return text


def anchors_of(record: AnchorRecord | None) -> list[Anchor]:
    """The heads of an anchor line that name the access log's chains, as anchors to verify against."""
    if record is None:
        return []
    anchors = []
    for head in record.heads:
        number = chain_number(head.chain)
        if number is not None:
            anchors.append(Anchor(event_id=head.event_id, entry_hash=head.entry_hash, chain=number))
    return anchors
