"""How a professional relates to a client through client relationships, for the access policy.

Registered with `access.relations` at start-up (cases/apps.py): the case team (an open relationship's
member), the responsible unit's TYM coordinator or manager, and the receiving unit of a pending referral.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from yhteispolku.access.relations import MANAGER_ROLES, Relation
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, TeamMember

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client


class CaseRelations:
    """Two queries per client (its open or referred relationships and their teams)."""

    def relation(self, actor: User, client: Client) -> Relation:
        relationships = (
            ClientRelationship.objects.filter(client=client, phase__in=(*OPEN_PHASES, Phase.REFERRAL))
            .select_related("responsible_unit")
            .prefetch_related("team")
        )
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


CASE_RELATIONS = CaseRelations()
