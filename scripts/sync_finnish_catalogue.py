"""Fills the Finnish catalogue's empty entries with their msgid: Finnish is the source language.

The catalogue exists so that Finnish wording can be refined by a translator without touching code.
"""

from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po, write_po

PO_PATH = Path(__file__).resolve().parent.parent / "src/yhteispolku/locale/fi/LC_MESSAGES/django.po"


def main() -> None:
    with PO_PATH.open("rb") as po_file:
        catalog = read_po(po_file, locale="fi")
    # makemessages leaves a template header; this one is a real catalogue with Finnish plural rules.
    catalog.locale = Locale.parse("fi")
    catalog.fuzzy = False
    catalog.project = "Yhteispolku"
    for message in catalog:
        if not message.id:
            continue
        # A fuzzy entry is makemessages' guess from another string: never keep it in the source language.
        guessed = "fuzzy" in message.flags
        if isinstance(message.id, tuple | list):
            if guessed or not all(message.string):
                message.string = tuple(message.id)
        elif guessed or not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with PO_PATH.open("wb") as po_file:
        write_po(po_file, catalog, width=100)


if __name__ == "__main__":
    main()
