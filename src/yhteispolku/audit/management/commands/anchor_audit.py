"""`yhteispolku anchor-audit`: copy the access log's chain head outside the database (cron).

The chain is verified first, against the previous anchor: a log that is already broken is not anchored,
so that an anchor never vouches for a rewritten log. The head is appended to `AUDIT_ANCHOR_FILE` (flushed
to the disk) and, when `AUDIT_ANCHOR_SYSLOG` is set, sent to syslog as well.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yhteispolku.audit.anchoring import (
    ACCESS_CHAIN,
    AnchoredHead,
    AnchorFileError,
    anchor_path,
    latest_anchor,
    write_anchor,
)
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.verification import Anchor, verify_chain


class Command(BaseCommand):
    help = (
        "Tarkistaa käyttölokin ja tallentaa ketjun pään (merkintä, tiiviste, aika) lokin ulkopuolelle: "
        "ankkuritiedostoon (AUDIT_ANCHOR_FILE) ja halutessa syslogiin (AUDIT_ANCHOR_SYSLOG)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Ei tulostetta onnistuessa.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = anchor_path()
        try:
            previous = latest_anchor(path)
        except AnchorFileError as error:
            raise CommandError(_("Ankkuritiedostoa ei voi lukea: %(error)s") % {"error": error}) from error
        previous_head = previous.head(ACCESS_CHAIN) if previous else None
        result = verify_chain(
            anchor=Anchor(previous_head.event_id, previous_head.entry_hash) if previous_head else None
        )
        if result.problem is not None:
            raise CommandError(
                _("Käyttöloki ei ole eheä, joten sitä ei ankkuroitu: %(problem)s")
                % {"problem": result.problem.message}
            )
        if result.last_event_id is None:
            if not options["quiet"]:
                self.stdout.write(_("Käyttölokissa ei ole merkintöjä; ankkuroitavaa ei ole."))
            return
        occurred_at = (
            AccessEvent.objects.filter(pk=result.last_event_id).values_list("occurred_at", flat=True).first()
        )
        head = AnchoredHead(
            chain=ACCESS_CHAIN,
            event_id=result.last_event_id,
            entry_hash=result.last_hash,
            occurred_at=occurred_at.isoformat(timespec="microseconds") if occurred_at else "",
        )
        try:
            record = write_anchor([head], path=path)
        except (AnchorFileError, OSError) as error:
            raise CommandError(_("Ankkuria ei voitu tallentaa: %(error)s") % {"error": error}) from error
        if not options["quiet"]:
            self.stdout.write(record.as_json())
