"""`yhteispolku verify_audit`: check the access log's hash chain; for cron and for the auditor."""

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yhteispolku.audit.verification import Anchor, verify_chain

ANCHOR_FORMAT = re.compile(r"(?P<id>[0-9]+):(?P<hash>[0-9a-f]{64})")


def anchor(value: str) -> Anchor:
    match = ANCHOR_FORMAT.fullmatch(value.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError("expected ID:HASH, e.g. 1234:" + "0" * 64)
    return Anchor(event_id=int(match["id"]), entry_hash=match["hash"])


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy translation.
    help = (
        "Tarkistaa käyttölokin tiivisteketjun. Palauttaa nollasta poikkeavan tilan ensimmäisestä "
        "ongelmasta ja tulostaa ketjun pään tiivisteen, joka tallennetaan myös lokin ulkopuolelle."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            type=anchor,
            metavar="ID:HASH",
            help="Ketjun pää sellaisena kuin se aiemmin tallennettiin lokin ulkopuolelle.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain(anchor=options["anchor"])
        if result.problem is not None:
            raise CommandError(
                _("Käyttöloki ei ole eheä: %(problem)s (ennen ongelmaa tarkistettiin %(count)s merkintää)")
                % {"problem": result.problem.message, "count": result.checked}
            )
        self.stdout.write(_("Käyttöloki on eheä: %(count)s merkintää.") % {"count": result.checked})
        # Printed so that it can be copied to a system outside this database (see docs/audit-log.md).
        last_id = result.last_event_id if result.last_event_id is not None else "-"
        self.stdout.write(
            _("Ketjun pää: merkintä %(id)s, tiiviste %(hash)s") % {"id": last_id, "hash": result.last_hash}
        )
