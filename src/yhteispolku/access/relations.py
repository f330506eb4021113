"""The facts the policy needs about an actor and a client: their relation and the active consents.

The access policy sits below the apps that create relations (case teams, referrals, assignments), so it
imports none of them: each owning app registers a `RelationSource` at start-up (its AppConfig.ready()),
and `relation_facts()` takes the strongest relation any source finds. Adding a relation type is a member
of `Relation`, one source in the owning app and its row(s) in `policy.GRANTS`.

A constant number of queries per client (each source's few, the consents and their organisations),
whatever the size of the case team or the consent history.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils import timezone

from yhteispolku.accounts.models import Sector, User
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.organisations.models import controllers_served_by

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client


class Relation(enum.StrEnum):
    CASE_TEAM = "case_team"
    RESPONSIBLE_MANAGER = "responsible_manager"
    INTAKE = "intake"
    # On the team when the client's relationship ended: reads what they could, writes nothing.
    FORMER_CASE_TEAM = "former_case_team"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    # A service provider's professional while their organisation delivers a current agreed service of the
    # client's plan in force: the client's name and contact and that assignment, nothing else.
    SERVICE_PROVIDER = "service_provider"
    # A person of the client's network (not a professional) invited to one consultation: while the
    # invitation is current, that consultation's agenda, time and mode, what was shared with the guests,
    # and their own contribution; nothing else (collaboration.guests).
    CONSULTATION_GUEST = "consultation_guest"
    NONE = "none"


# When sources find several relations, the policy decides on the first of these (the widest access).
STRENGTH = (Relation.CASE_TEAM, Relation.RESPONSIBLE_MANAGER, Relation.INTAKE, Relation.FORMER_CASE_TEAM)


class RelationSource(Protocol):
    """One owning app's answer to "how does this professional relate to this client?"."""

    def relation(self, actor: User, client: Client) -> Relation:
        """The strongest relation this source finds, or `Relation.NONE`."""
        ...

    def reachable(self, actor: User) -> QuerySet[Any, Any] | None:
        """A query of the ids (one column, `client_id`) of the clients this source relates the actor to,
        or None when it relates them to none."""
        ...


# The client's active consents on a day: the clients app, which keeps them, registers this at start-up.
ConsentSource = Callable[["Client", date], tuple["ActiveConsent", ...]]


class ControllerSource(Protocol):
    """An owning app's answer to "which organisations are controllers of this client's data?" (beside the
    organisation that registered the client): the cases app answers with the organisations responsible
    for the client's relationships."""

    def controllers(self, client: Client) -> set[int]:
        """The ids of the organisations responsible for some of the client's data."""
        ...

    def controlled(self, organisation_ids: Iterable[int]) -> QuerySet[Any, Any]:
        """A query of the ids (one column, `client_id`) of the clients these organisations control."""
        ...


# The references of the access-log requests recorded for a client: the privacy app, which keeps the
# register, registers this at start-up. A read of the log must name one of them (SPEC §5.1).
LogRequestSource = Callable[["Client"], frozenset[str]]

_sources: list[RelationSource] = []
_consent_sources: list[ConsentSource] = []
_controller_sources: list[ControllerSource] = []
_log_request_sources: list[LogRequestSource] = []


def register_relation_source(source: RelationSource) -> None:
    """Called by an owning app's ready(); registering the same source twice is harmless."""
    if source not in _sources:
        _sources.append(source)


def relation_sources() -> tuple[RelationSource, ...]:
    return tuple(_sources)


def register_consent_source(source: ConsentSource) -> None:
    _consent_sources[:] = [source]


def register_controller_source(source: ControllerSource) -> None:
    if source not in _controller_sources:
        _controller_sources.append(source)


def register_log_request_source(source: LogRequestSource) -> None:
    _log_request_sources[:] = [source]


def _recorded_log_requests(client: Client) -> frozenset[str]:
    if not _log_request_sources:
        return frozenset()
    return _log_request_sources[0](client)


def dpo_serves(actor: User, client: Client, on: date | None = None) -> bool:
    """Whether the data-protection officer works for this client: the client's data is controlled by the
    officer's organisation, or by a party of a joint-controller agreement in force with it."""
    served = controllers_served_by(actor.organisation_id, on or timezone.localdate())
    if client.recorded_by_id in served:
        return True
    return any(source.controllers(client) & served for source in _controller_sources)


def dpo_clients(actor: User, queryset: QuerySet[Client], on: date | None = None) -> QuerySet[Client]:
    """Narrow a client queryset to the clients the data-protection officer works for (`dpo_serves`)."""
    served = controllers_served_by(actor.organisation_id, on or timezone.localdate())
    if not served:
        return queryset.none()
    condition = Q(recorded_by_id__in=served)
    for source in _controller_sources:
        condition |= Q(pk__in=source.controlled(served))
    return queryset.filter(condition)


def _active_consents(client: Client, day: date) -> tuple[ActiveConsent, ...]:
    if not _consent_sources:
        raise ImproperlyConfigured("No consent source registered: is yhteispolku.clients in INSTALLED_APPS?")
    return _consent_sources[0](client, day)


# Only these sectors can work with a client; steering groups, administrators and providers never
# reach client data through a case team (providers get their own assignment-scoped relation).
CLIENT_WORK_SECTORS = frozenset(
    {Sector.EMPLOYMENT, Sector.SOCIAL, Sector.HEALTH, Sector.KELA, Sector.COORDINATION}
)
MANAGER_ROLES = frozenset({"tym_coordinator", "unit_manager"})
DATA_PROTECTION_OFFICER_ROLE = "data_protection_officer"


@dataclass(frozen=True)
class ActiveConsent:
    purpose: str
    organisation_ids: frozenset[int]
    categories: frozenset[str]


@dataclass(frozen=True)
class RelationFacts:
    relation: Relation
    recorded_by_id: int | None
    consents: tuple[ActiveConsent, ...] = field(default=())
    # The references of the client's access-log requests in the register (for the data-protection officer).
    log_requests: frozenset[str] = field(default=frozenset())

    def consent_purpose(
        self, organisation_id: int | None, category: DataCategory, purposes: Iterable[Purpose]
    ) -> Purpose | None:
        """The purpose of an active consent covering the organisation and category, if any."""
        wanted = [str(p) for p in purposes]
        for consent in self.consents:
            if (
                consent.purpose in wanted
                and organisation_id in consent.organisation_ids
                and str(category) in consent.categories
            ):
                return Purpose(consent.purpose)
        return None


def can_work_with_clients(actor: User) -> bool:
    return bool(actor.is_active and actor.role_id and actor.sector in CLIENT_WORK_SECTORS)


def is_service_provider(actor: User) -> bool:
    """A professional of a service provider: reaches a client only through their organisation's assignment."""
    return bool(
        actor.is_active and actor.role_id and actor.organisation_id and actor.sector == Sector.PROVIDER
    )


def is_consultation_guest(actor: User) -> bool:
    """A consultation guest signed in with an invitation: reaches a client only through that invitation."""
    return bool(
        actor.is_active and actor.is_consultation_guest and not actor.role_id and not actor.organisation_id
    )


def relation_facts(*, actor: User, client: Client, on: date | None = None) -> RelationFacts:
    relation = Relation.NONE
    if can_work_with_clients(actor):
        found = {source.relation(actor, client) for source in _sources}
        relation = next((candidate for candidate in STRENGTH if candidate in found), Relation.NONE)
    elif is_service_provider(actor):
        # Only the assignment counts: a provider on a case team would still see no more than it.
        found = {source.relation(actor, client) for source in _sources}
        relation = Relation.SERVICE_PROVIDER if Relation.SERVICE_PROVIDER in found else Relation.NONE
    elif is_consultation_guest(actor):
        # Only a current invitation counts, and its consultation is the guest's whole reach.
        found = {source.relation(actor, client) for source in _sources}
        relation = Relation.CONSULTATION_GUEST if Relation.CONSULTATION_GUEST in found else Relation.NONE
    elif actor.is_active and actor.role_id == DATA_PROTECTION_OFFICER_ROLE and dpo_serves(actor, client, on):
        # Another controller's client is as unknown to the officer as to anyone without a relation.
        relation = Relation.DATA_PROTECTION_OFFICER
    consents: tuple[ActiveConsent, ...] = ()
    if relation in (Relation.CASE_TEAM, Relation.FORMER_CASE_TEAM):
        consents = _active_consents(client, on or timezone.localdate())
    log_requests = (
        _recorded_log_requests(client) if relation == Relation.DATA_PROTECTION_OFFICER else frozenset()
    )
    return RelationFacts(
        relation=relation, recorded_by_id=client.recorded_by_id, consents=consents, log_requests=log_requests
    )


def reachable_clients(actor: User, queryset: QuerySet[Client]) -> QuerySet[Client]:
    """Narrow a client queryset to the clients the actor has any relation to (case team, manager, intake).

    A union of each source's indexed lookups rather than one OR across the joins: the OR makes
    PostgreSQL scan every relationship and team row at national scale (bench/README.md).
    """
    if not can_work_with_clients(actor):
        return queryset.none()
    reachable = [ids for source in _sources if (ids := source.reachable(actor)) is not None]
    if not reachable:
        return queryset.none()
    first, *rest = reachable
    return queryset.filter(pk__in=first.union(*rest) if rest else first)
