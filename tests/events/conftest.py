"""A real webhook receiver in its own process (receiver.py), and subscribers for the outbox tests."""

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from yhteispolku.events.delivery import Policy, run_once
from yhteispolku.events.models import EventType, Subscriber
from yhteispolku.organisations.models import Organisation

RECEIVER = Path(__file__).with_name("receiver.py")
SECRET = "receiver-secret-0123456789-abcdefghijklmnop"
# Quick retries so a test sees several attempts in well under a second.
QUICK = Policy(timeout=2.0, retry_base=0.02, retry_max=0.2, park_attempts=5, park_after=timedelta(hours=24))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """receiver.py on a port of its own; `kill()` is SIGKILL, `start()` again reuses the port."""

    def __init__(self, directory: Path, mode: str = "ok") -> None:
        self.port = free_port()
        self.log = directory / f"received-{self.port}.jsonl"
        self.log.touch()
        self.mode = mode
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/events"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own script and arguments)
            [sys.executable, str(RECEIVER), str(self.port), str(self.log), SECRET, self.mode]
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the receiver did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def received(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def receivers(tmp_path: Path) -> Iterator[list[Receiver]]:
    """Receivers a test starts; every one still running is killed at the end."""
    started: list[Receiver] = []
    yield started
    for receiver in started:
        receiver.kill()


def start_receiver(receivers: list[Receiver], directory: Path, mode: str = "ok") -> Receiver:
    receiver = Receiver(directory, mode)
    receiver.start()
    receivers.append(receiver)
    return receiver


def subscribe(
    organisation: Organisation, url: str, types: list[str] | None = None, name: str = ""
) -> Subscriber:
    subscriber = Subscriber(
        organisation=organisation,
        name=name or f"{organisation.slug} system",
        url=url,
        secret=SECRET,
        event_types=types or list(EventType.values),
    )
    subscriber.full_clean()
    subscriber.save()
    return subscriber


def drain(policy: Policy = QUICK, until: float = 20.0, settle: int = 1) -> None:
    """Run passes until nothing is due or waiting (retries included), at most `until` seconds."""
    from yhteispolku.events.models import Delivery

    deadline = time.monotonic() + until
    while time.monotonic() < deadline:
        run_once(policy)
        waiting = Delivery.objects.filter(
            status=Delivery.Status.PENDING, subscriber__parked_at__isnull=True, subscriber__active=True
        )
        if not waiting.exists():
            return
        time.sleep(0.01)
    raise AssertionError("deliveries still waiting after the time allowed")
