"""How a professional relates to a client through client relationships, for the access policy.

Registered with `access.relations` at start-up (cases/apps.py): the case team (an open relationship's
member), the responsible unit's TYM coordinator or manager, the receiving unit of a pending referral,
and the team of a closed relationship (read-only).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet

from yhteispolku.access.relations import MANAGER_ROLES, STRENGTH, Relation
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, TeamMember

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client


class CaseRelations:
    """Two queries per client (its open or referred relationships and their teams)."""

    def relation(self, actor: User, client: Client) -> Relation:
        relationships = (
            ClientRelationship.objects.filter(
                client=client, phase__in=(*OPEN_PHASES, Phase.REFERRAL, Phase.CLOSED)
            )
            .select_related("responsible_unit")
            .prefetch_related("team")
        )
        found: set[Relation] = set()
        manager = actor.role_id in MANAGER_ROLES
        for relationship in relationships:
            if relationship.phase in OPEN_PHASES and any(
                member.user_id == actor.pk and member.left_on is None for member in relationship.team.all()
            ):
                # SPEC §5.1 gives the TYM coordinator and the unit manager the phase, team and deadlines,
                # never the journal text, even when they have put themselves on the team.
                if not manager:
                    return Relation.CASE_TEAM
                found.add(Relation.RESPONSIBLE_MANAGER)
                continue
            if relationship.phase == Phase.CLOSED:
                if not manager and _on_team_when_closed(actor, relationship):
                    found.add(Relation.FORMER_CASE_TEAM)
                continue
            unit = relationship.responsible_unit
            if manager and actor.unit_id in (unit.pk, unit.parent_id):
                found.add(Relation.RESPONSIBLE_MANAGER)
            elif relationship.phase == Phase.REFERRAL and actor.unit_id == unit.pk:
                found.add(Relation.INTAKE)
        return next((relation for relation in STRENGTH if relation in found), Relation.NONE)

    def reachable(self, actor: User) -> QuerySet[Any, Any]:
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
        return team.union(units.values("client_id").order_by())


def former_team_clients(actor: User) -> QuerySet[Any, Any] | None:
    """The clients `Relation.FORMER_CASE_TEAM` reaches, as one subquery (for search): the clients of closed
    relationships whose team the actor was on when it ended; None for a coordinator or manager, who never
    keeps a closed case. The same rule as `_on_team_when_closed`, in SQL."""
    if actor.role_id in MANAGER_ROLES:
        return None
    return (
        TeamMember.objects.filter(user=actor, relationship__phase=Phase.CLOSED)
        .filter(
            Q(left_on__isnull=True)
            | Q(relationship__ended_on__isnull=True)
            | Q(left_on__gte=F("relationship__ended_on"))
        )
        .values("relationship__client_id")
        .order_by()
    )


def _on_team_when_closed(actor: User, relationship: ClientRelationship) -> bool:
    ended = relationship.ended_on
    return any(
        member.user_id == actor.pk and (member.left_on is None or ended is None or member.left_on >= ended)
        for member in relationship.team.all()
    )


CASE_RELATIONS = CaseRelations()


class CaseControllers:
    """The controllers of a client's data beside the registering organisation (for the data-protection
    officer's scope): the organisations responsible for the client's relationships, open or closed."""

    def controllers(self, client: Client) -> set[int]:
        return set(
            ClientRelationship.objects.filter(client=client).values_list(
                "responsible_organisation_id", flat=True
            )
        )

    def controlled(self, organisation_ids: Iterable[int]) -> QuerySet[Any, Any]:
        return (
            ClientRelationship.objects.filter(responsible_organisation_id__in=list(organisation_ids))
            .values("client_id")
            .order_by()
        )


CASE_CONTROLLERS = CaseControllers()


def event_audience(client_code: uuid.UUID, day: date) -> set[int]:
    """The organisations that may see the client on `day` through a relationship (events.audience): those
    responsible for a relationship under way that day (started, not ended before it; a pending referral's
    receiving organisation included) and those that referred it, and the organisations of the
    professionals on its case team that day. Two queries."""
    live = ClientRelationship.objects.filter(client__code=client_code, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    organisations: set[int] = set()
    for responsible, referring in live.values_list(
        "responsible_organisation_id", "referral__from_organisation_id"
    ):
        organisations.add(responsible)
        if referring is not None:
            organisations.add(referring)
    team = TeamMember.objects.filter(
        relationship__client__code=client_code, joined_on__lte=day, user__organisation_id__isnull=False
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
    organisations.update(team.values_list("user__organisation_id", flat=True).distinct())
    return organisations
