"""Drill: a server process killed with SIGKILL in the middle of a plan save and of a document upload.

The kill is timed deterministically: the test holds a lock that the save's last INSERT must wait for,
sees in `pg_stat_activity` that the server's transaction is waiting there (its earlier rows written, not
committed), and only then kills the process. Afterwards no half-written rows are left, the audit chain is
intact, and the only trace of the upload — its file, written before its row — is found and removed by
`clean-attachments`.
"""

import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from tests.conftest import totp_code
from tests.drills.conftest import DRILL_DATABASE, database_url
from tests.drills.processes import Browser, Server, log_in
from tests.plans.conftest import MaijaCase, maija  # noqa: F401 - fixture
from yhteispolku.accounts.models import User
from yhteispolku.audit.verification import verify_chain
from yhteispolku.documents import services as documents
from yhteispolku.documents.models import Attachment, Document
from yhteispolku.plans.models import AgreedService, ClientTask, PlanVersion, VersionStatus

pytestmark = DRILL_DATABASE

WAIT_SECONDS = 30


def libpq_url() -> str:
    return database_url().replace("postgres://", "postgresql://", 1)


@contextmanager
def table_locked(table: str) -> Iterator[psycopg.Connection]:
    """Another session holds `table` in SHARE mode: reads go on, every INSERT into it waits."""
    connection = psycopg.connect(libpq_url())
    try:
        connection.execute(f'LOCK TABLE "{table}" IN SHARE MODE')
        yield connection
    finally:
        connection.rollback()
        connection.close()


def backend_waiting_to_insert(table: str) -> int:
    """The pid of the server's database session once it waits to insert into `table`."""
    # Autocommit: inside one transaction pg_stat_activity would answer from the same snapshot every time.
    with psycopg.connect(libpq_url(), autocommit=True) as watcher:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND state = 'active' AND query LIKE %s",
                [f'INSERT INTO "{table}"%'],
            ).fetchone()
            if row:
                return int(row[0])
            time.sleep(0.1)
    raise AssertionError(f"the server never reached its INSERT into {table}")


def wait_until_gone(pid: int) -> None:
    """The killed server's database session ends (its transaction rolled back) once its lock wait is over."""
    with psycopg.connect(
        database_url().replace("postgres://", "postgresql://", 1), autocommit=True
    ) as watcher:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.1)
    raise AssertionError(f"database session {pid} of the killed server is still there")


def post_in_background(action: Callable[[], object]) -> threading.Thread:
    def run() -> None:
        # The server dies under the request: the connection breaks, and that is expected.
        with suppress(OSError):
            action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def kill_while_inserting(
    server: Server, table: str, lock: psycopg.Connection, request: threading.Thread
) -> None:
    pid = backend_waiting_to_insert(table)
    server.kill()
    request.join(timeout=WAIT_SECONDS)
    lock.rollback()
    wait_until_gone(pid)


@pytest.fixture
def signed_in_expert(
    tmp_path: Path,
    maija: MaijaCase,  # noqa: F811
    password: str,
    confirmed_device: Callable[[User], TOTPDevice],
) -> Iterator[tuple[Server, Browser]]:
    device = confirmed_device(maija.employment_expert)
    server = Server(tmp_path, "worker", YHTEISPOLKU_PRIVATE_FILES_DIR=tmp_path / "private")
    try:
        browser = Browser()
        log_in(browser, server, maija.employment_expert.username, password, totp_code(device))
        yield server, browser
    finally:
        server.stop()


def test_a_plan_save_killed_midway_leaves_no_half_written_version(
    maija: MaijaCase,  # noqa: F811
    signed_in_expert: tuple[Server, Browser],
) -> None:
    server, browser = signed_in_expert
    first = maija.first_version(
        add_services=[maija.job_coaching()], add_tasks=[{"description": "Hae B-lausunto", "due_on": None}]
    )
    before = (PlanVersion.objects.count(), AgreedService.objects.count(), ClientTask.objects.count())
    form = f"/suunnitelmat/{maija.relationship.code}/uusi-versio/"
    browser.get(server, form)

    with table_locked("plans_agreedservice") as lock:
        request = post_in_background(
            lambda: browser.post(
                server, form, {"based_on": "1", "goals": "Kesken jäänyt", "next_review_on": ""}
            )
        )
        # The new version's row is written (uncommitted); copying the services waits for the lock.
        kill_while_inserting(server, "plans_agreedservice", lock, request)

    assert (PlanVersion.objects.count(), AgreedService.objects.count(), ClientTask.objects.count()) == before
    first.refresh_from_db()
    assert first.status == VersionStatus.DRAFT, (
        "the replaced draft was marked superseded without its successor"
    )
    assert not PlanVersion.objects.filter(goals="Kesken jäänyt").exists()
    assert verify_chain().is_intact


def test_an_upload_killed_midway_leaves_no_row_and_its_file_is_cleaned_up(
    tmp_path: Path,
    settings: Settings,
    maija: MaijaCase,  # noqa: F811
    signed_in_expert: tuple[Server, Browser],
) -> None:
    server, browser = signed_in_expert
    settings.PRIVATE_FILES_DIR = private = tmp_path / "private"
    document = documents.document_record(
        actor=maija.employment_expert,
        client=maija.client,
        document_type="work_certificate",
        dated_on=timezone.localdate() - timedelta(days=3),
        summary="Työtodistus",
        author_organisation_name="Esimerkki Oy",
    )
    form = f"/asiakirjat/{maija.client.code}/{document.code}/liitteet/"
    browser.get(server, f"/asiakirjat/{maija.client.code}/{document.code}/")

    with table_locked("documents_attachment") as lock:
        request = post_in_background(
            lambda: browser.post(server, form, {}, file=("file", "todistus.txt", b"Tyotodistus 2026\n"))
        )
        kill_while_inserting(server, "documents_attachment", lock, request)

    assert not Attachment.objects.exists()
    assert Document.objects.filter(pk=document.pk).exists()
    (orphan,) = private.iterdir()

    listed = io.StringIO()
    call_command("clean_attachments", "--dry-run", "--min-age-minutes=0", stdout=listed)
    assert f"orphan file: {orphan.name}" in listed.getvalue()
    assert "1 orphan files (dry run: nothing removed)" in listed.getvalue()
    assert orphan.exists()
    # Within the grace period the file may belong to an upload about to commit: left alone.
    recent = io.StringIO()
    call_command("clean_attachments", stdout=recent)
    assert "0 orphan files removed" in recent.getvalue()

    removed = io.StringIO()
    call_command("clean_attachments", "--min-age-minutes=0", stdout=removed)
    assert "1 orphan files removed" in removed.getvalue()
    assert list(private.iterdir()) == []
    assert verify_chain().is_intact
