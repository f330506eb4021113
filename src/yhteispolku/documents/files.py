"""Attachments on disk: checked by their content, stored under a private directory with random names.

The web server serves MEDIA and static files; this directory is neither, so a file is reachable only
through the download view, which asks the access policy and writes the audit entry first. The type is
decided by the file's first bytes (PDF, PNG, JPEG) or, for plain text, by its decoding as UTF-8 without
control bytes; the name's extension must agree, so a renamed program is refused.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from yhteispolku.documents.errors import FileMissing, FileTooLarge, FileTypeNotAllowed

# content type → (magic prefix or None for text, allowed extensions)
ALLOWED_TYPES: dict[str, tuple[bytes | None, frozenset[str]]] = {
    "application/pdf": (b"%PDF-", frozenset({".pdf"})),
    "image/png": (b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
    "image/jpeg": (b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"})),
    "text/plain": (None, frozenset({".txt"})),
}
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 13}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    original_name: str
    sha256: str


def private_dir() -> Path:
    return Path(settings.PRIVATE_FILES_DIR)


def _is_plain_text(content: bytes) -> bool:
    if any(byte in CONTROL_BYTES for byte in content):
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(content: bytes) -> str | None:
    """The allowed content type the bytes are, by their content alone; None when none."""
    for content_type, (magic, _extensions) in ALLOWED_TYPES.items():
        if magic is not None and content.startswith(magic):
            return content_type
    return "text/plain" if content and _is_plain_text(content) else None


def safe_name(name: str) -> str:
    """The file's own name without any directory part, for the Content-Disposition header only."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "liite"
    return "".join(ch for ch in base if ch.isprintable() and ch not in '"\r\n;')[:200] or "liite"


def check(upload: UploadedFile | None) -> CheckedFile:
    if upload is None:
        raise FileMissing()
    limit = int(settings.ATTACHMENT_MAX_BYTES)
    if (upload.size or 0) > limit:
        raise FileTooLarge()
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise FileTooLarge()
    if not content:
        raise FileMissing()
    name = safe_name(upload.name or "")
    content_type = sniff(content)
    extension = PurePath(name).suffix.lower()
    if content_type is None or extension not in ALLOWED_TYPES[content_type][1]:
        raise FileTypeNotAllowed()
    return CheckedFile(content, content_type, name, hashlib.sha256(content).hexdigest())


def store(checked: CheckedFile) -> str:
    """Write the file under a new random name (never the client's name), readable only by the owner."""
    directory = private_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_hex(32)
    descriptor = os.open(directory / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(checked.content)
    return stored_name


def path_of(stored_name: str) -> Path:
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise FileNotFoundError(stored_name)
    return private_dir() / stored_name


def remove(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
