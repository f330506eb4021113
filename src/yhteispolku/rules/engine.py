"""The rule in force on a date, and due dates that land on Finnish working days.

`parameter("R-TYM-2", "mapping_target_months", on=day)` answers with the value of the version in force
that day and says which version it was, so every computed date can name the rule behind it. A regional
policy (R-POLICY-1) is looked up with `region=<slug>`; a region without its own version gets none.

The versions are read from the database once per process and kept. Saving or removing a version, in
any process, raises the rule set's generation (`models.RuleSetStamp`); the first rule read of every request
(`rules.middleware`) compares it with the generation the copy was read at and reads the versions again
when they differ, so a new version reaches every running worker without a restart.
"""

from __future__ import annotations

import calendar
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver


class RuleMissing(LookupError):
    """No version of the rule is in force on the day asked for (or the parameter does not exist)."""


@dataclass(frozen=True)
class Parameter:
    rule_id: str
    name: str
    value: Any
    version: str
    effective_from: date
    effective_to: date | None
    region: str = ""

    @property
    def reference(self) -> str:
        """How a page or a message names the rule behind a value: "R-TYM-2 v2025.1"."""
        return f"{self.rule_id} v{self.version}"


@dataclass(frozen=True)
class DueDate:
    on: date
    unadjusted: date
    rule_id: str
    version: str

    @property
    def moved(self) -> bool:
        return self.on != self.unadjusted

    @property
    def reference(self) -> str:
        return f"{self.rule_id} v{self.version}"


@dataclass(frozen=True)
class _Version:
    version: str
    effective_from: date
    effective_to: date | None
    parameters: dict[str, Any]


_lock = threading.Lock()
_versions: dict[tuple[str, str], list[_Version]] | None = None
# The rule set's generation when `_versions` was read.
_generation: int | None = None
# Per thread (a request): whether the next rule read compares the generations first.
_request = threading.local()


def clear_cache() -> None:
    global _versions, _generation
    with _lock:
        _versions = None
        _generation = None


def check_at_next_use() -> None:
    """Called as each request begins: its first rule read checks the stored generation (one query by
    primary key); requests that read no rule pay nothing."""
    _request.check_due = True


def current_generation() -> int:
    from yhteispolku.rules.models import RuleSetStamp

    found = RuleSetStamp.objects.filter(pk=RuleSetStamp.SINGLETON_ID).values_list("generation", flat=True)
    return next(iter(found), 0)


def bump_generation() -> None:
    """Tell every process that the versions changed (called on each save and removal of a version)."""
    from django.db.models import F
    from django.utils import timezone

    from yhteispolku.rules.models import RuleSetStamp

    changed = RuleSetStamp.objects.filter(pk=RuleSetStamp.SINGLETON_ID).update(
        generation=F("generation") + 1, changed_at=timezone.now()
    )
    if not changed:
        # Migration 0003 creates the row; only an emptied (test) database lacks it.
        RuleSetStamp.objects.get_or_create(
            pk=RuleSetStamp.SINGLETON_ID, defaults={"generation": 1, "changed_at": timezone.now()}
        )


def _all_versions() -> dict[tuple[str, str], list[_Version]]:
    global _versions, _generation
    if getattr(_request, "check_due", False):
        _request.check_due = False
        if _versions is not None and current_generation() != _generation:
            clear_cache()
    with _lock:
        if _versions is None:
            from yhteispolku.rules.models import RuleVersion

            # Read before the versions: a change made in between is seen at the next request.
            generation = current_generation()
            loaded: dict[tuple[str, str], list[_Version]] = defaultdict(list)
            rows = RuleVersion.objects.select_related("rule").order_by("effective_from")
            for row in rows:
                loaded[(row.rule.rule_id, row.rule.region)].append(
                    _Version(row.version, row.effective_from, row.effective_to, row.parameters)
                )
            _versions = dict(loaded)
            _generation = generation
        return _versions


def version_in_force(rule_id: str, on: date, region: str | None = None) -> tuple[str, _Version]:
    key = (rule_id, region or "")
    for version in _all_versions().get(key, []):
        if version.effective_from <= on and (version.effective_to is None or on <= version.effective_to):
            return key[1], version
    where = f" ({region})" if region else ""
    raise RuleMissing(f"{rule_id}{where}: no version in force on {on.isoformat()}")


def parameter(rule_id: str, name: str, on: date, region: str | None = None) -> Parameter:
    found_region, version = version_in_force(rule_id, on, region)
    if name not in version.parameters:
        raise RuleMissing(f"{rule_id} v{version.version}: no parameter {name!r}")
    return Parameter(
        rule_id=rule_id,
        name=name,
        value=version.parameters[name],
        version=version.version,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        region=found_region,
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31.1. + 1 = 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[date]:
    # The `holidays` package includes Midsummer Eve and Christmas Eve: the Act on the Calculation of
    # Statutory Time Limits (150/1930 §5) moves a deadline off them as off a public holiday.
    return frozenset(holidays.Finland(years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (R-EMP-2: "within 5 working days")."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def due(rule_id: str, name: str, start: date, on: date | None = None, region: str | None = None) -> DueDate:
    """`start` plus the rule's period, moved to a working day.

    The parameter's name says its unit (`..._months`, `..._days`, `..._working_days`); the version in
    force on `on` (by default the start) is the one applied.
    """
    found = parameter(rule_id, name, on or start, region)
    amount = int(found.value)
    if name.endswith("_working_days"):
        unadjusted = add_working_days(start, amount)
    elif name.endswith("_months"):
        unadjusted = add_months(start, amount)
    elif name.endswith("_days"):
        unadjusted = start + timedelta(days=amount)
    else:
        raise RuleMissing(f"{rule_id}: parameter {name!r} is not a period (_months, _days, _working_days)")
    return DueDate(
        on=next_working_day(unadjusted), unadjusted=unadjusted, rule_id=rule_id, version=found.version
    )


@receiver(post_save, sender="rules.RuleVersion", dispatch_uid="rules-clear-cache-on-save")
@receiver(post_delete, sender="rules.RuleVersion", dispatch_uid="rules-clear-cache-on-delete")
def _clear_on_change(**kwargs: object) -> None:
    clear_cache()
    if not kwargs.get("raw"):
        bump_generation()
