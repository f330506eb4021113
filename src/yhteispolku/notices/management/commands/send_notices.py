"""`yhteispolku send-notices`: notice what waits for clients and retry failed notices (cron, hourly).

Idempotent: a thing is noticed once per agreed channel; a failed notice is retried up to
NOTICE_MAX_ATTEMPTS times, then left for the administrators (its failure kind is on the row, and logged).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yhteispolku.notices.models import Notice
from yhteispolku.notices.services import send_waiting


class Command(BaseCommand):
    help = "Send the clients' content-free notices now due and retry failed ones (safe to run every hour)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_waiting()
        failing = Notice.objects.filter(sent_at__isnull=True).exclude(last_error="").count()
        self.stdout.write(f"{sent} notices sent; {failing} not sent after a failure")
