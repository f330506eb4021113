"""A real SMTP server on localhost (aiosmtpd, in a thread) that keeps what it receives; Maija's case."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from pytest_django import Settings as SettingsWrapper

from tests.plans.conftest import MaijaCase, maija

__all__ = ["MaijaCase", "maija"]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: Message

    @property
    def text(self) -> str:
        part = self.message.get_payload(decode=True) if not self.message.is_multipart() else b""
        return (part or b"").decode(self.message.get_content_charset() or "utf-8")


@dataclass
class SmtpServer:
    """Every message the server took; `refuse` makes it answer 451 (a temporary failure) to the data."""

    port: int
    received: list[Received] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            return "451 Requested action aborted: try again later"
        self.received.append(
            Received(
                envelope.mail_from,  # type: ignore[attr-defined]
                list(envelope.rcpt_tos),  # type: ignore[attr-defined]
                email.message_from_bytes(envelope.content),  # type: ignore[attr-defined]
            )
        )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[SmtpServer]:
    server = SmtpServer(port=_free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: SmtpServer, settings: SettingsWrapper) -> SmtpServer:
    """The server, emptied, with Django's SMTP backend pointed at it."""
    _smtp_controller.received.clear()
    _smtp_controller.refuse = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _smtp_controller.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://yhteispolku.example.fi"
    return _smtp_controller
