"""Oma Yhteispolku's pages before the first meeting and for acknowledging: her pre-information form, her
self-assessment, and the entries of the joint plan shown to her. Thin: parse input, call one service or
selector of `portal.preparation`, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteispolku.assessments.services import SELF_ASSESSMENT
from yhteispolku.clients.models import Client
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import show_error
from yhteispolku.portal import preparation
from yhteispolku.portal.preparation_forms import OwnPreInformationForm, OwnSelfAssessmentForm
from yhteispolku.portal.session import client_required

PRE_INFORMATION_FIELDS = ("situation", "education", "work_history", "health", "wishes")
SELF_ASSESSMENT_FIELDS = ("work_ability", "health", "daily_life", "strengths", "obstacles")


def _client(request: HttpRequest) -> Client:
    return request.portal_client  # type: ignore[attr-defined]


def _own_form_page(
    request: HttpRequest,
    *,
    form_class: type[Form],
    fields: tuple[str, ...],
    current: Any,
    is_open: bool,
    save: Callable[[int, dict[str, Any]], object],
    reload: Callable[[], Any],
    template: str,
    context: dict[str, Any],
    saved_message: str,
) -> HttpResponse:
    """Her form: opened with her answers so far; sent, saved (back here with a thank-you); refused, shown
    again with everything she typed and the reason (400 to correct, 409 when it was sent elsewhere in the
    meantime or the team has read it). A stale send gets the stored version, so sending again after
    checking her answers is her explicit choice."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if not form.is_valid():
            status = 400
        else:
            data = dict(form.cleaned_data)
            expected = data.pop("version")
            try:
                save(expected, data)
            except DomainError as error:
                status = error.status
                current = reload()
                refreshed = request.POST.copy()
                refreshed["version"] = str(current.version if current is not None else 0)
                form = form_class(refreshed)
                form.is_valid()
                show_error(form, error)
                is_open = is_open and (current is None or current.read_at is None)
            else:
                messages.success(request, saved_message)
                return redirect(request.path)
    else:
        initial: dict[str, Any] = {"version": current.version if current is not None else 0}
        if current is not None:
            initial |= {name: getattr(current, name) for name in fields}
        form = form_class(initial=initial)
    return render(
        request,
        template,
        {"form": form, "current": current, "is_open": is_open, **context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@client_required
def pre_information(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    client = _client(request)
    own = preparation.own_forms(client=client, relationship_code=relationship_code, request=request)

    def save(expected: int, data: dict[str, Any]) -> object:
        return preparation.save_pre_information(
            client=client,
            relationship_code=relationship_code,
            expected_version=expected,
            data=data,
            request=request,
        )

    def reload() -> Any:
        return preparation.own_forms(client=client, relationship_code=relationship_code).pre_information

    return _own_form_page(
        request,
        form_class=OwnPreInformationForm,
        fields=PRE_INFORMATION_FIELDS,
        current=own.pre_information,
        is_open=own.pre_information_open,
        save=save,
        reload=reload,
        template="portal/pre_information.html",
        context={"client": client, "own": own},
        saved_message=_("Kiitos! Esitietolomakkeesi on tallennettu ja näkyy tiimillesi."),
    )


@require_http_methods(["GET", "POST"])
@client_required
def self_assessment(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    client = _client(request)
    own = preparation.own_forms(
        client=client, relationship_code=relationship_code, request=request, object_type=SELF_ASSESSMENT
    )

    def save(expected: int, data: dict[str, Any]) -> object:
        return preparation.save_self_assessment(
            client=client,
            relationship_code=relationship_code,
            expected_version=expected,
            data=data,
            request=request,
        )

    def reload() -> Any:
        return preparation.own_forms(client=client, relationship_code=relationship_code).self_assessment

    return _own_form_page(
        request,
        form_class=OwnSelfAssessmentForm,
        fields=SELF_ASSESSMENT_FIELDS,
        current=own.self_assessment,
        is_open=own.self_assessment_open,
        save=save,
        reload=reload,
        template="portal/self_assessment.html",
        context={"client": client, "own": own},
        saved_message=_("Kiitos! Itsearviosi on tallennettu ja näkyy tiimillesi."),
    )


def _entries_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    client = _client(request)
    return render(
        request,
        "portal/entries.html",
        {"client": client, "entries": preparation.own_entries(client=client, request=request)},
        status=status,
    )


@require_GET
@client_required
def entries(request: HttpRequest) -> HttpResponse:
    return _entries_page(request)


@require_POST
@client_required
def entry_acknowledge(request: HttpRequest, entry_code: uuid.UUID) -> HttpResponse:
    """She acknowledges an entry shown to her; a second press is a clear message, nothing changes."""
    client = _client(request)
    try:
        preparation.acknowledge_entry(client=client, entry_code=entry_code, request=request)
    except DomainError as error:
        messages.error(request, "; ".join(error.messages))
        return _entries_page(request, status=error.status)
    messages.success(
        request, _("Kiitos! Kuittauksesi on tallennettu. Työntekijäsi näkevät, että olet lukenut kirjauksen.")
    )
    return redirect("portal:entries")
