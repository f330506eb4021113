"""Oma Yhteispolku's pages: identification, the client's relationships and plans, the PDF, acceptance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteispolku.accounts import oidc
from yhteispolku.clients import services as client_services
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import confirmation, is_confirmed, run_form
from yhteispolku.plans import printout
from yhteispolku.plans import services as plan_services
from yhteispolku.portal import identification, preparation, selectors, services
from yhteispolku.portal.forms import FeedbackForm, OwnConsentForm
from yhteispolku.portal.session import client_login, client_logout, client_required

NEXT_KEY = "portal_next"
# The tag on the client's started identification: the professionals' callback does not take it.
OIDC_FLOW = "portal"


def _client(request: HttpRequest) -> Client:
    return request.portal_client  # type: ignore[attr-defined]


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if (
        candidate
        and candidate.startswith(reverse("portal:home"))
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("portal:home")


def _login_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/login.html",
        {
            "oidc_configured": identification.is_configured(),
            "demo_mode": settings.DEMO_MODE,
            "demo_clients": selectors.demo_clients() if settings.DEMO_MODE else [],
            "error": error,
            "next": request.GET.get("next", ""),
        },
        status=status,
    )


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    return _login_page(request)


@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the identification provider (mozilla-django-oidc's request view: state, nonce, PKCE)."""
    if not identification.is_configured():
        raise Http404
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    return oidc.start(request, identification.provider(), flow=OIDC_FLOW)


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: the state is used once, then the code is exchanged and checked."""
    if not identification.is_configured():
        raise Http404
    entry = oidc.take_state(request, OIDC_FLOW)
    try:
        client = identification.identify(request, entry)
    except identification.Refused as refusal:
        identification.log_refusal(request, refusal)
        return _login_page(request, error=refusal.message, status=403)
    if client is None:
        client_logout(request)
        return render(request, "portal/not_a_client.html")
    next_url = _safe_next(request, request.session.get(NEXT_KEY))
    client_login(request, client)
    return HttpResponseRedirect(next_url)


@require_POST
def demo_identify(request: HttpRequest) -> HttpResponse:
    """Demo mode only: identify as one of the demo clients, without any outside service."""
    if not settings.DEMO_MODE:
        raise Http404
    code = _uuid_or_none(request.POST.get("client", ""))
    client = Client.objects.filter(is_demo=True, code=code).first() if code else None
    if client is None:
        return _login_page(request, error=_("Valitse esittelyasiakas luettelosta."), status=400)
    client_login(request, client)
    return HttpResponseRedirect(_safe_next(request, request.POST.get("next")))


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # A professional's session is not the portal's to end.
        return redirect("portal:login")
    client_logout(request)
    messages.info(request, _("Olet kirjautunut ulos Oma Yhteispolusta."))
    return redirect("portal:login")


@require_GET
@client_required
def home(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    return render(
        request,
        "portal/home.html",
        {
            "client": client,
            "plans": selectors.overview(client=client, request=request),
            "kela_interviews": selectors.own_kela_interviews(client=client, request=request),
            "own_forms": preparation.own_form_overview(client=client),
            "entries_to_acknowledge": preparation.entries_to_acknowledge(client=client),
        },
    )


@require_GET
@client_required
def access_log(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    log = selectors.own_log(client=client, page=request.GET.get("sivu", 1), request=request)
    return render(request, "portal/access_log.html", {"client": client, "log": log})


@require_GET
@client_required
def plan_detail(request: HttpRequest, plan_code: uuid.UUID) -> HttpResponse:
    client = _client(request)
    view = selectors.own_plan(client=client, plan_code=plan_code, request=request)
    return render(request, "portal/plan.html", {"client": client, "view": view})


@require_GET
@client_required
def plan_pdf(request: HttpRequest, plan_code: uuid.UUID, number: int) -> HttpResponse:
    client = _client(request)
    view = selectors.own_plan(client=client, plan_code=plan_code, request=request, action=Action.PRINT)
    shown = [content.version for content in (view.in_force, view.to_accept) if content is not None]
    version = next((v for v in shown if v.number == number), None)
    if version is None:
        raise Http404
    response = HttpResponse(printout.plan_version_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printout.printout_filename(version)}"'
    plan_services.record_portal_delivery(version)
    return response


@require_http_methods(["GET", "POST"])
@client_required
def accept(request: HttpRequest, plan_code: uuid.UUID, version_code: uuid.UUID) -> HttpResponse:
    """The client accepts the version every authority has confirmed, after the confirmation step."""
    client = _client(request)
    view = selectors.own_plan(client=client, plan_code=plan_code, request=request)
    plan_url = reverse("portal:plan", kwargs={"plan_code": plan_code})
    pending = view.to_accept
    if is_confirmed(request):
        try:
            services.accept_version(client=client, version_code=version_code, request=request)
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
            return render(request, "portal/plan.html", {"client": client, "view": view}, status=error.status)
        messages.success(request, _("Kiitos! Hyväksyntäsi on tallennettu."))
        return redirect(plan_url)
    if pending is None or str(pending.version.code) != str(version_code):
        raise Http404
    return confirmation(
        request,
        client=client,
        question=_("Hyväksytkö suunnitelmasi version %(number)s?") % {"number": pending.version.number},
        consequences=[
            _("Hyväksyntäsi tallennetaan sähköisenä hyväksyntänä tälle päivälle."),
            _(
                "Kun kaikki viranomaiset ovat vahvistaneet sitoumuksensa, tämä versio tulee voimaan "
                "ja korvaa aiemman."
            ),
            _("Hyväksyntää ei voi perua täällä. Jos haluat muutoksia, ota yhteyttä työpariisi."),
        ],
        back_url=plan_url,
        back_label=_("Takaisin suunnitelmaan"),
        cancel_url=plan_url,
        base_template="portal/base.html",
    )


@require_http_methods(["GET", "POST"])
@client_required
def feedback(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    """Her feedback 0–10 and text at closure: given once, then shown to her as she gave it."""
    client = _client(request)
    relationship, closure = selectors.own_closure(
        client=client, relationship_code=relationship_code, request=request
    )
    given = closure.feedback_score is not None or bool(closure.feedback_text)
    form = FeedbackForm(request.POST if request.method == "POST" and not given else None)
    status = 200
    if request.method == "POST":
        if given:
            messages.error(request, _("Palautteesi on jo tallennettu. Palautteen voi antaa vain kerran."))
            status = 409
        elif form.is_valid():
            try:
                services.give_feedback(
                    client=client,
                    relationship_code=relationship_code,
                    score=form.cleaned_data["score"],
                    text=form.cleaned_data["text"],
                    request=request,
                )
            except DomainError as error:
                messages.error(request, "; ".join(error.messages))
                status = error.status
            else:
                messages.success(request, _("Kiitos palautteestasi!"))
                return redirect("portal:feedback", relationship_code=relationship_code)
            closure.refresh_from_db()
            given = closure.feedback_score is not None or bool(closure.feedback_text)
        else:
            status = 400
    return render(
        request,
        "portal/feedback.html",
        {"client": client, "relationship": relationship, "closure": closure, "given": given, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@client_required
def consents(request: HttpRequest) -> HttpResponse:
    """Her consents (what, to whom, valid when, in force or not) and a form to give a new one."""
    client = _client(request)
    form = OwnConsentForm(request.POST if request.method == "POST" else None)
    status = run_form(
        request,
        form,
        lambda data: client_services.consent_give_by_client(client=client, request=request, **data),
    )
    if status is None:
        messages.success(request, _("Kiitos! Suostumuksesi on tallennettu."))
        return redirect("portal:consents")
    return render(
        request,
        "portal/consents.html",
        {"client": client, "consents": selectors.own_consents(client=client, request=request), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@client_required
def consent_revoke(request: HttpRequest, consent_code: uuid.UUID) -> HttpResponse:
    """Revoke one of her consents after the confirmation step; effective at once."""
    client = _client(request)
    consent = selectors.own_consent(client=client, consent_code=consent_code, request=request)
    back = reverse("portal:consents")
    if consent.revoked_at is not None:
        messages.error(request, _("Suostumus on jo peruttu."))
        return redirect(back)
    if is_confirmed(request):
        try:
            client_services.consent_revoke_by_client(client=client, consent=consent, request=request)
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, _("Suostumus on peruttu. Se lakkasi olemasta voimassa heti."))
        return redirect(back)
    organisations = ", ".join(organisation.name for organisation in consent.organisations.all())
    categories = ", ".join(str(DataCategory(value).label) for value in consent.categories)
    return confirmation(
        request,
        client=client,
        question=_("Perutaanko suostumuksesi: %(purpose)s?") % {"purpose": consent.get_purpose_display()},
        consequences=[
            _(
                "Peruminen tulee voimaan heti: %(organisations)s eivät enää saa tietojasi, joiden "
                "näkeminen perustui tähän suostumukseen (%(categories)s)."
            )
            % {"organisations": organisations, "categories": categories},
            _("Peruttua suostumusta ei voi palauttaa. Voit antaa uuden suostumuksen myöhemmin."),
        ],
        back_url=back,
        back_label=_("Takaisin suostumuksiin"),
        cancel_url=back,
        base_template="portal/base.html",
    )


@require_GET
@client_required
def todos(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    return render(
        request,
        "portal/todos.html",
        {"client": client, "view": selectors.own_todos(client=client, request=request)},
    )


@require_POST
@client_required
def todo_done(request: HttpRequest, todo_code: uuid.UUID) -> HttpResponse:
    """Mark one of her to-dos delivered; a second press is a clear message, nothing changes."""
    client = _client(request)
    try:
        todo = services.mark_todo_done(client=client, todo_code=todo_code, request=request)
    except DomainError as error:
        messages.error(request, "; ".join(error.messages))
        response = render(
            request,
            "portal/todos.html",
            {"client": client, "view": selectors.own_todos(client=client, request=request)},
            status=error.status,
        )
        return response
    messages.success(request, _("Merkitty toimitetuksi: %(description)s") % {"description": todo.description})
    return redirect("portal:todos")
