"""Loads the dated code-list files in data/ (`code_lists-YYYY-MM-DD.json`) into `CodeSystem` and `Code`.

Like `organisations.reference_data` the loader takes an app registry, so that a data migration passes
its historical models and a test its live ones, and it is idempotent: a code is found by its system, code
and `effective_from` and updated in place. A later file is applied by a later migration calling the
same loader; a file whose two versions of one code would be in force on the same day is refused whole
(`rules.loader.overlap`, the rules' own check).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import transaction

from yhteispolku.rules.loader import overlap

DATA_DIR = Path(__file__).resolve().parent / "data"
FIRST_FILE = DATA_DIR / "code_lists-2025-01-01.json"
SYSTEM_FIELDS = ("uri", "title_fi", "title_sv", "title_en", "source")
REQUIRED_CODE_FIELDS = ("code", "display_fi", "effective_from")
CODE_FIELDS = ("code", "display_fi", "display_sv", "display_en", "effective_from", "effective_to")


class CodeListError(ValueError):
    """A code-list file that cannot go into force; the message names the system and the code."""


def read_code_lists(path: Path = FIRST_FILE) -> list[dict[str, Any]]:
    """The file's systems, with dates parsed and every code checked; raises CodeListError."""
    with path.open(encoding="utf-8") as handle:
        systems: list[dict[str, Any]] = json.load(handle)["systems"]
    for system in systems:
        key = system.get("key", "?")
        missing = [name for name in ("key", *SYSTEM_FIELDS) if not system.get(name)]
        if missing:
            raise CodeListError(f"{path.name}: system {key}: missing {', '.join(missing)}")
        ranges: dict[str, list[tuple[str, date, date | None]]] = {}
        for entry in system["codes"]:
            # Swedish and English names may be missing (the catalogue has some): the Finnish one is shown.
            absent = [name for name in REQUIRED_CODE_FIELDS if not entry.get(name)]
            if absent:
                raise CodeListError(
                    f"{path.name}: {key} {entry.get('code', '?')}: missing {', '.join(absent)}"
                )
            entry["effective_from"] = date.fromisoformat(entry["effective_from"])
            entry["effective_to"] = (
                date.fromisoformat(entry["effective_to"]) if entry.get("effective_to") else None
            )
            if entry["effective_to"] is not None and entry["effective_to"] < entry["effective_from"]:
                raise CodeListError(f"{path.name}: {key} {entry['code']}: in force to before in force from")
            ranges.setdefault(entry["code"], []).append(
                (entry["effective_from"].isoformat(), entry["effective_from"], entry["effective_to"])
            )
        for code, versions in ranges.items():
            clash = overlap(versions)
            if clash:
                raise CodeListError(
                    f"{path.name}: {key} {code}: the versions from {clash[0]} and {clash[1]} overlap"
                )
    return systems


def load_code_lists(apps: Apps, path: Path = FIRST_FILE) -> int:
    """Create or update the file's systems and codes; returns how many codes it holds."""
    CodeSystem = apps.get_model("interop", "CodeSystem")
    Code = apps.get_model("interop", "Code")
    systems = read_code_lists(path)
    count = 0
    with transaction.atomic():
        for entry in systems:
            system, _created = CodeSystem.objects.update_or_create(
                key=entry["key"], defaults={name: entry[name] for name in SYSTEM_FIELDS}
            )
            for row in entry["codes"]:
                properties = {name: value for name, value in row.items() if name not in CODE_FIELDS}
                Code.objects.update_or_create(
                    system=system,
                    code=row["code"],
                    effective_from=row["effective_from"],
                    defaults={
                        "display_fi": row["display_fi"],
                        "display_sv": row.get("display_sv", ""),
                        "display_en": row.get("display_en", ""),
                        "effective_to": row["effective_to"],
                        "properties": properties,
                    },
                )
                count += 1
    return count


def unload_code_lists(apps: Apps, path: Path = FIRST_FILE) -> None:
    CodeSystem = apps.get_model("interop", "CodeSystem")
    CodeSystem.objects.filter(key__in=[entry["key"] for entry in read_code_lists(path)]).delete()
