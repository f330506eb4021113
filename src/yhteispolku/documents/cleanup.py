"""Attachment files without their row, and rows without their file.

An upload writes the file first and then, in a transaction, its row (`services.attachment_add`); a process
killed in between (kill -9, a power cut) leaves a file no row names. Nobody can reach it (downloads go
through the row), but it is a client's document kept without a record: `clean-attachments` finds such
files and removes them. Only files older than a grace period count, so that an upload whose row is about
to be committed is never taken for an orphan.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from yhteispolku.documents.files import private_dir
from yhteispolku.documents.models import Attachment

# `files.store` names every file with 64 hex digits; anything else in the directory is not ours to touch.
STORED_NAME = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Orphans:
    files: list[Path]
    rows_without_file: list[str]


def find(*, min_age_seconds: float) -> Orphans:
    directory = private_dir()
    known = set(Attachment.objects.values_list("stored_name", flat=True))
    cutoff = time.time() - min_age_seconds
    files = []
    present = set()
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if not path.is_file() or not STORED_NAME.fullmatch(path.name):
                continue
            present.add(path.name)
            if path.name not in known and path.stat().st_mtime <= cutoff:
                files.append(path)
    return Orphans(files=files, rows_without_file=sorted(known - present))


def remove(orphans: Orphans) -> int:
    removed = 0
    for path in orphans.files:
        # Checked again right before: a row may have been committed since the scan.
        if not Attachment.objects.filter(stored_name=path.name).exists():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
