"""The plan's due items for the worklist (`rules.deadlines`): the next review of the plan in force.

The date is the plan version's own `next_review_on` (R-TYM-2's default, or earlier within R-TYM-4's
limit, both counted from the day the version came into force); the item names the rule behind it. One
query for any number of relationships.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.plans import rules
from yhteispolku.plans.models import PlanVersion, VersionStatus
from yhteispolku.rules.deadlines import DueItem


def plan_reviews(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    versions = (
        PlanVersion.objects.filter(
            plan__relationship_id__in=relationship_ids,
            plan__relationship__phase__in=OPEN_PHASES,
            status=VersionStatus.IN_FORCE,
        )
        .select_related("plan__relationship__client")
        .only(
            "id",
            "number",
            "next_review_on",
            "created_on",
            "in_force_from",
            "plan__id",
            "plan__relationship__id",
            "plan__relationship__code",
            "plan__relationship__client__code",
            "plan__relationship__client__first_names",
            "plan__relationship__client__last_name",
        )
        .order_by("id")
    )
    items = []
    for version in versions:
        relationship = version.plan.relationship
        rule_id, rule_version = rules.review_rule(
            version.next_review_on, rules.counted_from(version.created_on, version.in_force_from)
        )
        items.append(
            DueItem(
                due_on=version.next_review_on,
                kind="plan_review",
                label=_("Suunnitelman arviointi (versio %(number)s)") % {"number": version.number},
                client_code=str(relationship.client.code),
                client_name=relationship.client.full_name,
                relationship_id=relationship.pk,
                url=reverse(
                    "plans:version", kwargs={"relationship_code": relationship.code, "number": version.number}
                ),
                rule_id=rule_id,
                rule_version=rule_version,
            )
        )
    return items
