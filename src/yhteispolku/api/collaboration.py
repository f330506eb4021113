"""Network work over the API: consultations (R-CONS-1) with participants, notes, follow-ups and the
review with the client; the work-ability support escalation; Kela cooperation; the client's to-do list;
anonymous consultations.

Addresses key on the relationship's code, like the pages. Each operation reads with the same selector
as the page and calls the same service, so the access policy and the audit entries are the pages'; a
stale revision answers 409, a rule's refusal 400 or 409 with the rule named in the message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.access.categories import FieldAccess
from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.api.schemas import StorableDateTime
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.collaboration import selectors, services
from yhteispolku.collaboration.models import (
    AgreedHow,
    ClientTodo,
    Consultation,
    ConsultationKind,
    EscalationResult,
    EscalationStep,
    EscalationStepKind,
    KelaRequest,
    KelaRequestKind,
    MeetingMode,
    ReferralOnwards,
    TodoKind,
    TodoStatus,
)
from yhteispolku.core.categories import Action
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.documents.models import DocumentType
from yhteispolku.organisations.models import Organisation

router = Router(tags=["collaboration"])

READ_ERRORS = error_responses(400, 403, 404)
WRITE_ERRORS = error_responses(400, 403, 404, 409)
_UNKNOWN_USER = _("Ammattilaista ei löytynyt.")
_UNKNOWN_ORGANISATION = _("Organisaatiota ei löytynyt.")


def _user(field: str, code: uuid.UUID | None) -> User | None:
    if code is None:
        return None
    user = User.objects.filter(code=code).select_related("role", "organisation").first()
    if user is None:
        raise ValidationError({field: ValidationError(_UNKNOWN_USER, code="unknown_user")})
    return user


def _enum(values: list[str] | list[int]) -> dict[str, Any]:
    return {"enum": values}


def _fields(payload: Schema) -> dict[str, Any]:
    """The payload as a service's keyword arguments: its `revision` is the optimistic lock's expected one."""
    data = payload.model_dump()
    if "revision" in data:
        data["expected_revision"] = data.pop("revision")
    return data


# --- output ----------------------------------------------------------------------------------------


class ParticipantOut(Schema):
    user: uuid.UUID
    name: str
    organisation: str | None


class FollowUpOut(Schema):
    code: uuid.UUID
    description: str
    owner: uuid.UUID
    owner_name: str
    due_on: date
    done_on: date | None


class ConsultationOut(Schema):
    code: uuid.UUID
    relationship: uuid.UUID | None = Field(description="Empty for an anonymous consultation (no client)")
    kind: str
    mode: str
    scheduled_at: datetime
    agenda: str
    notes: str | None = Field(description="Health data: null when withheld from the caller")
    decisions: str
    agreed_with_client_on: date | None
    agreed_how: str
    agreed_by_client: bool = Field(description="R-CONS-1: the client agreed herself in Oma Yhteispolku")
    agreement_asked_at: datetime | None = Field(
        description="When the client was asked in Oma Yhteispolku; empty when the agreement was recorded"
    )
    declined_by_client_on: date | None = Field(description="The client declined: it does not take place")
    awaiting_client: bool = Field(description="Asked and not yet answered: no notes, follow-ups or review")
    reviewed_on: date | None = Field(description="R-CONS-1: reviewed with the client; empty while open")
    review_note: str
    organiser: uuid.UUID
    revision: int = Field(description="Send back when editing the notes: a stale one is refused with 409.")
    participants: list[ParticipantOut]
    follow_ups: list[FollowUpOut]
    withheld: list[str] = Field(
        description="Fields of another data category (health) the caller may not see (SPEC §5.1); null here"
    )

    @classmethod
    def of(cls, consultation: Consultation, fields: FieldAccess) -> ConsultationOut:
        return cls(
            code=consultation.code,
            relationship=consultation.relationship.code if consultation.relationship else None,
            kind=consultation.kind,
            mode=consultation.mode,
            scheduled_at=consultation.scheduled_at,
            agenda=consultation.agenda,
            notes=None if "notes" in fields else consultation.notes,
            decisions=consultation.decisions,
            agreed_with_client_on=consultation.agreed_with_client_on,
            agreed_how=consultation.agreed_how,
            agreed_by_client=consultation.agreed_by_client,
            agreement_asked_at=consultation.agreement_asked_at,
            declined_by_client_on=consultation.declined_by_client_on,
            awaiting_client=consultation.awaiting_client,
            reviewed_on=consultation.reviewed_on,
            review_note=consultation.review_note,
            organiser=consultation.organiser.code,
            withheld=sorted(fields.withheld),
            revision=consultation.revision,
            participants=[
                ParticipantOut(
                    user=p.user.code,
                    name=str(p.user),
                    organisation=p.user.organisation.slug if p.user.organisation else None,
                )
                for p in consultation.participants.all()
            ],
            follow_ups=[
                FollowUpOut(
                    code=f.code,
                    description=f.description,
                    owner=f.owner.code,
                    owner_name=str(f.owner),
                    due_on=f.due_on,
                    done_on=f.done_on,
                )
                for f in consultation.follow_ups.all()
            ],
        )


class TodoOut(Schema):
    code: uuid.UUID
    kind: str
    description: str
    deliver_to: str = Field(description="Slug of the organisation the client delivers to")
    due_on: date
    requested_document_type: str = Field(description="The document the to-do asks for; empty for none")
    status: str
    closed_on: date | None
    delivered_document: uuid.UUID | None = Field(
        description="The document the client sent for it herself in Oma Yhteispolku"
    )
    overdue: bool

    @classmethod
    def of(cls, todo: ClientTodo, today: date) -> TodoOut:
        return cls(
            code=todo.code,
            kind=todo.kind,
            description=todo.description,
            deliver_to=todo.deliver_to.slug,
            due_on=todo.due_on,
            requested_document_type=todo.requested_document_type,
            status=todo.status,
            closed_on=todo.closed_on,
            delivered_document=todo.document.code if todo.document_id else None,  # type: ignore[union-attr]
            overdue=todo.is_overdue(today),
        )


class StepOut(Schema):
    code: uuid.UUID
    step: int
    on: date
    skipped: bool
    skip_reason: str
    outcome: str
    referral_onwards: str
    referral_details: str
    result: str
    result_on: date | None
    # The work-ability support relationship the referral onwards opened (or found open).
    opened_relationship: uuid.UUID | None

    @classmethod
    def of(cls, step: EscalationStep) -> StepOut:
        return cls(
            code=step.code,
            step=step.step,
            on=step.on,
            skipped=step.skipped,
            skip_reason=step.skip_reason,
            outcome=step.outcome,
            referral_onwards=step.referral_onwards,
            referral_details=step.referral_details,
            result=step.result,
            result_on=step.result_on,
            opened_relationship=step.opened_relationship.code if step.opened_relationship else None,
        )


class KelaAnswerOut(Schema):
    answer: str
    current_situation: str
    rehabilitation_path: str


class KelaRequestOut(Schema):
    code: uuid.UUID
    kind: str
    question: str
    sent_on: date
    status: str
    answered_on: date | None
    answer: KelaAnswerOut | None = Field(
        description="Kela's answer (Kela's data category): empty when not answered or not for the caller"
    )
    answer_visible: bool
    closed_on: date | None
    revision: int

    @classmethod
    def of(cls, shown: selectors.ShownKelaRequest) -> KelaRequestOut:
        item = shown.request
        return cls(
            code=item.code,
            kind=item.kind,
            question=item.question,
            sent_on=item.sent_on,
            status=item.status,
            answered_on=item.answered_on,
            answer=KelaAnswerOut(
                answer=item.answer,
                current_situation=item.current_situation,
                rehabilitation_path=item.rehabilitation_path,
            )
            if shown.answer_visible and item.answered_on
            else None,
            answer_visible=shown.answer_visible,
            closed_on=item.closed_on,
            revision=item.revision,
        )


class NetworkOut(Schema):
    relationship: uuid.UUID
    consultations: list[ConsultationOut]
    todos: list[TodoOut]
    escalation_steps: list[StepOut]
    next_escalation_step: int | None
    kela_requests: list[KelaRequestOut]


def _network(
    request: HttpRequest, relationship_code: uuid.UUID, action: Action = Action.VIEW, object_type: str = ""
) -> selectors.Network:
    return selectors.network_get(
        actor=caller(request),
        relationship_code=relationship_code,
        action=action,
        object_type=object_type or services.CONSULTATION,
        request=request,
    )


def _overview(request: HttpRequest, network: selectors.Network) -> NetworkOut:
    data = selectors.network_overview(network=network, request=request)
    return NetworkOut(
        relationship=network.relationship.code,
        consultations=[
            ConsultationOut.of(
                c, selectors.consultation_fields(network=network, consultation=c, request=request)
            )
            for c in data.consultations
        ],
        todos=[TodoOut.of(t, data.today) for t in data.todos],
        escalation_steps=[StepOut.of(s) for s in data.steps],
        next_escalation_step=data.next_step,
        kela_requests=[KelaRequestOut.of(k) for k in data.kela_requests],
    )


def _consultation(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    action: Action = Action.VIEW,
) -> tuple[selectors.Network, Consultation]:
    network = selectors.network_get(
        actor=caller(request),
        relationship_code=relationship_code,
        action=action,
        object_type=services.CONSULTATION,
        object_id=str(consultation_code),
        request=request,
    )
    return network, selectors.consultation_get(network=network, code=consultation_code)


def _reloaded(
    network: selectors.Network, consultation: Consultation, request: HttpRequest | None = None
) -> ConsultationOut:
    reloaded = selectors.consultation_get(network=network, code=consultation.code)
    return ConsultationOut.of(
        reloaded, selectors.consultation_fields(network=network, consultation=reloaded, request=request)
    )


def _consultation_changed(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    service: Callable[..., object],
    **data: Any,
) -> ConsultationOut:
    """Change a consultation with `service` and answer with it as it now is."""
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    service(actor=network.actor, consultation=consultation, request=request, **data)
    return _reloaded(network, consultation, request)


def _kela_request_changed(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    kela_request_code: uuid.UUID,
    action: Action,
    service: Callable[..., object],
    **data: Any,
) -> NetworkOut:
    """Answer or close a Kela request with `service` and answer with the overview."""
    network, item = _kela_request(request, relationship_code, kela_request_code, action)
    service(actor=network.actor, kela_request=item, request=request, **data)
    return _overview(request, network)


def _added(
    request: HttpRequest, network: selectors.Network, service: Callable[..., object], **data: Any
) -> Any:
    """Add to the client's network work with `service` and answer 201 with the overview."""
    service(actor=network.actor, relationship=network.relationship, request=request, **data)
    return Status(201, _overview(request, network))


def _kela_request(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID, action: Action
) -> tuple[selectors.Network, KelaRequest]:
    network = _network(request, relationship_code, action, services.KELA_REQUEST)
    return network, selectors.kela_request_get(network=network, code=kela_request_code)


# --- anonymous consultations -----------------------------------------------------------------------


class AnonymousConsultationIn(Schema):
    kind: str = Field(json_schema_extra=_enum(list(ConsultationKind.values)))
    mode: str = Field(json_schema_extra=_enum(list(MeetingMode.values)))
    scheduled_at: StorableDateTime
    agenda: str = Field("", max_length=NOTE_TEXT)
    participants: list[uuid.UUID] = Field(default_factory=list, description="Codes of the professionals")


def _consultation_create(
    request: HttpRequest,
    actor: User,
    relationship: ClientRelationship | None,
    payload: AnonymousConsultationIn,
    **agreed: Any,
) -> Consultation:
    """The consultation the payload describes, with the professionals it names as participants."""
    participants = [_user("participants", code) for code in payload.participants]
    return services.consultation_create(
        actor=actor,
        relationship=relationship,
        kind=payload.kind,
        mode=payload.mode,
        scheduled_at=payload.scheduled_at,
        agenda=payload.agenda,
        participants=[p for p in participants if p is not None],
        request=request,
        **agreed,
    )


@router.get(
    "/anonymous/consultations",
    response={200: list[ConsultationOut], **error_responses()},
    summary="Anonymous consultations",
)
def anonymous_list(request: HttpRequest) -> Any:
    """The caller's anonymous consultations (organised or invited to): no client, no personal data."""
    # No client, no personal data: nothing to withhold.
    return [
        ConsultationOut.of(c, FieldAccess()) for c in selectors.anonymous_consultations(actor=caller(request))
    ]


@router.post(
    "/anonymous/consultations",
    response={201: ConsultationOut, **error_responses(400)},
    summary="An anonymous consultation",
)
def anonymous_create(request: HttpRequest, payload: AnonymousConsultationIn) -> Any:
    actor = caller(request)
    consultation = _consultation_create(request, actor, None, payload)
    return Status(
        201,
        ConsultationOut.of(
            selectors.anonymous_consultation_get(actor=actor, code=consultation.code), FieldAccess()
        ),
    )


# --- reads -----------------------------------------------------------------------------------------


@router.get("/{relationship_code}", response={200: NetworkOut, **READ_ERRORS}, summary="Network work")
def overview(request: HttpRequest, relationship_code: uuid.UUID) -> Any:
    """Consultations, the client's to-do list, the work-ability escalation and the Kela requests."""
    return _overview(request, _network(request, relationship_code))


@router.get(
    "/{relationship_code}/consultations/{consultation_code}",
    response={200: ConsultationOut, **READ_ERRORS},
    summary="One consultation",
)
def consultation_detail(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code)
    return ConsultationOut.of(
        consultation,
        selectors.consultation_fields(network=network, consultation=consultation, request=request),
    )


# --- consultations ---------------------------------------------------------------------------------


class ConsultationIn(AnonymousConsultationIn):
    agreed_with_client_on: date | None = Field(
        None, description="R-CONS-1: when the consultation was agreed with the client (required)"
    )
    agreed_how: str = Field("", json_schema_extra=_enum(["", *AgreedHow.values]))
    ask_client: bool = Field(
        False,
        description="R-CONS-1: ask the client in Oma Yhteispolku instead (no agreement day and way given)",
    )


@router.post(
    "/{relationship_code}/consultations",
    response={201: ConsultationOut, **WRITE_ERRORS},
    summary="A consultation about the client",
)
def consultation_create(request: HttpRequest, relationship_code: uuid.UUID, payload: ConsultationIn) -> Any:
    """R-CONS-1: only parties working with the client, agreed with the client beforehand (400 otherwise)."""
    network = _network(request, relationship_code, Action.CREATE)
    consultation = _consultation_create(
        request,
        network.actor,
        network.relationship,
        payload,
        agreed_with_client_on=payload.agreed_with_client_on,
        agreed_how=payload.agreed_how,
        ask_client=payload.ask_client,
    )
    return Status(201, _reloaded(network, consultation, request))


class InviteIn(Schema):
    user: uuid.UUID = Field(description="Code of the professional")


@router.post(
    "/{relationship_code}/consultations/{consultation_code}/participants",
    response={201: ConsultationOut, **WRITE_ERRORS},
    summary="Invite a professional",
)
def participant_invite(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, payload: InviteIn
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    user = _user("user", payload.user)
    assert user is not None
    services.participant_invite(actor=network.actor, consultation=consultation, user=user, request=request)
    return Status(201, _reloaded(network, consultation, request))


class NotesIn(Schema):
    revision: int = Field(ge=0, description="The revision as read; a stale one is a 409.")
    agenda: str = Field("", max_length=NOTE_TEXT)
    notes: str = Field("", max_length=LONG_TEXT)
    decisions: str = Field("", max_length=LONG_TEXT)


@router.post(
    "/{relationship_code}/consultations/{consultation_code}/notes",
    response={200: ConsultationOut, **WRITE_ERRORS},
    summary="Record the agenda, notes and decisions",
)
def consultation_notes(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, payload: NotesIn
) -> Any:
    """The notes are health data (access.categories): one who may not see them may not rewrite them (403)."""
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    selectors.consultation_fields(network=network, consultation=consultation, request=request).require(
        "notes"
    )
    services.consultation_notes_update(
        actor=network.actor, consultation=consultation, request=request, **_fields(payload)
    )
    return _reloaded(network, consultation, request)


class FollowUpIn(Schema):
    description: str = Field(max_length=NOTE_TEXT)
    owner: uuid.UUID | None = Field(None, description="Code of the responsible professional (required)")
    due_on: date = Field(description="Not before the consultation")


@router.post(
    "/{relationship_code}/consultations/{consultation_code}/follow-ups",
    response={201: ConsultationOut, **WRITE_ERRORS},
    summary="A follow-up action",
)
def follow_up_add(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, payload: FollowUpIn
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    services.follow_up_add(
        actor=network.actor,
        consultation=consultation,
        description=payload.description,
        owner=_user("owner", payload.owner),
        due_on=payload.due_on,
        request=request,
    )
    return Status(201, _reloaded(network, consultation, request))


class DoneIn(Schema):
    done_on: date


@router.post(
    "/{relationship_code}/consultations/{consultation_code}/follow-ups/{follow_up_code}/done",
    response={200: ConsultationOut, **WRITE_ERRORS},
    summary="Mark a follow-up action done",
)
def follow_up_done(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    follow_up_code: uuid.UUID,
    payload: DoneIn,
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    follow_up = selectors.follow_up_of(consultation, follow_up_code)
    services.follow_up_done(actor=network.actor, follow_up=follow_up, request=request, **_fields(payload))
    return _reloaded(network, consultation, request)


class ReviewIn(Schema):
    reviewed_on: date
    note: str = Field("", max_length=NOTE_TEXT)


@router.post(
    "/{relationship_code}/consultations/{consultation_code}/review",
    response={200: ConsultationOut, **WRITE_ERRORS},
    summary="Record that the consultation was reviewed with the client",
)
def consultation_review(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, payload: ReviewIn
) -> Any:
    return _consultation_changed(
        request, relationship_code, consultation_code, services.consultation_reviewed, **_fields(payload)
    )


# --- work-ability support escalation ---------------------------------------------------------------


class StepIn(Schema):
    # An integer field's enum lists integers: strings would make the schema unsatisfiable.
    step: int = Field(json_schema_extra=_enum(list(EscalationStepKind.values)))
    on: date
    outcome: str = Field("", max_length=NOTE_TEXT)
    skipped: bool = False
    skip_reason: str = Field("", max_length=NOTE_TEXT)
    referral_onwards: str = Field(
        ReferralOnwards.NONE.value, json_schema_extra=_enum(list(ReferralOnwards.values))
    )
    referral_details: str = Field("", max_length=300)
    result: str = Field("", json_schema_extra=_enum(["", *EscalationResult.values]))
    result_on: date | None = None


@router.post(
    "/{relationship_code}/escalation-steps",
    response={201: NetworkOut, **WRITE_ERRORS},
    summary="Record a step of the work-ability support path",
)
def escalation_step(request: HttpRequest, relationship_code: uuid.UUID, payload: StepIn) -> Any:
    """Seed 003 (Varha), from any track's relationship: steps in order; a skipped step needs a reason (400),
    a step out of order is 409. `result` records what happened (with `result_on`, the step's day when
    not given); `referral_onwards` work_ability_support opens a work-ability support relationship at the
    caller's unit (or links the one open): `opened_relationship` in the step."""
    network = _network(request, relationship_code, Action.CREATE, services.ESCALATION_STEP)
    return _added(request, network, services.escalation_step_record, **_fields(payload))


# --- Kela cooperation ------------------------------------------------------------------------------


class KelaRequestIn(Schema):
    kind: str = Field(json_schema_extra=_enum(list(KelaRequestKind.values)))
    question: str = Field(max_length=LONG_TEXT)
    sent_on: date


@router.post(
    "/{relationship_code}/kela-requests",
    response={201: NetworkOut, **WRITE_ERRORS},
    summary="A request to Kela",
)
def kela_request_create(request: HttpRequest, relationship_code: uuid.UUID, payload: KelaRequestIn) -> Any:
    network = _network(request, relationship_code, Action.CREATE, services.KELA_REQUEST)
    return _added(request, network, services.kela_request_send, **_fields(payload))


class KelaAnswerIn(Schema):
    revision: int = Field(ge=0, description="The request's revision as read; a stale one is a 409.")
    answered_on: date
    answer: str = Field(max_length=LONG_TEXT)
    current_situation: str = Field(
        "", description="Required for a rehabilitation-need assessment", max_length=LONG_TEXT
    )
    rehabilitation_path: str = Field(
        "", description="Required for a rehabilitation-need assessment", max_length=LONG_TEXT
    )


@router.post(
    "/{relationship_code}/kela-requests/{kela_request_code}/answer",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Kela's answer",
)
def kela_request_answer(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID, payload: KelaAnswerIn
) -> Any:
    """Kela's category: only Kela's professionals answer (403 for others)."""
    return _kela_request_changed(
        request,
        relationship_code,
        kela_request_code,
        Action.VIEW,
        services.kela_request_answer,
        **_fields(payload),
    )


class KelaCloseIn(Schema):
    revision: int = Field(ge=0, description="The request's revision as read; a stale one is a 409.")
    closed_on: date


@router.post(
    "/{relationship_code}/kela-requests/{kela_request_code}/close",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Close a request to Kela",
)
def kela_request_close(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID, payload: KelaCloseIn
) -> Any:
    return _kela_request_changed(
        request,
        relationship_code,
        kela_request_code,
        Action.UPDATE,
        services.kela_request_close,
        **_fields(payload),
    )


# --- the client's to-do list -----------------------------------------------------------------------


class TodoIn(Schema):
    kind: str = Field(json_schema_extra=_enum(list(TodoKind.values)))
    description: str = Field(max_length=300)
    deliver_to: str = Field(description="Slug of the organisation", max_length=SHORT_TEXT)
    due_on: date
    requested_document_type: str = Field(
        "",
        description="The document the to-do asks for (a document type); the client may send it herself",
        json_schema_extra=_enum(["", *DocumentType.values]),
    )


@router.post(
    "/{relationship_code}/todos",
    response={201: NetworkOut, **WRITE_ERRORS},
    summary="Something the client must deliver",
)
def todo_add(request: HttpRequest, relationship_code: uuid.UUID, payload: TodoIn) -> Any:
    network = _network(request, relationship_code, Action.CREATE, services.CLIENT_TODO)
    deliver_to = Organisation.objects.filter(slug=payload.deliver_to).first()
    if deliver_to is None:
        raise ValidationError(
            {"deliver_to": ValidationError(_UNKNOWN_ORGANISATION, code="unknown_organisation")}
        )
    return _added(
        request,
        network,
        services.client_todo_add,
        kind=payload.kind,
        description=payload.description,
        deliver_to=deliver_to,
        due_on=payload.due_on,
        requested_document_type=payload.requested_document_type,
    )


class TodoCloseIn(Schema):
    status: str = Field(json_schema_extra=_enum([TodoStatus.DONE.value, TodoStatus.CANCELLED.value]))
    on: date


@router.post(
    "/{relationship_code}/todos/{todo_code}/close",
    response={200: NetworkOut, **WRITE_ERRORS},
    summary="Mark a to-do delivered or cancelled",
)
def todo_close(
    request: HttpRequest, relationship_code: uuid.UUID, todo_code: uuid.UUID, payload: TodoCloseIn
) -> Any:
    network = _network(request, relationship_code, Action.UPDATE, services.CLIENT_TODO)
    todo = selectors.todo_get(network=network, code=todo_code)
    services.client_todo_close(actor=network.actor, todo=todo, request=request, **_fields(payload))
    return _overview(request, network)
