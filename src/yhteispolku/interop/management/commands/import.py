"""`yhteispolku import FILE`: bring a region's existing clients in from CSV or XLSX (docs/import.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from yhteispolku.accounts.models import User
from yhteispolku.interop.importing import (
    DEFAULT_BATCH_SIZE,
    EXIT_ROWS_REFUSED,
    MAX_FILE_BYTES,
    Importer,
    ImportFileError,
    ImportNotAllowed,
    check_importer,
    iter_errors,
)


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy translation.
    help = (
        "Tuo alueen nykyiset asiakkaat CSV- tai XLSX-tiedostosta (docs/import.md): asiakkaat, asiakkuudet, "
        "voimassa olevan suunnitelman palvelut ja suostumukset. Uudelleenajo ei muuta mitään; keskeytynyt "
        "tuonti jatkuu viimeisestä tallennetusta erästä."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV- (UTF-8) tai XLSX-tiedosto.")
        parser.add_argument(
            "--user",
            required=True,
            help="Tuova käyttäjä: organisaation pääkäyttäjä (tai pääkäyttäjätason superuser); kirjataan "
            "käyttölokiin tekijäksi.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kerro riveittäin, mitä tehtäisiin, ja jokainen virhe rivin ja sarakkeen kanssa; "
            "älä tallenna.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="Rivejä yhdessä tallennuserässä."
        )
        parser.add_argument(
            "--max-mb", type=float, default=MAX_FILE_BYTES / 1024 / 1024, help="Tiedoston enimmäiskoko."
        )
        parser.add_argument("--no-progress", action="store_true", help="Ei edistymispalkkia.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = check_importer(
                User.objects.filter(username=options["user"]).select_related("organisation").first(),
                options["user"],
            )
        except ImportNotAllowed as refused:
            raise CommandError(str(refused)) from refused
        if options["batch_size"] < 1:
            raise CommandError(_("Erän koon on oltava vähintään 1."))
        path: Path = options["file"]
        dry_run: bool = options["dry_run"]
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} riviä/s"),
            TimeElapsedColumn(),
            console=console,
            disable=options["no_progress"],
        ) as progress:
            try:
                importer = Importer(
                    path=path,
                    actor=actor,
                    dry_run=dry_run,
                    batch_size=options["batch_size"],
                    max_bytes=int(options["max_mb"] * 1024 * 1024),
                )
            except ImportFileError as error:
                raise CommandError(_("%(file)s: %(error)s") % {"file": path.name, "error": error}) from error
            task = progress.add_task(
                _("Tarkistetaan") if dry_run else _("Tuodaan"), total=importer.row_count, rate="–"
            )

            def advance(rows: int) -> None:
                progress.advance(task, rows)
                speed = progress.tasks[task].speed
                progress.update(task, rate=f"{speed:.0f}" if speed else "–")

            importer.progress = advance
            summary = importer.run()

        if dry_run:
            for outcome in summary.outcomes:
                self.stdout.write(outcome.describe())
        else:
            for row_error in iter_errors(summary):
                self.stdout.write(str(row_error))
        rate = summary.rows / summary.seconds if summary.seconds else 0.0
        values = {
            "rows": summary.rows,
            "valid": summary.rows_valid,
            "errors": len({error.row for error in summary.errors}),
            "clients": summary.clients,
            "relationships": summary.relationships,
            "services": summary.services,
            "team": summary.team_members,
            "consents": summary.consents,
            "rate": f"{rate:.0f}",
        }
        if dry_run:
            message = _(
                "Koeajo: %(rows)s riviä, kelvollisia %(valid)s, virheellisiä %(errors)s. Tuotaisiin uusia "
                "asiakkaita %(clients)s, asiakkuuksia %(relationships)s, palveluita %(services)s, "
                "tiimin jäseniä %(team)s ja suostumuksia %(consents)s (%(rate)s riviä/s)."
            )
        else:
            message = _(
                "Tuonti valmis: %(rows)s riviä, kelvollisia %(valid)s, virheellisiä %(errors)s. Uusia "
                "asiakkaita %(clients)s, asiakkuuksia %(relationships)s, palveluita %(services)s, "
                "tiimin jäseniä %(team)s ja suostumuksia %(consents)s (%(rate)s riviä/s)."
            )
        self.stdout.write(message % values)
        if summary.rows_skipped_resumed:
            self.stdout.write(
                _("Jatkettiin keskeytyneestä tuonnista: %(n)s riviä oli jo tallennettu.")
                % {"n": summary.rows_skipped_resumed}
            )
        if summary.errors:
            # The good rows are imported (or, in a dry run, would be); the status tells a script that
            # some were not (docs/import.md: exit status 2).
            raise CommandError(
                _("Virheellisiä rivejä %(errors)s: niitä ei tuotu.") % values
                if not dry_run
                else _("Virheellisiä rivejä %(errors)s: niitä ei tuotaisi.") % values,
                returncode=EXIT_ROWS_REFUSED,
            )
