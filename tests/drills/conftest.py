"""Operations drills (docs/operations.md): each runs the real commands, servers and PostgreSQL tools.

They need PostgreSQL (`pg_dump`, several processes on one database, row locks): on SQLite each is skipped
with the reason printed (`-ra`). `make test` runs them in its PostgreSQL run (scripts/run-tests).
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

# Servers and commands run in other processes, so a drill's data is committed; the flush afterwards
# empties every table, and `serialized_rollback` restores the migrations' reference data (roles,
# organisations) for the next transactional test. Transactional tests run after all the others.
DRILL_DATABASE = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
YHTEISPOLKU = [sys.executable, "-m", "yhteispolku"]
# Each drill is kept under a minute; a command that takes this long is stuck.
COMMAND_TIMEOUT = 60


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.drill)
            # Each module also says `pytestmark = DRILL_DATABASE`: pytest-django orders the tests (the
            # transactional ones last) before this hook runs, so the mark cannot be added here.
            marker = item.get_closest_marker("django_db")
            if marker is None or marker.kwargs != DRILL_DATABASE.kwargs:
                raise pytest.UsageError(f"{item.nodeid}: mark the module `pytestmark = DRILL_DATABASE`")
            if connection.vendor != "postgresql":
                item.add_marker(
                    pytest.mark.skip(
                        reason="operations drill: needs PostgreSQL (set DATABASE_URL=postgres://…; "
                        "scripts/run-tests runs it in the PostgreSQL run), this run is on SQLite"
                    )
                )


def database_url(name: str | None = None) -> str:
    """A URL for this test run's PostgreSQL database (or another database on the same server)."""
    params = connection.settings_dict
    user = quote(params["USER"] or "")
    password = f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or params['NAME']}"


def command_environment(**extra: Any) -> dict[str, str]:
    """The environment of a `yhteispolku` subprocess: this test run's settings and database."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "yhteispolku.settings",
            "YHTEISPOLKU_TESTING": "1",
            "DATABASE_URL": database_url(),
            "PYTHONPATH": str(PROJECT_DIR),
        }
    )
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


def yhteispolku(*arguments: str, **extra: Any) -> subprocess.CompletedProcess[str]:
    """Run `yhteispolku <arguments>` as cron or an operator would, against this run's database."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [*YHTEISPOLKU, *arguments],
        env=command_environment(**extra),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
