"""The client plan over the API: the overview, versions, agreed services, client tasks, the
authorities' confirmations and the client's acceptance.

Addresses key on the relationship's code, like the plan pages. Each operation reads the plan with the
same selector as the plan page and calls the same service as the page's form, so the access policy
and the audit entries are those of the pages; a stale version or revision answers 409.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller, cleaned, form_data
from yhteispolku.core.categories import Action
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import selectors, services
from yhteispolku.plans.forms import (
    AcceptanceForm,
    AgreedServiceForm,
    ClientTaskForm,
    ParticipationForm,
    PlanVersionForm,
)
from yhteispolku.plans.models import AcceptanceHow, ParticipationStatus, ServiceType

router = Router(tags=["plans"])

ERRORS = error_responses(400, 403, 404, 409)
# A removal from the draft names the revision it was read at, in the query.
Revision = Annotated[int, Query(ge=0, description="The draft's revision as read; a stale one is a 409.")]
_UNKNOWN_ORGANISATION = _("Valitse organisaatio, jonka sitoumukset vahvistat.")


# --- output ----------------------------------------------------------------------------------------


class ServiceOut(Schema):
    code: uuid.UUID
    service_type: str
    service_name: str
    responsible_organisation: str = Field(description="Slug of the responsible authority")
    provider: str | None
    responsible_professional: uuid.UUID | None
    starts_on: date
    ends_on: date | None
    intensity: str
    description: str
    participation: str | None = Field(description="The latest participation status, if any")


class TaskOut(Schema):
    code: uuid.UUID
    description: str
    due_on: date | None
    done: bool


class ConfirmationOut(Schema):
    organisation: str
    confirmed_by: str
    confirmed_at: datetime


class AcceptanceOut(Schema):
    accepted_on: date
    how: str


class VersionOut(Schema):
    code: uuid.UUID
    number: int
    status: str
    goals: str
    next_review_on: date
    created_on: date
    created_by: str
    in_force_from: datetime | None
    revision: int = Field(description="Send back when adding to the draft: a stale one is refused with 409.")
    is_editable: bool
    services: list[ServiceOut]
    tasks: list[TaskOut]
    confirmations: list[ConfirmationOut]
    pending_confirmations: list[str] = Field(description="Slugs of the authorities yet to confirm")
    acceptance: AcceptanceOut | None

    @classmethod
    def of(cls, view: selectors.VersionView) -> VersionOut:
        version = view.version
        return cls(
            code=version.code,
            number=version.number,
            status=version.status,
            goals=version.goals,
            next_review_on=version.next_review_on,
            created_on=version.created_on,
            created_by=str(version.created_by),
            in_force_from=version.in_force_from,
            revision=version.revision,
            is_editable=view.is_editable,
            services=[
                ServiceOut(
                    code=row.service.code,
                    service_type=row.service.service_type.code,
                    service_name=row.service.service_type.name,
                    responsible_organisation=row.service.responsible_organisation.slug,
                    provider=row.service.provider.slug if row.service.provider else None,
                    responsible_professional=row.service.responsible_professional.code
                    if row.service.responsible_professional
                    else None,
                    starts_on=row.service.starts_on,
                    ends_on=row.service.ends_on,
                    intensity=row.service.intensity,
                    description=row.service.description,
                    participation=row.participation.status if row.participation else None,
                )
                for row in view.services
            ],
            tasks=[
                TaskOut(code=task.code, description=task.description, due_on=task.due_on, done=task.done)
                for task in view.tasks
            ],
            confirmations=[
                ConfirmationOut(
                    organisation=c.organisation.slug,
                    confirmed_by=str(c.confirmed_by),
                    confirmed_at=c.confirmed_at,
                )
                for c in view.confirmations
            ],
            pending_confirmations=[p.organisation.slug for p in view.pending],
            acceptance=AcceptanceOut(accepted_on=view.acceptance.accepted_on, how=view.acceptance.how)
            if view.acceptance
            else None,
        )


class PlanOut(Schema):
    relationship: uuid.UUID
    plan_type: str | None
    in_force: int | None = Field(description="Number of the version in force")
    draft: int | None = Field(description="Number of the draft, if the latest version is one")
    latest_number: int = Field(
        description="Send as based_on_version_number for a new version (0 before the first)"
    )
    missing_worker_pair: list[str]
    versions: list[VersionOut]


def _version(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> VersionOut:
    _access, view = selectors.plan_version_get(
        actor=caller(request), relationship_code=relationship_code, number=number, request=request
    )
    return VersionOut.of(view)


def _for_update(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, object_type: str
) -> tuple[selectors.PlanAccess, selectors.VersionView]:
    return selectors.plan_version_get(
        actor=caller(request),
        relationship_code=relationship_code,
        number=number,
        action=Action.UPDATE,
        object_type=object_type,
        request=request,
    )


def _to_draft(
    request: HttpRequest,
    access: selectors.PlanAccess,
    save: Callable[..., object],
    data: dict[str, Any],
    **target: Any,
) -> None:
    """Add to or change a draft (`target`: its version, service or task) at the revision the caller read."""
    save(actor=access.actor, data=data, expected_revision=data["revision"], request=request, **target)


# --- reads -----------------------------------------------------------------------------------------


@router.get(
    "/{relationship_code}", response={200: PlanOut, **error_responses(400, 403, 404)}, summary="The plan"
)
def plan_detail(request: HttpRequest, relationship_code: uuid.UUID) -> Any:
    """The version in force, the draft and every version; old versions stay readable as they were."""
    overview = selectors.plan_overview(
        actor=caller(request), relationship_code=relationship_code, request=request, with_text=True
    )
    in_force, draft = overview.in_force, overview.draft
    return PlanOut(
        relationship=overview.access.relationship.code,
        plan_type=overview.plan.plan_type if overview.plan else None,
        in_force=in_force.version.number if in_force else None,
        draft=draft.version.number if draft else None,
        latest_number=overview.latest_number,
        missing_worker_pair=overview.missing_worker_pair,
        versions=[VersionOut.of(view) for view in overview.versions],
    )


@router.get(
    "/{relationship_code}/versions/{number}",
    response={200: VersionOut, **error_responses(400, 403, 404)},
    summary="One version of the plan",
)
def version_detail(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> Any:
    return _version(request, relationship_code, number)


# --- changes ---------------------------------------------------------------------------------------


class VersionIn(Schema):
    based_on_version_number: int = Field(
        ge=0, description="The latest version the caller saw (0 before the first); a stale one is a 409."
    )
    goals: str = Field("", max_length=LONG_TEXT)
    next_review_on: date | None = Field(
        None,
        description="At most the R-TYM-4 maximum ahead (6 months); empty: the R-TYM-2 default (3 months, "
        "moved to a working day)",
    )


@router.post("/{relationship_code}/versions", response={201: VersionOut, **ERRORS}, summary="A new version")
def version_create(request: HttpRequest, relationship_code: uuid.UUID, payload: VersionIn) -> Any:
    """A new draft from the latest version (R-TYM-3: a TYM plan needs the worker pair, 400)."""
    actor = caller(request)
    access = selectors.relationship_for_plan(
        actor=actor,
        relationship_code=relationship_code,
        action=Action.CREATE,
        object_type="plans.planversion",
        request=request,
    )
    form = PlanVersionForm(
        form_data(
            {
                "based_on": payload.based_on_version_number,
                "goals": payload.goals,
                "next_review_on": payload.next_review_on.isoformat() if payload.next_review_on else None,
            }
        )
    )
    data = cleaned(form)
    version = services.plan_version_create(
        actor=actor,
        relationship=access.relationship,
        based_on_version_number=data["based_on"],
        data={"goals": data["goals"], "next_review_on": data["next_review_on"]},
        request=request,
    )
    return Status(201, _version(request, relationship_code, version.number))


class ServiceIn(Schema):
    revision: int = Field(ge=0, description="The draft's revision as read; a stale one is a 409.")
    service_type: str = Field(description="Code of the service in the catalogue", max_length=SHORT_TEXT)
    responsible_organisation: str | None = Field(
        None,
        description="Slug of the responsible authority. Absent: it follows from the service type (its "
        "organiser on the case team, else the one serving the client's home municipality; of several, "
        "the caller's own). One of another kind than the service's organiser is refused (400).",
        max_length=SHORT_TEXT,
    )
    provider: str | None = Field(None, description="Slug of the provider", max_length=SHORT_TEXT)
    responsible_professional: uuid.UUID | None = Field(None, description="Code of a team member")
    starts_on: date
    ends_on: date | None = None
    intensity: str = Field("", max_length=200)
    description: str = Field("", max_length=NOTE_TEXT)


def _pk(model: Any, **lookup: Any) -> Any:
    if not any(lookup.values()):
        return None
    return model.objects.filter(**lookup).values_list("pk", flat=True).first() or "0"


def _service_data(access: selectors.PlanAccess, payload: ServiceIn) -> dict[str, Any]:
    """The service as the page's form cleans it: codes and slugs become the catalogue's rows."""
    values = payload.model_dump(mode="json")
    values.update(
        service_type=_pk(ServiceType, code=payload.service_type),
        responsible_organisation=_pk(Organisation, slug=payload.responsible_organisation),
        provider=_pk(Organisation, slug=payload.provider),
        responsible_professional=_pk(User, code=payload.responsible_professional),
    )
    return cleaned(AgreedServiceForm(form_data(values), relationship=access.relationship))


@router.post(
    "/{relationship_code}/versions/{number}/services",
    response={201: VersionOut, **ERRORS},
    summary="Add an agreed service to the draft",
)
def service_add(request: HttpRequest, relationship_code: uuid.UUID, number: int, payload: ServiceIn) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    _to_draft(
        request, access, services.agreed_service_add, _service_data(access, payload), version=view.version
    )
    return Status(201, _version(request, relationship_code, number))


@router.put(
    "/{relationship_code}/versions/{number}/services/{service_code}",
    response={200: VersionOut, **ERRORS},
    summary="Change an agreed service of the draft",
)
def service_update(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    number: int,
    service_code: uuid.UUID,
    payload: ServiceIn,
) -> Any:
    """Only a draft nobody has confirmed or accepted yet (409 otherwise); a stale revision is a 409."""
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    service = selectors.service_of_version(view, service_code)
    _to_draft(
        request, access, services.agreed_service_update, _service_data(access, payload), service=service
    )
    return _version(request, relationship_code, number)


@router.delete(
    "/{relationship_code}/versions/{number}/services/{service_code}",
    response={200: VersionOut, **ERRORS},
    summary="Remove an agreed service from the draft",
)
def service_remove(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    number: int,
    service_code: uuid.UUID,
    revision: Revision,
) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    service = selectors.service_of_version(view, service_code)
    services.agreed_service_remove(
        actor=access.actor, service=service, expected_revision=revision, request=request
    )
    return _version(request, relationship_code, number)


class TaskIn(Schema):
    revision: int = Field(ge=0, description="The draft's revision as read; a stale one is a 409.")
    description: str = Field(max_length=NOTE_TEXT)
    due_on: date | None = None
    done: bool = False


def _task_data(payload: TaskIn) -> dict[str, Any]:
    return cleaned(ClientTaskForm(form_data(payload.model_dump(mode="json"))))


@router.post(
    "/{relationship_code}/versions/{number}/tasks",
    response={201: VersionOut, **ERRORS},
    summary="Add a client task to the draft",
)
def task_add(request: HttpRequest, relationship_code: uuid.UUID, number: int, payload: TaskIn) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    _to_draft(request, access, services.client_task_add, _task_data(payload), version=view.version)
    return Status(201, _version(request, relationship_code, number))


@router.put(
    "/{relationship_code}/versions/{number}/tasks/{task_code}",
    response={200: VersionOut, **ERRORS},
    summary="Change a client task of the draft",
)
def task_update(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID, payload: TaskIn
) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    task = selectors.task_of_version(view, task_code)
    _to_draft(request, access, services.client_task_update, _task_data(payload), task=task)
    return _version(request, relationship_code, number)


@router.delete(
    "/{relationship_code}/versions/{number}/tasks/{task_code}",
    response={200: VersionOut, **ERRORS},
    summary="Remove a client task from the draft",
)
def task_remove(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID, revision: Revision
) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    task = selectors.task_of_version(view, task_code)
    services.client_task_remove(actor=access.actor, task=task, expected_revision=revision, request=request)
    return _version(request, relationship_code, number)


class ParticipationIn(Schema):
    status: str = Field(json_schema_extra={"enum": list(ParticipationStatus.values)})
    on: date
    note: str = Field("", max_length=2000)


@router.post(
    "/{relationship_code}/versions/{number}/services/{service_code}/participation",
    response={201: VersionOut, **ERRORS},
    summary="Record participation in a service of the plan in force",
)
def participation_record(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    number: int,
    service_code: uuid.UUID,
    payload: ParticipationIn,
) -> Any:
    """Follow-up (SPEC §3 step 7): started, attending, interrupted or completed, with a note. Only for
    the version in force (409 otherwise); a day in the future is a 400."""
    actor = caller(request)
    _access, _view, service = selectors.service_for_participation(
        actor=actor,
        relationship_code=relationship_code,
        number=number,
        service_code=service_code,
        request=request,
    )
    data = cleaned(ParticipationForm(form_data(payload.model_dump(mode="json"))))
    services.participation_record(actor=actor, service=service, request=request, **data)
    return Status(201, _version(request, relationship_code, number))


class ConfirmIn(Schema):
    organisation: str | None = Field(
        None, description="Slug of the caller's organisation (the default)", max_length=SHORT_TEXT
    )


@router.post(
    "/{relationship_code}/versions/{number}/confirm",
    response={200: VersionOut, **ERRORS},
    summary="Confirm the caller's organisation's commitments",
)
def commitment_confirm(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, payload: ConfirmIn
) -> Any:
    """A case-team professional confirms their own authority's commitments; another's is a 403.
    In force once every authority has confirmed and the client has accepted."""
    access, view = _for_update(request, relationship_code, number, "plans.commitmentconfirmation")
    actor = access.actor
    if payload.organisation is None:
        organisation = actor.organisation
    else:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise ValidationError(
            {"organisation": ValidationError(_UNKNOWN_ORGANISATION, code="unknown_organisation")}
        )
    services.commitment_confirm(actor=actor, version=view.version, organisation=organisation, request=request)
    return _version(request, relationship_code, number)


class AcceptanceIn(Schema):
    accepted_on: date
    how: str = Field(json_schema_extra={"enum": list(AcceptanceHow.values)})


@router.post(
    "/{relationship_code}/versions/{number}/acceptance",
    response={201: VersionOut, **ERRORS},
    summary="Record the client's acceptance",
)
def plan_accept(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, payload: AcceptanceIn
) -> Any:
    access, view = _for_update(request, relationship_code, number, "plans.clientacceptance")
    form = AcceptanceForm(form_data(payload.model_dump(mode="json")))
    data = cleaned(form)
    services.plan_accept(
        actor=access.actor,
        version=view.version,
        accepted_on=data["accepted_on"],
        how=data["how"],
        request=request,
    )
    return Status(201, _version(request, relationship_code, number))
