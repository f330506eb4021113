"""`yhteispolku refresh-statistics`: recompute the situational picture's counts (cron or the task queue)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yhteispolku.reports import refresh


class Command(BaseCommand):
    help = "Päivittää tilannekuvan tilastot (oletuksena eilinen ja tämä päivä)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", action="append", default=[], help="YYYY-MM-DD; may be repeated")
        parser.add_argument(
            "--full", action="store_true", help="rebuild every day from the first relationship"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["full"]:
            done = refresh.full_rebuild(today)
        else:
            try:
                days = [date.fromisoformat(value) for value in options["day"]]
            except ValueError as error:
                raise CommandError(f"--day: {error}") from error
            if not days:
                days = [today - timedelta(days=1), today]
            done = None
            for day in sorted(set(days)):
                done = refresh.refresh(day, day)
        assert done is not None
        self.stdout.write(f"{done.first_day}..{done.last_day}: {done.rows} rows")
