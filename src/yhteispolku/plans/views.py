"""Plan pages for professionals. Thin: parse input, call one service or selector, render.

Every page first asks a selector, which authorises and audits the action, so that a refused or
invisible request is logged before any input is looked at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yhteispolku.accounts.models import User
from yhteispolku.core.categories import Action
from yhteispolku.core.pages import run_form
from yhteispolku.plans import selectors, services
from yhteispolku.plans.errors import PlanError
from yhteispolku.plans.forms import (
    AcceptanceForm,
    AgreedServiceForm,
    ClientTaskForm,
    ConfirmForm,
    DraftForm,
    ParticipationForm,
    PlanVersionForm,
    RevisionForm,
)
from yhteispolku.plans.models import VersionStatus


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _failed(form: forms.Form, error: PlanError) -> int:
    form.add_error(None, error)
    return error.status


def _form_page(
    request: HttpRequest,
    *,
    access: selectors.PlanAccess,
    form: forms.Form,
    title: str,
    submit: str,
    status: int,
    version: selectors.VersionView | None = None,
) -> HttpResponse:
    return render(
        request,
        "plans/form.html",
        {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "form": form,
            "title": title,
            "submit": submit,
            "view": version,
        },
        status=status,
    )


def _to_version(relationship_code: uuid.UUID, number: int) -> HttpResponse:
    return redirect("plans:version", relationship_code=relationship_code, number=number)


@login_required
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    overview = selectors.plan_overview(
        actor=_actor(request), relationship_code=relationship_code, request=request
    )
    return render(
        request,
        "plans/detail.html",
        {
            "overview": overview,
            "relationship": overview.access.relationship,
            "client": overview.access.relationship.client,
            "can_create": overview.access.can(Action.CREATE),
            "can_update": overview.access.can(Action.UPDATE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    access = selectors.relationship_for_plan(
        actor=actor,
        relationship_code=relationship_code,
        action=Action.CREATE,
        object_type="plans.planversion",
        request=request,
    )
    latest = selectors.latest_version(access)
    form = PlanVersionForm(
        request.POST or None,
        initial={"based_on": latest.number if latest else 0, "goals": latest.goals if latest else ""},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                version = services.plan_version_create(
                    actor=actor,
                    relationship=access.relationship,
                    based_on_version_number=form.cleaned_data["based_on"],
                    data={
                        "goals": form.cleaned_data["goals"],
                        "next_review_on": form.cleaned_data["next_review_on"],
                    },
                    request=request,
                )
            except PlanError as error:
                status = _failed(form, error)
            else:
                messages.success(request, _("Suunnitelmasta on tehty uusi versio (luonnos)."))
                return _to_version(relationship_code, version.number)
    return _form_page(
        request,
        access=access,
        form=form,
        title=_("Uusi suunnitelman versio"),
        submit=_("Tee uusi versio"),
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def version_detail(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = selectors.plan_version_get(
        actor=_actor(request), relationship_code=relationship_code, number=number, request=request
    )
    return _version_page(request, access, view)


def _version_page(
    request: HttpRequest, access: selectors.PlanAccess, view: selectors.VersionView, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "plans/version.html",
        {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "view": view,
            "can_update": access.can(Action.UPDATE),
            "can_create": access.can(Action.CREATE),
            "revision_form": RevisionForm(initial={"revision": view.version.revision}),
            "confirm_form": ConfirmForm(),
        },
        status=status,
    )


def _for_update(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, object_type: str
) -> tuple[selectors.PlanAccess, selectors.VersionView]:
    return selectors.plan_version_get(
        actor=_actor(request),
        relationship_code=relationship_code,
        number=number,
        action=Action.UPDATE,
        object_type=object_type,
        request=request,
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.planversion")
    version = view.version
    form = DraftForm(
        request.POST or None,
        initial={
            "revision": version.revision,
            "goals": version.goals,
            "next_review_on": version.next_review_on,
        },
    )
    status = run_form(
        request,
        form,
        lambda data: services.plan_version_update(
            actor=access.actor,
            version=version,
            goals=data["goals"],
            next_review_on=data["next_review_on"],
            expected_revision=data["revision"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, _("Tavoitteet ja arviointipäivä on tallennettu."))
        return _to_version(relationship_code, number)
    return _form_page(
        request,
        access=access,
        form=form,
        title=_("Muokkaa tavoitteita ja arviointipäivää"),
        submit=_("Tallenna"),
        status=status,
        version=view,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    form = AgreedServiceForm(
        request.POST or None,
        relationship=access.relationship,
        initial={"revision": view.version.revision, "responsible_organisation": access.actor.organisation_id},
    )
    return _draft_form_page(
        request,
        access=access,
        view=view,
        form=form,
        save=services.agreed_service_add,
        target={"version": view.version},
        success=_("Palvelu on lisätty suunnitelmaan."),
        title=_("Lisää palvelu"),
        submit=_("Lisää palvelu"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, service_code: uuid.UUID
) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    service = selectors.service_of_version(view, service_code)
    initial: dict[str, Any] = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    initial["revision"] = view.version.revision
    form = AgreedServiceForm(request.POST or None, relationship=access.relationship, initial=initial)
    return _draft_form_page(
        request,
        access=access,
        view=view,
        form=form,
        save=services.agreed_service_update,
        target={"service": service},
        success=_("Palvelun tiedot on tallennettu."),
        title=_("Muokkaa palvelua"),
        submit=_("Tallenna"),
    )


def _draft_form_page(
    request: HttpRequest,
    *,
    access: selectors.PlanAccess,
    view: selectors.VersionView,
    form: forms.Form,
    save: Callable[..., object],
    target: dict[str, Any],
    success: str,
    title: str,
    submit: str,
) -> HttpResponse:
    """A form that adds to or changes a draft (a service or a task) at the revision the page was read at."""

    def write(data: dict[str, Any]) -> object:
        return save(
            actor=access.actor, data=data, expected_revision=data["revision"], request=request, **target
        )

    status = run_form(request, form, write)
    if status is None:
        messages.success(request, success)
        return _to_version(access.relationship.code, view.version.number)
    return _form_page(
        request, access=access, form=form, title=title, submit=submit, status=status, version=view
    )


def _remove_from_draft(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    number: int,
    object_type: str,
    remove: Callable[[Any, User, int], None],
    success: str,
) -> HttpResponse:
    """Remove a service or a task from a draft, refusing a stale page (its revision) with a message."""
    access, view = _for_update(request, relationship_code, number, object_type)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, access, view, _("Lataa sivu uudelleen ja yritä uudelleen."), 400)
    try:
        remove(view, access.actor, form.cleaned_data["revision"])
    except PlanError as error:
        return _refused(request, access, view, error.messages[0], error.status)
    messages.success(request, success)
    return _to_version(relationship_code, number)


@login_required
@require_POST
def service_remove(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, service_code: uuid.UUID
) -> HttpResponse:
    def remove(view: Any, actor: Any, revision: int) -> None:
        services.agreed_service_remove(
            actor=actor,
            service=selectors.service_of_version(view, service_code),
            expected_revision=revision,
            request=request,
        )

    return _remove_from_draft(
        request,
        relationship_code,
        number,
        "plans.agreedservice",
        remove,
        _("Palvelu on poistettu luonnoksesta."),
    )


def _refused(
    request: HttpRequest, access: selectors.PlanAccess, view: selectors.VersionView, message: str, status: int
) -> HttpResponse:
    """A refused button press: the version page again, unchanged, with the reason and the error status."""
    messages.error(request, message)
    return _version_page(request, access, view, status)


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    form = ClientTaskForm(request.POST or None, initial={"revision": view.version.revision})
    return _draft_form_page(
        request,
        access=access,
        view=view,
        form=form,
        save=services.client_task_add,
        target={"version": view.version},
        success=_("Asiakkaan tehtävä on lisätty."),
        title=_("Lisää asiakkaan tehtävä"),
        submit=_("Lisää tehtävä"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID
) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    task = selectors.task_of_version(view, task_code)
    form = ClientTaskForm(
        request.POST or None,
        initial={
            "revision": view.version.revision,
            "description": task.description,
            "due_on": task.due_on,
            "done": task.done,
        },
    )
    return _draft_form_page(
        request,
        access=access,
        view=view,
        form=form,
        save=services.client_task_update,
        target={"task": task},
        success=_("Asiakkaan tehtävä on tallennettu."),
        title=_("Muokkaa asiakkaan tehtävää"),
        submit=_("Tallenna"),
    )


@login_required
@require_POST
def task_remove(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID
) -> HttpResponse:
    def remove(view: Any, actor: Any, revision: int) -> None:
        services.client_task_remove(
            actor=actor,
            task=selectors.task_of_version(view, task_code),
            expected_revision=revision,
            request=request,
        )

    return _remove_from_draft(
        request,
        relationship_code,
        number,
        "plans.clienttask",
        remove,
        _("Asiakkaan tehtävä on poistettu luonnoksesta."),
    )


@login_required
@require_POST
def commitment_confirm(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.commitmentconfirmation")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _refused(request, access, view, _("Valitse organisaatio, jonka sitoumukset vahvistat."), 400)
    try:
        services.commitment_confirm(
            actor=access.actor,
            version=view.version,
            organisation=form.cleaned_data["organisation"],
            request=request,
        )
    except PlanError as error:
        return _refused(request, access, view, error.messages[0], error.status)
    messages.success(request, _in_force_or(view, _("Organisaatiosi sitoumukset on vahvistettu.")))
    return _to_version(relationship_code, number)


def _in_force_or(view: selectors.VersionView, message: str) -> str:
    view.version.refresh_from_db(fields=["status"])
    if view.version.status == VersionStatus.IN_FORCE:
        return _("Kaikki osapuolet ovat vahvistaneet ja asiakas on hyväksynyt: suunnitelma on nyt voimassa.")
    return message


@login_required
@require_http_methods(["GET", "POST"])
def plan_accept(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.clientacceptance")
    form = AcceptanceForm(request.POST or None)
    status = run_form(
        request,
        form,
        lambda data: services.plan_accept(
            actor=access.actor,
            version=view.version,
            accepted_on=data["accepted_on"],
            how=data["how"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, _in_force_or(view, _("Asiakkaan hyväksyntä on kirjattu.")))
        return _to_version(relationship_code, number)
    return _form_page(
        request,
        access=access,
        form=form,
        title=_("Kirjaa asiakkaan hyväksyntä"),
        submit=_("Kirjaa hyväksyntä"),
        status=status,
        version=view,
    )


@login_required
@require_http_methods(["GET", "POST"])
def participation_record(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, service_code: uuid.UUID
) -> HttpResponse:
    actor = _actor(request)
    access, view, service = selectors.service_for_participation(
        actor=actor,
        relationship_code=relationship_code,
        number=number,
        service_code=service_code,
        request=request,
    )
    form = ParticipationForm(request.POST or None)
    status = run_form(
        request,
        form,
        lambda data: services.participation_record(actor=actor, service=service, request=request, **data),
    )
    if status is None:
        messages.success(request, _("Osallistumisen tilanne on kirjattu."))
        return _to_version(relationship_code, number)
    return _form_page(
        request,
        access=access,
        form=form,
        title=_("Kirjaa osallistuminen: %(service)s") % {"service": service.service_type.name},
        submit=_("Kirjaa"),
        status=status,
        version=view,
    )


@login_required
@require_http_methods(["GET"])
def version_compare(request: HttpRequest, relationship_code: uuid.UUID, a: int, b: int) -> HttpResponse:
    access, old, new, diff = selectors.plan_versions_compare(
        actor=_actor(request), relationship_code=relationship_code, a=a, b=b, request=request
    )
    return render(
        request,
        "plans/compare.html",
        {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "old": old,
            "new": new,
            "diff": diff,
        },
    )
