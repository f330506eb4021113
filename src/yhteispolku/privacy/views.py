"""The data-protection officer's desk: find a client, register their access-log request, read the log for
it and print the answer. Views parse input, call one selector or service and render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import Client
from yhteispolku.core.pages import form_page, run_form
from yhteispolku.privacy import rules, selectors, services
from yhteispolku.privacy.forms import DeliverForm, ExtendForm, LogFilterForm, RequestForm, SearchForm
from yhteispolku.privacy.letter import answer_letter_pdf
from yhteispolku.privacy.models import AccessLogRequest


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """The open requests, and a search among all clients (POST: an identity code never goes in a URL)."""
    actor = _actor(request)
    selectors.require_desk(actor)
    form = SearchForm(request.POST if request.method == "POST" else None)
    results: list[tuple[Client, list[AccessLogRequest]]] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                found = selectors.search_clients(
                    actor=actor,
                    query=form.cleaned_data["q"],
                    reference=form.cleaned_data["reference"],
                    request=request,
                )
                by_client = selectors.requests_by_client(found)
                results = [(client, by_client[client.pk]) for client in found]
            except InvalidIdentityCode as error:
                form.add_error("q", error)
                status = 400
        else:
            status = 400
    context = {
        "form": form,
        "results": results,
        "open_requests": selectors.open_requests(actor=actor),
        "today": timezone.localdate(),
    }
    return render(request, "privacy/desk.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    client = selectors.client_for_desk(actor=actor, code=code, request=request)
    initial = {"reference": request.GET.get("viite", "")[:60], "received_on": timezone.localdate()}
    form = RequestForm(request.POST if request.method == "POST" else None, initial=initial)

    def save(data: dict[str, Any]) -> AccessLogRequest:
        return services.record_request(actor=actor, client=client, data=data, request=request)

    return form_page(
        request,
        form,
        save,
        saved=lambda row: (
            _("Lokitietopyyntö %(reference)s on kirjattu. Vastattava viimeistään %(date)s.")
            % {"reference": row.reference, "date": date_format(row.answer_due, "j.n.Y")}
        ),
        then=lambda row: redirect("privacy:request", pk=row.pk),
        template="privacy/request_new.html",
        context=lambda: {"form": form, "client": client},
    )


def _filters(form: LogFilterForm) -> selectors.LogFilters:
    if not form.is_valid():
        return selectors.LogFilters()
    data = form.cleaned_data
    return selectors.LogFilters(
        since=data.get("since"),
        until=data.get("until"),
        actor_id=data.get("actor"),
        organisation=data.get("organisation") or "",
        action=data.get("action") or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: its dates, extending it, recording its delivery, and the client's log for it."""
    actor = _actor(request)
    log_request = selectors.request_get(actor=actor, pk=pk, request=request)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    extend_form = ExtendForm(request.POST if step == "extend" else None)
    deliver_form = DeliverForm(request.POST if step == "deliver" else None)
    status: int | None = 200
    if step == "extend":
        status = run_form(
            request,
            extend_form,
            lambda data: services.extend_request(
                actor=actor, log_request=log_request, reason=data["extension_reason"], request=request
            ),
        )
        if status is None:
            return redirect("privacy:request", pk=log_request.pk)
    elif step == "deliver":
        status = run_form(
            request,
            deliver_form,
            lambda data: services.deliver_request(
                actor=actor, log_request=log_request, delivered_on=data["delivered_on"], request=request
            ),
        )
        if status is None:
            return redirect("privacy:request", pk=log_request.pk)
    filter_form = LogFilterForm(request.GET or None)
    filters = _filters(filter_form)
    page = selectors.log_page(
        actor=actor,
        log_request=log_request,
        filters=filters,
        page=request.GET.get("sivu", 1),
        request=request,
    )
    _offer_choices(filter_form, page)
    if filter_form.is_bound and not filter_form.is_valid():
        status = 400
    query = request.GET.copy()
    query.pop("sivu", None)
    context = {
        "log_request": log_request,
        "client": log_request.client,
        "extend_form": extend_form,
        "deliver_form": deliver_form,
        "filter_form": filter_form,
        "log": page,
        "query": query.urlencode(),
        "extended_due": rules.extended_due(log_request.received_on).on,
        "pdf_url": reverse("privacy:answer_pdf", kwargs={"pk": log_request.pk}),
    }
    return render(request, "privacy/request.html", context, status=status or 200)


def _offer_choices(form: LogFilterForm, page: selectors.LogPage) -> None:
    """The professional and organisation choices of the client's log, each with its count; a choice not
    in the log (an unknown organisation typed into the address) is named on the form."""
    form.fields["actor"].widget.choices = [
        ("", _("Kaikki ammattilaiset")),
        *[(str(actor_id), f"{name} ({count})") for actor_id, name, count in page.professionals],
    ]
    form.fields["organisation"].widget.choices = [
        ("", _("Kaikki organisaatiot")),
        *[(name, f"{name} ({count})") for name, count in page.organisations],
    ]
    form.fields["action"].choices = [  # type: ignore[attr-defined]
        ("", _("Kaikki toiminnot")),
        *[(value, f"{label} ({count})") for value, label, count in page.actions],
    ]
    if not form.is_bound or not form.is_valid():
        return
    actor_id = form.cleaned_data.get("actor")
    if actor_id is not None and actor_id not in {row[0] for row in page.professionals}:
        form.add_error("actor", _("Tämä ammattilainen ei esiinny asiakkaan lokissa valitulla jaksolla."))
    organisation = form.cleaned_data.get("organisation")
    if organisation and organisation not in {row[0] for row in page.organisations}:
        form.add_error(
            "organisation", _("Tätä organisaatiota ei löydy asiakkaan lokista valitulla jaksolla.")
        )


@login_required
@require_GET
def answer_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to the client as a PDF letter, in their service language (Finnish or Swedish)."""
    actor = _actor(request)
    log_request = selectors.request_get(actor=actor, pk=pk, request=request)
    pdf = answer_letter_pdf(actor=actor, log_request=log_request, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lokitiedot-{log_request.pk}.pdf"'
    return response
