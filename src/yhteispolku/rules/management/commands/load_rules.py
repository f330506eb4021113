from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yhteispolku.rules.loader import DATA_DIR, RuleDataError, load


class Command(BaseCommand):
    help = (
        "Load the rule files (rules/data) into the database; refuses the whole set if one file is wrong. "
        "Running servers pick the new versions up at their next request (no restart)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="a directory laid out like rules/data (a staged rule set; default: the installed one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not any(Path(options["data_dir"]).glob("*.toml")):
            raise CommandError(f"{options['data_dir']}: no rule files (*.toml) in it")
        try:
            count = load(options["data_dir"])
        except RuleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} rule versions loaded")
