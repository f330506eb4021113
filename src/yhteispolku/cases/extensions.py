"""What the apps built on a case add to it, registered by them at start-up.

The cases app sits below the apps that build on a client relationship (plans, advice, collaboration, …),
so it imports none of them. Each tells the cases app here, in its AppConfig.ready(), what it contributes:
the plans app whether a plan is in force (a phase condition) and where the plan stands (the case page);
other apps a section of the case page. docs/architecture.md shows the layers this keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest

    from yhteispolku.accounts.models import User
    from yhteispolku.cases.models import ClientRelationship
    from yhteispolku.cases.selectors import CaseView


class PlanStanding(Protocol):
    """Where a relationship's plan stands: the version in force and what a draft still awaits."""

    @property
    def in_force(self) -> Any: ...
    @property
    def draft(self) -> Any: ...
    @property
    def pending(self) -> Sequence[Any]: ...
    @property
    def draft_accepted(self) -> bool: ...
    @property
    def awaiting(self) -> bool: ...


@dataclass(frozen=True)
class PlanSource:
    in_force: Callable[[ClientRelationship], bool]
    standing: Callable[[ClientRelationship], PlanStanding]


# A case page section: given the actor, the authorised case view and the request, what the page shows.
SectionProvider = Callable[["User", "CaseView", "HttpRequest | None"], object]

# Opens a relationship on another track (the paths app's `relationship_open`): the warm handover at the
# closing of a track (`cases.closing`) opens the next one through it, with its rules and its audit entry.
RelationshipOpener = Callable[..., "ClientRelationship"]

_plan_sources: list[PlanSource] = []
_sections: dict[str, SectionProvider] = {}
_openers: list[RelationshipOpener] = []


def register_relationship_opener(opener: RelationshipOpener) -> None:
    _openers[:] = [opener]


def relationship_opener() -> RelationshipOpener:
    if not _openers:
        raise ImproperlyConfigured(
            "No relationship opener registered: is yhteispolku.paths in INSTALLED_APPS?"
        )
    return _openers[0]


def register_plan_source(source: PlanSource) -> None:
    _plan_sources[:] = [source]


def register_case_section(name: str, provide: SectionProvider) -> None:
    """`name` is the template variable the case page reads the section from."""
    _sections[name] = provide


def _plan_source() -> PlanSource:
    if not _plan_sources:
        raise ImproperlyConfigured("No plan source registered: is yhteispolku.plans in INSTALLED_APPS?")
    return _plan_sources[0]


def plan_in_force(relationship: ClientRelationship) -> bool:
    return _plan_source().in_force(relationship)


def plan_standing(relationship: ClientRelationship) -> PlanStanding:
    return _plan_source().standing(relationship)


def case_sections(actor: User, view: CaseView, request: HttpRequest | None) -> dict[str, object]:
    """Every registered section of the case page, each by the access checks of its own app."""
    return {name: provide(actor, view, request) for name, provide in _sections.items()}
