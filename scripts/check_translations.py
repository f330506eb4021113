"""Fails when a Finnish or Swedish catalogue has an untranslated or fuzzy entry."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "yhteispolku" / "locale"
# Finnish is the source language (msgids are Finnish); its catalogue starts as a copy of them.
COMPLETE_LANGUAGES = ("fi", "sv", "en")


def problems() -> list[str]:
    found = []
    for language in COMPLETE_LANGUAGES:
        for po_path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=language)
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple | list) else [message.string]
                if message.fuzzy or not all(strings):
                    found.append(f"{po_path.relative_to(LOCALE_DIR)}: {message.id!r}")
                elif language == "fi" and tuple(strings) != (
                    tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
                ):
                    # Finnish wording is changed in the source; a differing msgstr is a stale guess.
                    found.append(f"{po_path.relative_to(LOCALE_DIR)}: {message.id!r} differs from its msgid")
    return found


if __name__ == "__main__":
    missing = problems()
    for line in missing:
        print(f"untranslated: {line}")
    if missing:
        sys.exit(f"{len(missing)} untranslated or fuzzy entries")
