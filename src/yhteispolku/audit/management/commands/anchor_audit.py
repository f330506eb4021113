"""`yhteispolku anchor-audit`: copy the access log's chain heads outside the database (cron).

The chain is verified first, against the previous anchor: a log that is already broken is not anchored,
so that an anchor never vouches for a rewritten log. The head is appended to `AUDIT_ANCHOR_FILE` (flushed
to the disk) and, when `AUDIT_ANCHOR_SYSLOG` is set, sent to syslog as well.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yhteispolku.audit.anchoring import (
    AnchoredHead,
    AnchorFileError,
    anchor_path,
    anchors_of,
    chain_name,
    latest_anchor,
    write_anchor,
)
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Tarkistaa käyttölokin ja tallentaa sen ketjujen päät (merkintä, tiiviste, aika) lokin ulkopuolelle: "
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
        # From the last checkpoint: hourly, only the last hour's entries are walked.
        result = verify_chain(anchors=anchors_of(previous), incremental=True, record_checkpoint=True)
        if result.problem is not None:
            raise CommandError(
                _("Käyttöloki ei ole eheä, joten sitä ei ankkuroitu: %(problem)s")
                % {"problem": result.problem.message}
            )
        if not result.heads:
            if not options["quiet"]:
                self.stdout.write(_("Käyttölokissa ei ole merkintöjä; ankkuroitavaa ei ole."))
            return
        times = dict(
            AccessEvent.objects.filter(pk__in=[head.event_id for head in result.heads]).values_list(
                "pk", "occurred_at"
            )
        )
        heads = [
            AnchoredHead(
                chain=chain_name(head.chain),
                event_id=head.event_id,
                entry_hash=head.entry_hash,
                occurred_at=times[head.event_id].isoformat(timespec="microseconds")
                if head.event_id in times
                else "",
            )
            for head in result.heads
        ]
        try:
            record = write_anchor(heads, path=path)
        except (AnchorFileError, OSError) as error:
            raise CommandError(_("Ankkuria ei voitu tallentaa: %(error)s") % {"error": error}) from error
        if not options["quiet"]:
            self.stdout.write(record.as_json())
