"""Reads of the service paths. Each goes through the access policy and leaves an audit entry.

A relationship's page needs the joint plan category (track, unit, team and due dates, which the
responsible unit's coordinator and manager also see); the content of each path's records is shown
only where the policy allows their own category (social or employment), and each such read is logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, TEAM_OBJECT_TYPE, authorize, decide
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.cases import closing
from yhteispolku.cases.models import ClientRelationship, Closure, TeamMember, Track
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import ClientView
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import Organisation
from yhteispolku.paths import deadlines, rules, youth
from yhteispolku.paths.models import (
    PLAN_KIND_OF_TRACK,
    ActivationPlan,
    CountyCategory,
    IntegrationAssessment,
    IntegrationCountyPart,
    IntegrationPlan,
    IntegrationRouting,
    JobseekerRegistration,
    JointAssessment,
    KutyDecision,
    KutyJobseekerCheck,
    KutySection,
    ServicePlan,
)
from yhteispolku.paths.services import (
    COUNTY_PART_OBJECT_TYPE,
    INTEGRATION_ROUTING,
    RELATIONSHIP_OBJECT_TYPE,
    kuty_jobseeker_on,
)
from yhteispolku.plans.models import AgreedService, VersionStatus
from yhteispolku.rules.deadlines import DueItem
from yhteispolku.rules.engine import DueDate

# The category of each track's own records.
TRACK_CATEGORY = {
    Track.TYM: DataCategory.SOCIAL,  # its KUTY sections
    Track.KUTY: DataCategory.SOCIAL,
    Track.SOCIAL_REHABILITATION: DataCategory.SOCIAL,
    Track.DISABILITY_WORK_ACTIVITY: DataCategory.SOCIAL,
    Track.EMPLOYMENT_SERVICES: DataCategory.EMPLOYMENT,
    Track.INTEGRATION: DataCategory.EMPLOYMENT,
    Track.YOUTH_ONE_STOP: DataCategory.EMPLOYMENT,
}


def _relationship_or_404(code: uuid.UUID | str) -> ClientRelationship:
    try:
        return ClientRelationship.objects.select_related(
            "client", "responsible_unit__organisation", "responsible_organisation"
        ).get(code=code)
    except (ClientRelationship.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class PathAccess:
    relationship: ClientRelationship
    facts: RelationFacts
    actor: User

    def can(self, action: Action, category: DataCategory = DataCategory.PLAN, object_type: str = "") -> bool:
        return decide(
            actor=self.actor, action=action, category=category, facts=self.facts, object_type=object_type
        ).allowed


def relationship_for_path(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    action: Action = Action.VIEW,
    category: DataCategory | None = DataCategory.PLAN,
    object_type: str = RELATIONSHIP_OBJECT_TYPE,
    object_id: str = "",
    request: HttpRequest | None = None,
) -> PathAccess:
    """The relationship the actor acts on, authorised (and audited) for that action and category.

    404 for a relationship that does not exist or whose client the actor has no relation to. Category
    None: the category of the track's own records (social or employment).
    """
    relationship = _relationship_or_404(relationship_code)
    facts = relation_facts(actor=actor, client=relationship.client)
    authorize(
        actor=actor,
        action=action,
        category=category or TRACK_CATEGORY.get(relationship.track, DataCategory.PLAN),  # type: ignore[call-overload]
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=object_type,
        object_id=object_id or str(relationship.code),
    )
    return PathAccess(relationship=relationship, facts=facts, actor=actor)


def client_for_path(
    *, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None
) -> tuple[Client, RelationFacts]:
    """The client a new track is opened for, authorised for creating a relationship (joint plan)."""
    try:
        client = Client.objects.get(code=code)
    except (Client.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    facts = relation_facts(actor=actor, client=client)
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=RELATIONSHIP_OBJECT_TYPE,
    )
    return client, facts


@dataclass(frozen=True)
class IntegrationPlanRow:
    """An integration plan with the wellbeing services county's part where it has one; the part's
    content only where the actor may read its category (social, or health)."""

    plan: IntegrationPlan
    county_part: IntegrationCountyPart | None
    county_part_visible: bool
    in_force: bool
    # The revision the actor's confirmation sends (the plan's or the county part's); None: nothing to confirm.
    confirm_revision: int | None
    can_write_county_part: bool


@dataclass
class PathView:
    """Everything a relationship's page shows: who works on it, its plans and what is due when."""

    access: PathAccess
    team: list[TeamMember]
    due: list[DueItem]
    category: DataCategory | None
    content_visible: bool
    kuty_sections: list[KutySection] = field(default_factory=list)
    kuty_services: list[AgreedService] = field(default_factory=list)
    activation_plans: list[ActivationPlan] = field(default_factory=list)
    kuty_decisions: list[KutyDecision] = field(default_factory=list)
    kuty_checks: list[KutyJobseekerCheck] = field(default_factory=list)
    kuty_jobseeker: bool = False
    activation_visible: bool = False
    integration_assessment: IntegrationAssessment | None = None
    integration_plans: list[IntegrationPlan] = field(default_factory=list)
    integration_routing: IntegrationRouting | None = None
    integration_rows: list[IntegrationPlanRow] = field(default_factory=list)
    # The routing after integration that opened this relationship (shown with the needs it carried over).
    routed_from: IntegrationRouting | None = None
    registration: JobseekerRegistration | None = None
    initial_interview: DueDate | None = None
    service_plans: list[ServicePlan] = field(default_factory=list)
    youth_advice: str | None = None
    # The closing record of an ended track beside TYM, and whether its summary (text) shows to the actor.
    closure: Closure | None = None
    closure_text_visible: bool = False
    # R-YOUTH-1's early joint assessment: those recorded, and the day the open one is due (None: none open).
    joint_assessments: list[JointAssessment] = field(default_factory=list)
    joint_assessment_due: date | None = None

    @property
    def relationship(self) -> ClientRelationship:
        return self.access.relationship

    @property
    def is_open(self) -> bool:
        """A closed track is read-only: no page offers a write on it (the services refuse them too)."""
        return self.relationship.is_open

    @property
    def plan_kind(self) -> str | None:
        return PLAN_KIND_OF_TRACK.get(self.relationship.track)  # type: ignore[call-overload]

    @property
    def can_write(self) -> bool:
        return self.is_open and self.category is not None and self.access.can(Action.CREATE, self.category)

    @property
    def can_confirm(self) -> bool:
        return self.is_open and self.access.can(Action.UPDATE, DataCategory.PLAN, "paths.activationplan")

    @property
    def can_manage_team(self) -> bool:
        """Outside TYM the track's own team adds members here (TYM's team is the case page's)."""
        return (
            self.is_open
            and self.relationship.track != Track.TYM
            and self.access.can(Action.CREATE, DataCategory.PLAN, TEAM_OBJECT_TYPE)
        )

    @property
    def can_check_jobseeker(self) -> bool:
        return (
            self.is_open
            and self.relationship.track == Track.KUTY
            and self.access.can(Action.CREATE, DataCategory.EMPLOYMENT)
        )

    @property
    def in_force_plans(self) -> list[ActivationPlan]:
        return [plan for plan in self.activation_plans if plan.in_force]

    @property
    def can_open_relationships(self) -> bool:
        """Whether to link another relationship of the client (the routing's target or source)."""
        return self.access.can(Action.VIEW, DataCategory.PLAN, RELATIONSHIP_OBJECT_TYPE)

    @property
    def can_close(self) -> bool:
        """Whether to offer "Päätä asiakkuus": the closing step's own check and the policy's."""
        return closing.may_close(self.access.actor, self.relationship) and self.access.can(
            Action.UPDATE, DataCategory.PLAN, closing.CLOSURE_OBJECT_TYPE
        )

    @property
    def can_open_plan(self) -> bool:
        """Whether to link the TYM plan: its text is the team's, not the coordinator's (SPEC §5.1)."""
        return self.access.can(Action.VIEW, DataCategory.PLAN, "plans.planversion")


def _content_visible(access: PathAccess, category: DataCategory, request: HttpRequest | None) -> bool:
    """Whether the actor may read this track's records; the decision is logged either way."""
    relationship = access.relationship
    decision = decide(actor=access.actor, action=Action.VIEW, category=category, facts=access.facts)
    record_access(
        actor=access.actor,
        action=Action.VIEW,
        category=category,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=relationship.client.code,
        object_type="paths.path",
        object_id=str(relationship.code),
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    return decision.allowed


def path_view(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> PathView:
    """A relationship's track, responsible unit, team, plans and due dates with the rule behind each."""
    today = today or timezone.localdate()
    access = relationship_for_path(actor=actor, relationship_code=relationship_code, request=request)
    relationship = access.relationship
    team = list(
        TeamMember.objects.filter(relationship=relationship, left_on__isnull=True)
        .select_related("user__organisation", "relationship")
        .order_by("joined_on", "id")
    )
    due = sorted(
        (item for source in deadlines.SOURCES for item in source([relationship.pk], today)),
        key=lambda item: (item.due_on, item.kind),
    )
    category = TRACK_CATEGORY.get(relationship.track)  # type: ignore[call-overload]
    visible = category is not None and _content_visible(access, category, request)
    view = PathView(access=access, team=team, due=due, category=category, content_visible=visible)
    view.routed_from = _routed_from(access, request)
    if visible:
        _fill(view, today, request)
    if relationship.track == Track.KUTY:
        _fill_activation(view, request, today)
    if relationship.track != Track.TYM and not relationship.is_open:
        _closure(view, request)
    return view


def _closure(view: PathView, request: HttpRequest | None) -> None:
    """The closing record of an ended track: reason, outcome, date and handover with the page (the joint
    plan's view, authorised above); its summary is the joint work's text (SPEC §5.1: not the
    coordinator's), shown where the policy allows it, the decision logged either way."""
    view.closure = (
        Closure.objects.filter(relationship=view.relationship)
        .select_related("handover_unit__organisation", "handover_relationship", "recorded_by")
        .first()
    )
    if view.closure is None:
        return
    access = view.access
    decision = decide(
        actor=access.actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        facts=access.facts,
        object_type=closing.CLOSURE_OBJECT_TYPE,
    )
    record_access(
        actor=access.actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=view.relationship.client.code,
        object_type=closing.CLOSURE_OBJECT_TYPE,
        object_id=str(view.relationship.code),
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    view.closure_text_visible = decision.allowed


def _fill_activation(view: PathView, request: HttpRequest | None, today: date) -> None:
    """The activation plan is the two authorities' joint plan (R-KUTY-2): the KUTY team of either side
    reads it, with the jobseeker check the decision rests on; the read is logged either way."""
    access, relationship = view.access, view.relationship
    decision = decide(
        actor=access.actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        facts=access.facts,
        object_type="paths.activationplan",
    )
    record_access(
        actor=access.actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=relationship.client.code,
        object_type="paths.activationplan",
        object_id=str(relationship.code),
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    if not decision.allowed:
        return
    view.activation_visible = True
    view.activation_plans = list(
        ActivationPlan.objects.filter(relationship=relationship).select_related(
            "employment_confirmed_by", "social_confirmed_by", "client_acceptance_recorded_by", "created_by"
        )
    )
    view.kuty_decisions = list(
        KutyDecision.objects.filter(relationship=relationship).select_related("activation_plan", "created_by")
    )
    view.kuty_checks = list(
        KutyJobseekerCheck.objects.filter(relationship=relationship).select_related("created_by")
    )
    view.kuty_jobseeker = kuty_jobseeker_on(relationship, today)


def _routed_from(access: PathAccess, request: HttpRequest | None) -> IntegrationRouting | None:
    """The routing after integration that opened this relationship, read (and logged) as the routing's
    own category; None when there is none or the actor may not read it."""
    routing = (
        IntegrationRouting.objects.filter(opened_relationship=access.relationship)
        .select_related("relationship", "recorded_by")
        .first()
    )
    if routing is None:
        return None
    written = INTEGRATION_ROUTING
    allowed = _read_logged(access, written.category, written.object_type, request)
    return routing if allowed else None


def _read_logged(
    access: PathAccess, category: DataCategory, object_type: str, request: HttpRequest | None
) -> bool:
    relationship = access.relationship
    decision = decide(
        actor=access.actor, action=Action.VIEW, category=category, facts=access.facts, object_type=object_type
    )
    record_access(
        actor=access.actor,
        action=Action.VIEW,
        category=category,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=relationship.client.code,
        object_type=object_type,
        object_id=str(relationship.code),
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    return decision.allowed


def _integration_rows(view: PathView, request: HttpRequest | None) -> list[IntegrationPlanRow]:
    """The plans with the county's parts; each part category read once (and logged) for the page."""
    parts = {
        part.plan_id: part
        for part in IntegrationCountyPart.objects.filter(plan__in=view.integration_plans).select_related(
            "professional__organisation", "confirmed_by"
        )
    }
    visible = {
        category: _read_logged(view.access, DataCategory(category), COUNTY_PART_OBJECT_TYPE, request)
        for category in sorted({part.category for part in parts.values()})
    }
    actor = view.access.actor
    kind = actor.organisation.kind if actor.organisation else ""
    county = kind == Organisation.Kind.WELLBEING_COUNTY
    on_team = any(member.user_id == actor.pk for member in view.team)
    # Whether the actor may write a new part (social) or change one of each category.
    writable = {
        key: county and view.access.can(action, DataCategory(category), COUNTY_PART_OBJECT_TYPE)
        for key, action, category in (
            ("new", Action.CREATE, CountyCategory.SOCIAL),
            (CountyCategory.SOCIAL, Action.UPDATE, CountyCategory.SOCIAL),
            (CountyCategory.HEALTH, Action.UPDATE, CountyCategory.HEALTH),
        )
    }
    rows = []
    for plan in view.integration_plans:
        part = parts.get(plan.pk)
        in_force = plan.employment_confirmed_at is not None and (
            part is None or part.confirmed_at is not None
        )
        confirm_revision = None
        if kind == Organisation.Kind.EMPLOYMENT_AUTHORITY and plan.employment_confirmed_at is None:
            confirm_revision = plan.revision
        elif county and on_team and part is not None and part.confirmed_at is None:
            confirm_revision = part.revision
        rows.append(
            IntegrationPlanRow(
                plan=plan,
                county_part=part,
                county_part_visible=part is not None and visible[part.category],
                in_force=in_force,
                confirm_revision=confirm_revision,
                can_write_county_part=writable[part.category if part else "new"],
            )
        )
    return rows


def _fill(view: PathView, today: date, request: HttpRequest | None = None) -> None:
    relationship = view.relationship
    track = relationship.track
    if track in (Track.TYM, Track.KUTY):
        view.kuty_sections = list(
            KutySection.objects.filter(relationship=relationship)
            .select_related(
                "agreed_service__service_type",
                "activation_plan",
                "decision",
                "provider",
                "created_by",
                "effects_assessment__next_section",
            )
            .prefetch_related("attendance", "site_feedback")
            .order_by("starts_on", "id")
        )
    if track == Track.TYM:
        view.kuty_services = kuty_services_in_force(relationship)
    if track == Track.INTEGRATION:
        view.integration_assessment = IntegrationAssessment.objects.filter(relationship=relationship).first()
        view.integration_plans = list(
            IntegrationPlan.objects.filter(relationship=relationship)
            .select_related("employment_confirmed_by")
            .order_by("number")
        )
        view.integration_rows = _integration_rows(view, request)
        view.integration_routing = (
            IntegrationRouting.objects.filter(relationship=relationship)
            .select_related("to_unit", "opened_relationship__responsible_unit")
            .first()
        )
    if track == Track.EMPLOYMENT_SERVICES:
        view.registration = JobseekerRegistration.objects.filter(relationship=relationship).first()
        if view.registration is not None:
            view.initial_interview = rules.initial_interview_due(view.registration.registered_on)
    if view.plan_kind is not None:
        view.service_plans = list(
            ServicePlan.objects.filter(relationship=relationship).select_related("responsible_professional")
        )
    if track == Track.YOUTH_ONE_STOP and view.service_plans:
        latest = view.service_plans[0]
        view.joint_assessments = youth.joint_assessments_of(relationship)
        # Advice and the assessment still to make are for a young person in guidance, not after it ended.
        if relationship.is_open:
            view.youth_advice = rules.youth_team_advice(
                unemployed_since=latest.unemployed_since,
                multi_sectoral_need=latest.multi_sectoral_need,
                on=today,
            )
            assessed = {assessment.unemployed_since for assessment in view.joint_assessments}
            if latest.unemployed_since is not None and latest.unemployed_since not in assessed:
                view.joint_assessment_due = youth.joint_assessment_due(latest)


def kuty_section_get(access: PathAccess, section_code: uuid.UUID | str) -> KutySection:
    try:
        return KutySection.objects.select_related("relationship__client").get(
            code=section_code, relationship=access.relationship
        )
    except (KutySection.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def integration_plan_get(access: PathAccess, plan_code: uuid.UUID | str) -> IntegrationPlan:
    try:
        return IntegrationPlan.objects.select_related("relationship__client").get(
            code=plan_code, relationship=access.relationship
        )
    except (IntegrationPlan.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def integration_assessment_get(access: PathAccess) -> IntegrationAssessment:
    assessment = (
        IntegrationAssessment.objects.select_related("relationship__client")
        .filter(relationship=access.relationship)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def county_part_get(plan: IntegrationPlan) -> IntegrationCountyPart | None:
    return (
        IntegrationCountyPart.objects.select_related("plan__relationship__client").filter(plan=plan).first()
    )


def activation_plan_get(access: PathAccess, plan_code: uuid.UUID | str) -> ActivationPlan:
    try:
        return ActivationPlan.objects.select_related("relationship__client").get(
            code=plan_code, relationship=access.relationship
        )
    except (ActivationPlan.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def kuty_service_get(access: PathAccess, service_code: uuid.UUID | str) -> AgreedService:
    try:
        return AgreedService.objects.select_related("version__plan", "service_type").get(
            code=service_code, version__plan__relationship=access.relationship
        )
    except (AgreedService.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def relationships_of_client(*, client: Client) -> list[ClientRelationship]:
    """The client's relationships on every track, for the client's page (which authorised the read)."""
    return list(
        ClientRelationship.objects.filter(client=client)
        .select_related("responsible_unit")
        .order_by("-started_on", "id")
    )


def kuty_services_in_force(relationship: ClientRelationship) -> list[AgreedService]:
    """The KUTY services agreed in the TYM plan's version in force: what a KUTY section attaches to."""
    return list(
        AgreedService.objects.filter(
            version__plan__relationship=relationship,
            version__status=VersionStatus.IN_FORCE,
            service_type__is_kuty=True,
        ).select_related("service_type", "version")
    )


@dataclass(frozen=True)
class TrackRow:
    relationship: ClientRelationship
    # Where the track opens for this actor (its page, or a referral's case page), None where it does not.
    url: str | None


@dataclass(frozen=True)
class ClientTracks:
    rows: list[TrackRow]
    can_open: bool


def client_tracks(actor: User, view: ClientView, request: HttpRequest | None = None) -> ClientTracks:
    """The client's relationships for the client page, each linked only where the policy lets the actor
    open it, and whether the actor may open a new track (the same decisions the target pages make)."""
    relationships = list(
        view.client.relationships.select_related("responsible_unit").prefetch_related("team__user__role")
    )
    rows = []
    for relationship in relationships:
        url = None
        if view.can(actor, Action.VIEW, DataCategory.PLAN, RELATIONSHIP_OBJECT_TYPE):
            url = reverse("paths:detail", kwargs={"relationship_code": relationship.code})
        elif relationship.track == Track.TYM and view.can(
            actor, Action.VIEW, DataCategory.PLAN, REFERRAL_OBJECT_TYPE
        ):
            # The receiving unit of a pending referral opens the referral on the case page.
            url = reverse("cases:detail", kwargs={"code": view.client.code})
        rows.append(TrackRow(relationship=relationship, url=url))
    can_open = view.can(actor, Action.CREATE, DataCategory.PLAN, RELATIONSHIP_OBJECT_TYPE)
    return ClientTracks(rows=rows, can_open=can_open)
