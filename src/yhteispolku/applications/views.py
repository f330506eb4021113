"""The applications pages. Thin: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.access.categories import Action, DataCategory
from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.applications import rules, selectors, services
from yhteispolku.applications.errors import ApplicationError
from yhteispolku.applications.forms import (
    AnswerForm,
    ApplicationForm,
    ApplicationUpdateForm,
    DecisionForm,
    InformationRequestForm,
    KelaCheckForm,
)
from yhteispolku.applications.models import BENEFIT_CATEGORIES, InformationRequest


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def application_list(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    applications, visible = selectors.applications_for(actor=actor, context=context, request=request)
    advice = selectors.advice_for(
        actor=actor,
        context=context,
        applications=applications,
        kela_visible=DataCategory.KELA in visible,
        request=request,
    )
    return render(
        request,
        "applications/list.html",
        {
            "client": context.client,
            "applications": applications,
            "visible": visible,
            "advice": advice,
            "can_record": any(context.can(actor, Action.CREATE, c) for c in selectors.APPLICATION_CATEGORIES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_record(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    allowed = [b for b, category in BENEFIT_CATEGORIES.items() if context.can(actor, Action.CREATE, category)]
    if request.method == "GET" and not allowed:
        authorize(
            actor=actor,
            action=Action.CREATE,
            category=DataCategory.KELA,
            client=context.client,
            request=request,
            facts=context.facts,
            object_type=services.APPLICATION,
        )
    posted = request.POST.get("benefit", "")
    # A benefit outside the actor's categories goes to the service, whose authorisation refuses and logs it.
    form = ApplicationForm(
        request.POST or None,
        client=context.client,
        allowed_benefits=None if posted in BENEFIT_CATEGORIES else allowed,
        initial={"submitted_on": timezone.localdate(), "helped_by": actor.pk},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.application_record(
                    actor=actor, client=context.client, request=request, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error)
                status = error.status
            else:
                messages.success(request, _("Hakemus on kirjattu."))
                return redirect("applications:list", code=context.client.code)
    return render(
        request, "applications/application_form.html", {"form": form, "client": context.client}, status=status
    )


def answer_prefix(information_request: InformationRequest) -> str:
    return f"answer-{information_request.pk}"


def _detail(
    context: selectors.ClientApplications,
    shown: selectors.ShownApplication,
    **forms: object,
) -> dict[str, object]:
    application = shown.application
    return {
        "client": context.client,
        "shown": shown,
        "application": application,
        "update_form": forms.get("update_form")
        or ApplicationUpdateForm(
            client=context.client,
            initial={
                "details": application.details,
                "submitted_on": application.submitted_on,
                "helped_by": application.helped_by_id,
                "placement_found_on": application.placement_found_on,
                "revision": application.revision,
            },
        ),
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            prefix="decision", initial={"decided_on": timezone.localdate(), "revision": application.revision}
        ),
        "request_form": forms.get("request_form")
        or InformationRequestForm(
            initial={"requested_on": timezone.localdate(), "due_on": timezone.localdate()}
        ),
        # One form per open request, each with its own prefix, so that the field ids stay unique.
        "answer_forms": {
            item.pk: forms.get("answer_form")
            if forms.get("answering") == item
            else AnswerForm(prefix=answer_prefix(item), initial={"answered_on": timezone.localdate()})
            for item in shown.requests
            if item.answered_on is None
        },
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    """The application with its requests and decision; a POST corrects it (optimistic locking)."""
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=Action.VIEW, request=request
    )
    if request.method == "GET":
        return render(request, "applications/detail.html", _detail(context, shown))
    form = ApplicationUpdateForm(request.POST, client=context.client)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.application_update(
                actor=actor,
                application=shown.application,
                expected_revision=data.pop("revision"),
                request=request,
                **data,
            )
        except ApplicationError as error:
            form.add_error(None, error)
            status = error.status
        else:
            messages.success(request, _("Hakemus on päivitetty."))
            return redirect(
                "applications:detail", code=context.client.code, application_code=shown.application.code
            )
    return render(
        request, "applications/detail.html", _detail(context, shown, update_form=form), status=status
    )


@login_required
@require_http_methods(["POST"])
def application_decide(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=Action.VIEW, request=request
    )
    form = DecisionForm(request.POST, prefix="decision")
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.application_decide(
                actor=actor,
                application=shown.application,
                expected_revision=data.pop("revision"),
                request=request,
                **data,
            )
        except ApplicationError as error:
            form.add_error(None, error)
            status = error.status
        else:
            messages.success(request, _("Päätös on kirjattu."))
            return redirect(
                "applications:detail", code=context.client.code, application_code=shown.application.code
            )
    return render(
        request,
        "applications/detail.html",
        _detail(context, shown, decision_form=form),
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def information_request_record(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=Action.VIEW, request=request
    )
    form = InformationRequestForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.information_request_record(
                actor=actor, application=shown.application, request=request, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error)
            status = error.status
        else:
            messages.success(request, _("Lisäselvityspyyntö on kirjattu."))
            return redirect(
                "applications:detail", code=context.client.code, application_code=shown.application.code
            )
    return render(
        request,
        "applications/detail.html",
        _detail(context, shown, request_form=form),
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def information_request_answer(
    request: HttpRequest, code: str, application_code: str, request_code: str
) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=Action.VIEW, request=request
    )
    information_request = selectors.information_request_for_action(shown=shown, code=request_code)
    form = AnswerForm(request.POST, prefix=answer_prefix(information_request))
    status = 400
    if form.is_valid():
        try:
            services.information_request_answer(
                actor=actor, information_request=information_request, request=request, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error)
            status = error.status
        else:
            messages.success(request, _("Vastaus on kirjattu."))
            return redirect(
                "applications:detail", code=context.client.code, application_code=shown.application.code
            )
    return render(
        request,
        "applications/detail.html",
        _detail(context, shown, answer_form=form, answering=information_request),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_check(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    if request.method == "GET":
        authorize(
            actor=actor,
            action=Action.CREATE,
            category=DataCategory.PLAN,
            client=context.client,
            request=request,
            facts=context.facts,
            object_type=services.KELA_CHECK,
        )
    today = timezone.localdate()
    indicators, _version = rules.checklist(rules.COOPERATION_RULE, "indicators", today)
    criteria, _version = rules.checklist(rules.VOCATIONAL_RULE, "criteria", today)
    form = KelaCheckForm(
        request.POST or None, indicators=indicators, criteria=criteria, initial={"checked_on": today}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.kela_check_record(
                    actor=actor, client=context.client, request=request, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error)
                status = error.status
            else:
                messages.success(request, _("Tarkistuslista on kirjattu."))
                return redirect("applications:list", code=context.client.code)
    return render(
        request, "applications/kela_check.html", {"form": form, "client": context.client}, status=status
    )
