"""R-TYM-3 for the plan: the rule is the cases app's `has_worker_pair`; this names the missing half."""

from __future__ import annotations

from yhteispolku.cases.models import ClientRelationship, TeamMember, worker_pair_sectors
from yhteispolku.cases.services import has_worker_pair


def missing_worker_pair(relationship: ClientRelationship) -> list[str]:
    """The halves ("employment", "social") of the worker pair not on the team now; empty when complete."""
    if has_worker_pair(relationship):
        return []
    present = set(
        TeamMember.objects.filter(relationship=relationship, left_on__isnull=True).values_list(
            "team_role", flat=True
        )
    )
    # Each place's sector names its half of the pair, as PlanNeedsWorkerPair does.
    return [half for team_role, half in worker_pair_sectors().items() if team_role not in present]
