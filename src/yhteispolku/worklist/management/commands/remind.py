"""`yhteispolku remind [--date D] [--send]`: record reminders of items overdue or due within a week.

Idempotent: one reminder per item, recipient and due date, so it is safe to run every hour from cron.
With `--send`, each professional with reminders not yet notified gets one content-free e-mail (the number
of waiting items and a link); a reminder is notified once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from yhteispolku.worklist.services import reminders_record, reminders_send


class Command(BaseCommand):
    help = "Record reminders of due items (idempotent: safe to run every hour)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="the day (YYYY-MM-DD); default today")
        parser.add_argument(
            "--send",
            action="store_true",
            help="e-mail each professional a content-free notice of their new reminders (once each)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["date"] or timezone.localdate()
        created = reminders_record(today=today)
        self.stdout.write(f"{created} new reminders on {today.isoformat()}")
        if options["send"]:
            self.stdout.write(f"{reminders_send()} e-mail notices sent")
