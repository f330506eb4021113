"""Real server processes for the drills, and a plain HTTP client with its own cookies.

A drill starts one or more `yhteispolku runserver --noreload` processes on this test run's database, as
several workers of one deployment would run, and talks to them over HTTP; it may kill one with SIGKILL.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.drills.conftest import PROJECT_DIR, YHTEISPOLKU, command_environment

STARTUP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """One server process (a worker), on its own port."""

    def __init__(self, log_dir: Path, name: str, **environment: Any) -> None:
        self.port = free_port()
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*YHTEISPOLKU, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"],
            env=command_environment(**environment),
            cwd=PROJECT_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"server {self.name} did not start: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup runs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@contextmanager
def servers(log_dir: Path, count: int, **environment: Any) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for number in range(count):
            started.append(Server(log_dir, f"worker-{number + 1}", **environment))
        yield started
    finally:
        for server in started:
            server.stop()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's browser: its cookies go to whichever worker it asks (as behind a load balancer)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(
        self,
        server: Server,
        path: str,
        data: dict[str, str] | None = None,
        timeout: float = 20,
        file: tuple[str, str, bytes] | None = None,
    ) -> Response:
        body = None
        headers = {"Accept-Language": "fi"}
        if data is not None:
            token = self.cookie("csrftoken")
            if token is None:
                # The form page sets the CSRF cookie, as a browser would have it before posting.
                self.request(server, path)
                token = self.cookie("csrftoken") or ""
            fields = {**data, "csrfmiddlewaretoken": token}
            if file is None:
                body = urllib.parse.urlencode(fields).encode()
            else:
                body, headers["Content-Type"] = _multipart(fields, file)
            headers["Referer"] = server.url + path
        request = urllib.request.Request(server.url + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(
                    response.status,
                    {key.lower(): value for key, value in response.headers.items()},
                    response.read().decode("utf-8", "replace"),
                )
        except urllib.error.HTTPError as error:
            return Response(
                error.code,
                {key.lower(): value for key, value in error.headers.items()},
                error.read().decode("utf-8", "replace"),
            )

    def get(self, server: Server, path: str) -> Response:
        return self.request(server, path)

    def post(
        self,
        server: Server,
        path: str,
        data: dict[str, str],
        timeout: float = 20,
        file: tuple[str, str, bytes] | None = None,
    ) -> Response:
        """`file`: (field name, file name, content) sends the form as multipart/form-data."""
        return self.request(server, path, data, timeout=timeout, file=file)


def _multipart(fields: dict[str, str], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = "yhteispolku-drill-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    field, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_value(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    if match is None:
        raise AssertionError(f"no field {name} on the page")
    return match.group(1)


def log_in(browser: Browser, server: Server, username: str, password: str, totp: str) -> None:
    """Through the real login and second-factor pages."""
    response = browser.post(server, "/tili/kirjaudu/", {"username": username, "password": password})
    assert response.status == 302, f"password refused: {response.text[-500:]}"
    response = browser.post(server, "/tili/kirjaudu/vahvista/", {"token": totp})
    assert response.status == 302, f"second factor refused: {response.text[-500:]}"
