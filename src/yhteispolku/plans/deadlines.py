"""The plan's due items for the worklist (`rules.deadlines`).

- the next review of the plan in force: the version's own `next_review_on` (R-TYM-2's default, or
  earlier within R-TYM-4's limit, both counted from the day the version came into force); the item names
  the rule behind it. One query.
- a draft version waiting for an authority to confirm its commitments: an item for the case team's
  members of that organisation, dated the day the draft was made;
- a draft whose commitments are all confirmed and that waits for the client's acceptance: an item for
  the whole team, dated the day of the last confirmation. Three queries for both, whatever the number
  of relationships. Both disappear once done (the version then comes into force or waits for the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.core.urls import url_for
from yhteispolku.plans import rules
from yhteispolku.plans.models import (
    AgreedService,
    ClientAcceptance,
    CommitmentConfirmation,
    PlanVersion,
    VersionStatus,
)
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
                url=url_for("plans:version", relationship_code=relationship.code, number=version.number),
                rule_id=rule_id,
                rule_version=rule_version,
            )
        )
    return items


def plan_approvals(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """What a draft version waits for: each authority's confirmation, then the client's acceptance.

    A draft with no agreed services waits for nothing yet (it is still being written)."""
    drafts = {
        version.pk: version
        for version in PlanVersion.objects.filter(
            plan__relationship_id__in=relationship_ids,
            plan__relationship__phase__in=OPEN_PHASES,
            status=VersionStatus.DRAFT,
        )
        .select_related("plan__relationship__client", "acceptance")
        .only(
            "id",
            "number",
            "created_on",
            "plan__id",
            "plan__relationship__id",
            "plan__relationship__code",
            "plan__relationship__client__code",
            "plan__relationship__client__first_names",
            "plan__relationship__client__last_name",
            "acceptance__id",
        )
        .order_by("id")
    }
    if not drafts:
        return []
    required: dict[int, dict[int, str]] = {}
    services = (
        AgreedService.objects.filter(version_id__in=drafts)
        .select_related("responsible_organisation")
        .order_by("version_id", "id")
    )
    for service in services:
        organisation = service.responsible_organisation
        required.setdefault(service.version_id, {})[organisation.pk] = organisation.name
    confirmed: dict[int, set[int]] = {}
    last_confirmed: dict[int, date] = {}
    for version_id, organisation_id, at in CommitmentConfirmation.objects.filter(
        version_id__in=drafts
    ).values_list("version_id", "organisation_id", "confirmed_at"):
        confirmed.setdefault(version_id, set()).add(organisation_id)
        day = timezone.localdate(at)
        last_confirmed[version_id] = max(day, last_confirmed.get(version_id, day))
    items = []
    for version_id, version in drafts.items():
        organisations = required.get(version_id)
        if not organisations:
            continue
        relationship = version.plan.relationship
        url = url_for("plans:version", relationship_code=relationship.code, number=version.number)
        common = {
            "client_code": str(relationship.client.code),
            "client_name": relationship.client.full_name,
            "relationship_id": relationship.pk,
            "url": url,
            "rule_id": "",
            "rule_version": "",
        }
        pending = [pk for pk in organisations if pk not in confirmed.get(version_id, set())]
        for organisation_id in pending:
            items.append(
                DueItem(
                    due_on=version.created_on,
                    kind="plan_commitments",
                    label=_("Vahvista sitoumukset: %(organisation)s (suunnitelman versio %(number)s)")
                    % {"organisation": organisations[organisation_id], "number": version.number},
                    owner_organisation_id=organisation_id,
                    **common,  # type: ignore[arg-type]
                )
            )
        if not pending and not _accepted(version):
            items.append(
                DueItem(
                    due_on=last_confirmed.get(version_id, version.created_on),
                    kind="plan_acceptance",
                    label=_("Kirjaa asiakkaan hyväksyntä (suunnitelman versio %(number)s)")
                    % {"number": version.number},
                    **common,  # type: ignore[arg-type]
                )
            )
    return items


def _accepted(version: PlanVersion) -> bool:
    try:
        version.acceptance  # noqa: B018 (selected with the version)
    except ClientAcceptance.DoesNotExist:
        return False
    return True
