"""SMS backends for the client's notices, chosen by NOTICE_SMS_BACKEND (off by default).

* "" — off: no SMS is sent, and an SMS agreement waits (its notices are not created).
* "email" — an e-mail-to-SMS gateway: the text is e-mailed through Django's mail backend to
  NOTICE_SMS_EMAIL_GATEWAY with "{number}" replaced by the number's digits (e.g. "{number}@sms.example.fi").
* "http" — a small HTTP gateway: a JSON POST {"to": number, "text": text} to NOTICE_SMS_HTTP_URL, with
  NOTICE_SMS_HTTP_TOKEN as a bearer token when set; any answer other than 2xx is a failure.
* a dotted path of a class whose instances have `send(number, text)`.

A backend raises on failure; the caller records the failure and the job retries it.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, number: str, text: str) -> None: ...


class SmsFailed(Exception):
    """The gateway did not take the message (the status only, never the number or text)."""


def normalise_number(number: str) -> str:
    """A phone number as a gateway takes it: "+358401234567" (a Finnish 0-prefix becomes +358)."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+358" + digits[1:]
    return digits


class EmailGatewayBackend:
    def __init__(self) -> None:
        self.pattern = settings.NOTICE_SMS_EMAIL_GATEWAY
        if "{number}" not in self.pattern:
            raise ImproperlyConfigured("NOTICE_SMS_EMAIL_GATEWAY must contain {number}")

    def send(self, number: str, text: str) -> None:
        address = self.pattern.replace("{number}", normalise_number(number).lstrip("+"))
        send_mail("", text, settings.DEFAULT_FROM_EMAIL, [address])


class HttpGatewayBackend:
    def __init__(self) -> None:
        self.url = settings.NOTICE_SMS_HTTP_URL
        if not self.url:
            raise ImproperlyConfigured("NOTICE_SMS_HTTP_URL must be set for the http SMS backend")

    def send(self, number: str, text: str) -> None:
        headers = {"Content-Type": "application/json"}
        if settings.NOTICE_SMS_HTTP_TOKEN:
            headers["Authorization"] = f"Bearer {settings.NOTICE_SMS_HTTP_TOKEN}"
        body = json.dumps({"to": normalise_number(number), "text": text}).encode()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a configured URL
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsFailed(f"HTTP {error.code}") from None
        if not 200 <= status < 300:
            raise SmsFailed(f"HTTP {status}")


BUILT_IN: dict[str, Callable[[], SmsBackend]] = {"email": EmailGatewayBackend, "http": HttpGatewayBackend}


def sms_backend() -> SmsBackend | None:
    """The configured backend, or None when SMS is off."""
    name = settings.NOTICE_SMS_BACKEND
    if not name:
        return None
    factory: Callable[[], SmsBackend] = BUILT_IN.get(name) or import_string(name)
    return factory()
