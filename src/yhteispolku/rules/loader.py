"""Brings the rule files (`rules/data/*.toml`, `rules/data/regions/<slug>/*.toml`) into the database.

A file holds one rule and all its versions. The load refuses the whole set when one file is wrong, with
a message that names the file and the rule, so a half-loaded rule set never goes into force.

Besides the numbers the system computes with, a file says what the rule means for the professionals who
read the rules page, in Finnish, Swedish and English: its group, a plain-language summary, its legal
sources (a law by its number in `data/laws/laws.toml`, whose titles are written once there), and for each
parameter a label and a unit (`units.UNITS`). Every parameter of every version must be described, and
every value must fit its unit, so the page never falls back to a raw key or a Python list.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from yhteispolku.rules.units import GROUPS, NUMBER_UNITS, UNITS, is_number

DATA_DIR = Path(__file__).resolve().parent / "data"
LAWS_FILE = DATA_DIR / "laws" / "laws.toml"
LANGUAGES = ("fi", "sv", "en")
TITLE_FIELDS = ("title_fi", "title_sv", "title_en")
SUMMARY_FIELDS = ("summary_fi", "summary_sv", "summary_en")
REGION_NAME_FIELDS = ("region_name_fi", "region_name_sv", "region_name_en")
NOTE_FIELDS = ("note_fi", "note_sv", "note_en")
RULE_KEYS = frozenset(
    {
        "id",
        "group",
        "source",
        "sources",
        "parameter_info",
        "versions",
        *TITLE_FIELDS,
        *SUMMARY_FIELDS,
        *REGION_NAME_FIELDS,
    }
)
VERSION_KEYS = frozenset(
    {"version", "effective_from", "effective_to", "parameters", "note", "sources", *NOTE_FIELDS}
)
SOURCE_KEYS = frozenset({"law", "text", "section"})
PARAMETER_INFO_KEYS = frozenset({"unit", "label", "range_to", "items"})
LAW_NUMBER = re.compile(r"^[0-9]+/[0-9]{4}$")


class RuleDataError(ValueError):
    """A rule file that cannot go into force; the message names the rule and what is wrong."""


@dataclass(frozen=True)
class VersionData:
    version: str
    effective_from: date
    effective_to: date | None
    parameters: dict[str, Any]
    note: str
    notes: dict[str, str] = field(default_factory=dict)
    # The legal sources of this version when they differ from the rule's (an old law for an old version).
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class RuleData:
    rule_id: str
    region: str
    titles: dict[str, str]
    source: str
    versions: tuple[VersionData, ...]
    path: Path
    group: str = ""
    summaries: dict[str, str] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)
    sources: tuple[dict[str, Any], ...] = ()
    parameter_info: dict[str, dict[str, Any]] = field(default_factory=dict)


def overlap(versions: Iterable[tuple[str, date, date | None]]) -> tuple[str, str] | None:
    """The first two versions (by label) whose date ranges share a day, or None."""
    ordered = sorted(versions, key=lambda version: version[1])
    for earlier, later in itertools.pairwise(ordered):
        if earlier[2] is None or earlier[2] >= later[1]:
            return earlier[0], later[0]
    return None


def _date(value: object, rule_id: str, field: str) -> date:
    if isinstance(value, date):
        return value
    raise RuleDataError(f"{rule_id}: {field} must be a date (YYYY-MM-DD), not {value!r}")


def _texts(value: object, where: str) -> dict[str, str]:
    """A {fi, sv, en} table of non-empty strings, or a RuleDataError naming `where`."""
    if (
        not isinstance(value, dict)
        or set(value) != set(LANGUAGES)
        or not all(isinstance(text, str) and text.strip() for text in value.values())
    ):
        raise RuleDataError(f"{where} must give fi, sv and en texts, not {value!r}")
    return {language: value[language] for language in LANGUAGES}


def _fields(raw: dict[str, Any], fields: tuple[str, ...], where: str, *, required: bool) -> dict[str, str]:
    """`title_fi`, `title_sv`, `title_en` → {fi, sv, en}; all three or (when not required) none."""
    present = [name for name in fields if raw.get(name)]
    if not present and not required:
        return {}
    missing = [name for name in fields if not isinstance(raw.get(name), str) or not raw[name].strip()]
    if missing:
        raise RuleDataError(f"{where}: missing {', '.join(missing)}")
    return {name.rsplit("_", 1)[1]: raw[name] for name in fields}


def read_laws(path: Path = LAWS_FILE) -> dict[str, dict[str, str]]:
    """The law registry: number ("381/2023") → its titles {fi, sv, en} and, for a repealed law, "repealed"
    (the ISO date)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RuleDataError(f"{path.name}: the law registry cannot be read ({error})") from error
    laws = raw.get("laws")
    if not isinstance(laws, dict) or not laws:
        raise RuleDataError(f'{path.name}: no [laws."<number>"] tables')
    registry = {}
    for number, entry in laws.items():
        if not LAW_NUMBER.match(number):
            raise RuleDataError(f"{path.name}: {number!r} is not a law number like 381/2023")
        if not isinstance(entry, dict) or not set(TITLE_FIELDS) <= set(entry) <= {*TITLE_FIELDS, "repealed"}:
            raise RuleDataError(
                f"{path.name}: law {number} must have title_fi, title_sv and title_en (and may have repealed)"
            )
        registry[number] = _fields(entry, TITLE_FIELDS, f"{path.name}: law {number}", required=True)
        if "repealed" in entry:
            registry[number]["repealed"] = _date(
                entry["repealed"], f"{path.name}: law {number}", "repealed"
            ).isoformat()
    return registry


def _sources(value: object, where: str, laws: dict[str, dict[str, str]]) -> tuple[dict[str, Any], ...]:
    """Legal sources as the rules page shows them: a law (its titles from the registry) or a text, each
    with an optional section; refused when a law is not in the registry."""
    if not isinstance(value, list) or not value:
        raise RuleDataError(f"{where}: sources must be a non-empty list of [[sources]] tables")
    resolved = []
    for entry in value:
        if not isinstance(entry, dict):
            raise RuleDataError(f"{where}: a source must be a table, not {entry!r}")
        unknown = set(entry) - SOURCE_KEYS
        if unknown:
            raise RuleDataError(f"{where}: unknown source key {', '.join(sorted(unknown))}")
        if ("law" in entry) == ("text" in entry):
            raise RuleDataError(f"{where}: a source names either a law or a text")
        if "law" in entry:
            number = entry["law"]
            if number not in laws:
                raise RuleDataError(f"{where}: law {number!r} is not in laws/laws.toml")
            titles = {language: laws[number][language] for language in LANGUAGES}
            source: dict[str, Any] = {
                "law": number,
                "title": titles,
                "repealed": laws[number].get("repealed", ""),
            }
        else:
            source = {"law": "", "title": _texts(entry["text"], f"{where}: source text")}
        source["section"] = _texts(entry["section"], f"{where}: source section") if "section" in entry else {}
        resolved.append(source)
    return tuple(resolved)


def _parameter_info(value: object, rule_id: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not value:
        raise RuleDataError(
            f"{rule_id}: no [parameter_info.<name>] tables (label and unit of each parameter)"
        )
    described: dict[str, dict[str, Any]] = {}
    for name, info in value.items():
        where = f"{rule_id}: parameter {name}"
        if not isinstance(info, dict):
            raise RuleDataError(f"{where} must be a table")
        unknown = set(info) - PARAMETER_INFO_KEYS
        if unknown:
            raise RuleDataError(f"{where}: unknown key {', '.join(sorted(unknown))}")
        unit = info.get("unit")
        if unit not in UNITS:
            raise RuleDataError(f"{where}: unit {unit!r} is not one of {', '.join(UNITS)}")
        entry: dict[str, Any] = {"unit": unit, "label": _texts(info.get("label"), f"{where} label")}
        if unit == "items":
            items = info.get("items")
            if not isinstance(items, dict) or not items:
                raise RuleDataError(f"{where}: a list parameter needs [items] with the words of each value")
            entry["items"] = {key: _texts(words, f"{where} item {key}") for key, words in items.items()}
        elif "items" in info:
            raise RuleDataError(f'{where}: items belong only to a parameter with unit "items"')
        if "range_to" in info:
            entry["range_to"] = info["range_to"]
        described[name] = entry
    for name, entry in described.items():
        other = entry.get("range_to")
        if other is None:
            continue
        if other not in described or other == name:
            raise RuleDataError(f"{rule_id}: parameter {name} range_to {other!r} is not another parameter")
        if entry["unit"] not in NUMBER_UNITS or described[other]["unit"] != entry["unit"]:
            raise RuleDataError(
                f"{rule_id}: parameter {name} and its range_to {other} need the same number unit"
            )
        if "range_to" in described[other]:
            raise RuleDataError(f"{rule_id}: parameter {other} ends a range and cannot start another")
    return described


def _check_value(rule_id: str, label: str, name: str, value: object, info: dict[str, Any]) -> None:
    where = f"{rule_id} {label}: parameter {name}"
    unit = info["unit"]
    if unit in NUMBER_UNITS and not is_number(value):
        raise RuleDataError(f"{where} must be a number of {unit}, not {value!r}")
    if unit == "yes_no" and not isinstance(value, bool):
        raise RuleDataError(f"{where} must be true or false, not {value!r}")
    if unit == "items":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise RuleDataError(f"{where} must be a list of keys, not {value!r}")
        unnamed = [item for item in value if item not in info["items"]]
        if unnamed:
            raise RuleDataError(f"{where}: no words for {', '.join(unnamed)} in its items")


def parse(path: Path, region: str = "", laws: dict[str, dict[str, str]] | None = None) -> RuleData:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"{path.name}: not valid TOML ({error})") from error
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleDataError(f"{path.name}: the rule has no id")
    if path.stem != rule_id:
        raise RuleDataError(f"{rule_id}: the file must be named {rule_id}.toml, not {path.name}")
    missing = [field for field in (*TITLE_FIELDS, *SUMMARY_FIELDS, "source", "group") if not raw.get(field)]
    if missing:
        raise RuleDataError(f"{rule_id}: missing {', '.join(missing)}")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleDataError(f"{rule_id}: unknown key {', '.join(sorted(unknown))}")
    if raw["group"] not in GROUPS:
        raise RuleDataError(f"{rule_id}: group {raw['group']!r} is not one of {', '.join(GROUPS)}")
    laws = read_laws() if laws is None else laws
    summaries = _fields(raw, SUMMARY_FIELDS, rule_id, required=True)
    region_names = _fields(raw, REGION_NAME_FIELDS, rule_id, required=bool(region))
    if region_names and not region:
        raise RuleDataError(f"{rule_id}: region_name_* belongs only to a region's rule (regions/<slug>/)")
    sources = _sources(raw.get("sources"), rule_id, laws)
    parameter_info = _parameter_info(raw.get("parameter_info"), rule_id)
    used: set[str] = set()
    versions = []
    for entry in raw.get("versions", []):
        label = entry.get("version")
        if not isinstance(label, str) or not label:
            raise RuleDataError(f"{rule_id}: a version without a version label")
        unknown = set(entry) - VERSION_KEYS
        if unknown:
            raise RuleDataError(f"{rule_id} {label}: unknown key {', '.join(sorted(unknown))}")
        effective_from = _date(entry.get("effective_from"), rule_id, f"{label} effective_from")
        effective_to = entry.get("effective_to")
        if effective_to is not None:
            effective_to = _date(effective_to, rule_id, f"{label} effective_to")
            if effective_to < effective_from:
                raise RuleDataError(
                    f"{rule_id} {label}: effective_to {effective_to} is before effective_from"
                )
        parameters = entry.get("parameters")
        if not isinstance(parameters, dict) or not parameters:
            raise RuleDataError(f"{rule_id} {label}: the version has no parameters")
        for name, value in parameters.items():
            if name not in parameter_info:
                raise RuleDataError(f"{rule_id} {label}: parameter {name} has no [parameter_info.{name}]")
            _check_value(rule_id, label, name, value, parameter_info[name])
        used.update(parameters)
        versions.append(
            VersionData(
                label,
                effective_from,
                effective_to,
                parameters,
                entry.get("note", ""),
                notes=_fields(entry, NOTE_FIELDS, f"{rule_id} {label}", required=False),
                sources=_sources(entry["sources"], f"{rule_id} {label}", laws) if "sources" in entry else (),
            )
        )
    if not versions:
        raise RuleDataError(f"{rule_id}: the rule has no versions")
    unused = sorted(set(parameter_info) - used)
    if unused:
        raise RuleDataError(f"{rule_id}: parameter_info describes {', '.join(unused)}, which no version has")
    labels = [version.version for version in versions]
    if len(set(labels)) != len(labels):
        raise RuleDataError(f"{rule_id}: a version label appears twice")
    clash = overlap((v.version, v.effective_from, v.effective_to) for v in versions)
    if clash:
        raise RuleDataError(f"{rule_id}: versions {clash[0]} and {clash[1]} are in force on the same days")
    return RuleData(
        rule_id=rule_id,
        region=region,
        titles={field: raw[field] for field in TITLE_FIELDS},
        source=raw["source"],
        versions=tuple(versions),
        path=path,
        group=raw["group"],
        summaries=summaries,
        region_names=region_names,
        sources=sources,
        parameter_info=parameter_info,
    )


def read_all(data_dir: Path = DATA_DIR, laws_file: Path = LAWS_FILE) -> list[RuleData]:
    laws = read_laws(laws_file)
    rules = [parse(path, laws=laws) for path in sorted(data_dir.glob("*.toml"))]
    for region_dir in sorted((data_dir / "regions").glob("*")):
        if region_dir.is_dir():
            rules.extend(
                parse(path, region=region_dir.name, laws=laws) for path in sorted(region_dir.glob("*.toml"))
            )
    return rules


def load(data_dir: Path = DATA_DIR) -> int:
    """Load every rule file into the database; versions no longer in a file are removed. Returns the count."""
    from yhteispolku.rules import engine
    from yhteispolku.rules.models import Rule, RuleVersion

    rules = read_all(data_dir)
    count = 0
    with transaction.atomic():
        for data in rules:
            rule, _ = Rule.objects.update_or_create(
                rule_id=data.rule_id,
                region=data.region,
                defaults={
                    **data.titles,
                    "source": data.source,
                    "group": data.group,
                    **{f"summary_{language}": text for language, text in data.summaries.items()},
                    **{
                        f"region_name_{language}": data.region_names.get(language, "")
                        for language in LANGUAGES
                    },
                    "legal_sources": list(data.sources),
                    "parameter_info": data.parameter_info,
                },
            )
            kept = []
            for version in data.versions:
                row, _ = RuleVersion.objects.update_or_create(
                    rule=rule,
                    version=version.version,
                    defaults={
                        "effective_from": version.effective_from,
                        "effective_to": version.effective_to,
                        "parameters": version.parameters,
                        "note": version.note,
                        **{f"note_{language}": version.notes.get(language, "") for language in LANGUAGES},
                        "legal_sources": list(version.sources),
                    },
                )
                kept.append(row.pk)
                count += 1
            rule.versions.exclude(pk__in=kept).delete()
    transaction.on_commit(engine.clear_cache)
    engine.clear_cache()
    return count


def load_after_migrate(**kwargs: object) -> None:
    load()
