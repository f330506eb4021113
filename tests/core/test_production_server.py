"""`make serve`'s server: gunicorn with the project's configuration and production settings.

A real gunicorn (two sync workers) on this run's PostgreSQL database, with DEBUG off and the secrets given
as in production: liveness and readiness answer, the static files come from WhiteNoise under their hashed
names after `collectstatic`, the session cookie is Secure. PostgreSQL only, like the other server tests.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.drills.conftest import PROJECT_DIR, database_url

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the production server runs on PostgreSQL (DATABASE_URL=$(bash scripts/ensure-postgres))",
    ),
    pytest.mark.django_db,
]

GUNICORN = Path(sys.executable).parent / "gunicorn"
STARTUP_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = client.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        client.close()


def production_environment(var_dir: Path, port: int) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE", "YHTEISPOLKU_"))
    }
    environment.update(
        {
            "DATABASE_URL": database_url(),
            "YHTEISPOLKU_VAR_DIR": str(var_dir),
            "SECRET_KEY": "production-server-test-" + "k" * 40,
            "FIELD_ENCRYPTION_SALTS": "production-server-test-salt",
            "HETU_HMAC_KEY": "production-server-test-hmac",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            # A load balancer's PROXY header is accepted from the loopback address; plain HTTP still is.
            "PROXY_PROTOCOL": "auto",
            "PYTHONPATH": str(PROJECT_DIR),
        }
    )
    return environment


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port = free_port()
    environment = production_environment(tmp_path, port)
    subprocess.run(
        [sys.executable, "-m", "yhteispolku", "collectstatic", "--noinput", "--verbosity", "0"],
        env=environment,
        check=True,
        timeout=120,
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            [str(GUNICORN), "--config", "python:yhteispolku.gunicorn_conf", "yhteispolku.wsgi:application"],
            env=environment,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while True:
                try:
                    if get(port, "/healthz/live")[0] == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
            yield port, log
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_gunicorn_serves_liveness_readiness_and_static_files(gunicorn: tuple[int, Path]) -> None:
    port, log = gunicorn

    status, _, body = get(port, "/healthz/live")
    assert (status, body) == (200, b'{"status": "ok"}')

    status, _, body = get(port, "/healthz")
    assert status == 200, body
    assert b'"migrations": "ok"' in body
    assert b'"audit": "ok"' in body

    status, headers, body = get(port, "/tili/kirjaudu/")
    assert status == 200
    assert "secure" in headers["set-cookie"].lower()
    # Production storage: the page names the files by their content hash (the manifest of collectstatic).
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet is not None, body[:2000]

    status, headers, _ = get(port, stylesheet.group(1).decode())
    assert status == 200
    assert "immutable" in headers["cache-control"]
    assert headers.get("content-encoding") == "gzip"

    # The configuration's worker count and class, as gunicorn reports them.
    text = log.read_text()
    assert "Using worker: sync" in text
    assert len(re.findall(r"Booting worker with pid", text)) >= 2


def test_a_load_balancers_proxy_header_is_understood(gunicorn: tuple[int, Path]) -> None:
    port, _ = gunicorn
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(
            b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n"
            b"GET /healthz/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := raw.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
