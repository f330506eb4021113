"""`yhteispolku audit-partitions`: the access log's monthly partitions on PostgreSQL (cron, daily).

Creates the partitions of this month and the next `--months-ahead` months (idempotent). With `--drop`,
also drops the months wholly past the retention of R-LOG-2, except those an open access-log request, a
chain's head, its last verified checkpoint or the newest anchor still needs; the drop is recorded
(audit.RetentionCut and an access-log entry) and verification starts from it. `--dry-run` only reports.
Run it as the tables' owner (DDL). On SQLite (one plain table) it does nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.audit.partitions import PartitionError, drop_months, ensure_partitions, is_partitioned
from yhteispolku.privacy.retention import open_request_holds, retention, retention_cut


class Command(BaseCommand):
    help = (
        "Luo käyttölokin tulevien kuukausien osiot (PostgreSQL) ja --drop-valitsimella poistaa säilytysajan "
        "(R-LOG-2) ylittäneet kuukaudet, joita mikään ei enää tarvitse; poisto kirjataan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months-ahead", type=int, default=3, help="Montako tulevaa kuukautta luodaan (3)."
        )
        parser.add_argument("--drop", action="store_true", help="Poista säilytysajan ylittäneet kuukaudet.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kerro, mitä poistettaisiin; älä muuta mitään."
        )
        parser.add_argument("--quiet", action="store_true", help="Ei tulostetta onnistuessa.")

    def handle(self, *args: Any, **options: Any) -> None:
        say = (lambda text: None) if options["quiet"] else self.stdout.write
        if not is_partitioned():
            say(_("Käyttölokia ei ole osioitu (vain PostgreSQL): ei tehtävää."))
            return
        if options["months_ahead"] < 1:
            raise CommandError(_("--months-ahead: vähintään yksi kuukausi."))
        today = timezone.localdate()
        try:
            if not options["dry_run"]:
                for name in ensure_partitions(months_ahead=options["months_ahead"], today=today):
                    say(_("Luotu osio %(name)s.") % {"name": name})
            if not options["drop"]:
                return
            rule = retention(today)
            cut = retention_cut(today)
            result = drop_months(
                cut_at=cut, holds=open_request_holds(), rule_version=rule.version, dry_run=options["dry_run"]
            )
        except PartitionError as error:
            raise CommandError(str(error)) from error
        dropped = (
            _("Poistettaisiin %(name)s (%(rule)s: säilytysaika %(years)s vuotta, raja %(cut)s).")
            if options["dry_run"]
            else _("Poistettu %(name)s (%(rule)s: säilytysaika %(years)s vuotta, raja %(cut)s).")
        )
        for name in result.dropped:
            say(
                dropped
                % {"name": name, "rule": rule.reference, "years": rule.value, "cut": f"{cut:%Y-%m-%d}"}
            )
        for name, reason in result.refused:
            # Not an error: the month is kept until nothing needs it; a later run drops it.
            self.stderr.write(
                _("Säilytetään %(name)s, vaikka säilytysaika on kulunut: sitä tarvitsee %(reason)s.")
                % {"name": name, "reason": reason}
            )
        if result.cut is not None:
            cut_at, count = result.cut.cut_at, result.cut.dropped_entries
            say(
                _("Poisto kirjattu (%(count)s merkintää, raja %(cut)s).")
                % {"count": count, "cut": f"{cut_at:%Y-%m-%d}"}
            )
