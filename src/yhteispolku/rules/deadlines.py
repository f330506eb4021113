"""What is due for the worklist: each app registers a source of due items for a batch of relationships.

A source answers for any number of relationships with a constant number of queries, so a caseload of
150 or 5,000 costs the same number of round trips.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DueItem:
    due_on: date
    kind: str  # a stable code, e.g. "plan_review"
    label: str  # what is due, in the user's language
    client_code: str
    client_name: str
    relationship_id: int | None
    url: str
    rule_id: str  # "" for an item whose date is agreed, not computed by a rule (a task's own due date)
    rule_version: str
    owner_id: int | None = None  # a named responsible professional; None = the whole case team
    # The worklist shows an item from this day on even when it is due later than its 30-day view
    # (R-TYM-2: the 2-year goal is noticed 3 months ahead). None: shown by its due date alone.
    notice_from: date | None = None
    # For the case team's members of one organisation (an authority confirms its own commitments).
    owner_organisation_id: int | None = None
    # A notice that something happened (a referral I sent was decided), not an action with a due date:
    # shown to its owner only, never reminded, and gone once acknowledged or after its days.
    notice: bool = False

    @property
    def rule_reference(self) -> str:
        return f"{self.rule_id} v{self.rule_version}" if self.rule_id else ""


Source = Callable[[Sequence[int], date], Iterable[DueItem]]
_sources: list[Source] = []


def register_source(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def sources() -> tuple[Source, ...]:
    return tuple(_sources)


def due_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """Every registered source's items for these relationships, earliest first."""
    items: list[DueItem] = []
    for source in _sources:
        items.extend(source(relationship_ids, today))
    return sorted(items, key=lambda item: (item.due_on, item.client_name, item.kind))
