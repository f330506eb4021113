"""The service paths over the API: a relationship's track, team, plans and due dates; opening a track;
KUTY sections and activation plans, integration, the jobseeker's registration and the plans of the
simpler tracks.

Addresses key on the relationship's code (opening a track on the client's code), like the path pages.
Each operation reads with the same selectors as the pages and calls the same services, so the access
policy, the audit entries and the rules' refusals (400, naming the rule) are those of the pages; a
stale edit or a repeated confirmation answers 409.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.access.policy import TEAM_OBJECT_TYPE
from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller, cleaned, form_data
from yhteispolku.cases import closing
from yhteispolku.cases import services as case_services
from yhteispolku.cases.forms import TeamMemberForm, TrackCloseForm
from yhteispolku.cases.models import TeamRole, Track
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.paths import selectors, services, site
from yhteispolku.paths.errors import InvalidPathData
from yhteispolku.paths.forms import (
    ActivationAcceptanceForm,
    ActivationPlanForm,
    IntegrationAssessmentForm,
    IntegrationCountyPartForm,
    IntegrationPlanForm,
    IntegrationRoutingForm,
    JobseekerRegistrationForm,
    KutyAttendanceForm,
    KutyDecisionForm,
    KutyEffectsForm,
    KutyFeedbackForm,
    KutyJobseekerCheckForm,
    KutySectionForm,
    RelationshipOpenForm,
    ServicePlanForm,
)
from yhteispolku.paths.models import (
    PLAN_KIND_OF_TRACK,
    ActivationBasis,
    CountyCategory,
    EffectsOutcome,
    IntegrationAssessment,
    IntegrationCountyPart,
    KutyEffectsAssessment,
    KutySection,
)

router = Router(tags=["paths"])

READ_ERRORS = error_responses(400, 403, 404)
ERRORS = error_responses(400, 403, 404, 409)


# --- output ----------------------------------------------------------------------------------------


class PathTeamMemberOut(Schema):
    user: uuid.UUID
    name: str
    organisation: str
    team_role: str


class PathDueOut(Schema):
    due_on: date
    kind: str
    label: str
    rule_id: str = Field(description="The rule behind the date; empty for an agreed date")
    rule_version: str


class KutySectionOut(Schema):
    code: uuid.UUID
    plan: str = Field(description="'tym_plan' or the activation plan's code")
    continues: uuid.UUID | None
    goal: str
    description: str
    place: str
    hours_per_day: Decimal
    days_per_week: int
    starts_on: date
    ends_on: date
    support_and_guidance: str
    other_services: str
    effects_assessed_by: date
    decision: uuid.UUID | None = Field(description="The KUTY decision the period falls within")
    provider: str | None = Field(description="Slug of the KUTY site (a service provider)")
    effects_assessed_on: date | None
    effects_outcome: str | None = Field(description="'continues' or 'ends' once the effects are assessed")
    revision: int = Field(description="Send back when changing the section: a stale one is refused with 409.")


class ActivationPlanOut(Schema):
    code: uuid.UUID
    number: int
    made_on: date
    basis: str
    goals: str
    next_review_on: date
    employment_confirmed: bool
    social_confirmed: bool
    client_accepted_on: date | None
    client_acceptance_how: str
    in_force: bool = Field(description="Both authorities have confirmed it and the client has accepted it")
    revision: int = Field(description="Send back when confirming: a stale one is refused with 409.")


class KutyDecisionOut(Schema):
    code: uuid.UUID
    activation_plan: uuid.UUID
    decided_on: date
    starts_on: date
    ends_on: date


class KutyJobseekerCheckOut(Schema):
    code: uuid.UUID
    checked_on: date
    unemployed_since: date


class IntegrationAssessmentOut(Schema):
    code: uuid.UUID
    assessed_on: date
    first_residence_permit_on: date
    skills: str
    language_skills: str
    service_needs: str
    revision: int = Field(
        description="Send back when changing the assessment: a stale one is refused with 409."
    )


class CountyPartOut(Schema):
    code: uuid.UUID
    category: str = Field(description="'social' or 'health': the data category it is read and written under")
    goals: str
    services: str
    professional: uuid.UUID = Field(description="Code of the county professional who drew it up")
    professional_name: str
    confirmed: bool
    confirmed_by: uuid.UUID | None
    revision: int = Field(description="Send back when changing or confirming the part: a stale one is a 409.")


class IntegrationPlanOut(Schema):
    code: uuid.UUID
    number: int
    starts_on: date
    ends_on: date
    goals: str
    services: str
    extension_reason: str
    employment_confirmed: bool
    revision: int = Field(
        description="Send back when the employment authority confirms: a stale one is a 409."
    )
    county_part_recorded: bool
    county_part_confirmed: bool
    county_part: CountyPartOut | None = Field(
        description="The wellbeing services county's part, where the caller may read its category"
    )
    in_force: bool = Field(description="Confirmed by the employment authority and by the county for its part")


class RoutedFromOut(Schema):
    relationship: uuid.UUID = Field(description="The integration relationship the routing came from")
    routed_on: date
    needs: str


class ServicePlanOut(Schema):
    code: uuid.UUID
    kind: str
    number: int
    made_on: date
    goals: str
    days_per_week: int | None
    next_review_on: date | None


class PathClosureOut(Schema):
    reason: str
    reason_details: str
    outcome: str = Field(max_length=30, description="The client's situation at closure (OutcomeStatus)")
    ended_on: date
    summary: str | None = Field(description="The summary; null where the caller may not read its text")
    handover_track: str
    handover_unit: str | None = Field(description="Slug of the unit the client goes on to")
    handover_relationship: uuid.UUID | None = Field(description="The relationship opened at the handover")

    @classmethod
    def of(cls, view: selectors.PathView) -> PathClosureOut | None:
        closure = view.closure
        if closure is None or view.relationship.ended_on is None:
            return None
        return cls(
            reason=closure.reason,
            reason_details=closure.reason_details,
            outcome=closure.outcome,
            ended_on=view.relationship.ended_on,
            summary=closure.final_assessment if view.closure_text_visible else None,
            handover_track=closure.handover_track,
            handover_unit=closure.handover_unit.slug if closure.handover_unit else None,
            handover_relationship=closure.handover_relationship.code
            if closure.handover_relationship
            else None,
        )


class PathOut(Schema):
    relationship: uuid.UUID
    client: uuid.UUID
    track: str
    phase: str
    responsible_unit: str = Field(description="Slug of the responsible unit")
    started_on: date
    team: list[PathTeamMemberOut]
    due: list[PathDueOut]
    content_visible: bool = Field(description="Whether the caller may read the track's own records")
    kuty_sections: list[KutySectionOut]
    activation_plans: list[ActivationPlanOut]
    kuty_decisions: list[KutyDecisionOut]
    kuty_jobseeker_checks: list[KutyJobseekerCheckOut]
    kuty_registered_jobseeker: bool = Field(description="KUTY: the client is a registered jobseeker today")
    integration_assessed_on: date | None
    integration_assessment: IntegrationAssessmentOut | None
    integration_plans: list[IntegrationPlanOut]
    integration_routed_to: str | None = Field(description="Slug of the unit routed to after integration")
    integration_opened_relationship: uuid.UUID | None = Field(
        description="The relationship the routing after integration opened on the target track"
    )
    routed_from: RoutedFromOut | None = Field(
        description="The routing after integration that opened this relationship, with the needs it carried"
    )
    registered_on: date | None
    initial_interview_due: date | None
    initial_interview_held_on: date | None
    service_plans: list[ServicePlanOut]
    youth_advice: str | None
    ended_on: date | None
    closure: PathClosureOut | None = Field(description="The closing record of an ended track beside TYM")

    @classmethod
    def of(cls, view: selectors.PathView) -> PathOut:
        relationship = view.relationship
        registration = view.registration
        routing = view.integration_routing
        return cls(
            relationship=relationship.code,
            client=relationship.client.code,
            track=relationship.track,
            phase=relationship.phase,
            responsible_unit=relationship.responsible_unit.slug,
            started_on=relationship.started_on,
            team=[
                PathTeamMemberOut(
                    user=member.user.code,
                    name=str(member.user),
                    organisation=member.user.organisation.slug if member.user.organisation else "",
                    team_role=member.team_role,
                )
                for member in view.team
            ],
            due=[
                PathDueOut(
                    due_on=item.due_on,
                    kind=item.kind,
                    label=item.label,
                    rule_id=item.rule_id,
                    rule_version=item.rule_version,
                )
                for item in view.due
            ],
            content_visible=view.content_visible,
            kuty_sections=[
                KutySectionOut(
                    code=section.code,
                    plan=str(section.activation_plan.code) if section.activation_plan else "tym_plan",
                    continues=section.continues.code if section.continues else None,
                    goal=section.goal,
                    description=section.description,
                    place=section.place,
                    hours_per_day=section.hours_per_day,
                    days_per_week=section.days_per_week,
                    starts_on=section.starts_on,
                    ends_on=section.ends_on,
                    support_and_guidance=section.support_and_guidance,
                    other_services=section.other_services,
                    effects_assessed_by=section.effects_assessed_by,
                    decision=section.decision.code if section.decision else None,
                    provider=section.provider.slug if section.provider else None,
                    effects_assessed_on=_assessed(section, "assessed_on"),
                    effects_outcome=_assessed(section, "outcome"),
                    revision=section.revision,
                )
                for section in view.kuty_sections
            ],
            activation_plans=[
                ActivationPlanOut(
                    code=plan.code,
                    number=plan.number,
                    made_on=plan.made_on,
                    basis=plan.basis,
                    goals=plan.goals,
                    next_review_on=plan.next_review_on,
                    employment_confirmed=plan.employment_confirmed_at is not None,
                    social_confirmed=plan.social_confirmed_at is not None,
                    client_accepted_on=plan.client_accepted_on,
                    client_acceptance_how=plan.client_acceptance_how,
                    in_force=plan.in_force,
                    revision=plan.revision,
                )
                for plan in view.activation_plans
            ],
            kuty_decisions=[
                KutyDecisionOut(
                    code=decision.code,
                    activation_plan=decision.activation_plan.code,
                    decided_on=decision.decided_on,
                    starts_on=decision.starts_on,
                    ends_on=decision.ends_on,
                )
                for decision in view.kuty_decisions
            ],
            kuty_jobseeker_checks=[
                KutyJobseekerCheckOut(
                    code=check.code, checked_on=check.checked_on, unemployed_since=check.unemployed_since
                )
                for check in view.kuty_checks
            ],
            kuty_registered_jobseeker=view.kuty_jobseeker,
            integration_assessed_on=view.integration_assessment.assessed_on
            if view.integration_assessment
            else None,
            integration_assessment=_assessment_out(view.integration_assessment),
            integration_plans=[_integration_plan_out(row) for row in view.integration_rows],
            integration_routed_to=view.integration_routing.to_unit.slug if view.integration_routing else None,
            integration_opened_relationship=routing.opened_relationship.code
            if routing and routing.opened_relationship
            else None,
            routed_from=RoutedFromOut(
                relationship=view.routed_from.relationship.code,
                routed_on=view.routed_from.routed_on,
                needs=view.routed_from.needs,
            )
            if view.routed_from
            else None,
            registered_on=registration.registered_on if registration else None,
            initial_interview_due=view.initial_interview.on if view.initial_interview else None,
            initial_interview_held_on=registration.interview_held_on if registration else None,
            service_plans=[
                ServicePlanOut(
                    code=plan.code,
                    kind=plan.kind,
                    number=plan.number,
                    made_on=plan.made_on,
                    goals=plan.goals,
                    days_per_week=plan.days_per_week,
                    next_review_on=plan.next_review_on,
                )
                for plan in view.service_plans
            ],
            youth_advice=view.youth_advice,
            ended_on=relationship.ended_on,
            closure=PathClosureOut.of(view),
        )


def _assessed(section: KutySection, name: str) -> Any:
    """A field of the period's effects assessment, None before it is assessed."""
    try:
        return getattr(section.effects_assessment, name)
    except KutyEffectsAssessment.DoesNotExist:
        return None


def _assessment_out(assessment: IntegrationAssessment | None) -> IntegrationAssessmentOut | None:
    if assessment is None:
        return None
    return IntegrationAssessmentOut(
        code=assessment.code,
        assessed_on=assessment.assessed_on,
        first_residence_permit_on=assessment.first_residence_permit_on,
        skills=assessment.skills,
        language_skills=assessment.language_skills,
        service_needs=assessment.service_needs,
        revision=assessment.revision,
    )


def _integration_plan_out(row: selectors.IntegrationPlanRow) -> IntegrationPlanOut:
    plan, part = row.plan, row.county_part
    return IntegrationPlanOut(
        code=plan.code,
        number=plan.number,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        goals=plan.goals,
        services=plan.services,
        extension_reason=plan.extension_reason,
        employment_confirmed=plan.employment_confirmed_at is not None,
        revision=plan.revision,
        county_part_recorded=part is not None,
        county_part_confirmed=part is not None and part.confirmed_at is not None,
        county_part=CountyPartOut(
            code=part.code,
            category=part.category,
            goals=part.goals,
            services=part.services,
            professional=part.professional.code,
            professional_name=str(part.professional),
            confirmed=part.confirmed_at is not None,
            confirmed_by=part.confirmed_by.code if part.confirmed_by else None,
            revision=part.revision,
        )
        if part is not None and row.county_part_visible
        else None,
        in_force=row.in_force,
    )


def _path(request: HttpRequest, relationship_code: uuid.UUID | str) -> PathOut:
    return PathOut.of(
        selectors.path_view(actor=caller(request), relationship_code=relationship_code, request=request)
    )


def _access(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    action: Action,
    category: DataCategory | None,
    object_type: str,
) -> selectors.PathAccess:
    return selectors.relationship_for_path(
        actor=caller(request),
        relationship_code=relationship_code,
        action=action,
        category=category,
        object_type=object_type,
        request=request,
    )


def _json(payload: Schema) -> dict[str, Any]:
    return form_data(payload.model_dump(mode="json"))


def _write_created(
    request: HttpRequest, relationship_code: uuid.UUID, access: selectors.PathAccess, form: Any, write: Any
) -> Status:
    """Clean the form, hand its data to a service that takes the relationship, answer 201 with the path."""
    data = cleaned(form)
    write(actor=access.actor, relationship=access.relationship, data=data, request=request)
    return Status(201, _path(request, relationship_code))


# --- reads -----------------------------------------------------------------------------------------


@router.get("/{relationship_code}", response={200: PathOut, **READ_ERRORS}, summary="A relationship's path")
def path_detail(request: HttpRequest, relationship_code: uuid.UUID) -> Any:
    """The track, responsible unit, team and due dates with the rule behind each; the track's plans
    where the caller may read their category."""
    return _path(request, relationship_code)


# --- changes ---------------------------------------------------------------------------------------


class OpenIn(Schema):
    track: str = Field(json_schema_extra={"enum": [value for value in Track.values if value != Track.TYM]})


@router.post("/clients/{code}/relationships", response={201: PathOut, **ERRORS}, summary="Open a track")
def relationship_open(request: HttpRequest, code: uuid.UUID, payload: OpenIn) -> Any:
    """A relationship on a non-TYM track at the caller's unit (R-KOTO-2, R-YOUTH-1 refuse with 400)."""
    actor = caller(request)
    client, facts = selectors.client_for_path(actor=actor, code=code, request=request)
    data = cleaned(RelationshipOpenForm(form_data(payload.model_dump())))
    relationship = services.relationship_open(
        actor=actor, client=client, track=data["track"], facts=facts, request=request
    )
    return Status(201, _path(request, relationship.code))


class KutySectionIn(Schema):
    goal: str = Field("", max_length=LONG_TEXT)
    description: str = Field("", max_length=LONG_TEXT)
    place: str = Field("", max_length=200)
    hours_per_day: Decimal | None = None
    days_per_week: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    support_and_guidance: str = Field("", max_length=LONG_TEXT)
    other_services: str = Field("", max_length=LONG_TEXT)
    effects_assessed_by: date | None = None
    paid_work_hours_per_week: Decimal | None = None
    full_time_entrepreneur: bool = False
    full_time_student: bool = False
    in_other_employment_service: bool = False


class KutySectionCreateIn(KutySectionIn):
    agreed_service: uuid.UUID | None = Field(None, description="Code of the TYM plan's agreed KUTY service")
    activation_plan: uuid.UUID | None = Field(
        None, description="Code of the KUTY relationship's activation plan"
    )
    continues: uuid.UUID | None = Field(None, description="Code of the period this one continues")
    provider: str | None = Field(
        None, description="Slug of the KUTY site (a service provider organisation)", max_length=SHORT_TEXT
    )


def _kuty_data(payload: KutySectionIn, revision: int | None = None) -> dict[str, Any]:
    values = payload.model_dump(mode="json", include=set(KutySectionIn.model_fields))
    if revision is not None:
        values["revision"] = revision
    return cleaned(KutySectionForm(form_data(values)))


@router.post("/{relationship_code}/kuty-sections", response={201: PathOut, **ERRORS}, summary="A KUTY period")
def kuty_section_create(
    request: HttpRequest, relationship_code: uuid.UUID, payload: KutySectionCreateIn
) -> Any:
    """The six items of R-KUTY-1 within R-KUTY-2..4; a refusal (400) names the rule."""
    access = _access(request, relationship_code, Action.CREATE, DataCategory.SOCIAL, "paths.kutysection")
    data = _kuty_data(payload)
    if payload.provider:
        data["provider"] = Organisation.objects.filter(slug=payload.provider).first()
        if data["provider"] is None:
            raise InvalidPathData({"provider": _("Tuntematon palveluntuottaja.")})
    services.kuty_section_create(
        actor=access.actor,
        relationship=access.relationship,
        data=data,
        agreed_service=selectors.kuty_service_get(access, payload.agreed_service)
        if payload.agreed_service
        else None,
        activation_plan=selectors.activation_plan_get(access, payload.activation_plan)
        if payload.activation_plan
        else None,
        continues=selectors.kuty_section_get(access, payload.continues) if payload.continues else None,
        request=request,
    )
    return Status(201, _path(request, relationship_code))


class KutySectionUpdateIn(KutySectionIn):
    revision: int = Field(ge=0, description="The section's revision as read; a stale one is a 409.")


@router.patch(
    "/{relationship_code}/kuty-sections/{section_code}",
    response={200: PathOut, **ERRORS},
    summary="Change a KUTY period",
)
def kuty_section_update(
    request: HttpRequest, relationship_code: uuid.UUID, section_code: uuid.UUID, payload: KutySectionUpdateIn
) -> Any:
    access = _access(request, relationship_code, Action.UPDATE, DataCategory.SOCIAL, "paths.kutysection")
    section = selectors.kuty_section_get(access, section_code)
    data = _kuty_data(payload, payload.revision)
    services.kuty_section_update(
        actor=access.actor, section=section, data=data, expected_revision=payload.revision, request=request
    )
    return _path(request, relationship_code)


class ActivationPlanIn(Schema):
    made_on: date
    basis: str = Field(json_schema_extra={"enum": list(ActivationBasis.values)})
    benefit_days: int | None = Field(None, ge=0)
    goals: str = Field("", max_length=LONG_TEXT)
    next_review_on: date | None = Field(None, description="3–12 months ahead; empty: 3 months")


@router.post(
    "/{relationship_code}/activation-plans", response={201: PathOut, **ERRORS}, summary="An activation plan"
)
def activation_plan_create(
    request: HttpRequest, relationship_code: uuid.UUID, payload: ActivationPlanIn
) -> Any:
    """R-KUTY-5 (who it is for, by the version in force on the day it is made) and R-KUTY-2."""
    access = _access(request, relationship_code, Action.CREATE, DataCategory.SOCIAL, "paths.activationplan")
    form = ActivationPlanForm(_json(payload))
    return _write_created(request, relationship_code, access, form, services.activation_plan_create)


class ActivationPlanConfirmIn(Schema):
    revision: int = Field(ge=0, description="The plan's revision as read; a stale one is a 409.")


@router.post(
    "/{relationship_code}/activation-plans/{plan_code}/confirm",
    response={200: PathOut, **ERRORS},
    summary="Confirm the activation plan for the caller's authority",
)
def activation_plan_confirm(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID, payload: ActivationPlanConfirmIn
) -> Any:
    access = _access(request, relationship_code, Action.UPDATE, DataCategory.PLAN, "paths.activationplan")
    plan = selectors.activation_plan_get(access, plan_code)
    services.activation_plan_confirm(
        actor=access.actor, plan=plan, expected_revision=payload.revision, request=request
    )
    return _path(request, relationship_code)


class PathTeamMemberIn(Schema):
    user: uuid.UUID = Field(description="The professional's code")
    team_role: str = Field(json_schema_extra={"enum": list(TeamRole.values)})


@router.post(
    "/{relationship_code}/team", response={201: PathOut, **ERRORS}, summary="Add a track team member"
)
def team_member_add(request: HttpRequest, relationship_code: uuid.UUID, payload: PathTeamMemberIn) -> Any:
    """Outside TYM: the responsible worker adds the other authority's professional to the track's team
    (KUTY: the employment expert who confirms the activation plan). TYM's team is `/cases/{code}/team`."""
    access = _access(request, relationship_code, Action.CREATE, DataCategory.PLAN, TEAM_OBJECT_TYPE)
    if access.relationship.track == Track.TYM:
        raise InvalidPathData({"track": _("TYM-asiakkuuden tiimi muutetaan asiakkuuden sivulla.")})
    user = User.objects.filter(code=payload.user).values_list("pk", flat=True).first()
    form = TeamMemberForm(form_data({"user": user or "", "team_role": payload.team_role}))
    case_services.team_member_add(
        actor=access.actor, relationship=access.relationship, request=request, **cleaned(form)
    )
    return Status(201, _path(request, relationship_code))


class ActivationAcceptanceIn(Schema):
    revision: int = Field(ge=0, description="The plan's revision as read; a stale one is a 409.")
    accepted_on: date
    how: str = Field(json_schema_extra={"enum": ["in_person", "on_paper"]})


@router.post(
    "/{relationship_code}/activation-plans/{plan_code}/acceptance",
    response={200: PathOut, **ERRORS},
    summary="Record the client's acceptance of the activation plan",
)
def activation_plan_accept(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID, payload: ActivationAcceptanceIn
) -> Any:
    """With both authorities' confirmations the acceptance puts the plan in force; a second one is 409."""
    access = _access(request, relationship_code, Action.UPDATE, DataCategory.PLAN, "paths.activationplan")
    plan = selectors.activation_plan_get(access, plan_code)
    data = cleaned(ActivationAcceptanceForm(_json(payload)))
    services.activation_plan_accept(
        actor=access.actor,
        plan=plan,
        accepted_on=data["accepted_on"],
        how=data["how"],
        expected_revision=payload.revision,
        request=request,
    )
    return _path(request, relationship_code)


class KutyJobseekerCheckIn(Schema):
    checked_on: date
    unemployed_since: date


@router.post(
    "/{relationship_code}/kuty-jobseeker-checks",
    response={201: PathOut, **ERRORS},
    summary="Record that the KUTY client is a registered jobseeker",
)
def kuty_jobseeker_check(
    request: HttpRequest, relationship_code: uuid.UUID, payload: KutyJobseekerCheckIn
) -> Any:
    access = _access(
        request, relationship_code, Action.CREATE, DataCategory.EMPLOYMENT, "paths.kutyjobseekercheck"
    )
    form = KutyJobseekerCheckForm(_json(payload))
    return _write_created(request, relationship_code, access, form, services.kuty_jobseeker_check_record)


class KutyDecisionIn(Schema):
    activation_plan: uuid.UUID | None = Field(None, description="Code of the activation plan in force")
    decided_on: date
    starts_on: date
    ends_on: date


@router.post(
    "/{relationship_code}/kuty-decisions", response={201: PathOut, **ERRORS}, summary="A KUTY decision"
)
def kuty_decision_create(request: HttpRequest, relationship_code: uuid.UUID, payload: KutyDecisionIn) -> Any:
    """Refused (400, naming the rule) without an activation plan in force or a registered jobseeker."""
    access = _access(request, relationship_code, Action.CREATE, DataCategory.SOCIAL, "paths.kutydecision")
    plans = [(str(payload.activation_plan), "")] if payload.activation_plan else []
    data = cleaned(KutyDecisionForm(_json(payload), plans=plans))
    services.kuty_decision_create(
        actor=access.actor,
        relationship=access.relationship,
        activation_plan=selectors.activation_plan_get(access, payload.activation_plan)
        if payload.activation_plan
        else None,
        data=data,
        request=request,
    )
    return Status(201, _path(request, relationship_code))


class KutyEffectsIn(Schema):
    assessed_on: date
    effects: str = Field("", max_length=LONG_TEXT)
    outcome: str = Field(json_schema_extra={"enum": list(EffectsOutcome.values)})
    next_ends_on: date | None = Field(None, description="When continuing: the next period's last day")
    next_effects_assessed_by: date | None = Field(None, description="When continuing: R-KUTY-1 item 6")


@router.post(
    "/{relationship_code}/kuty-sections/{section_code}/effects-assessment",
    response={201: PathOut, **ERRORS},
    summary="Assess a KUTY period's effects: continue with the next period or end",
)
def kuty_effects_assess(
    request: HttpRequest, relationship_code: uuid.UUID, section_code: uuid.UUID, payload: KutyEffectsIn
) -> Any:
    """R-KUTY-1 item 6. Continuing makes the next period (the same items, from the day after) under the
    rules of R-KUTY-2..4 and the decision's period; a refusal saves nothing."""
    access = _access(
        request, relationship_code, Action.CREATE, DataCategory.SOCIAL, "paths.kutyeffectsassessment"
    )
    section = selectors.kuty_section_get(access, section_code)
    data = cleaned(KutyEffectsForm(_json(payload)))
    services.kuty_effects_assess(
        actor=access.actor,
        section=section,
        data=data,
        next_period=services.kuty_next_period(section, data)
        if data.get("outcome") == EffectsOutcome.CONTINUES
        else None,
        request=request,
    )
    return Status(201, _path(request, relationship_code))


# --- the KUTY site (a service provider) ------------------------------------------------------------


class KutyAttendanceOut(Schema):
    day: date
    present: bool
    absence_reason: str


class KutyFeedbackOut(Schema):
    given_on: date
    text: str


class KutySiteAssignmentOut(Schema):
    section: uuid.UUID
    client_name: str
    goal: str
    place: str
    hours_per_day: Decimal
    days_per_week: int
    starts_on: date
    ends_on: date
    support_and_guidance: str
    attendance: list[KutyAttendanceOut]
    feedback: list[KutyFeedbackOut]

    @classmethod
    def of(cls, assignment: site.SiteAssignment) -> KutySiteAssignmentOut:
        section = assignment.section
        return cls(
            section=section.code,
            client_name=assignment.client.full_name,
            goal=section.goal,
            place=section.place,
            hours_per_day=section.hours_per_day,
            days_per_week=section.days_per_week,
            starts_on=section.starts_on,
            ends_on=section.ends_on,
            support_and_guidance=section.support_and_guidance,
            attendance=[
                KutyAttendanceOut(day=row.day, present=row.present, absence_reason=row.absence_reason)
                for row in assignment.attendance
            ],
            feedback=[KutyFeedbackOut(given_on=row.given_on, text=row.text) for row in assignment.feedback],
        )


@router.get(
    "/kuty-site/assignments",
    response={200: list[KutySiteAssignmentOut], **READ_ERRORS},
    summary="The KUTY site's current periods",
)
def site_assignments(request: HttpRequest) -> Any:
    """For a service provider's professional: the KUTY periods their organisation hosts today."""
    return [
        KutySiteAssignmentOut.of(row) for row in site.site_assignments(actor=caller(request), request=request)
    ]


@router.get(
    "/kuty-site/assignments/{section_code}",
    response={200: KutySiteAssignmentOut, **READ_ERRORS},
    summary="One KUTY period as its site sees it",
)
def site_assignment(request: HttpRequest, section_code: uuid.UUID) -> Any:
    return KutySiteAssignmentOut.of(
        site.site_assignment_get(actor=caller(request), section_code=section_code, request=request)
    )


class KutyAttendanceIn(Schema):
    day: date
    present: bool
    absence_reason: str = Field("", max_length=200)


@router.post(
    "/kuty-site/assignments/{section_code}/attendance",
    response={201: KutySiteAssignmentOut, **ERRORS},
    summary="Record a day's attendance at the KUTY site",
)
def site_attendance(request: HttpRequest, section_code: uuid.UUID, payload: KutyAttendanceIn) -> Any:
    actor = caller(request)
    assignment = site.site_assignment_get(
        actor=actor, section_code=section_code, action=Action.CREATE, request=request
    )
    values = payload.model_dump(mode="json")
    values["present"] = "1" if payload.present else "0"
    site.attendance_record(
        actor=actor, assignment=assignment, data=cleaned(KutyAttendanceForm(form_data(values)))
    )
    return Status(
        201, KutySiteAssignmentOut.of(site.site_assignment_get(actor=actor, section_code=section_code))
    )


class KutyFeedbackIn(Schema):
    given_on: date
    text: str = Field("", max_length=LONG_TEXT)


@router.post(
    "/kuty-site/assignments/{section_code}/feedback",
    response={201: KutySiteAssignmentOut, **ERRORS},
    summary="The KUTY site's feedback on the period",
)
def site_feedback(request: HttpRequest, section_code: uuid.UUID, payload: KutyFeedbackIn) -> Any:
    actor = caller(request)
    assignment = site.site_assignment_get(
        actor=actor, section_code=section_code, action=Action.CREATE, request=request
    )
    site.feedback_record(actor=actor, assignment=assignment, data=cleaned(KutyFeedbackForm(_json(payload))))
    return Status(
        201, KutySiteAssignmentOut.of(site.site_assignment_get(actor=actor, section_code=section_code))
    )


class IntegrationAssessmentIn(Schema):
    assessed_on: date
    first_residence_permit_on: date
    skills: str = Field("", max_length=LONG_TEXT, description="Skills, education and employment prospects")
    language_skills: str = Field("", max_length=LONG_TEXT)
    service_needs: str = Field("", max_length=LONG_TEXT)


@router.post(
    "/{relationship_code}/integration/assessment",
    response={201: PathOut, **ERRORS},
    summary="The skills and integration service-need assessment",
)
def integration_assessment(
    request: HttpRequest, relationship_code: uuid.UUID, payload: IntegrationAssessmentIn
) -> Any:
    access = _access(
        request, relationship_code, Action.CREATE, DataCategory.EMPLOYMENT, "paths.integrationassessment"
    )
    form = IntegrationAssessmentForm(_json(payload))
    return _write_created(request, relationship_code, access, form, services.integration_assessment_record)


class IntegrationAssessmentUpdateIn(IntegrationAssessmentIn):
    revision: int = Field(ge=0, description="The assessment's revision as read; a stale one is a 409.")


@router.patch(
    "/{relationship_code}/integration/assessment",
    response={200: PathOut, **ERRORS},
    summary="Change the skills and integration service-need assessment",
)
def integration_assessment_update(
    request: HttpRequest, relationship_code: uuid.UUID, payload: IntegrationAssessmentUpdateIn
) -> Any:
    access = _access(
        request, relationship_code, Action.UPDATE, DataCategory.EMPLOYMENT, "paths.integrationassessment"
    )
    assessment = selectors.integration_assessment_get(access)
    data = cleaned(IntegrationAssessmentForm(_json(payload)))
    services.integration_assessment_update(
        actor=access.actor,
        assessment=assessment,
        data=data,
        expected_revision=payload.revision,
        request=request,
    )
    return _path(request, relationship_code)


class IntegrationPlanIn(Schema):
    starts_on: date | None = None
    ends_on: date | None = None
    goals: str = Field("", max_length=LONG_TEXT)
    services: str = Field("", max_length=LONG_TEXT)
    extension_reason: str = Field(
        "", description="Needed for plans beyond 2 years from the first (R-KOTO-1)", max_length=LONG_TEXT
    )


@router.post(
    "/{relationship_code}/integration/plans", response={201: PathOut, **ERRORS}, summary="An integration plan"
)
def integration_plan_create(
    request: HttpRequest, relationship_code: uuid.UUID, payload: IntegrationPlanIn
) -> Any:
    """R-KOTO-1 (first ≤ 1 year, all ≤ 2 years, ≤ 3 with a reason) and R-KOTO-3; refusals are 400."""
    access = _access(
        request, relationship_code, Action.CREATE, DataCategory.EMPLOYMENT, "paths.integrationplan"
    )
    form = IntegrationPlanForm(_json(payload))
    return _write_created(request, relationship_code, access, form, services.integration_plan_create)


class CountyPartIn(Schema):
    goals: str = Field("", max_length=LONG_TEXT)
    services: str = Field("", max_length=LONG_TEXT, description="The county's social and health services")
    professional: uuid.UUID | None = Field(
        None, description="Code of the county professional on the team who drew it up; empty: the caller"
    )


class CountyPartCreateIn(CountyPartIn):
    category: Literal["social", "health"] = Field(
        "social", description="Health only where the part concerns health services"
    )


class CountyPartUpdateIn(CountyPartIn):
    revision: int = Field(ge=0, description="The part's revision as read; a stale one is a 409.")


def _county_part_data(payload: CountyPartIn, relationship: Any, extra: dict[str, Any]) -> dict[str, Any]:
    values = {**payload.model_dump(mode="json"), **extra}
    if payload.professional:
        values["professional"] = (
            User.objects.filter(code=payload.professional).values_list("pk", flat=True).first() or "0"
        )
    return cleaned(IntegrationCountyPartForm(form_data(values), relationship=relationship))


@router.post(
    "/{relationship_code}/integration/plans/{plan_code}/county-part",
    response={201: PathOut, **ERRORS},
    summary="The wellbeing services county's part of an integration plan",
)
def integration_county_part_create(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID, payload: CountyPartCreateIn
) -> Any:
    """Written by a county professional under the social category (or health where `category` says so)."""
    access = _access(
        request,
        relationship_code,
        Action.CREATE,
        DataCategory(payload.category),
        services.COUNTY_PART_OBJECT_TYPE,
    )
    plan = selectors.integration_plan_get(access, plan_code)
    data = _county_part_data(payload, access.relationship, {"category": payload.category})
    services.integration_county_part_create(actor=access.actor, plan=plan, data=data, request=request)
    return Status(201, _path(request, relationship_code))


@router.patch(
    "/{relationship_code}/integration/plans/{plan_code}/county-part",
    response={200: PathOut, **ERRORS},
    summary="Change the county's part (its confirmation is then asked again)",
)
def integration_county_part_update(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID, payload: CountyPartUpdateIn
) -> Any:
    category = (
        IntegrationCountyPart.objects.filter(plan__code=plan_code, plan__relationship__code=relationship_code)
        .values_list("category", flat=True)
        .first()
    )
    access = _access(
        request,
        relationship_code,
        Action.UPDATE,
        DataCategory(category or CountyCategory.SOCIAL),
        services.COUNTY_PART_OBJECT_TYPE,
    )
    plan = selectors.integration_plan_get(access, plan_code)
    part = selectors.county_part_get(plan)
    if part is None:
        raise Http404
    data = _county_part_data(payload, access.relationship, {"category": part.category})
    services.integration_county_part_update(
        actor=access.actor, part=part, data=data, expected_revision=payload.revision, request=request
    )
    return _path(request, relationship_code)


class IntegrationConfirmIn(Schema):
    revision: int = Field(
        ge=0,
        description="The employment authority sends the plan's revision, the county its part's; stale: 409.",
    )


@router.post(
    "/{relationship_code}/integration/plans/{plan_code}/confirm",
    response={200: PathOut, **ERRORS},
    summary="Confirm the integration plan (or the county's part) for the caller's organisation",
)
def integration_plan_confirm(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID, payload: IntegrationConfirmIn
) -> Any:
    access = _access(request, relationship_code, Action.UPDATE, DataCategory.PLAN, "paths.integrationplan")
    plan = selectors.integration_plan_get(access, plan_code)
    services.integration_plan_confirm(
        actor=access.actor, plan=plan, expected_revision=payload.revision, request=request
    )
    return _path(request, relationship_code)


class RoutingIn(Schema):
    routed_on: date | None = None
    to_unit: str = Field(description="Slug of the unit", max_length=SHORT_TEXT)
    to_track: str = Field(
        json_schema_extra={
            "enum": [value for value in Track.values if value not in (Track.TYM, Track.INTEGRATION)]
        },
        description="The target track: the routing opens it in the unit (refused if it is open already)",
    )
    needs: str = Field("", max_length=LONG_TEXT)


@router.post(
    "/{relationship_code}/integration/routing",
    response={201: PathOut, **ERRORS},
    summary="Route the case after the integration period",
)
def integration_routing(request: HttpRequest, relationship_code: uuid.UUID, payload: RoutingIn) -> Any:
    access = _access(request, relationship_code, Action.CREATE, DataCategory.PLAN, "paths.integrationrouting")
    values = payload.model_dump(mode="json")
    values["to_unit"] = Unit.objects.filter(slug=payload.to_unit).values_list("pk", flat=True).first() or "0"
    form = IntegrationRoutingForm(form_data(values))
    return _write_created(request, relationship_code, access, form, services.integration_routing_record)


class RegistrationIn(Schema):
    registered_on: date
    interview_held_on: date | None = None


@router.post(
    "/{relationship_code}/jobseeker-registration",
    response={200: PathOut, **ERRORS},
    summary="Record the start of job search and the initial interview",
)
def jobseeker_registration(
    request: HttpRequest, relationship_code: uuid.UUID, payload: RegistrationIn
) -> Any:
    """R-EMP-2 counts the initial interview's deadline from the registration day."""
    access = _access(
        request, relationship_code, Action.UPDATE, DataCategory.EMPLOYMENT, "paths.jobseekerregistration"
    )
    data = cleaned(JobseekerRegistrationForm(_json(payload)))
    services.jobseeker_registration_record(
        actor=access.actor,
        relationship=access.relationship,
        registered_on=data["registered_on"],
        interview_held_on=data.get("interview_held_on"),
        request=request,
    )
    return _path(request, relationship_code)


class ServicePlanIn(Schema):
    made_on: date | None = None
    goals: str = Field("", max_length=LONG_TEXT)
    days_per_week: int | None = None
    next_review_on: date | None = None
    responsible_professional: uuid.UUID | None = Field(None, description="Code of a team member")
    unemployed_since: date | None = None
    multi_sectoral_need: bool = False


@router.post("/{relationship_code}/plans", response={201: PathOut, **ERRORS}, summary="A plan of the track")
def service_plan_create(request: HttpRequest, relationship_code: uuid.UUID, payload: ServicePlanIn) -> Any:
    """Employment plan (R-EMP-1), social rehabilitation (R-SOC-1, R-SOC-2), disability activity (R-DIS-1)
    or youth guidance (R-YOUTH-1), by the relationship's track."""
    access = _access(request, relationship_code, Action.CREATE, None, "paths.serviceplan")
    relationship = access.relationship
    values = payload.model_dump(mode="json")
    if payload.responsible_professional:
        values["responsible_professional"] = (
            User.objects.filter(code=payload.responsible_professional).values_list("pk", flat=True).first()
            or "0"
        )
    kind = PLAN_KIND_OF_TRACK.get(relationship.track, "")  # type: ignore[call-overload]
    form = ServicePlanForm(form_data(values), relationship=relationship, kind=kind)
    return _write_created(request, relationship_code, access, form, services.service_plan_create)


class CloseIn(Schema):
    reason: str = Field(
        max_length=40, description="One of the track's own closure reasons (SPEC §2 'ends when')"
    )
    reason_details: str = Field("", max_length=NOTE_TEXT, description="Required for the reason 'other'")
    outcome: str = Field(max_length=30, description="The client's situation at closure (OutcomeStatus)")
    closed_on: date | None = Field(None, description="Not before the start, not after today")
    summary: str = Field("", max_length=LONG_TEXT)
    handover_track: str = Field(
        "", max_length=40, description="The track the client goes on to (warm handover)"
    )
    handover_unit: str = Field("", max_length=100, description="Slug of the unit the client goes on to")
    open_handover: bool = Field(False, description="Open the next track at the caller's unit")


@router.post(
    "/{relationship_code}/close",
    response={200: PathOut, **ERRORS},
    summary="Close a track beside TYM",
)
def track_close(request: HttpRequest, relationship_code: uuid.UUID, payload: CloseIn) -> Any:
    """The closing step of a track beside TYM (cases.closing): a reason of the track's own list, the
    outcome, the date, a summary and the warm handover; by a professional of the responsible organisation
    on the track's team (403 otherwise). A closed track, or a second closing, answers 409; TYM closes
    through its own closing phase (400)."""
    # Read as the page is; the service authorises the write itself (a closed track answers 409).
    access = _access(request, relationship_code, Action.VIEW, DataCategory.PLAN, closing.CLOSURE_OBJECT_TYPE)
    relationship = access.relationship
    values = payload.model_dump(mode="json")
    values["handover_unit"] = (
        (Unit.objects.filter(slug=payload.handover_unit).values_list("pk", flat=True).first() or "0")
        if payload.handover_unit
        else ""
    )
    data = cleaned(TrackCloseForm(form_data(values)))
    closing.track_close(
        actor=access.actor,
        relationship=relationship,
        reason=data.get("reason") or "",
        reason_details=data.get("reason_details") or "",
        outcome=data.get("outcome") or "",
        closed_on=data.get("closed_on"),
        summary=data.get("summary") or "",
        handover_track=data.get("handover_track") or "",
        handover_unit=data.get("handover_unit"),
        open_handover=bool(data.get("open_handover")),
        request=request,
    )
    return _path(request, relationship_code)
