import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.services import record_access
from yhteispolku.audit.verification import verify_chain

WRITERS = 6
ENTRIES_EACH = 15


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite: see the next test")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_leave_one_unbroken_chain(sanna: User) -> None:
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(client_code: uuid.UUID) -> None:
        try:
            start.wait()
            for number in range(ENTRIES_EACH):
                # Half of them inside a longer transaction, as a write service would.
                with transaction.atomic():
                    record_access(
                        actor=sanna,
                        action="view",
                        category="health",
                        purpose="tym_joint_work",
                        allowed=True,
                        client_code=client_code,
                        object_id=str(number),
                    )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(uuid.uuid4(),)) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    result = verify_chain()
    assert (result.is_intact, result.checked) == (True, WRITERS * ENTRIES_EACH)
    # Each writer's client is one chain: every entry names another predecessor, but each chain's first none.
    chains = AccessEvent.objects.values("chain").distinct().count()
    assert (
        AccessEvent.objects.values("previous_hash").distinct().count() == WRITERS * ENTRIES_EACH - chains + 1
    )


# On SQLite the test database lives in memory with a shared cache, where a second writer fails at once
# ("database table is locked") instead of waiting. The real configuration is a file in WAL mode whose
# writers queue (transaction_mode IMMEDIATE and a busy timeout), so that is tested in a child process.
SQLITE_WRITERS = """
import threading, uuid
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from yhteispolku.audit.services import record_access

call_command("migrate", verbosity=0)
start = threading.Barrier({writers})

def write():
    start.wait()
    client_code = uuid.uuid4()
    try:
        for number in range({entries}):
            record_access(actor=None, action="view", category="basic", purpose="other", allowed=True,
                          client_code=client_code, object_id=str(number))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range({writers})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
call_command("verify_audit")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the file-based SQLite configuration")
def test_concurrent_writers_on_an_sqlite_file_queue_into_one_chain(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "yhteispolku.settings",
        "YHTEISPOLKU_TESTING": "1",
        "YHTEISPOLKU_VAR_DIR": str(tmp_path),
    }

    finished = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SQLITE_WRITERS.format(writers=WRITERS, entries=ENTRIES_EACH)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert f"Käyttöloki on eheä: {WRITERS * ENTRIES_EACH} merkintää." in finished.stdout
