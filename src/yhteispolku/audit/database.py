"""Per-connection setup for the append-only triggers of migration 0002.

The triggers refuse every UPDATE, DELETE and TRUNCATE of the access log, except that a test run may
empty the table: Django's test framework empties every table between transactional tests.
"""

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

# Named in the triggers of migration 0002.
SQLITE_PURGE_FUNCTION = "yhteispolku_audit_purge_allowed"
POSTGRESQL_PURGE_SETTING = "yhteispolku.audit_purge"


def purge_allowed() -> bool:
    return bool(getattr(settings, "TESTING", False))


def prepare_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        # Registered on every connection: without it a DELETE on the log fails outright, which is
        # also a refusal, but "no such function" would not tell anyone why.
        connection.connection.create_function(
            SQLITE_PURGE_FUNCTION, 0, lambda: int(purge_allowed()), deterministic=False
        )
    elif connection.vendor == "postgresql" and purge_allowed():
        # Any role may set a custom setting, so the trigger also requires a test database (test_*).
        with connection.cursor() as cursor:
            cursor.execute(f"SET {POSTGRESQL_PURGE_SETTING} = 'on'")
