"""The facts the policy needs about an actor and a client: their relation and the active consents.

A constant four queries per client (relationships, their teams, consents, their organisations),
whatever the size of the case team or the consent history.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from yhteispolku.access.categories import DataCategory, Purpose
from yhteispolku.accounts.models import Sector, User
from yhteispolku.cases.models import OPEN_PHASES, Phase

if TYPE_CHECKING:
    from yhteispolku.cases.models import ClientRelationship
    from yhteispolku.clients.models import Client


class Relation(enum.StrEnum):
    CASE_TEAM = "case_team"
    RESPONSIBLE_MANAGER = "responsible_manager"
    INTAKE = "intake"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    NONE = "none"


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


def relation_facts(*, actor: User, client: Client, on: date | None = None) -> RelationFacts:
    from yhteispolku.cases.models import ClientRelationship
    from yhteispolku.clients.models import Consent

    relation = Relation.NONE
    if can_work_with_clients(actor):
        relationships = (
            ClientRelationship.objects.filter(client=client, phase__in=(*OPEN_PHASES, Phase.REFERRAL))
            .select_related("responsible_unit")
            .prefetch_related("team")
        )
        relation = _strongest_relation(actor, list(relationships))
    elif actor.is_active and actor.role_id == DATA_PROTECTION_OFFICER_ROLE:
        relation = Relation.DATA_PROTECTION_OFFICER
    consents: tuple[ActiveConsent, ...] = ()
    if relation in (Relation.CASE_TEAM,):
        day = on or timezone.localdate()
        consents = tuple(
            ActiveConsent(
                purpose=consent.purpose,
                organisation_ids=frozenset(o.pk for o in consent.organisations.all()),
                categories=frozenset(consent.categories),
            )
            for consent in Consent.objects.filter(client=client)
            .active(on=day)
            .prefetch_related("organisations")
        )
    return RelationFacts(relation=relation, recorded_by_id=client.recorded_by_id, consents=consents)


def _strongest_relation(actor: User, relationships: list[ClientRelationship]) -> Relation:
    found = Relation.NONE
    for relationship in relationships:
        if relationship.phase in OPEN_PHASES and any(
            member.user_id == actor.pk and member.left_on is None for member in relationship.team.all()
        ):
            return Relation.CASE_TEAM
        unit = relationship.responsible_unit
        if actor.role_id in MANAGER_ROLES and actor.unit_id in (unit.pk, unit.parent_id):
            found = Relation.RESPONSIBLE_MANAGER
        elif (
            relationship.phase == Phase.REFERRAL
            and actor.unit_id == unit.pk
            and found == Relation.NONE
            and actor.role_id not in MANAGER_ROLES
        ):
            found = Relation.INTAKE
    return found


def reachable_clients(actor: User, queryset: QuerySet[Client]) -> QuerySet[Client]:
    """Narrow a client queryset to the clients the actor has any relation to (case team, manager, intake).

    A union of two indexed lookups rather than one OR across the joins: the OR makes PostgreSQL scan
    every relationship and team row at national scale (bench/README.md).
    """
    from yhteispolku.cases.models import ClientRelationship, TeamMember

    if not can_work_with_clients(actor):
        return queryset.none()
    team = (
        TeamMember.objects.filter(user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES)
        .values("relationship__client_id")
        .order_by()
    )
    if actor.role_id in MANAGER_ROLES:
        units = ClientRelationship.objects.filter(phase__in=(*OPEN_PHASES, Phase.REFERRAL)).filter(
            Q(responsible_unit_id=actor.unit_id) | Q(responsible_unit__parent_id=actor.unit_id)
        )
    else:
        units = ClientRelationship.objects.filter(phase=Phase.REFERRAL, responsible_unit_id=actor.unit_id)
    return queryset.filter(pk__in=team.union(units.values("client_id").order_by()))
