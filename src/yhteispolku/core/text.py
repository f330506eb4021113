"""Text a person may type: control characters are refused everywhere, once, at the edge.

PostgreSQL cannot store a NUL byte in text, and the other C0 control characters (and DEL) have no
place in anything a professional writes; tab, line feed and carriage return do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

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
