"""Print a new API token for a user: for demo machines and tests only (ARCHITECTURE "API").

In production a token is created by its holder on the profile page after logging in with TOTP;
a command that mints tokens for anyone would go around the second factor.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yhteispolku.accounts.models import User
from yhteispolku.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="yhteispolku token", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.TESTING):
            raise CommandError(
                "Tokens are printed only in demo mode (YHTEISPOLKU_DEMO=1). Create a token on the "
                "profile page (/tili/profiili/) instead."
            )
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as error:
            raise CommandError(f"No active user {options['username']!r}.") from error
        _token, raw = api_token_create(user=user, name=options["name"])
        self.stdout.write(raw)
