"""The applications pages. Thin: parse input, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.applications import joint_reviews, rules, selectors, services
from yhteispolku.applications.forms import (
    AnswerForm,
    ApplicationForm,
    ApplicationUpdateForm,
    CoachMeetingForm,
    DecisionForm,
    InformationRequestForm,
    JointReviewForm,
    KelaCheckForm,
    KelaInterviewForm,
)
from yhteispolku.applications.models import BENEFIT_CATEGORIES, InformationRequest
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.pages import form_page


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
        context.authorize(actor, Action.CREATE, DataCategory.KELA, services.APPLICATION, request)
    posted = request.POST.get("benefit", "")
    # A benefit outside the actor's categories goes to the service, whose authorisation refuses and logs it.
    form = ApplicationForm(
        request.POST or None,
        client=context.client,
        allowed_benefits=None if posted in BENEFIT_CATEGORIES else allowed,
        initial={"submitted_on": timezone.localdate(), "helped_by": actor.pk},
    )
    return form_page(
        request,
        form,
        lambda data: services.application_record(actor=actor, client=context.client, request=request, **data),
        saved=_("Hakemus on kirjattu."),
        then=lambda _saved: redirect("applications:list", code=context.client.code),
        template="applications/application_form.html",
        context=lambda: {"form": form, "client": context.client},
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
        "coach_form": forms.get("coach_form")
        or CoachMeetingForm(prefix="coach", initial={"met_on": timezone.localdate()}),
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


def _application(
    request: HttpRequest, code: str, application_code: str
) -> tuple[User, selectors.ClientApplications, selectors.ShownApplication]:
    """The actor, the client and the application a detail page's form is about (read: VIEW)."""
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    shown = selectors.application_for_action(
        actor=actor, context=context, code=application_code, action=Action.VIEW, request=request
    )
    return actor, context, shown


def _at_revision(
    save: Callable[..., object], actor: User, shown: selectors.ShownApplication, request: HttpRequest
) -> Callable[[dict[str, Any]], object]:
    """The save step of a form that changes the application at the revision the page was read at."""
    return lambda data: save(
        actor=actor,
        application=shown.application,
        expected_revision=data.pop("revision"),
        request=request,
        **data,
    )


def _detail_form_page(
    request: HttpRequest,
    context: selectors.ClientApplications,
    shown: selectors.ShownApplication,
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    saved: str,
    **forms: object,
) -> HttpResponse:
    """Run one of the detail page's forms; saved, back to the detail page, else the page with `forms`."""
    return form_page(
        request,
        form,
        save,
        saved=saved,
        then=lambda _saved: redirect(
            "applications:detail", code=context.client.code, application_code=shown.application.code
        ),
        template="applications/detail.html",
        context=lambda: _detail(context, shown, **forms),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    """The application with its requests and decision; a POST corrects it (optimistic locking)."""
    actor, context, shown = _application(request, code, application_code)
    if request.method == "GET":
        return render(request, "applications/detail.html", _detail(context, shown))
    form = ApplicationUpdateForm(request.POST, client=context.client)
    save = _at_revision(services.application_update, actor, shown, request)
    return _detail_form_page(
        request, context, shown, form, save, saved=_("Hakemus on päivitetty."), update_form=form
    )


@login_required
@require_http_methods(["POST"])
def application_decide(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    actor, context, shown = _application(request, code, application_code)
    form = DecisionForm(request.POST, prefix="decision")
    save = _at_revision(services.application_decide, actor, shown, request)
    return _detail_form_page(
        request, context, shown, form, save, saved=_("Päätös on kirjattu."), decision_form=form
    )


@login_required
@require_http_methods(["POST"])
def information_request_record(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    actor, context, shown = _application(request, code, application_code)
    form = InformationRequestForm(request.POST)
    return _detail_form_page(
        request,
        context,
        shown,
        form,
        lambda data: services.information_request_record(
            actor=actor, application=shown.application, request=request, **data
        ),
        saved=_("Lisäselvityspyyntö on kirjattu."),
        request_form=form,
    )


@login_required
@require_http_methods(["POST"])
def coach_meeting_record(request: HttpRequest, code: str, application_code: str) -> HttpResponse:
    actor, context, shown = _application(request, code, application_code)
    form = CoachMeetingForm(request.POST, prefix="coach")
    return _detail_form_page(
        request,
        context,
        shown,
        form,
        lambda data: services.coach_meeting_record(
            actor=actor, application=shown.application, request=request, **data
        ),
        saved=_("Valmentajan tapaaminen on kirjattu."),
        coach_form=form,
    )


@login_required
@require_http_methods(["POST"])
def information_request_answer(
    request: HttpRequest, code: str, application_code: str, request_code: str
) -> HttpResponse:
    actor, context, shown = _application(request, code, application_code)
    information_request = selectors.information_request_for_action(shown=shown, code=request_code)
    form = AnswerForm(request.POST, prefix=answer_prefix(information_request))
    return _detail_form_page(
        request,
        context,
        shown,
        form,
        lambda data: services.information_request_answer(
            actor=actor, information_request=information_request, request=request, **data
        ),
        saved=_("Vastaus on kirjattu."),
        answer_form=form,
        answering=information_request,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_check(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    if request.method == "GET":
        context.authorize(actor, Action.CREATE, DataCategory.PLAN, services.KELA_CHECK, request)
    today = timezone.localdate()
    indicators, _version = rules.checklist(rules.COOPERATION_RULE, "indicators", today)
    criteria, _version = rules.checklist(rules.VOCATIONAL_RULE, "criteria", today)
    form = KelaCheckForm(
        request.POST or None, indicators=indicators, criteria=criteria, initial={"checked_on": today}
    )
    return form_page(
        request,
        form,
        lambda data: services.kela_check_record(actor=actor, client=context.client, request=request, **data),
        saved=_("Tarkistuslista on kirjattu."),
        then=lambda _saved: redirect("applications:list", code=context.client.code),
        template="applications/kela_check.html",
        context=lambda: {"form": form, "client": context.client},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_interview_book(request: HttpRequest, code: str) -> HttpResponse:
    """Book Kela's rehabilitation interview; the page lists the ones booked. Kela's professionals book."""
    actor = _actor(request)
    context = selectors.client_applications_get(actor=actor, code=code, request=request)
    if request.method == "GET" and not context.can(
        actor, Action.CREATE, DataCategory.KELA, services.KELA_INTERVIEW
    ):
        context.authorize(actor, Action.CREATE, DataCategory.KELA, services.KELA_INTERVIEW, request)
    form = KelaInterviewForm(
        request.POST or None,
        organisation_id=actor.organisation_id,
        initial={"interviewer": actor.pk, "mode": "in_person"},
    )
    return form_page(
        request,
        form,
        lambda data: services.kela_interview_book(
            actor=actor, client=context.client, facts=context.facts, request=request, **data
        ),
        saved=_("Kelan haastattelu on varattu."),
        then=lambda _saved: redirect("cases:detail", code=context.client.code),
        template="applications/interview_form.html",
        context=lambda: {
            "form": form,
            "client": context.client,
            "interviews": selectors.kela_interviews(actor=actor, context=context, request=request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_review(request: HttpRequest, unit_code: str) -> HttpResponse:
    """Kela's twice-yearly joint review with a TYM team (R-KELA-5): the reviews held, each client's entry as
    the actor may see it, and the form to record one held (the team's professionals and Kela contacts)."""
    actor = _actor(request)
    shown = joint_reviews.team_reviews(actor=actor, unit_code=unit_code, request=request)
    form = JointReviewForm(
        request.POST or None, clients=shown.clients, initial={"held_on": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> object:
        return joint_reviews.review_record(
            actor=actor,
            unit_code=unit_code,
            held_on=data["held_on"],
            participants=data["participants"],
            next_steps=data["next_steps"],
            entries=[joint_reviews.EntryIn(*entry) for entry in form.entries(data)],
            request=request,
        )

    return form_page(
        request,
        form,
        save,
        saved=_("Läpikäynti on kirjattu."),
        then=lambda _saved: redirect("applications:joint_review", unit_code=unit_code),
        template="applications/joint_review.html",
        context=lambda: {"form": form, "shown": shown},
    )
