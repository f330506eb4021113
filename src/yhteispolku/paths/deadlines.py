"""The service paths' due items for the worklist (`rules.deadlines`).

Each source reads one table for any number of relationships (one query, the relationship and client
joined in), so a caseload of 150 costs what a caseload of one does. Dates move off weekends and
Finnish public holidays; each item names the rule and the version behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Track
from yhteispolku.clients.models import unlisted_client_fields
from yhteispolku.core.urls import url_for
from yhteispolku.paths import rules, youth
from yhteispolku.paths.models import (
    ActivationPlan,
    IntegrationAssessment,
    IntegrationPlan,
    JobseekerRegistration,
    JointAssessment,
    KutySection,
    ServicePlan,
    ServicePlanKind,
)
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem


def _item(
    relationship: ClientRelationship,
    *,
    due_on: date,
    kind: str,
    label: str,
    rule_id: str,
    on: date,
    region: str | None = None,
    owner_id: int | None = None,
) -> DueItem:
    version = ""
    if rule_id:
        try:
            version = engine.version_in_force(rule_id, on, region)[1].version
        except engine.RuleMissing:
            version = ""
    return DueItem(
        due_on=engine.next_working_day(due_on),
        kind=kind,
        label=label,
        client_code=str(relationship.client.code),
        client_name=relationship.client.full_name,
        relationship_id=relationship.pk,
        url=url_for("paths:detail", relationship_code=relationship.code),
        rule_id=rule_id,
        rule_version=version,
        owner_id=owner_id,
    )


def _open(model: Any, relationship_ids: Sequence[int]) -> Any:
    return (
        model.objects.filter(relationship_id__in=list(relationship_ids), relationship__phase__in=OPEN_PHASES)
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
    )


def kuty_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """R-KUTY-1 effects-assessment dates and R-KUTY-2 period ends of the periods not yet continued nor
    assessed (`KutyEffectsAssessment` decides the next step, so its period leaves the worklist);
    R-KUTY-3 the review after 24 months in the activity, counted from the first period."""
    items: list[DueItem] = []
    sections = list(
        _open(KutySection, relationship_ids)
        .filter(continuations__isnull=True, effects_assessment__isnull=True)
        .order_by("starts_on")
    )
    firsts = dict(
        KutySection.objects.filter(relationship_id__in=list(relationship_ids), continues__isnull=True)
        .order_by("relationship_id", "-starts_on")  # the earliest is written last
        .values_list("relationship_id", "starts_on")
    )
    reviewed: set[int] = set()
    for section in sections:
        relationship = section.relationship
        items.append(
            _item(
                relationship,
                due_on=section.effects_assessed_by,
                kind="kuty_effects_assessment",
                label=_("Kuntouttavan työtoiminnan vaikutusten arviointi ja jatkosta päättäminen"),
                rule_id="R-KUTY-1",
                on=section.starts_on,
            )
        )
        items.append(
            _item(
                relationship,
                due_on=section.ends_on,
                kind="kuty_period_end",
                label=_(
                    "Kuntouttavan työtoiminnan jakso päättyy: jatko 3 kuukauden jaksoissa tai päättäminen"
                ),
                rule_id="R-KUTY-2",
                on=section.starts_on,
            )
        )
        first_start = firsts.get(relationship.pk)
        if first_start is not None and relationship.pk not in reviewed:
            reviewed.add(relationship.pk)
            try:
                months = engine.parameter("R-KUTY-3", "review_after_activity_months", first_start)
            except engine.RuleMissing:
                continue
            items.append(
                _item(
                    relationship,
                    due_on=engine.add_months(first_start, int(months.value)),
                    kind="kuty_24_month_review",
                    label=_("Suunnitelman arviointi 24 kuukauden kuntouttavan työtoiminnan jälkeen"),
                    rule_id="R-KUTY-3",
                    on=first_start,
                )
            )
    return items


def activation_plan_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """R-KUTY-2: the latest activation plan's update, 3–12 months after it was made."""
    latest: dict[int, ActivationPlan] = {}
    for plan in _open(ActivationPlan, relationship_ids).order_by("number"):
        latest[plan.relationship_id] = plan
    return [
        _item(
            plan.relationship,
            due_on=plan.next_review_on,
            kind="activation_plan_review",
            label=_("Aktivointisuunnitelman päivitys"),
            rule_id="R-KUTY-2",
            on=plan.made_on,
        )
        for plan in latest.values()
    ]


def integration_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """R-KOTO-1: the latest integration plan's end and the 2-year (3-year with a reason) limit;
    R-KOTO-3: services within 6 months of the assessment, while no plan has been made."""
    items: list[DueItem] = []
    waiting = _open(IntegrationAssessment, relationship_ids).filter(
        relationship__integration_plans__isnull=True
    )
    for assessment in waiting:
        try:
            months = engine.parameter("R-KOTO-3", "services_within_months", assessment.assessed_on)
        except engine.RuleMissing:
            continue
        items.append(
            _item(
                assessment.relationship,
                due_on=engine.add_months(assessment.assessed_on, int(months.value)),
                kind="integration_services_due",
                label=_("Kotoutumissuunnitelma ja palveluihin ohjaus"),
                rule_id="R-KOTO-3",
                on=assessment.assessed_on,
            )
        )
    plans: dict[int, list[IntegrationPlan]] = {}
    queryset = _open(IntegrationPlan, relationship_ids).filter(relationship__integration_routing__isnull=True)
    for plan in queryset.order_by("number"):
        plans.setdefault(plan.relationship_id, []).append(plan)
    for rows in plans.values():
        first, last = rows[0], rows[-1]
        relationship = last.relationship
        items.append(
            _item(
                relationship,
                due_on=last.ends_on,
                kind="integration_plan_end",
                label=_("Kotoutumissuunnitelma päättyy"),
                rule_id="R-KOTO-1",
                on=first.starts_on,
            )
        )
        limits = rules.integration_limits(first.starts_on)
        extended = any(row.extension_reason for row in rows)
        items.append(
            _item(
                relationship,
                due_on=limits.extended_last_day if extended else limits.total_last_day,
                kind="integration_three_year_limit" if extended else "integration_two_year_limit",
                label=_("Kotoutumisaika päättyy (enintään 3 vuotta, pidennetty)")
                if extended
                else _("Kotoutumisaika päättyy (2 vuotta ensimmäisestä suunnitelmasta)"),
                rule_id="R-KOTO-1",
                on=first.starts_on,
            )
        )
    return items


def employment_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """R-EMP-2: the initial interview not yet held; R-EMP-1 and the regions' rules: plan reviews."""
    items: list[DueItem] = []
    for registration in _open(JobseekerRegistration, relationship_ids).filter(interview_held_on__isnull=True):
        due = rules.initial_interview_due(registration.registered_on)
        items.append(
            _item(
                registration.relationship,
                due_on=due.on,
                kind="initial_interview",
                label=_("Alkuhaastattelu"),
                rule_id="R-EMP-2",
                on=registration.registered_on,
            )
        )
    latest: dict[int, ServicePlan] = {}
    plans = _open(ServicePlan, relationship_ids).select_related("relationship__responsible_organisation")
    for plan in plans.filter(next_review_on__isnull=False).order_by("number"):
        latest[plan.relationship_id] = plan
    labels: dict[str, str] = {
        ServicePlanKind.EMPLOYMENT_PLAN: _("Työllistymissuunnitelman tarkistus"),
        ServicePlanKind.SOCIAL_REHABILITATION: _("Sosiaalisen kuntoutuksen suunnitelman arviointi"),
        ServicePlanKind.DISABILITY_ACTIVITY: _("Työ- tai päivätoiminnan suunnitelman arviointi"),
        ServicePlanKind.YOUTH_GUIDANCE: _("Ohjaamon sovittu seuranta"),
    }
    for plan in latest.values():
        relationship = plan.relationship
        rule_id, region = rules.review_rule_of(plan.kind, relationship.responsible_organisation.slug)
        if (
            region is not None
            and rules.regional_rule(rule_id, "review_interval_months", plan.made_on, region) is None
        ):
            rule_id, region = "", None  # the region has no rhythm of its own: the agreed date only
        items.append(
            _item(
                relationship,
                due_on=plan.next_review_on,  # type: ignore[arg-type]
                kind=f"{plan.kind}_review",
                label=str(labels.get(plan.kind, plan.get_kind_display())),
                rule_id=rule_id,
                on=plan.made_on,
                region=region,
                owner_id=plan.responsible_professional_id,
            )
        )
    return items


def youth_items(relationship_ids: Sequence[int], today: date) -> list[DueItem]:
    """R-YOUTH-1: the early joint assessment of a young jobseeker, about 5 months into the unemployment
    the latest youth plan records, until the youth team records it for that unemployment. The label is
    the rule's advice."""
    latest: dict[int, ServicePlan] = {}
    plans = _open(ServicePlan, relationship_ids).filter(
        kind=ServicePlanKind.YOUTH_GUIDANCE, relationship__track=Track.YOUTH_ONE_STOP
    )
    for plan in plans.order_by("number"):
        latest[plan.relationship_id] = plan
    wanted = {
        (plan.relationship_id, plan.unemployed_since) for plan in latest.values() if plan.unemployed_since
    }
    done = set(
        JointAssessment.objects.filter(relationship_id__in=[key[0] for key in wanted]).values_list(
            "relationship_id", "unemployed_since"
        )
    )
    items: list[DueItem] = []
    for plan in latest.values():
        if plan.unemployed_since is None or (plan.relationship_id, plan.unemployed_since) in done:
            continue
        due = youth.joint_assessment_due(plan)
        assert due is not None
        advice = rules.youth_team_advice(
            unemployed_since=plan.unemployed_since, multi_sectoral_need=False, on=due
        )
        items.append(
            _item(
                plan.relationship,
                due_on=due,
                kind="youth_joint_assessment",
                label=_("Nuorten tiimin varhainen yhteinen arvio: %(advice)s") % {"advice": advice}
                if advice
                else _("Nuorten tiimin varhainen yhteinen arvio"),
                rule_id="R-YOUTH-1",
                on=plan.unemployed_since,
                owner_id=plan.responsible_professional_id,
            )
        )
    return items


SOURCES = (kuty_items, activation_plan_items, integration_items, employment_items, youth_items)
