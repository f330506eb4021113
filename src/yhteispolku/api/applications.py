"""Applications over the API: the client's applications with the dates the rules compute (R-KELA-4
expected decision, R-APPEAL-1 appeal deadline, R-KELA-3 work-trial placement), the R-KELA-1 and
R-KELA-2 advice, requests for additional information and decisions.

Addresses key on the client's code and call the same selectors and services as the pages. A stale edit
or a second decision answers 409; a decision before the submission or an answer before the request 400.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.api.schemas import ShortText
from yhteispolku.applications import advice, selectors, services
from yhteispolku.applications.errors import ContinuationInvalid, HelperNotOnTeam, InterviewInvalid
from yhteispolku.applications.models import Application, Benefit, Decision, InformationRequest, KelaInterview
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.text import NOTE_TEXT

router = Router(tags=["applications"])

READ_ERRORS = error_responses(400, 403, 404)
WRITE_ERRORS = error_responses(400, 403, 404, 409)


def _helper(code: uuid.UUID | None) -> User | None:
    if code is None:
        return None
    helper = User.objects.filter(code=code).first()
    if helper is None:
        raise HelperNotOnTeam()
    return helper


class DueOut(Schema):
    on: date
    rule: str = Field(description="The rule and version behind the date, e.g. R-KELA-4 v2025.1")


class InformationRequestOut(Schema):
    code: uuid.UUID
    requested_on: date
    due_on: date
    description: str
    answered_on: date | None

    @classmethod
    def of(cls, item: InformationRequest) -> InformationRequestOut:
        return cls(
            code=item.code,
            requested_on=item.requested_on,
            due_on=item.due_on,
            description=item.description,
            answered_on=item.answered_on,
        )


class CoachMeetingOut(Schema):
    code: uuid.UUID
    met_on: date
    note: str


class CoachMeetingsOut(Schema):
    used: int
    limit: int
    remaining: int
    rule: str
    meetings: list[CoachMeetingOut]

    @classmethod
    def of(cls, shown: selectors.ShownApplication) -> CoachMeetingsOut | None:
        count = shown.coach_count
        if count is None:
            return None
        return cls(
            used=count.used,
            limit=count.limit,
            remaining=count.remaining,
            rule=count.reference,
            meetings=[
                CoachMeetingOut(code=item.code, met_on=item.met_on, note=item.note)
                for item in shown.coach_meetings or []
            ],
        )


class ApplicationOut(Schema):
    code: uuid.UUID
    benefit: str
    category: str
    details: str
    helped_by: uuid.UUID | None
    submitted_on: date
    decision: str
    decided_on: date | None
    decision_received_on: date | None
    placement_found_on: date | None
    continues: uuid.UUID | None = Field(description="The earlier decided application this one continues")
    expected_decision: DueOut | None
    appeal_deadline: DueOut | None
    placement_due: DueOut | None
    information_requests: list[InformationRequestOut]
    coach_meetings: CoachMeetingsOut | None = Field(
        None, description="A granted Kela work trial's coach meetings against R-KELA-3 (the detail only)"
    )
    revision: int = Field(description="Send back when editing or deciding: a stale one is refused with 409.")

    @classmethod
    def of(cls, shown: selectors.ShownApplication) -> ApplicationOut:
        application = shown.application
        return cls(
            code=application.code,
            benefit=application.benefit,
            category=application.category,
            details=application.details,
            helped_by=application.helped_by.code if application.helped_by else None,
            submitted_on=application.submitted_on,
            decision=application.decision,
            decided_on=application.decided_on,
            decision_received_on=application.decision_received_on,
            placement_found_on=application.placement_found_on,
            continues=application.continues.code if application.continues else None,
            expected_decision=DueOut(on=shown.expected_decision.on, rule=shown.expected_decision.reference)
            if shown.expected_decision
            else None,
            appeal_deadline=DueOut(on=shown.appeal.due.on, rule=shown.appeal.due.reference)
            if shown.appeal
            else None,
            placement_due=DueOut(on=shown.placement.on, rule=shown.placement.reference)
            if shown.placement
            else None,
            information_requests=[InformationRequestOut.of(item) for item in shown.requests],
            coach_meetings=CoachMeetingsOut.of(shown),
            revision=application.revision,
        )


class FactOut(Schema):
    name: str
    value: str


class AdviceOut(Schema):
    rule: str
    recommended: bool
    headline: str
    notes: list[str]
    facts: list[FactOut]

    @classmethod
    def of(cls, item: advice.Advice) -> AdviceOut:
        return cls(
            rule=item.reference,
            recommended=item.recommended,
            headline=item.headline,
            notes=item.notes,
            facts=[FactOut(name=fact.name, value=fact.value) for fact in item.facts],
        )


class ApplicationsOut(Schema):
    client: uuid.UUID
    applications: list[ApplicationOut]
    advice: list[AdviceOut] = Field(
        description="R-KELA-1 and R-KELA-2: advice only; the professional decides"
    )


def _application(
    request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID, action: Action
) -> tuple[User, selectors.ShownApplication]:
    """The actor and the client's application, authorised for `action`."""
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    return actor, selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=action, request=request
    )


def _reload(request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID) -> ApplicationOut:
    _who, shown = _application(request, code, application_code, Action.VIEW)
    return ApplicationOut.of(shown)


@router.get("/{code}", response={200: ApplicationsOut, **READ_ERRORS}, summary="The client's applications")
def application_list(request: HttpRequest, code: uuid.UUID) -> Any:
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown, visible = selectors.applications_for(actor=actor, context=context, request=request)
    view = selectors.advice_for(
        actor=actor,
        context=context,
        applications=shown,
        kela_visible=DataCategory.KELA in visible,
        request=request,
    )
    return ApplicationsOut(
        client=context.client.code,
        applications=[ApplicationOut.of(item) for item in shown],
        advice=[AdviceOut.of(item) for item in (view.cooperation, view.vocational) if item is not None],
    )


class ApplicationIn(Schema):
    benefit: str = Field(json_schema_extra={"enum": list(Benefit.values)})
    submitted_on: date
    details: str = Field("", description="Required for the `other_…` benefits", max_length=300)
    helped_by: uuid.UUID | None = Field(None, description="Code of a professional of the client's team")
    continues: uuid.UUID | None = Field(
        None,
        description="Code of the client's earlier decided application of the same benefit this continues",
    )


def _continued(client_id: int, code: uuid.UUID | None) -> Application | None:
    """The earlier application named (the service checks it); an unknown code is the field's error."""
    if code is None:
        return None
    found = Application.objects.filter(client_id=client_id, code=code).first()
    if found is None:
        raise ContinuationInvalid({"continues": ContinuationInvalid.default_message})
    return found


@router.post("/{code}", response={201: ApplicationOut, **WRITE_ERRORS}, summary="Record an application")
def application_record(request: HttpRequest, code: uuid.UUID, payload: ApplicationIn) -> Any:
    """A Kela application is Kela data: recorded by Kela's professionals (403 for others)."""
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    application = services.application_record(
        actor=actor,
        client=context.client,
        benefit=payload.benefit,
        submitted_on=payload.submitted_on,
        details=payload.details,
        helped_by=_helper(payload.helped_by),
        continues=_continued(context.client.pk, payload.continues),
        request=request,
    )
    return Status(201, _reload(request, code, application.code))


class KelaCheckIn(Schema):
    checked_on: date
    indicators: list[ShortText] = Field(default_factory=list, description="R-KELA-1 indicator codes")
    criteria: list[ShortText] = Field(default_factory=list, description="R-KELA-2 criterion codes")
    note: str = Field("", max_length=NOTE_TEXT)


class KelaCheckOut(Schema):
    code: uuid.UUID
    checked_on: date
    indicators: list[str]
    criteria: list[str]
    note: str


@router.post(
    "/{code}/kela-check",
    response={201: KelaCheckOut, **WRITE_ERRORS},
    summary="Record the R-KELA-1 indicators and R-KELA-2 criteria that apply",
)
def kela_check(request: HttpRequest, code: uuid.UUID, payload: KelaCheckIn) -> Any:
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    check = services.kela_check_record(
        actor=actor,
        client=context.client,
        checked_on=payload.checked_on,
        indicators=payload.indicators,
        criteria=payload.criteria,
        note=payload.note,
        request=request,
    )
    return Status(
        201,
        KelaCheckOut(
            code=check.code,
            checked_on=check.checked_on,
            indicators=check.indicators,
            criteria=check.criteria,
            note=check.note,
        ),
    )


class KelaInterviewOut(Schema):
    code: uuid.UUID
    starts_at: datetime
    mode: str
    interviewer: uuid.UUID
    interviewer_name: str
    place: str

    @classmethod
    def of(cls, item: KelaInterview) -> KelaInterviewOut:
        return cls(
            code=item.code,
            starts_at=item.starts_at,
            mode=item.mode,
            interviewer=item.interviewer.code,
            interviewer_name=str(item.interviewer),
            place=item.place,
        )


class KelaInterviewIn(Schema):
    starts_at: datetime
    mode: str = Field(json_schema_extra={"enum": list(KelaInterview.Mode.values)}, max_length=20)
    interviewer: uuid.UUID = Field(description="Code of a Kela professional")
    place: str = Field("", max_length=200)


@router.get(
    "/{code}/interviews",
    response={200: list[KelaInterviewOut], **READ_ERRORS},
    summary="The client's booked Kela interviews from today on",
)
def kela_interview_list(request: HttpRequest, code: uuid.UUID) -> Any:
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.kela_interviews(actor=actor, context=context, request=request)
    if shown is None:
        # The Kela category refused: decided again by authorize, which logs the refusal and answers 403.
        context.authorize(actor, Action.VIEW, DataCategory.KELA, services.KELA_INTERVIEW, request)
        return []
    return [KelaInterviewOut.of(item) for item in shown.interviews]


@router.post(
    "/{code}/interviews",
    response={201: KelaInterviewOut, **error_responses(400, 403, 404)},
    summary="Book Kela's rehabilitation interview",
)
def kela_interview_book(request: HttpRequest, code: uuid.UUID, payload: KelaInterviewIn) -> Any:
    actor = caller(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    interviewer = (
        User.objects.filter(code=payload.interviewer, is_active=True).select_related("organisation").first()
    )
    if interviewer is None:
        raise InterviewInvalid({"interviewer": _("Haastattelijan on oltava Kelan ammattilainen.")})
    booked = services.kela_interview_book(
        actor=actor,
        client=context.client,
        starts_at=payload.starts_at,
        mode=payload.mode,
        interviewer=interviewer,
        place=payload.place,
        facts=context.facts,
        request=request,
    )
    return Status(201, KelaInterviewOut.of(booked))


@router.get(
    "/{code}/{application_code}", response={200: ApplicationOut, **READ_ERRORS}, summary="An application"
)
def application_detail(request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID) -> Any:
    return _reload(request, code, application_code)


class ApplicationUpdateIn(Schema):
    revision: int = Field(description="The application's revision as read; a stale one is a 409.")
    submitted_on: date
    details: str = Field("", max_length=300)
    helped_by: uuid.UUID | None = None
    placement_found_on: date | None = Field(
        None, description="R-KELA-3: a granted Kela work trial's placement"
    )


@router.patch(
    "/{code}/{application_code}",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Correct an application",
)
def application_update(
    request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID, payload: ApplicationUpdateIn
) -> Any:
    actor, shown = _application(request, code, application_code, Action.UPDATE)
    fields = payload.model_dump(exclude={"revision", "helped_by"})
    services.application_update(
        actor=actor,
        application=shown.application,
        expected_revision=payload.revision,
        helped_by=_helper(payload.helped_by),
        request=request,
        **fields,
    )
    return _reload(request, code, application_code)


class DecisionIn(Schema):
    revision: int = Field(description="The application's revision as read; a stale one is a 409.")
    decision: str = Field(json_schema_extra={"enum": list(Decision.values)})
    decided_on: date
    decision_received_on: date | None = Field(
        None, description="When known; otherwise deemed received on the 7th day after sending (R-APPEAL-1)"
    )


@router.post(
    "/{code}/{application_code}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Record the decision",
)
def application_decide(
    request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID, payload: DecisionIn
) -> Any:
    """A decision dated before the submission is refused (400); a second decision is a 409."""
    actor, shown = _application(request, code, application_code, Action.UPDATE)
    fields = payload.model_dump(exclude={"revision"})
    services.application_decide(
        actor=actor,
        application=shown.application,
        expected_revision=payload.revision,
        request=request,
        **fields,
    )
    return _reload(request, code, application_code)


class InformationRequestIn(Schema):
    requested_on: date
    due_on: date
    description: str = Field(max_length=NOTE_TEXT)


@router.post(
    "/{code}/{application_code}/information-requests",
    response={201: InformationRequestOut, **WRITE_ERRORS},
    summary="Record a request for additional information",
)
def information_request_record(
    request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID, payload: InformationRequestIn
) -> Any:
    actor, shown = _application(request, code, application_code, Action.UPDATE)
    created = services.information_request_record(
        actor=actor,
        application=shown.application,
        requested_on=payload.requested_on,
        due_on=payload.due_on,
        description=payload.description,
        request=request,
    )
    return Status(201, InformationRequestOut.of(created))


class AnswerIn(Schema):
    answered_on: date


@router.post(
    "/{code}/{application_code}/information-requests/{request_code}/answer",
    response={200: InformationRequestOut, **WRITE_ERRORS},
    summary="Record a request for additional information answered",
)
def information_request_answer(
    request: HttpRequest,
    code: uuid.UUID,
    application_code: uuid.UUID,
    request_code: uuid.UUID,
    payload: AnswerIn,
) -> Any:
    """An answer dated before the request is refused (400); a second answer is a 409."""
    actor, shown = _application(request, code, application_code, Action.UPDATE)
    information_request = selectors.information_request_for_action(shown=shown, code=request_code)
    return InformationRequestOut.of(
        services.information_request_answer(
            actor=actor,
            information_request=information_request,
            answered_on=payload.answered_on,
            request=request,
        )
    )


class CoachMeetingIn(Schema):
    met_on: date
    note: str = Field("", max_length=300)


@router.post(
    "/{code}/{application_code}/coach-meetings",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Record a coach meeting of a work trial",
)
def coach_meeting_record(
    request: HttpRequest, code: uuid.UUID, application_code: uuid.UUID, payload: CoachMeetingIn
) -> Any:
    """R-KELA-3 limits a granted Kela work trial's coach meetings: the one past the limit is a 409 naming the
    rule. Answers the application with its meetings counted."""
    actor, shown = _application(request, code, application_code, Action.UPDATE)
    services.coach_meeting_record(
        actor=actor, application=shown.application, met_on=payload.met_on, note=payload.note, request=request
    )
    return Status(201, _reload(request, code, application_code))
