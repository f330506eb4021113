"""`yhteispolku verify-audit`: check the access log's hash chains; for cron and for the auditor.

By default the chains are also checked against the newest anchor that `anchor-audit` wrote outside the
database (`AUDIT_ANCHOR_FILE`): each anchored entry must still be there with the same hash. The walk
starts from the checkpoints of the last intact run (`--full`: from the first entry) and records new ones.
"""

import argparse
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yhteispolku.audit.anchoring import AnchorFileError, anchor_path, anchors_of, latest_anchor
from yhteispolku.audit.models import RetentionCut
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
        parser.add_argument(
            "--full",
            action="store_true",
            help="Tarkista koko loki alusta, ei vain edellisen eheäksi todetun tarkistuskohdan jälkeen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors: list[Anchor] = [options["anchor"]] if options["anchor"] else []
        if not anchors and not options["no_anchor"]:
            anchors = self._latest_anchors(options["anchor_file"] or anchor_path())
        result = verify_chain(anchors=anchors, incremental=not options["full"], record_checkpoint=True)
        if result.problem is not None:
            raise CommandError(
                _("Käyttöloki ei ole eheä: %(problem)s (ennen ongelmaa tarkistettiin %(count)s merkintää)")
                % {"problem": result.problem.message, "count": result.checked}
            )
        if result.incremental:
            self.stdout.write(
                _("Käyttöloki on eheä: %(count)s uutta merkintää edellisen tarkistuksen jälkeen.")
                % {"count": result.checked}
            )
        else:
            self.stdout.write(_("Käyttöloki on eheä: %(count)s merkintää.") % {"count": result.checked})
            cut = RetentionCut.objects.order_by("-cut_at", "-id").first()
            if cut is not None:
                # A full run starts each chain from the newest retention cut: say so, with what was dropped.
                self.stdout.write(
                    _(
                        "Säilytysajan ylittäneet merkinnät ennen %(cut)s on poistettu (%(count)s merkintää, "
                        "sääntö R-LOG-2 v%(version)s); ketjut tarkistettiin poiston rajasta."
                    )
                    % {
                        "cut": f"{cut.cut_at:%Y-%m-%d}",
                        "count": cut.dropped_entries,
                        "version": cut.rule_version,
                    }
                )
        for checked_anchor in anchors:
            self.stdout.write(
                _("Lokin ulkopuolinen ankkuri täsmää: merkintä %(id)s.") % {"id": checked_anchor.event_id}
            )
        for head in result.heads:
            self.stdout.write(
                _("Ketjun %(chain)s pää: merkintä %(id)s, tiiviste %(hash)s")
                % {"chain": head.chain, "id": head.event_id, "hash": head.entry_hash}
            )

    def _latest_anchors(self, path: Path) -> list[Anchor]:
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
            return []
        anchors = anchors_of(record)
        if not anchors:
            raise CommandError(
                _("Ankkuritiedoston %(path)s viimeisin ankkuri ei nimeä käyttölokin ketjua.") % {"path": path}
            )
        return anchors
