"""Reads of plans. Each goes through the access policy (category PLAN) and leaves an audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, TeamMember
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import rules
from yhteispolku.plans.diff import VersionDiff, compare_versions
from yhteispolku.plans.models import (
    AgreedService,
    ClientAcceptance,
    ClientTask,
    CommitmentConfirmation,
    Participation,
    Plan,
    PlanDelivery,
    PlanVersion,
    VersionStatus,
)
from yhteispolku.plans.services import required_organisation_ids
from yhteispolku.plans.worker_pair import missing_worker_pair


def _relationship_or_404(code: uuid.UUID | str) -> ClientRelationship:
    try:
        return ClientRelationship.objects.select_related("client", "responsible_unit__organisation").get(
            code=code
        )
    except (ClientRelationship.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class PlanAccess:
    """A relationship as one actor reaches its plan: the facts decide which actions to offer."""

    relationship: ClientRelationship
    facts: RelationFacts
    actor: User

    def can(self, action: Action) -> bool:
        return decide(
            actor=self.actor,
            action=action,
            category=DataCategory.PLAN,
            facts=self.facts,
            object_type="plans.planversion",
        ).allowed


def relationship_for_plan(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    action: Action = Action.VIEW,
    object_type: str = "plans.plan",
    object_id: str = "",
    request: HttpRequest | None = None,
) -> PlanAccess:
    """The relationship whose plan the actor acts on, authorised (and audited) for that action.

    404 for a relationship that does not exist or whose client the actor has no relation to.
    """
    return _authorized(
        actor=actor,
        relationship=_relationship_or_404(relationship_code),
        action=action,
        object_type=object_type,
        object_id=object_id,
        request=request,
    )


def _authorized(
    *,
    actor: User,
    relationship: ClientRelationship,
    action: Action,
    object_type: str,
    object_id: str,
    request: HttpRequest | None,
) -> PlanAccess:
    facts = relation_facts(actor=actor, client=relationship.client)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=object_type,
        object_id=object_id or str(relationship.code),
    )
    return PlanAccess(relationship=relationship, facts=facts, actor=actor)


def _versions(plan: Plan) -> Any:
    return (
        PlanVersion.objects.filter(plan=plan)
        .select_related("created_by", "acceptance__recorded_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=AgreedService.objects.select_related(
                    "service_type", "responsible_organisation", "provider", "responsible_professional"
                ).order_by("starts_on", "id"),
            ),
            Prefetch("tasks", queryset=ClientTask.objects.order_by("due_on", "id")),
            Prefetch(
                "confirmations",
                queryset=CommitmentConfirmation.objects.select_related("organisation", "confirmed_by"),
            ),
            Prefetch("deliveries", queryset=PlanDelivery.objects.select_related("recorded_by")),
        )
        .order_by("-number")
    )


@dataclass
class ServiceRow:
    service: AgreedService
    participation: Participation | None = None


@dataclass(frozen=True)
class PendingCommitment:
    """An authority that has not confirmed its commitments yet, and who of it on the team can."""

    organisation: Organisation
    confirmers: list[User]


@dataclass
class VersionView:
    """A version with what the page shows beside it: who still confirms, the client's acceptance."""

    version: PlanVersion
    services: list[ServiceRow]
    tasks: list[ClientTask]
    confirmations: list[CommitmentConfirmation]
    pending: list[PendingCommitment]
    acceptance: ClientAcceptance | None
    deliveries: list[PlanDelivery] = field(default_factory=list)
    is_latest: bool = False

    @property
    def is_editable(self) -> bool:
        return (
            self.is_latest
            and self.version.status == VersionStatus.DRAFT
            and not self.confirmations
            and self.acceptance is None
        )

    @property
    def review_overdue(self) -> bool:
        """R-TYM-2: the plan in force is past its review date."""
        return (
            self.version.status == VersionStatus.IN_FORCE
            and self.version.next_review_on < timezone.localdate()
        )

    @property
    def review_rule(self) -> str:
        """The rule version behind the next review date (R-TYM-2 default, or within R-TYM-4's limit)."""
        return rules.review_reference(
            self.version.next_review_on,
            rules.counted_from(self.version.created_on, self.version.in_force_from),
        )

    @property
    def awaits_approval(self) -> bool:
        return self.is_latest and self.version.status == VersionStatus.DRAFT


def _team_by_organisation(relationship: ClientRelationship) -> dict[int, list[User]]:
    """The current case team by organisation: the people who can confirm that authority's commitments."""
    team: dict[int, list[User]] = {}
    for member in TeamMember.objects.filter(relationship=relationship, left_on__isnull=True).select_related(
        "user"
    ):
        if member.user.organisation_id is not None:
            team.setdefault(member.user.organisation_id, []).append(member.user)
    return team


def _version_view(
    version: PlanVersion,
    participation: dict[uuid.UUID, Participation],
    latest_number: int,
    team: dict[int, list[User]],
) -> VersionView:
    services = list(version.services.all())
    confirmations = list(version.confirmations.all())
    confirmed = {c.organisation_id for c in confirmations}
    required: list[PendingCommitment] = []
    for service in services:
        organisation = service.responsible_organisation
        if organisation.pk not in confirmed and organisation not in [p.organisation for p in required]:
            required.append(PendingCommitment(organisation, team.get(organisation.pk, [])))
    try:
        acceptance: ClientAcceptance | None = version.acceptance
    except ClientAcceptance.DoesNotExist:
        acceptance = None
    return VersionView(
        version=version,
        services=[ServiceRow(service, participation.get(service.lineage)) for service in services],
        tasks=list(version.tasks.all()),
        confirmations=confirmations,
        pending=required,
        acceptance=acceptance,
        deliveries=list(version.deliveries.all()),
        is_latest=version.number == latest_number,
    )


def _current_participation(plan: Plan) -> dict[uuid.UUID, Participation]:
    """The latest participation record per service lineage."""
    latest: dict[uuid.UUID, Participation] = {}
    for record in Participation.objects.filter(plan=plan).select_related("recorded_by").order_by("on", "id"):
        latest[record.lineage] = record
    return latest


@dataclass
class PlanOverview:
    access: PlanAccess
    plan: Plan | None
    versions: list[VersionView] = field(default_factory=list)
    missing_worker_pair: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> VersionView | None:
        return next((v for v in self.versions if v.version.status == VersionStatus.IN_FORCE), None)

    @property
    def latest(self) -> VersionView | None:
        return self.versions[0] if self.versions else None

    @property
    def draft(self) -> VersionView | None:
        latest = self.latest
        return latest if latest is not None and latest.version.status == VersionStatus.DRAFT else None

    @property
    def latest_number(self) -> int:
        return self.versions[0].version.number if self.versions else 0


def plan_overview(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    with_text: bool = False,
) -> PlanOverview:
    """The plan of a relationship: the version in force, the latest draft and the list of versions.

    The versions carry the plan's words (goals, services' descriptions, tasks): a reader that shows them
    passes `with_text`, which authorises (and logs) the versions' text too, refused to the coordinator and
    unit manager (SPEC §5.1). Without it the caller shows the plan's structure only (the FHIR export).
    """
    access = relationship_for_plan(
        actor=actor, relationship_code=relationship_code, object_type="plans.plan", request=request
    )
    if with_text:
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=access.relationship.client,
            request=request,
            facts=access.facts,
            object_type="plans.planversion",
            object_id=str(access.relationship.code),
        )
    plan = Plan.objects.filter(relationship=access.relationship).first()
    overview = PlanOverview(access=access, plan=plan)
    if plan is not None:
        versions = list(_versions(plan))
        participation = _current_participation(plan)
        latest_number = versions[0].number if versions else 0
        team = _team_by_organisation(access.relationship)
        overview.versions = [_version_view(v, participation, latest_number, team) for v in versions]
    overview.missing_worker_pair = missing_worker_pair(access.relationship)
    return overview


def plan_version_get(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    number: int,
    action: Action = Action.VIEW,
    object_type: str = "plans.planversion",
    request: HttpRequest | None = None,
) -> tuple[PlanAccess, VersionView]:
    """One version of the plan; old versions stay readable as they were.

    The attempt is authorised (and audited) before an unknown version number answers 404, so that a
    guessed address neither skips the log nor tells an outsider which versions exist.
    """
    relationship = _relationship_or_404(relationship_code)
    version = PlanVersion.objects.filter(plan__relationship=relationship, number=number).first()
    access = _authorized(
        actor=actor,
        relationship=relationship,
        action=action,
        object_type=object_type,
        object_id=str(version.code) if version else f"number:{number}",
        request=request,
    )
    if version is None:
        raise Http404
    loaded = _versions(version.plan).get(pk=version.pk)
    latest_number = (
        PlanVersion.objects.filter(plan_id=version.plan_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return access, _version_view(
        loaded, _current_participation(loaded.plan), latest_number or 0, _team_by_organisation(relationship)
    )


def plan_versions_compare(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    a: int,
    b: int,
    request: HttpRequest | None = None,
) -> tuple[PlanAccess, PlanVersion, PlanVersion, VersionDiff]:
    """What changed between two versions: goals, services added/removed/changed, tasks, review date."""
    access = relationship_for_plan(
        actor=actor,
        relationship_code=relationship_code,
        object_type="plans.planversion",
        object_id=f"{a}-{b}",
        request=request,
    )
    versions = {v.number: v for v in _versions(_plan_or_404(access.relationship)).filter(number__in=(a, b))}
    if a not in versions or b not in versions:
        raise Http404
    return access, versions[a], versions[b], compare_versions(versions[a], versions[b])


def _plan_or_404(relationship: ClientRelationship) -> Plan:
    plan = Plan.objects.filter(relationship=relationship).first()
    if plan is None:
        raise Http404
    return plan


def service_of_version(view: VersionView, service_code: uuid.UUID | str) -> AgreedService:
    for row in view.services:
        if str(row.service.code) == str(service_code):
            return row.service
    raise Http404


def service_for_participation(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    number: int,
    service_code: uuid.UUID | str,
    request: HttpRequest | None = None,
) -> tuple[PlanAccess, VersionView, AgreedService]:
    """A service of one version, for recording participation in it (a CREATE of the follow-up)."""
    access, view = plan_version_get(
        actor=actor,
        relationship_code=relationship_code,
        number=number,
        action=Action.CREATE,
        object_type="plans.participation",
        request=request,
    )
    return access, view, service_of_version(view, service_code)


def task_of_version(view: VersionView, task_code: uuid.UUID | str) -> ClientTask:
    for task in view.tasks:
        if str(task.code) == str(task_code):
            return task
    raise Http404


def latest_version(access: PlanAccess) -> PlanVersion | None:
    """The version a new one starts from; its number is the optimistic lock's token (0 before the first).

    Takes the access already authorised (and audited) for the page that shows it.
    """
    return PlanVersion.objects.filter(plan__relationship=access.relationship).order_by("-number").first()


def has_plan_in_force(relationship: ClientRelationship) -> bool:
    """Whether the relationship's plan has a version in force: a condition for starting TYM work
    (SPEC §3 steps 6–7). A yes or no about the process, no plan content, so nothing to audit."""
    return PlanVersion.objects.filter(plan__relationship=relationship, status=VersionStatus.IN_FORCE).exists()


@dataclass(frozen=True)
class PlanStatus:
    """Where the plan stands, as the case page shows it: the version in force and what a draft awaits.

    Process facts only (numbers, dates, who still confirms), no plan text: the coordinator and the unit
    manager may see it (SPEC §5.1: phase, team, deadlines). The caller has authorised the plan view.
    """

    in_force: PlanVersion | None
    draft: PlanVersion | None
    pending: list[PendingCommitment]
    draft_accepted: bool

    @property
    def awaiting(self) -> bool:
        return self.draft is not None and (bool(self.pending) or not self.draft_accepted)


def plan_status(relationship: ClientRelationship) -> PlanStatus:
    """The plan's standing for one relationship, in four queries whatever the plan holds."""
    versions = list(
        PlanVersion.objects.filter(
            plan__relationship=relationship, status__in=(VersionStatus.IN_FORCE, VersionStatus.DRAFT)
        )
        .select_related("acceptance")
        .order_by("-number")
    )
    in_force = next((v for v in versions if v.status == VersionStatus.IN_FORCE), None)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    in_draft = {"version__plan__relationship": relationship, "version__status": VersionStatus.DRAFT}
    services = AgreedService.objects.filter(**in_draft).select_related("responsible_organisation")
    confirmed = set(
        CommitmentConfirmation.objects.filter(**in_draft).values_list("organisation_id", flat=True)
    )
    team = _team_by_organisation(relationship)
    pending: list[PendingCommitment] = []
    for service in services.order_by("starts_on", "id"):
        organisation = service.responsible_organisation
        if organisation.pk not in confirmed and organisation not in [p.organisation for p in pending]:
            pending.append(PendingCommitment(organisation, team.get(organisation.pk, [])))
    accepted = False
    if draft is not None:
        try:
            accepted = draft.acceptance is not None
        except ClientAcceptance.DoesNotExist:
            accepted = False
    return PlanStatus(in_force=in_force, draft=draft, pending=pending, draft_accepted=accepted)


def awaiting_acceptance(plan: Plan) -> PlanVersion | None:
    """The newest draft whose every required authority has confirmed (at least one) and that no one has
    accepted yet: the version the client may accept. A predicate on a plan the caller has already read
    (and audited): Oma Yhteispolku's plan page, and the client's notices."""
    draft = plan.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()
    if draft is None or hasattr(draft, "acceptance"):
        return None
    confirmed = set(draft.confirmations.values_list("organisation_id", flat=True))
    if not confirmed or not required_organisation_ids(draft) <= confirmed:
        return None
    return draft
