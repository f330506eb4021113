"""The rules page as professionals read it: each rule's plain-language text, its legal sources, the values
of the version in force in words with their units, and what earlier and coming versions change.

Everything comes from the rule data (`loader` stored the words of the files) and the unit words in
`units`; nothing here knows a particular rule. Parameters the files do not describe (a version typed in
the admin) are shown only among the technical details.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext

from yhteispolku.rules import units
from yhteispolku.rules.models import Rule, RuleVersion
from yhteispolku.rules.selectors import RuleHistory, rules_overview


@dataclass(frozen=True)
class Value:
    label: str
    text: str
    # A list of conditions reads better across the whole card than in the narrow value column.
    wide: bool = False


@dataclass
class VersionView:
    version: RuleVersion
    values: list[Value]
    # For an earlier or coming version: the values that differ from the version in force.
    changes: list[Value] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return self.version.plain_note

    @property
    def raw_parameters(self) -> str:
        return json.dumps(self.version.parameters, ensure_ascii=False)


@dataclass
class RuleView:
    rule: Rule
    anchor: str
    in_force: VersionView | None
    earlier: list[VersionView]
    later: list[VersionView]
    sources: list[str]

    @property
    def versions(self) -> list[VersionView]:
        return [*self.earlier, *([self.in_force] if self.in_force else []), *self.later]


@dataclass
class GroupView:
    key: str
    label: str
    rules: list[RuleView]

    @property
    def anchor(self) -> str:
        return f"ryhma-{self.key}"


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def _words(texts: dict[str, str]) -> str:
    return texts.get(_language()) or texts.get("fi", "")


def format_source(source: dict[str, Any]) -> str:
    """ "laki työllistymisen monialaisesta edistämisestä (381/2023), 16 §" in the active language."""
    text = _words(source.get("title") or {})
    if source.get("law") and source.get("repealed"):
        repealed = gettext("kumottu %(date)s") % {
            "date": date_format(date.fromisoformat(source["repealed"]), "j.n.Y")
        }
        text = f"{text} ({source['law']}, {repealed})"
    elif source.get("law"):
        text = f"{text} ({source['law']})"
    section = _words(source.get("section") or {})
    return f"{text}, {section}" if section else text


def format_value(value: Any, info: dict[str, Any]) -> str | None:
    """A parameter's value in words, or None when it is technical or does not fit its unit."""
    unit = info.get("unit")
    if unit in units.NUMBER_UNITS and units.is_number(value):
        return units.quantity(value, unit)
    if unit == "yes_no" and isinstance(value, bool):
        return units.yes_no(value)
    if unit == "items" and isinstance(value, list):
        items = info.get("items", {})
        return "; ".join(_words(items[item]) if item in items else str(item) for item in value)
    return None


def values_of(version: RuleVersion, info: dict[str, dict[str, Any]]) -> list[Value]:
    """The described parameters of a version in the order of the rule file; a range start and its end
    ("range_to") become one value: "4–8 tuntia päivässä"."""
    parameters = version.parameters if isinstance(version.parameters, dict) else {}
    absorbed = {
        entry["range_to"]
        for name, entry in info.items()
        if entry.get("range_to") and name in parameters and entry["range_to"] in parameters
    }
    shown = []
    for name, entry in info.items():
        if name not in parameters or name in absorbed:
            continue
        value = parameters[name]
        end = entry.get("range_to")
        if end and end in parameters and units.is_number(value) and units.is_number(parameters[end]):
            text: str | None = units.quantity_range(value, parameters[end], entry["unit"])
        else:
            text = format_value(value, entry)
        if text is not None:
            shown.append(Value(_words(entry["label"]), text, wide=entry.get("unit") == "items"))
    return shown


def _view(version: RuleVersion, rule: Rule, current: list[Value] | None) -> VersionView:
    values = values_of(version, rule.parameter_info or {})
    changes = []
    if current is not None:
        before = {value.label: value.text for value in current}
        changes = [value for value in values if before.get(value.label) != value.text]
    sources = [format_source(source) for source in version.legal_sources or []]
    return VersionView(version=version, values=values, changes=changes, sources=sources)


def rule_view(history: RuleHistory) -> RuleView:
    rule = history.rule
    in_force = _view(history.in_force, rule, None) if history.in_force else None
    current = in_force.values if in_force else None
    return RuleView(
        rule=rule,
        anchor=rule.rule_id.lower() + (f"-{rule.region}" if rule.region else ""),
        in_force=in_force,
        earlier=[_view(version, rule, current) for version in reversed(history.earlier)],
        later=[_view(version, rule, current) for version in history.later],
        sources=[format_source(source) for source in rule.legal_sources or []],
    )


def rules_page(*, today: date) -> list[GroupView]:
    """The rules by group in the order of `units.GROUPS` (a rule of an unknown group comes last)."""
    groups: dict[str, list[RuleView]] = {key: [] for key in units.GROUPS}
    other: list[RuleView] = []
    for history in rules_overview(today=today):
        view = rule_view(history)
        groups.get(history.rule.group, other).append(view)
    shown = [GroupView(key, str(label), groups[key]) for key, label in units.GROUPS.items() if groups[key]]
    if other:
        shown.append(GroupView("muut", str(units.OTHER_GROUP), other))
    return shown
