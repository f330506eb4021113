from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yhteispolku.rules.loader import RuleDataError, load


class Command(BaseCommand):
    help = "Load the rule files (rules/data) into the database; refuses the whole set if one file is wrong."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = load()
        except RuleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} rule versions loaded")
