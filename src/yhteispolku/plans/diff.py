"""What changed between two plan versions: goals, review date, services and the client's tasks.

Services and tasks are matched across versions by their lineage, so an edited service shows as
changed rather than as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yhteispolku.plans.models import AgreedService, ClientTask, PlanVersion

SERVICE_COMPARED = (
    "service_type",
    "responsible_organisation",
    "provider",
    "responsible_professional",
    "starts_on",
    "ends_on",
    "intensity",
    "description",
)
TASK_COMPARED = ("description", "due_on", "done")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ItemChange:
    """A service or task present in both versions with at least one field changed."""

    item: Any
    changes: list[FieldChange]


@dataclass
class VersionDiff:
    goals: FieldChange | None = None
    next_review: FieldChange | None = None
    services_added: list[AgreedService] = field(default_factory=list)
    services_removed: list[AgreedService] = field(default_factory=list)
    services_changed: list[ItemChange] = field(default_factory=list)
    tasks_added: list[ClientTask] = field(default_factory=list)
    tasks_removed: list[ClientTask] = field(default_factory=list)
    tasks_changed: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.goals,
                self.next_review,
                self.services_added,
                self.services_removed,
                self.services_changed,
                self.tasks_added,
                self.tasks_removed,
                self.tasks_changed,
            )
        )


def _shown(instance: models.Model, name: str) -> str:
    value = getattr(instance, name)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("kyllä") if value else _("ei"))
    if hasattr(value, "isoformat"):
        return date_format(value, "j.n.Y")
    return str(value)


def _changes(old: models.Model, new: models.Model, names: tuple[str, ...]) -> list[FieldChange]:
    changes = []
    for name in names:
        model_field = old._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        if getattr(old, model_field.attname) != getattr(new, model_field.attname):
            label = str(model_field.verbose_name)
            changes.append(FieldChange(capfirst(label), _shown(old, name), _shown(new, name)))
    return changes


def _compare_items(
    old_items: list[Any], new_items: list[Any], names: tuple[str, ...]
) -> tuple[list[Any], list[Any], list[ItemChange]]:
    old_by_lineage = {item.lineage: item for item in old_items}
    new_by_lineage = {item.lineage: item for item in new_items}
    added = [item for item in new_items if item.lineage not in old_by_lineage]
    removed = [item for item in old_items if item.lineage not in new_by_lineage]
    changed = []
    for item in new_items:
        previous = old_by_lineage.get(item.lineage)
        if previous is not None:
            changes = _changes(previous, item, names)
            if changes:
                changed.append(ItemChange(item, changes))
    return added, removed, changed


def compare_versions(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    """The differences from `old` to `new` (either may be the later one)."""
    diff = VersionDiff()
    if old.goals != new.goals:
        diff.goals = FieldChange(str(_("Tavoitteet")), old.goals or "–", new.goals or "–")
    if old.next_review_on != new.next_review_on:
        diff.next_review = FieldChange(
            str(_("Seuraava arviointi")), _shown(old, "next_review_on"), _shown(new, "next_review_on")
        )
    diff.services_added, diff.services_removed, diff.services_changed = _compare_items(
        list(old.services.all()), list(new.services.all()), SERVICE_COMPARED
    )
    diff.tasks_added, diff.tasks_removed, diff.tasks_changed = _compare_items(
        list(old.tasks.all()), list(new.tasks.all()), TASK_COMPARED
    )
    return diff
