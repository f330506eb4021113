"""The `yhteispolku` command: Django's management commands with our settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteispolku.settings")
    from django.core.management import execute_from_command_line

    # `yhteispolku verify-audit` reads better than Django's file-derived `verify_audit`.
    arguments = list(sys.argv)
    if len(arguments) > 1 and not arguments[1].startswith("-"):
        arguments[1] = arguments[1].replace("-", "_")
    execute_from_command_line(arguments)


if __name__ == "__main__":
    main()
