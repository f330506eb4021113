"""Form pages of the advice checks; the checks themselves are shown on the TYM case page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.advice import selectors, services
from yhteispolku.advice.forms import AdviceDecisionForm, UnemploymentFactsForm
from yhteispolku.advice.models import Check
from yhteispolku.cases.selectors import CaseView
from yhteispolku.core.pages import show_error


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(
    request: HttpRequest, view: CaseView, form: forms.Form, title: str, submit: str, intro: str, status: int
) -> HttpResponse:
    return render(
        request,
        "cases/form.html",
        {"client": view.client, "form": form, "title": title, "submit": submit, "intro": intro},
        status=status,
    )


def _refused(form: forms.Form, error: ValidationError) -> int:
    # The advice services refuse input with plain ValidationErrors: always input to correct.
    show_error(form, error)
    return 400


@login_required
@require_http_methods(["GET", "POST"])
def unemployment_facts(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_advice(actor=actor, code=code, check=Check.UNEMPLOYED, request=request)
    if view.relationship is None:
        raise Http404
    form = UnemploymentFactsForm(request.POST or None, initial={"on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.unemployment_facts_record(
                    actor=actor,
                    relationship=view.relationship,
                    data=form.cleaned_data,
                    facts=view.facts,
                    request=request,
                )
            except ValidationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Työllistymistilanne on kirjattu."))
                return redirect("cases:detail", code=view.client.code)
    return _page(
        request,
        view,
        form,
        _("Työllistymistilanne"),
        _("Kirjaa tilanne"),
        _("R-UNEMP-1 lukee nämä tiedot ja neuvoo, onko henkilö työtön. Päätöksen teet sinä."),
        status,
    )


def _decision(request: HttpRequest, code: str, check: Check) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_advice(actor=actor, code=code, check=check, request=request)
    if view.relationship is None:
        raise Http404
    form = AdviceDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.advice_decision_record(
                    actor=actor,
                    relationship=view.relationship,
                    check=check,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    facts=view.facts,
                    request=request,
                )
            except ValidationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Päätös on kirjattu."))
                return redirect("cases:detail", code=view.client.code)
    return _page(
        request,
        view,
        form,
        str(check.label),
        _("Kirjaa päätös"),
        _("Tarkistus neuvoo; päätöksen teet sinä. Päätös tallentuu tarkistuksen neuvon ja tietojen kanssa."),
        status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unemployment_decision(request: HttpRequest, code: str) -> HttpResponse:
    return _decision(request, code, Check.UNEMPLOYED)


@login_required
@require_http_methods(["GET", "POST"])
def tym_criteria_decision(request: HttpRequest, code: str) -> HttpResponse:
    return _decision(request, code, Check.TYM_CRITERIA)
