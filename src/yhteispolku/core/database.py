"""When every pooled database connection is busy: a 503 that says to try again, never a 500.

On PostgreSQL each process keeps a bounded pool (settings: DB_POOL_MAX_SIZE, DB_POOL_TIMEOUT). A request
that finds it empty waits up to the timeout, then psycopg_pool raises PoolTimeout, which Django passes on
as its OperationalError; the site's error handler and the API's answer it with 503 and Retry-After.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from psycopg_pool import PoolTimeout

BUSY_CODE = "service_busy"
BUSY_MESSAGE = _("Palvelu on juuri nyt ruuhkautunut. Yritä hetken kuluttua uudelleen.")
RETRY_AFTER_SECONDS = 5


def pool_exhausted(error: BaseException | None) -> bool:
    """Whether the error (or what caused it) is a wait for a pooled connection that timed out."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, PoolTimeout):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
