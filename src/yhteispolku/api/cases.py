"""The TYM case over the API: the case view, the referral and its decision, the team, the phase,
the Kela registration, the pre-information form and the closure.

Addresses key on the client's code, like the case pages. Each operation reads the case with the same
selector as the case page and calls the same service as the page's form, so the access policy and the
audit entries are those of the pages; domain errors answer with their own code and status (400/409).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller, cleaned, form_data
from yhteispolku.api.schemas import OrganisationOut
from yhteispolku.cases import selectors, services
from yhteispolku.cases.errors import PhaseChanged
from yhteispolku.cases.extensions import PlanStanding
from yhteispolku.cases.forms import (
    ClosureForm,
    ContinuingServiceForm,
    KelaRegistrationForm,
    PreInformationForm,
    ReferralDecisionForm,
    ReferralForm,
    TeamMemberForm,
)
from yhteispolku.cases.models import ClientRelationship, Phase, Referral, TeamMember, TeamRole, Track
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.organisations.selectors import kela_contacts

router = Router(tags=["cases"])

ERRORS = error_responses(400, 403, 404, 409)


def _relationship(view: selectors.CaseView) -> ClientRelationship:
    if view.relationship is None:
        raise Http404
    return view.relationship


# --- the case view ---------------------------------------------------------------------------------


class TeamMemberOut(Schema):
    user: uuid.UUID
    name: str
    team_role: str
    role: str
    organisation: str
    joined_on: date


class KelaContactOut(Schema):
    user: uuid.UUID
    name: str
    role: str
    role_label: str
    email: str


class TransitionOut(Schema):
    from_phase: str
    to_phase: str
    at: datetime
    actor: str
    note: str


class ReferralOut(Schema):
    code: uuid.UUID
    status: str
    from_organisation: OrganisationOut
    referred_by: str
    work_capacity_limitations: bool
    life_management_problems: bool
    needs_multisectoral_support: bool
    public_services_suffice: bool
    need_not_long_or_intensive: bool
    description: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decline_reason: str
    suggested_alternative: str

    @classmethod
    def of(cls, referral: Referral) -> ReferralOut:
        return cls(
            code=referral.code,
            status=referral.status,
            from_organisation=OrganisationOut.of(referral.from_organisation),
            referred_by=str(referral.referred_by),
            work_capacity_limitations=referral.work_capacity_limitations,
            life_management_problems=referral.life_management_problems,
            needs_multisectoral_support=referral.needs_multisectoral_support,
            public_services_suffice=referral.public_services_suffice,
            need_not_long_or_intensive=referral.need_not_long_or_intensive,
            description=referral.description,
            created_at=referral.created_at,
            decided_by=str(referral.decided_by) if referral.decided_by else None,
            decided_at=referral.decided_at,
            decline_reason=referral.decline_reason,
            suggested_alternative=referral.suggested_alternative,
        )


class TimingOut(Schema):
    age_days: int = Field(description="Days since the relationship started (R-TYM-2)")
    goal_on: date = Field(description="R-TYM-2: the 2-year goal, on a working day")
    goal_rule: str = Field(description='The rule version behind goal_on, e.g. "R-TYM-2 v2025.1"')
    goal_near: bool
    goal_passed: bool
    mapping_target_on: date | None
    mapping_target_rule: str = Field(description="The rule version behind the mapping target")
    mapping_target_passed: bool


class PendingConfirmationOut(Schema):
    organisation: str = Field(description="Slug of the authority yet to confirm its commitments")
    confirmers: list[str] = Field(description="Who of that authority on the team can confirm")


class PlanStatusOut(Schema):
    in_force: int | None = Field(description="Number of the version in force")
    in_force_from: datetime | None
    next_review_on: date | None = Field(description="Next review of the plan in force (R-TYM-2)")
    draft: int | None = Field(description="Number of the draft awaiting confirmations and acceptance")
    pending_confirmations: list[PendingConfirmationOut]
    draft_accepted: bool = Field(description="Whether the client has accepted the draft")

    @classmethod
    def of(cls, status: PlanStanding) -> PlanStatusOut:
        in_force = status.in_force
        return cls(
            in_force=in_force.number if in_force else None,
            in_force_from=in_force.in_force_from if in_force else None,
            next_review_on=in_force.next_review_on if in_force else None,
            draft=status.draft.number if status.draft else None,
            pending_confirmations=[
                PendingConfirmationOut(
                    organisation=p.organisation.slug, confirmers=[str(user) for user in p.confirmers]
                )
                for p in status.pending
            ],
            draft_accepted=status.draft_accepted,
        )


class CaseOut(Schema):
    client: uuid.UUID
    relationship: uuid.UUID | None
    track: str | None
    phase: str | None
    started_on: date | None
    ended_on: date | None
    kela_registered_on: date | None
    timing: TimingOut | None
    team: list[TeamMemberOut]
    kela_contacts: list[KelaContactOut] = Field(
        default_factory=list, description="The Kela professionals named for the responsible TYM team"
    )
    referral: ReferralOut | None
    transitions: list[TransitionOut]
    waiting: list[str] = Field(description="What the case waits for, in words")
    allowed_phases: list[str] = Field(description="The phases POST …/phase may move to now")
    closure_missing: list[str]
    plan: PlanStatusOut | None = Field(description="The plan in force, or what the draft still awaits")
    can_write_plan: bool
    can_create_referral: bool
    can_decide_referral: bool


def _case(view: selectors.CaseView) -> CaseOut:
    relationship = view.relationship
    timing = view.timing
    return CaseOut(
        client=view.client.code,
        relationship=relationship.code if relationship else None,
        track=relationship.track if relationship else None,
        phase=relationship.phase if relationship else None,
        started_on=relationship.started_on if relationship else None,
        ended_on=relationship.ended_on if relationship else None,
        kela_registered_on=relationship.kela_registered_on if relationship else None,
        timing=TimingOut(
            age_days=timing.age_days,
            goal_on=timing.goal_on,
            goal_rule=timing.goal_rule,
            goal_near=timing.goal_near,
            goal_passed=timing.goal_passed,
            mapping_target_on=timing.mapping_target_on,
            mapping_target_rule=timing.mapping_target_rule if timing.mapping_target_on else "",
            mapping_target_passed=timing.mapping_target_passed,
        )
        if timing
        else None,
        team=[
            TeamMemberOut(
                user=member.user.code,
                name=str(member.user),
                team_role=member.team_role,
                role=member.user.role.name if member.user.role else "",
                organisation=member.user.organisation.name if member.user.organisation else "",
                joined_on=member.joined_on,
            )
            for member in view.team
        ],
        kela_contacts=[
            KelaContactOut(
                user=contact.user.code,
                name=str(contact.user),
                role=contact.role,
                role_label=str(contact.get_role_display()),
                email=contact.user.email,
            )
            for contact in (
                kela_contacts(relationship.responsible_unit_id, timezone.localdate())
                if relationship is not None and view.can_view_plan
                else []
            )
        ],
        referral=ReferralOut.of(view.referral) if view.referral else None,
        transitions=[
            TransitionOut(
                from_phase=t.from_phase, to_phase=t.to_phase, at=t.at, actor=str(t.actor), note=t.note
            )
            for t in view.transitions
        ],
        waiting=view.waiting,
        allowed_phases=[target for target, _label in view.targets],
        closure_missing=view.closure_missing,
        plan=PlanStatusOut.of(view.plan) if view.plan else None,
        can_write_plan=view.can_write_plan,
        can_create_referral=view.can_create_referral,
        can_decide_referral=view.can_decide_referral,
    )


def _answer(request: HttpRequest, code: uuid.UUID) -> CaseOut:
    return _case(selectors.case_get(actor=caller(request), code=code, request=request))


class PendingReferralOut(Schema):
    client: uuid.UUID
    client_name: str
    referral: uuid.UUID
    created_at: datetime
    from_organisation: OrganisationOut
    unit: str = Field(description="Name of the receiving TYM team")


@router.get(
    "/referrals",
    response={200: list[PendingReferralOut], **error_responses()},
    summary="Referrals awaiting the caller's unit",
)
def referral_list(request: HttpRequest) -> Any:
    """The referrals the caller's TYM unit (a coordinator or manager: also its sub-units) has to decide,
    oldest first; each listed client is logged as read. Empty for a role that takes in no referrals."""
    return [
        PendingReferralOut(
            client=referral.relationship.client.code,
            client_name=referral.relationship.client.full_name,
            referral=referral.code,
            created_at=referral.created_at,
            from_organisation=OrganisationOut.of(referral.from_organisation),
            unit=referral.relationship.responsible_unit.name,
        )
        for referral in selectors.pending_referrals(actor=caller(request), request=request)
    ]


@router.get(
    "/{code}", response={200: CaseOut, **error_responses(400, 403, 404)}, summary="A client's TYM case"
)
def case_detail(request: HttpRequest, code: uuid.UUID) -> Any:
    """The client's TYM case as the caller may see it: the team sees the whole case (phase, age, team,
    waiting list), the receiving TYM team the referral only."""
    return _answer(request, code)


# --- referral --------------------------------------------------------------------------------------


class ReferralIn(Schema):
    unit: str = Field(description="Slug of the receiving TYM team", max_length=SHORT_TEXT)
    work_capacity_limitations: bool = False
    life_management_problems: bool = False
    needs_multisectoral_support: bool = False
    public_services_suffice: bool = False
    need_not_long_or_intensive: bool = False
    description: str = Field("", max_length=LONG_TEXT)


class ReferralAcceptIn(Schema):
    note: str = Field("", max_length=NOTE_TEXT)
    worker_pair_employment: uuid.UUID | None = Field(
        None,
        description="R-TYM-3: the employment professional of the worker pair, named at once (their code)",
    )
    worker_pair_social: uuid.UUID | None = Field(
        None, description="R-TYM-3: the social-services professional of the worker pair (their code)"
    )
    join: bool | None = Field(
        None,
        description="Whether the caller joins the case team; by default a professional does, a TYM "
        "coordinator or unit manager does not (SPEC §1: intake and team assignment)",
    )


class ReferralDeclineIn(Schema):
    reason: str = Field(max_length=NOTE_TEXT)
    suggested_alternative: str = Field(
        json_schema_extra={"enum": [value for value in Track.values if value != Track.TYM]}
    )


@router.post("/{code}/referral", response={201: CaseOut, **ERRORS}, summary="Refer to TYM joint service")
def referral_create(request: HttpRequest, code: uuid.UUID, payload: ReferralIn) -> Any:
    """R-TYM-1: the criteria unmet are a 400 `referral_criteria_not_met`; a case under way a 409."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    data = payload.model_dump()
    unit = Unit.objects.filter(slug=data.pop("unit")).values_list("pk", flat=True).first()
    form = ReferralForm(form_data({"unit": unit or "", **data}))
    services.referral_create(
        actor=actor, client=view.client, facts=view.facts, request=request, **cleaned(form)
    )
    return Status(201, _answer(request, code))


def _referral(view: selectors.CaseView) -> Referral:
    if view.referral is None:
        raise Http404
    return view.referral


@router.post("/{code}/referral/accept", response={200: CaseOut, **ERRORS}, summary="Accept the referral")
def referral_accept(request: HttpRequest, code: uuid.UUID, payload: ReferralAcceptIn) -> Any:
    """The receiving TYM team accepts: mapping starts, the worker pair named here takes its places, the
    caller joins the team when `join` says so (their sector's free worker-pair place) and the referring
    professional stays on it as a member. Needs the client's
    consent to TYM joint work (409 `consent_missing`); a decided referral is a 409."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    # An unknown code is an invalid choice on the form (400 naming the field), not a place left empty.
    pair = {
        field: User.objects.filter(code=user_code).values_list("pk", flat=True).first() or -1
        if user_code
        else None
        for field, user_code in (
            ("worker_pair_employment", payload.worker_pair_employment),
            ("worker_pair_social", payload.worker_pair_social),
        )
    }
    form = ReferralDecisionForm(
        form_data({"decision": ReferralDecisionForm.ACCEPT, "note": payload.note, **pair})
    )
    cleaned(form)
    services.referral_accept(
        actor=actor,
        referral=_referral(view),
        note=payload.note,
        worker_pair=form.worker_pair,
        join=payload.join,
        request=request,
    )
    return _answer(request, code)


@router.post(
    "/{code}/referral/decline", response={200: ReferralOut, **ERRORS}, summary="Decline the referral"
)
def referral_decline(request: HttpRequest, code: uuid.UUID, payload: ReferralDeclineIn) -> Any:
    """A reason and the path that suits the client better (R-TYM-1). The answer is the decision itself:
    with the referral declined, the receiving unit no longer works with the client, so the case is no
    longer the unit's to read (SPEC §5.1)."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    referral = _referral(view)
    services.referral_decline(
        actor=actor,
        referral=referral,
        reason=payload.reason,
        suggested_alternative=payload.suggested_alternative,
        request=request,
    )
    return ReferralOut.of(referral)


# --- team, phase, Kela, pre-information -----------------------------------------------------------


class TeamMemberIn(Schema):
    user: uuid.UUID = Field(description="The professional's code")
    team_role: str = Field(json_schema_extra={"enum": list(TeamRole.values)})


@router.post("/{code}/team", response={201: CaseOut, **ERRORS}, summary="Add a team member")
def team_member_add(request: HttpRequest, code: uuid.UUID, payload: TeamMemberIn) -> Any:
    """R-TYM-3: each worker-pair place is held by one person at a time (409 when taken)."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    relationship = _relationship(view)
    user = User.objects.filter(code=payload.user).values_list("pk", flat=True).first()
    form = TeamMemberForm(form_data({"user": user or "", "team_role": payload.team_role}))
    services.team_member_add(actor=actor, relationship=relationship, request=request, **cleaned(form))
    return Status(201, _answer(request, code))


@router.post(
    "/{code}/team/{user}/leave", response={200: CaseOut, **ERRORS}, summary="A team member leaves the team"
)
def team_member_leave(request: HttpRequest, code: uuid.UUID, user: uuid.UUID) -> Any:
    """The professional (by their code) leaves the case team today; their access ends with it (SPEC
    §5.1). Someone not on the team now is a 404."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    member = (
        TeamMember.objects.filter(relationship=_relationship(view), user__code=user, left_on__isnull=True)
        .select_related("relationship__client", "user")
        .first()
    )
    if member is None:
        raise Http404
    services.team_member_leave(actor=actor, member=member, request=request)
    return _answer(request, code)


class PhaseIn(Schema):
    to_phase: str = Field(json_schema_extra={"enum": list(Phase.values)})
    seen_phase: str | None = Field(
        None,
        description="The phase the caller saw; when it has changed meanwhile, 409 `phase_changed`.",
        max_length=SHORT_TEXT,
    )
    note: str = Field("", max_length=NOTE_TEXT)


@router.post("/{code}/phase", response={200: CaseOut, **ERRORS}, summary="Change the phase")
def phase_change(request: HttpRequest, code: uuid.UUID, payload: PhaseIn) -> Any:
    """A jump the state machine does not declare, or one whose conditions are unmet, is a 409."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    relationship = _relationship(view)
    if payload.seen_phase is not None and payload.seen_phase != relationship.phase:
        raise PhaseChanged()
    services.phase_transition(
        actor=actor, relationship=relationship, to_phase=payload.to_phase, note=payload.note, request=request
    )
    return _answer(request, code)


class KelaRegistrationIn(Schema):
    registered_on: date


@router.post(
    "/{code}/kela-registration", response={200: CaseOut, **ERRORS}, summary="Record the Kela registration"
)
def kela_registration(request: HttpRequest, code: uuid.UUID, payload: KelaRegistrationIn) -> Any:
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    form = KelaRegistrationForm({"registered_on": payload.registered_on.isoformat()})
    services.kela_registration_record(
        actor=actor, relationship=_relationship(view), request=request, **cleaned(form)
    )
    return _answer(request, code)


class PreInformationIn(Schema):
    filled_on: date
    situation: str = Field("", max_length=LONG_TEXT)
    education: str = Field("", max_length=NOTE_TEXT)
    work_history: str = Field("", max_length=NOTE_TEXT)
    health: str = Field("", max_length=NOTE_TEXT)
    wishes: str = Field("", max_length=NOTE_TEXT)


@router.post(
    "/{code}/pre-information", response={201: CaseOut, **ERRORS}, summary="Record the pre-information form"
)
def pre_information(request: HttpRequest, code: uuid.UUID, payload: PreInformationIn) -> Any:
    """The form the client filled in on paper, in the client's own words."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    form = PreInformationForm(form_data(payload.model_dump(mode="json")))
    services.pre_information_record(
        actor=actor,
        client=view.client,
        relationship=view.relationship,
        facts=view.facts,
        request=request,
        **cleaned(form),
    )
    return Status(201, _answer(request, code))


# --- closure ---------------------------------------------------------------------------------------


class ClosureIn(Schema):
    reason: str = Field(max_length=SHORT_TEXT)
    reason_details: str = Field("", max_length=NOTE_TEXT)
    final_assessment: str = Field("", max_length=LONG_TEXT)
    feedback_score: int | None = None
    feedback_text: str = Field("", max_length=NOTE_TEXT)


class ContinuingServiceIn(Schema):
    service: str = Field(max_length=200)
    owner_organisation: str = Field(description="Slug of the organisation responsible", max_length=SHORT_TEXT)
    contact: str = Field("", max_length=200)
    notes: str = Field("", max_length=NOTE_TEXT)


@router.post("/{code}/closure", response={200: CaseOut, **ERRORS}, summary="Record the closure")
def closure_record(request: HttpRequest, code: uuid.UUID, payload: ClosureIn) -> Any:
    """The reason, the written final assessment and the client's feedback (SPEC §3 step 8)."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    form = ClosureForm(form_data(payload.model_dump()))
    services.closure_record(actor=actor, relationship=_relationship(view), request=request, **cleaned(form))
    return _answer(request, code)


@router.post(
    "/{code}/closure/confirm", response={200: CaseOut, **ERRORS}, summary="Confirm the joint assessment"
)
def closure_confirm(request: HttpRequest, code: uuid.UUID) -> Any:
    """The caller's authority confirms the joint final assessment; the closure must be recorded (409)."""
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    services.closure_confirm(actor=actor, relationship=_relationship(view), request=request)
    return _answer(request, code)


@router.post(
    "/{code}/closure/services", response={201: CaseOut, **ERRORS}, summary="Record a continuing service"
)
def continuing_service_add(request: HttpRequest, code: uuid.UUID, payload: ContinuingServiceIn) -> Any:
    actor = caller(request)
    view = selectors.case_get(actor=actor, code=code, request=request)
    data = payload.model_dump()
    owner = (
        Organisation.objects.filter(slug=data.pop("owner_organisation")).values_list("pk", flat=True).first()
    )
    form = ContinuingServiceForm(form_data({"owner_organisation": owner or "", **data}))
    services.continuing_service_add(
        actor=actor, relationship=_relationship(view), request=request, **cleaned(form)
    )
    return Status(201, _answer(request, code))
