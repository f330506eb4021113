"""Text a person may type: control characters are refused everywhere, once, at the edge.

PostgreSQL cannot store a NUL byte in text, and the other C0 control characters (and DEL) have no
place in anything a professional writes; tab, line feed and carriage return do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTROL_CHARACTER_CODE = "control_characters"
CONTROL_CHARACTER_MESSAGE = _(
    "Tekstissä on näkymättömiä ohjausmerkkejä, joita ei voi tallentaa. Poista ne ja yritä uudelleen."
)


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def strings_in(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON document, keys included, with its dotted place ("tasks.0.text")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{path}.{key}" if path else str(key)
            yield place, str(key)
            yield from strings_in(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{path}.{index}" if path else str(index))


FORMAT_CHARACTER_MESSAGE = _(
    "Nimessä on näkymättömiä muotoilumerkkejä (esimerkiksi tekstin suunnan vaihtoja tai nollalevyisiä "
    "merkkejä). Kirjoita nimi uudelleen."
)


def has_format_characters(text: str) -> bool:
    """Bidi overrides, zero-width spaces and joiners and other invisible format characters (category Cf):
    two names that look the same must be the same."""
    return any(unicodedata.category(character) == "Cf" for character in text)


def tidy_name(text: str) -> str:
    """One spelling of a name: Unicode NFC, so that a decomposed "ä" and a composed one are one letter."""
    return unicodedata.normalize("NFC", text)


# How long a text a person may type, in characters: one place for the models, the forms (a maxlength
# attribute and the server's check), the API's schemas (maxLength) and the edge. A 2,000,000-character
# journal entry was once stored, and its page then weighed 2.2 MB.
SHORT_TEXT = 200  # a name, a title, a reference, a contact, a search
NOTE_TEXT = 4_000  # a note, a reason, a task, a description of one service or action
LONG_TEXT = 20_000  # a journal entry, findings, a plan's goals, meeting notes, a letter, a statement request
# The backstop at the edge for any text input a field does not bound (or before it is read): twice the
# longest field, so that a field's own limit answers first, next to the field (a browser sends a line break
# typed in a textarea as two characters, but counts it as one against maxlength).
EDGE_TEXT_LIMIT = 2 * LONG_TEXT

TEXT_TOO_LONG_CODE = "text_too_long"


def text_too_long_message(limit: int) -> str:
    return gettext("Teksti on liian pitkä: enintään %(limit)s merkkiä.") % {
        "limit": number_format(limit, force_grouping=True)
    }


def too_long(text: str) -> bool:
    return len(text) > EDGE_TEXT_LIMIT
