"""Bulk translation helper: list what sv/en still miss, and apply a file of translations.

    python scripts/translations_todo.py export todo.json   # untranslated or fuzzy sv/en entries
    python scripts/translations_todo.py apply done.json    # write them back (fuzzy flag cleared)

The JSON is a list of {"id": msgid or [singular, plural], "context": str|null, "sv": ..., "en": ...},
where a plural entry's translations are lists. `make messages` first extracts the new strings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "yhteispolku" / "locale"
LANGUAGES = ("sv", "en")


def _catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _load(language: str):
    with _catalog_path(language).open("rb") as po_file:
        return read_po(po_file, locale=language)


def _missing(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return bool(message.id) and (message.fuzzy or not all(strings))


def export(target: Path) -> None:
    todo: dict[tuple, dict] = {}
    for language in LANGUAGES:
        for message in _load(language):
            if _missing(message):
                key = (json.dumps(message.id), message.context)
                entry = todo.setdefault(
                    key,
                    {
                        "id": message.id,
                        "context": message.context,
                        "where": [f"{p}:{n}" for p, n in message.locations][:2],
                    },
                )
                entry[language] = None
    target.write_text(json.dumps(list(todo.values()), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(todo)} entries to translate → {target}")


def apply(source: Path) -> None:
    entries = json.loads(source.read_text(encoding="utf-8"))
    for language in LANGUAGES:
        catalog = _load(language)
        written = 0
        for entry in entries:
            text = entry.get(language)
            if not text:
                continue
            message_id = tuple(entry["id"]) if isinstance(entry["id"], list) else entry["id"]
            message = catalog.get(message_id, context=entry.get("context"))
            if message is None:
                continue
            message.string = tuple(text) if isinstance(text, list) else text
            message.flags.discard("fuzzy")
            written += 1
        with _catalog_path(language).open("wb") as po_file:
            write_po(po_file, catalog, width=100)
        print(f"{language}: {written} entries written")


if __name__ == "__main__":
    command, path = sys.argv[1], Path(sys.argv[2])
    {"export": export, "apply": apply}[command](path)
