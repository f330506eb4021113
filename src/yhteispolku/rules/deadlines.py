"""What is due for the worklist: each app registers a source of due items for a batch of relationships.

A source answers for any number of relationships with a constant number of queries, so a caseload of
150 or 5,000 costs the same number of round trips.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yhteispolku.accounts.models import User


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
    # An item bound to a person (`register_user_source`): the purpose its client's name is shown and
    # logged under on the worklist (a relationship's items are logged by the viewer's relation).
    purpose: str = ""

    @property
    def rule_reference(self) -> str:
        return f"{self.rule_id} v{self.rule_version}" if self.rule_id else ""


# The worklist looks this many days ahead; an item due later shows only once its notice window opens.
WINDOW_DAYS = 30


class Group:
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    NEXT_30_DAYS = "next_30_days"
    NOTICED = "noticed"  # due later, but its notice window has begun (R-TYM-2's 2-year goal)
    NOTICE = "notice"  # something happened that the owner should know (a referral they sent was decided)


# The groups of items to act on (counted per professional); notices are listed apart.
GROUPS = (Group.OVERDUE, Group.THIS_WEEK, Group.NEXT_30_DAYS, Group.NOTICED)
ALL_GROUPS = (*GROUPS, Group.NOTICE)


def group_of(item: DueItem, today: date) -> str | None:
    """Which part of a list an item to act on belongs to on `today`; None when it is not shown yet."""
    if item.due_on < today:
        return Group.OVERDUE
    week_ends = today + timedelta(days=6 - today.weekday())
    if item.due_on <= week_ends:
        return Group.THIS_WEEK
    if item.due_on <= today + timedelta(days=WINDOW_DAYS):
        return Group.NEXT_30_DAYS
    if item.notice_from is not None and item.notice_from <= today:
        return Group.NOTICED
    return None


def visible_to(item: DueItem, user: User | None) -> bool:
    """Whether an item of a relationship the viewer may see the deadlines of is `user`'s to see.

    `user` is the professional whose own items are shown; None is a unit's view (a TYM coordinator's or
    unit manager's: SPEC §5.1 gives them the deadlines of the unit's cases), which shows every item to
    act on and no notice. An item is for the whole case team, for its named owner (`owner_id`), or for
    the team's members of one organisation (`owner_organisation_id`); a notice is for its owner alone.
    The worklist and the case page both ask here, so the two cannot disagree.
    """
    if item.notice:
        return user is not None and item.owner_id == user.pk
    if user is None:
        return True
    if item.owner_id is not None and item.owner_id != user.pk:
        return False
    return item.owner_organisation_id is None or item.owner_organisation_id == user.organisation_id


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


# Items bound to a person rather than to a relationship: the data-protection officer answers an access-log
# request (R-LOG-1) whoever works with the client. A user source answers for one user with a constant
# number of queries; its items carry `owner_id` (the user) and `relationship_id` None.
UserSource = Callable[["User", date], Iterable[DueItem]]
_user_sources: list[UserSource] = []


def register_user_source(source: UserSource) -> None:
    if source not in _user_sources:
        _user_sources.append(source)


def user_due_items(user: User, today: date) -> list[DueItem]:
    """Every registered user source's items for `user`, earliest first."""
    items: list[DueItem] = []
    for source in _user_sources:
        items.extend(source(user, today))
    return sorted(items, key=lambda item: (item.due_on, item.client_name, item.kind))
