"""Brings the rule files (`rules/data/*.toml`, `rules/data/regions/<slug>/*.toml`) into the database.

A file holds one rule and all its versions. The load refuses the whole set when one file is wrong, with
a message that names the file and the rule, so a half-loaded rule set never goes into force.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
TITLE_FIELDS = ("title_fi", "title_sv", "title_en")


class RuleDataError(ValueError):
    """A rule file that cannot go into force; the message names the rule and what is wrong."""


@dataclass(frozen=True)
class VersionData:
    version: str
    effective_from: date
    effective_to: date | None
    parameters: dict[str, Any]
    note: str


@dataclass(frozen=True)
class RuleData:
    rule_id: str
    region: str
    titles: dict[str, str]
    source: str
    versions: tuple[VersionData, ...]
    path: Path


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


def parse(path: Path, region: str = "") -> RuleData:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"{path.name}: not valid TOML ({error})") from error
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleDataError(f"{path.name}: the rule has no id")
    if path.stem != rule_id:
        raise RuleDataError(f"{rule_id}: the file must be named {rule_id}.toml, not {path.name}")
    missing = [field for field in (*TITLE_FIELDS, "source") if not raw.get(field)]
    if missing:
        raise RuleDataError(f"{rule_id}: missing {', '.join(missing)}")
    versions = []
    for entry in raw.get("versions", []):
        label = entry.get("version")
        if not isinstance(label, str) or not label:
            raise RuleDataError(f"{rule_id}: a version without a version label")
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
        versions.append(VersionData(label, effective_from, effective_to, parameters, entry.get("note", "")))
    if not versions:
        raise RuleDataError(f"{rule_id}: the rule has no versions")
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
    )


def read_all(data_dir: Path = DATA_DIR) -> list[RuleData]:
    rules = [parse(path) for path in sorted(data_dir.glob("*.toml"))]
    for region_dir in sorted((data_dir / "regions").glob("*")):
        if region_dir.is_dir():
            rules.extend(parse(path, region=region_dir.name) for path in sorted(region_dir.glob("*.toml")))
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
                rule_id=data.rule_id, region=data.region, defaults={**data.titles, "source": data.source}
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
