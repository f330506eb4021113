"""Are the identity-code keys the ones the stored rows were written with?

Identity codes are encrypted with keys derived from `SECRET_KEY` and `FIELD_ENCRYPTION_SALTS`, and looked
up through an HMAC keyed with `HETU_HMAC_KEY`. A database restored without those values (a new machine,
a lost secrets file) holds rows nobody can read. The encrypted-field library would then hand the
ciphertext back as if it were the code; `IdentityCodeField` refuses instead, and `check_keys` — run by
`yhteispolku check-keys` and by the web server at start-up (`wsgi.py`) — decrypts one stored code and
recomputes its lookup hash, so a missing key stops the service with a clear message before anyone sees a
page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.fernet import InvalidToken
from django.core.exceptions import ImproperlyConfigured
from encrypted_fields.fields import EncryptedCharField

KEY_SETTINGS = "SECRET_KEY (+ SECRET_KEY_FALLBACKS), FIELD_ENCRYPTION_SALTS"


class EncryptionKeysMismatch(ImproperlyConfigured):
    """Stored encrypted data cannot be read with the configured keys."""


class IdentityCodeField(EncryptedCharField):
    """`EncryptedCharField` that refuses a stored value it cannot decrypt, instead of returning the ciphertext
    as the identity code. Stored and migrated exactly as `EncryptedCharField`."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return self.f.decrypt(str(value).encode("utf-8")).decode("utf-8")
        except InvalidToken as error:
            raise EncryptionKeysMismatch(
                "an identity code in the database cannot be decrypted with the configured keys "
                f"({KEY_SETTINGS}): the database was restored without the keys it was written with; "
                "see docs/operations.md"
            ) from error

    def deconstruct(self) -> tuple[str, str, Any, Any]:
        name, _path, args, kwargs = super().deconstruct()
        # The same column and migrations as the library's field: only reading differs.
        return name, "encrypted_fields.fields.EncryptedCharField", args, kwargs


@dataclass(frozen=True)
class KeyCheck:
    checked_client_id: int | None

    @property
    def message(self) -> str:
        if self.checked_client_id is None:
            return "no stored identity code yet: nothing to check the keys against"
        return (
            f"keys match: client {self.checked_client_id}'s identity code decrypts "
            "and its lookup hash matches"
        )


def check_keys() -> KeyCheck:
    """Decrypt the first stored identity code and recompute its lookup hash (`EncryptionKeysMismatch`)."""
    from yhteispolku.clients import hetu
    from yhteispolku.clients.models import Client

    row = (
        Client.objects.exclude(identity_code__isnull=True)
        .exclude(identity_code="")
        .order_by("pk")
        .values_list("pk", "identity_code", "identity_code_hash")
        .first()
    )
    if row is None:
        return KeyCheck(checked_client_id=None)
    client_id, code, stored_hash = row
    if code and stored_hash and hetu.lookup_hash(code) != stored_hash:
        raise EncryptionKeysMismatch(
            f"client {client_id}'s identity code decrypts but its lookup hash differs: HETU_HMAC_KEY is not "
            "the key the database was written with (searches by identity code would find nobody and "
            "registrations would duplicate people); see docs/operations.md"
        )
    return KeyCheck(checked_client_id=client_id)


def check_keys_at_startup() -> None:
    """For the web server's start: refuse to serve with the wrong keys; a database that does not answer yet
    is left to `/healthz` (503) rather than stopping the start."""
    import logging

    from django.db import DatabaseError, connection

    try:
        check_keys()
    except DatabaseError as error:
        logging.getLogger(__name__).warning("identity-code keys not checked at start-up: %s", error)
    finally:
        # The start-up thread serves no request, so nothing else would give its connection back: it would
        # hold one of the pool's connections for the life of the process (and be inherited by forked workers).
        if not connection.in_atomic_block:
            connection.close()
