"""`yhteispolku deliver-events`: post the outbox's events to the subscribers' webhooks (docs/events.md).

Runs one pass with `--once` (for cron or a task queue), else loops, sleeping `--interval` seconds between
passes, until stopped; a post cut short by a stop is posted again on the next run (at least once).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yhteispolku.events.delivery import Policy, run_once


class Command(BaseCommand):
    help = "Delivers the event outbox to the subscribers' webhooks (signed, retried, in order per client)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes (loop)")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        policy = Policy.from_settings()
        try:
            while True:
                # A pass ends within about one interval's worth of posting, so a new event waits little.
                result = run_once(policy, deadline=time.monotonic() + max(interval, 1.0) * 12)
                if result.fanned_out or result.delivered or result.failed or result.parked:
                    self.stdout.write(
                        f"events fanned out {result.fanned_out}, delivered {result.delivered}, "
                        f"failed {result.failed}, subscribers parked {len(result.parked)}"
                    )
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
