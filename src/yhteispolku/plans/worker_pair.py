"""R-TYM-3 for the plan: the rule is the cases app's `has_worker_pair`; this names the missing half."""

from __future__ import annotations

from yhteispolku.cases.models import ClientRelationship, TeamMember, TeamRole
from yhteispolku.cases.services import has_worker_pair

# The half of the pair each team role stands for, as PlanNeedsWorkerPair names them.
PAIR = {
    TeamRole.WORKER_PAIR_EMPLOYMENT: "employment",
    TeamRole.WORKER_PAIR_SOCIAL: "social",
}


def missing_worker_pair(relationship: ClientRelationship) -> list[str]:
    """The halves ("employment", "social") of the worker pair not on the team now; empty when complete."""
    if has_worker_pair(relationship):
        return []
    present = set(
        TeamMember.objects.filter(relationship=relationship, left_on__isnull=True).values_list(
            "team_role", flat=True
        )
    )
    return [half for team_role, half in PAIR.items() if team_role not in present]
