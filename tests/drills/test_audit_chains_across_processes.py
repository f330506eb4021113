"""Drill: eight processes append to the access log at once on PostgreSQL; the chains stay whole.

Each process is its own interpreter with its own connection, as the workers of a deployment are. The
clients come from one small pool, so the processes meet on the same chain heads; every fifth call writes
a list page of five clients, whose entries span several chains and lock their heads in one order.
"""

import subprocess
import sys
import time
from pathlib import Path

from django.db.models import Count

from tests.drills.conftest import (
    COMMAND_TIMEOUT,
    DRILL_DATABASE,
    PROJECT_DIR,
    command_environment,
    yhteispolku,
)
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.verification import verify_chain

pytestmark = DRILL_DATABASE

PROCESSES = 8
ENTRIES_EACH = 200

WRITER = """
import os, random, sys, time, uuid
import django
django.setup()
from yhteispolku.audit.services import record_access, record_accesses

go, seed = sys.argv[1], int(sys.argv[2])
chooser = random.Random(seed)
clients = [uuid.UUID(int=number, version=4) for number in range(1, 41)]
while not os.path.exists(go):
    time.sleep(0.01)
written = 0
while written < {entries}:
    if written % 25 == 20:
        record_accesses(actor=None, action="view", category="basic", purpose="other",
                        client_codes=chooser.sample(clients, 5), object_type="clients.client")
        written += 5
    else:
        record_access(actor=None, action="view", category="health", purpose="other", allowed=True,
                      client_code=chooser.choice(clients), object_id=str(written))
        written += 1
print(written)
"""


def test_concurrent_appends_from_several_processes_verify(tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", WRITER.format(entries=ENTRIES_EACH), str(go), str(number)],
            env=command_environment(),
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(PROCESSES)
    ]
    time.sleep(2)  # let every interpreter start, so that they write at once
    go.touch()
    outcomes = [writer.communicate(timeout=COMMAND_TIMEOUT * 2) for writer in writers]

    assert [writer.returncode for writer in writers] == [0] * PROCESSES, [err for _out, err in outcomes]
    result = verify_chain()
    assert (result.is_intact, result.checked) == (True, PROCESSES * ENTRIES_EACH), result.problem
    per_chain = dict(AccessEvent.objects.values_list("chain").annotate(entries=Count("id")))
    assert len(per_chain) > 10
    assert set(ChainHead.objects.values_list("pk", flat=True)) == set(per_chain)
    # Every entry names a different predecessor (each chain's first names none): no chain forked.
    predecessors = AccessEvent.objects.values("previous_hash").distinct().count()
    assert predecessors == PROCESSES * ENTRIES_EACH - len(per_chain) + 1
    verified = yhteispolku("verify-audit", "--full", "--no-anchor")
    assert verified.returncode == 0, verified.stderr
    assert f"Käyttöloki on eheä: {PROCESSES * ENTRIES_EACH} merkintää." in verified.stdout
