"""`yhteispolku check-keys`: do the configured keys read the stored identity codes? (After a restore.)"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yhteispolku.clients.keys import EncryptionKeysMismatch, check_keys


class Command(BaseCommand):
    help = (
        "Decrypts one stored identity code and recomputes its lookup hash: exits 1 when SECRET_KEY, "
        "FIELD_ENCRYPTION_SALTS or HETU_HMAC_KEY is not what the database was written with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = check_keys()
        except EncryptionKeysMismatch as error:
            raise CommandError(f"identity-code keys do not match the database: {error}") from error
        self.stdout.write(result.message)
