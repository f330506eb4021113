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
    from datetime import date

    from django.http import HttpRequest

    from yhteispolku.access.relations import RelationFacts
    from yhteispolku.accounts.models import User
    from yhteispolku.cases.models import ClientRelationship
    from yhteispolku.cases.selectors import CaseView
    from yhteispolku.clients.models import Client


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

# A section of any track's relationship page (paths' detail page): given the actor, the relationship, the
# actor's relation facts and the request, what the page shows (None: nothing for this actor).
RelationshipSectionProvider = Callable[
    ["User", "ClientRelationship", "RelationFacts", "HttpRequest | None"], object
]


class TrackOpener(Protocol):
    """Opens a relationship on a non-TYM track for the client at the actor's unit (paths' service, with
    its authorisation, rules and audit)."""

    def __call__(
        self,
        *,
        actor: User,
        client: Client,
        track: str,
        request: HttpRequest | None = None,
        today: date | None = None,
    ) -> ClientRelationship: ...


_plan_sources: list[PlanSource] = []
_sections: dict[str, SectionProvider] = {}
_relationship_sections: dict[str, RelationshipSectionProvider] = {}
_track_openers: list[TrackOpener] = []


def register_plan_source(source: PlanSource) -> None:
    _plan_sources[:] = [source]


def register_case_section(name: str, provide: SectionProvider) -> None:
    """`name` is the template variable the case page reads the section from."""
    _sections[name] = provide


def register_relationship_section(name: str, provide: RelationshipSectionProvider) -> None:
    """`name` is the template variable a track's relationship page reads the section from."""
    _relationship_sections[name] = provide


def relationship_sections(
    actor: User, relationship: ClientRelationship, facts: RelationFacts, request: HttpRequest | None
) -> dict[str, object]:
    """Every registered section of a relationship's page, each by the access checks of its own app."""
    return {
        name: provide(actor, relationship, facts, request) for name, provide in _relationship_sections.items()
    }


def register_track_opener(opener: TrackOpener) -> None:
    _track_openers[:] = [opener]


def open_track_relationship(
    *, actor: User, client: Client, track: str, request: HttpRequest | None = None, today: date | None = None
) -> ClientRelationship:
    """Open a non-TYM track through the registered opener (the paths app's `relationship_open`)."""
    if not _track_openers:
        raise ImproperlyConfigured("No track opener registered: is yhteispolku.paths in INSTALLED_APPS?")
    return _track_openers[0](actor=actor, client=client, track=track, request=request, today=today)


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
