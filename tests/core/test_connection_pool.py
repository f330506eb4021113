"""A burst of requests above the database pool's size queues, or is answered 503 quickly; never 500.

Before the pool, 50 concurrent requests on the threaded server opened a connection each (CONN_MAX_AGE=60)
and exhausted PostgreSQL's 100 connections: 71 answers were 500. Now each process keeps at most
DB_POOL_MAX_SIZE connections. A real server process (Django's threaded server, in a subprocess, on the
test database) is run with a pool of three:

- a burst of 24 requests waits for the pool and is served, with never more than three connections open;
- while the first three hold their connections (a lock on the session table keeps them waiting), the rest
  get no connection within DB_POOL_TIMEOUT and are answered 503 with Retry-After — the API's as its JSON
  error, the pages' as the 503 page — and the three are served once the lock goes.

PostgreSQL only (SQLite has no pool); skipped with the reason when the tests run on SQLite.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database pool is PostgreSQL's (run with DATABASE_URL=$(bash scripts/ensure-postgres))",
)

POOL_SIZE = 3
POOL_TIMEOUT = 1
BURST = 24
APPLICATION = "yhteispolku-pool-test"
# A session cookie makes every request read the session table (the key is unknown: an anonymous caller).
COOKIES = "sessionid=x0000000000000000000000000000000"


@dataclass
class Answer:
    path: str
    status: int
    seconds: float
    content_type: str
    retry_after: str | None
    body: bytes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url() -> str:
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "postgres")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}?application_name={APPLICATION}"


def get(port: int, path: str) -> Answer:
    http_connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        # Timed from the connection: the connecting is the kernel's (the development server's small listen
        # backlog makes part of a burst wait for a retry). A full backlog may still hold a connection the
        # client sees as open for a second before the server accepts it: hence the margin below.
        http_connection.connect()
        started = time.monotonic()
        headers = {"Cookie": COOKIES, "Accept-Language": "fi", "Connection": "close"}
        http_connection.request("GET", path, headers=headers)
        response = http_connection.getresponse()
        body = response.read()
        return Answer(
            path,
            response.status,
            time.monotonic() - started,
            response.getheader("Content-Type") or "",
            response.getheader("Retry-After"),
            body,
        )
    finally:
        http_connection.close()


@pytest.fixture
def server(db: None, tmp_path: Path) -> Iterator[int]:
    """The app served by Django's threaded server in a child process, with a pool of three connections."""
    yield from serve(tmp_path, min_size=1)


@pytest.fixture
def full_server(db: None, tmp_path: Path) -> Iterator[int]:
    """The same server with its three connections opened before the test starts (the pool grows in the
    background: on a busy machine a request waiting for a new connection may otherwise time out)."""
    for port in serve(tmp_path, min_size=POOL_SIZE):
        get(port, "/asiakkaat/")
        deadline = time.monotonic() + 30
        while server_connections() < POOL_SIZE:
            if time.monotonic() > deadline:
                pytest.fail("the server's pool did not open its connections")
            time.sleep(0.1)
        yield port


def serve(tmp_path: Path, min_size: int) -> Iterator[int]:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "YHTEISPOLKU_TESTING": "1",
        "DB_POOL_MIN_SIZE": str(min_size),
        "DB_POOL_MAX_SIZE": str(POOL_SIZE),
        "DB_POOL_TIMEOUT": str(POOL_TIMEOUT),
    }
    command = [sys.executable, "-m", "yhteispolku", "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = tmp_path / "server.log"
    with log.open("w") as errors:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*command, "--skip-checks"], env=environment, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if get(port, "/healthz").status == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_connections() -> int:
    with psycopg.connect(**monitor_parameters(), autocommit=True) as monitor:
        row = monitor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APPLICATION]
        ).fetchone()
    return int(row[0]) if row else 0


def monitor_parameters() -> dict[str, object]:
    settings = connection.settings_dict
    return {
        "dbname": settings["NAME"],
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
    }


def burst(port: int) -> tuple[list[Answer], int]:
    """BURST requests at once, half to a page and half to the API; and the most connections seen open."""
    most = 0
    watching = True

    def watch() -> None:
        nonlocal most
        while watching:
            most = max(most, server_connections())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    paths = ["/asiakkaat/" if number % 2 else "/api/v1/clients" for number in range(BURST)]
    try:
        with ThreadPoolExecutor(max_workers=BURST) as executor:
            answers = list(executor.map(lambda path: get(port, path), paths))
    finally:
        watching = False
        watcher.join()
    return answers, most


def test_a_burst_above_the_pool_size_queues_and_is_served(server: int) -> None:
    answers, most = burst(server)
    statuses = sorted({answer.status for answer in answers})
    # The pages send the anonymous caller to the login page; the API answers 401.
    assert statuses == [302, 401], [(a.path, a.status, a.body[:200]) for a in answers]
    assert 0 < most <= POOL_SIZE


def test_requests_that_get_no_connection_in_time_are_answered_503_quickly(full_server: int) -> None:
    holder = psycopg.connect(**monitor_parameters())
    holder.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
    release = threading.Timer(POOL_TIMEOUT + 4, holder.rollback)
    release.start()
    try:
        answers, most = burst(full_server)
    finally:
        release.join()
        holder.close()

    assert not [a for a in answers if a.status >= 500 and a.status != 503], [
        (a.path, a.status, a.body[:300]) for a in answers
    ]
    busy = [answer for answer in answers if answer.status == 503]
    served = [answer for answer in answers if answer.status != 503]
    # The three that got a connection waited for the lock and were then served; the others were refused.
    assert len(served) >= POOL_SIZE, sorted((a.status, round(a.seconds, 2), a.path) for a in answers)
    assert {answer.status for answer in served} <= {302, 401}
    assert len(busy) >= BURST - 2 * POOL_SIZE
    assert all(answer.seconds < POOL_TIMEOUT + 3 for answer in busy), [a.seconds for a in busy]
    assert all(answer.retry_after for answer in busy)
    for answer in busy:
        if answer.path.startswith("/api/"):
            assert answer.content_type.startswith("application/json")
            assert b'"code": "service_busy"' in answer.body or b'"code":"service_busy"' in answer.body
            assert "ruuhkautunut" in answer.body.decode()
        else:
            assert answer.content_type.startswith("text/html")
            assert "Palvelu on juuri nyt ruuhkautunut" in answer.body.decode()
    assert 0 < most <= POOL_SIZE
