"""`yhteispolku clean-attachments [--dry-run]`: remove attachment files that no row names (after a crash)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yhteispolku.documents import cleanup


class Command(BaseCommand):
    help = (
        "Finds attachment files in YHTEISPOLKU_PRIVATE_FILES_DIR that no attachment row names (an upload "
        "cut short by a crash) and removes them; --dry-run only lists them. Also lists rows whose file is "
        "missing (exit 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")
        parser.add_argument(
            "--min-age-minutes",
            type=float,
            default=60,
            help="only files at least this old (default 60): an upload in progress is not an orphan",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        orphans = cleanup.find(min_age_seconds=options["min_age_minutes"] * 60)
        for path in orphans.files:
            self.stdout.write(f"orphan file: {path.name} ({path.stat().st_size} bytes)")
        if options["dry_run"]:
            self.stdout.write(f"{len(orphans.files)} orphan files (dry run: nothing removed)")
        else:
            self.stdout.write(f"{cleanup.remove(orphans)} orphan files removed")
        if orphans.rows_without_file:
            for name in orphans.rows_without_file:
                self.stderr.write(f"attachment row without its file: {name}")
            raise CommandError(
                f"{len(orphans.rows_without_file)} attachment rows have no file (restore them)"
            )
