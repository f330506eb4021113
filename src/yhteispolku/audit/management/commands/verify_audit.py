"""`yhteispolku verify-audit`: check the access log's hash chain; for cron and for the auditor.

By default the chain is also checked against the newest anchor that `anchor-audit` wrote outside the
database (`AUDIT_ANCHOR_FILE`): the anchored entry must still be there with the same hash.
"""

import argparse
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yhteispolku.audit.anchoring import ACCESS_CHAIN, AnchorFileError, anchor_path, latest_anchor
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
        "Tarkistaa käyttölokin tiivisteketjun ja sen, että viimeisin lokin ulkopuolelle tallennettu "
        "ketjun pää (anchor-audit) löytyy yhä. Palauttaa nollasta poikkeavan tilan ensimmäisestä "
        "ongelmasta ja tulostaa ketjun pään tiivisteen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--anchor",
            type=anchor,
            metavar="ID:HASH",
            help="Ketjun pää sellaisena kuin se aiemmin tallennettiin lokin ulkopuolelle "
            "(oletuksena ankkuritiedoston viimeisin).",
        )
        source.add_argument(
            "--anchor-file", type=Path, metavar="PATH", help="Ankkuritiedosto (oletus AUDIT_ANCHOR_FILE)."
        )
        source.add_argument(
            "--no-anchor", action="store_true", help="Tarkista vain ketju, ei lokin ulkopuolista ankkuria."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checked_anchor: Anchor | None = options["anchor"]
        if checked_anchor is None and not options["no_anchor"]:
            checked_anchor = self._latest_anchor(options["anchor_file"] or anchor_path())
        result = verify_chain(anchor=checked_anchor)
        if result.problem is not None:
            raise CommandError(
                _("Käyttöloki ei ole eheä: %(problem)s (ennen ongelmaa tarkistettiin %(count)s merkintää)")
                % {"problem": result.problem.message, "count": result.checked}
            )
        self.stdout.write(_("Käyttöloki on eheä: %(count)s merkintää.") % {"count": result.checked})
        if checked_anchor is not None:
            self.stdout.write(
                _("Lokin ulkopuolinen ankkuri täsmää: merkintä %(id)s.") % {"id": checked_anchor.event_id}
            )
        last_id = result.last_event_id if result.last_event_id is not None else "-"
        self.stdout.write(
            _("Ketjun pää: merkintä %(id)s, tiiviste %(hash)s") % {"id": last_id, "hash": result.last_hash}
        )

    def _latest_anchor(self, path: Path) -> Anchor | None:
        try:
            record = latest_anchor(path)
        except AnchorFileError as error:
            raise CommandError(_("Ankkuritiedostoa ei voi lukea: %(error)s") % {"error": error}) from error
        if record is None:
            self.stderr.write(
                _(
                    "Varoitus: ankkuritiedostossa %(path)s ei ole yhtään ankkuria; ketju tarkistetaan "
                    "ilman sitä. Aja anchor-audit säännöllisesti."
                )
                % {"path": path}
            )
            return None
        head = record.head(ACCESS_CHAIN)
        if head is None:
            raise CommandError(
                _("Ankkuritiedoston %(path)s viimeisin ankkuri ei nimeä käyttölokin ketjua.") % {"path": path}
            )
        return Anchor(event_id=head.event_id, entry_hash=head.entry_hash)
