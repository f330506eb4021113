"""Plan pages for professionals. Thin: parse input, call one service or selector, render.

Every page first asks a selector, which authorises and audits the action, so that a refused or
invisible request is logged before any input is looked at.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from yhteispolku.accounts.models import User
from yhteispolku.core.categories import Action
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import confirmation, form_page, is_confirmed, refused
from yhteispolku.plans import printout, selectors, services
from yhteispolku.plans.forms import (
    AcceptanceForm,
    AgreedServiceForm,
    ClientTaskForm,
    ConfirmForm,
    DeliveryForm,
    DraftForm,
    ParticipationForm,
    PlanVersionForm,
    RevisionForm,
)
from yhteispolku.plans.models import VersionStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The draft's form pages: what they say.
ADD, SAVE = gettext_lazy("Lisää tehtävä"), gettext_lazy("Tallenna")
ADD_SERVICE, EDIT_SERVICE = gettext_lazy("Lisää palvelu"), gettext_lazy("Muokkaa palvelua")
SERVICE_ADDED = gettext_lazy("Palvelu on lisätty suunnitelmaan.")
SERVICE_SAVED = gettext_lazy("Palvelun tiedot on tallennettu.")
ADD_TASK, EDIT_TASK = gettext_lazy("Lisää asiakkaan tehtävä"), gettext_lazy("Muokkaa asiakkaan tehtävää")
TASK_ADDED = gettext_lazy("Asiakkaan tehtävä on lisätty.")
TASK_SAVED = gettext_lazy("Asiakkaan tehtävä on tallennettu.")


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _to_version(relationship_code: uuid.UUID, number: int) -> HttpResponse:
    return redirect("plans:version", relationship_code=relationship_code, number=number)


def _plan_form(
    request: HttpRequest,
    access: selectors.PlanAccess,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    saved: StrOrPromise | Callable[[Any], StrOrPromise],
    title: StrOrPromise,
    submit: StrOrPromise,
    view: selectors.VersionView | None = None,
) -> HttpResponse:
    """A plan form page: saved, back to `view`'s version (without one, to the version `save` made);
    otherwise the form again with what was typed, the refusal and its status."""

    def back(result: Any) -> HttpResponse:
        return _to_version(access.relationship.code, view.version.number if view else result.number)

    return form_page(
        request,
        form,
        save,
        saved=saved,
        then=back,
        template="plans/form.html",
        context=lambda: {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "form": form,
            "title": title,
            "submit": submit,
            "view": view,
        },
    )


@login_required
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    overview = selectors.plan_overview(
        actor=_actor(request), relationship_code=relationship_code, request=request, with_text=True
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
    return _plan_form(
        request,
        access,
        form,
        lambda data: services.plan_version_create(
            actor=actor,
            relationship=access.relationship,
            based_on_version_number=data["based_on"],
            data={"goals": data["goals"], "next_review_on": data["next_review_on"]},
            request=request,
        ),
        # The relationship's first plan is drafted ("Laadi suunnitelma"), later ones are new versions.
        saved=_("Suunnitelmasta on tehty uusi versio (luonnos).")
        if latest
        else _("Suunnitelman luonnos on laadittu."),
        title=_("Uusi suunnitelman versio") if latest else _("Laadi suunnitelma"),
        submit=_("Tee uusi versio") if latest else _("Laadi suunnitelma"),
    )


@login_required
@require_http_methods(["GET"])
def version_detail(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = selectors.plan_version_get(
        actor=_actor(request), relationship_code=relationship_code, number=number, request=request
    )
    return _version_page(request, access, view)


@login_required
@require_http_methods(["GET"])
def version_pdf(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    """The version as a PDF in the client's service language; printing is authorised and audited."""
    _access, view = selectors.plan_version_get(
        actor=_actor(request),
        relationship_code=relationship_code,
        number=number,
        action=Action.PRINT,
        request=request,
    )
    response = HttpResponse(printout.plan_version_pdf(view.version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printout.printout_filename(view.version)}"'
    return response


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
            "can_print": access.can(Action.PRINT),
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
    return _plan_form(
        request,
        access,
        form,
        lambda data: services.plan_version_update(
            actor=access.actor,
            version=version,
            goals=data["goals"],
            next_review_on=data["next_review_on"],
            expected_revision=data["revision"],
            request=request,
        ),
        saved=_("Tavoitteet ja arviointipäivä on tallennettu."),
        title=_("Muokkaa tavoitteita ja arviointipäivää"),
        submit=_("Tallenna"),
        view=view,
    )


def _to_draft(
    access: selectors.PlanAccess, save: Callable[..., object], request: HttpRequest, **target: Any
) -> Callable[[dict[str, Any]], object]:
    """The save step of a form that adds to or changes a draft (`target`: its version, service or task),
    at the revision the page was read at."""
    return lambda data: save(
        actor=access.actor, data=data, expected_revision=data["revision"], request=request, **target
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.agreedservice")
    form = AgreedServiceForm(
        request.POST or None,
        relationship=access.relationship,
        initial={"revision": view.version.revision},
    )
    save = _to_draft(access, services.agreed_service_add, request, version=view.version)
    return _plan_form(
        request, access, form, save, saved=SERVICE_ADDED, title=ADD_SERVICE, submit=ADD_SERVICE, view=view
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
    if services.responsible_options(service.service_type, access.relationship) == [
        service.responsible_organisation
    ]:
        # What the service type implies stays implied: a changed service type brings its own authority.
        initial["responsible_organisation"] = None
    form = AgreedServiceForm(request.POST or None, relationship=access.relationship, initial=initial)
    save = _to_draft(access, services.agreed_service_update, request, service=service)
    return _plan_form(
        request, access, form, save, saved=SERVICE_SAVED, title=EDIT_SERVICE, submit=SAVE, view=view
    )


def _remove_from_draft(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    number: int,
    object_type: str,
    find: Callable[[selectors.VersionView], Any],
    remove: Callable[..., None],
    *,
    question: Callable[[Any], StrOrPromise],
    removed: StrOrPromise,
) -> HttpResponse:
    """Remove a service or a task (`find(view)`) from a draft after a confirmation step: the first POST
    shows what will be removed (`question(row)`) and changes nothing; only the confirmed POST calls
    `remove(row, actor, revision)`. A stale page (its revision) is refused with a message."""
    access, view = _for_update(request, relationship_code, number, object_type)
    row = find(view)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lataa sivu uudelleen ja yritä uudelleen."))
        return _version_page(request, access, view, 400)
    if not is_confirmed(request):
        back = reverse("plans:version", kwargs={"relationship_code": relationship_code, "number": number})
        return confirmation(
            request,
            client=access.relationship.client,
            question=question(row),
            consequences=[
                _(
                    "Poisto tulee voimaan heti suunnitelman luonnoksessa (versio %(number)s). Jos asia on "
                    "silti sovittu, se on lisättävä uudelleen."
                )
                % {"number": number},
            ],
            back_url=back,
            back_label=_("Takaisin suunnitelman versioon %(number)s") % {"number": number},
            carried={"revision": form.cleaned_data["revision"]},
            cancel_url=back,
        )
    try:
        remove(row, access.actor, form.cleaned_data["revision"])
    except DomainError as error:
        return _version_page(request, access, view, refused(request, error))
    messages.success(request, removed)
    return _to_version(relationship_code, number)


@login_required
@require_POST
def service_remove(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, service_code: uuid.UUID
) -> HttpResponse:
    def remove(service: Any, actor: User, revision: int) -> None:
        services.agreed_service_remove(
            actor=actor, service=service, expected_revision=revision, request=request
        )

    return _remove_from_draft(
        request,
        relationship_code,
        number,
        "plans.agreedservice",
        lambda view: selectors.service_of_version(view, service_code),
        remove,
        question=lambda service: (
            _("Poistetaanko palvelu %(service)s suunnitelmasta?") % {"service": service.service_type.name}
        ),
        removed=_("Palvelu on poistettu luonnoksesta."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    form = ClientTaskForm(request.POST or None, initial={"revision": view.version.revision})
    save = _to_draft(access, services.client_task_add, request, version=view.version)
    return _plan_form(request, access, form, save, saved=TASK_ADDED, title=ADD_TASK, submit=ADD, view=view)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID
) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.clienttask")
    task = selectors.task_of_version(view, task_code)
    initial = {"revision": view.version.revision, "description": task.description, "due_on": task.due_on}
    form = ClientTaskForm(request.POST or None, initial={**initial, "done": task.done})
    save = _to_draft(access, services.client_task_update, request, task=task)
    return _plan_form(request, access, form, save, saved=TASK_SAVED, title=EDIT_TASK, submit=SAVE, view=view)


@login_required
@require_POST
def task_remove(
    request: HttpRequest, relationship_code: uuid.UUID, number: int, task_code: uuid.UUID
) -> HttpResponse:
    def remove(task: Any, actor: User, revision: int) -> None:
        services.client_task_remove(actor=actor, task=task, expected_revision=revision, request=request)

    return _remove_from_draft(
        request,
        relationship_code,
        number,
        "plans.clienttask",
        lambda view: selectors.task_of_version(view, task_code),
        remove,
        question=lambda task: (
            _("Poistetaanko asiakkaan tehtävä suunnitelmasta: %(task)s?")
            % {"task": Truncator(task.description).chars(80)}
        ),
        removed=_("Asiakkaan tehtävä on poistettu luonnoksesta."),
    )


@login_required
@require_POST
def commitment_confirm(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.commitmentconfirmation")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Valitse organisaatio, jonka sitoumukset vahvistat."))
        return _version_page(request, access, view, 400)
    organisation = form.cleaned_data["organisation"]
    try:
        services.commitment_confirm(
            actor=access.actor, version=view.version, organisation=organisation, request=request
        )
    except DomainError as error:
        return _version_page(request, access, view, refused(request, error))
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
    return _plan_form(
        request,
        access,
        form,
        lambda data: services.plan_accept(
            actor=access.actor,
            version=view.version,
            accepted_on=data["accepted_on"],
            how=data["how"],
            request=request,
        ),
        saved=lambda _accepted: _in_force_or(view, _("Asiakkaan hyväksyntä on kirjattu.")),
        title=_("Kirjaa asiakkaan hyväksyntä"),
        submit=_("Kirjaa hyväksyntä"),
        view=view,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delivery(request: HttpRequest, relationship_code: uuid.UUID, number: int) -> HttpResponse:
    access, view = _for_update(request, relationship_code, number, "plans.plandelivery")
    return _plan_form(
        request,
        access,
        DeliveryForm(request.POST or None),
        lambda data: services.plan_delivery_record(
            actor=access.actor,
            version=view.version,
            delivered_on=data["delivered_on"],
            how=data["how"],
            request=request,
        ),
        saved=_("Suunnitelman antaminen asiakkaalle on kirjattu."),
        title=_("Kirjaa suunnitelma annetuksi asiakkaalle"),
        submit=_("Kirjaa annetuksi"),
        view=view,
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
    return _plan_form(
        request,
        access,
        ParticipationForm(request.POST or None),
        lambda data: services.participation_record(actor=actor, service=service, request=request, **data),
        saved=_("Osallistumisen tilanne on kirjattu."),
        title=_("Kirjaa osallistuminen: %(service)s") % {"service": service.service_type.name},
        submit=_("Kirjaa"),
        view=view,
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
