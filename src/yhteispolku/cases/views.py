"""Case pages: the client's TYM relationship at a glance and the forms of its life (SPEC §3).

Thin: parse input, call one service or selector, render. Services raise `CaseError`s; the page shows
the message with the error's status (400 for input to correct, 409 for a conflict).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, TEAM_OBJECT_TYPE, permitted
from yhteispolku.access.relations import MANAGER_ROLES
from yhteispolku.accounts.models import User
from yhteispolku.cases import outcomes, selectors, services
from yhteispolku.cases.errors import CaseError, PhaseChanged
from yhteispolku.cases.extensions import case_sections
from yhteispolku.cases.forms import (
    ClosureForm,
    ContinuingServiceForm,
    KelaRegistrationForm,
    OutcomeForm,
    PhaseForm,
    PreInformationForm,
    ReferralDecisionForm,
    ReferralForm,
    TeamMemberForm,
)
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, Track
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.pages import confirmation, form_page, is_cancelled, is_confirmed, run_form
from yhteispolku.organisations.selectors import kela_contacts


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _relationship(view: selectors.CaseView) -> ClientRelationship:
    if view.relationship is None:
        raise Http404
    return view.relationship


def _refused(form: Form, error: CaseError) -> int:
    form.add_error(None, ValidationError(error.messages, code=error.code))
    return error.status


def _form_page(
    request: HttpRequest,
    view: selectors.CaseView,
    form: Form,
    title: str,
    submit: str,
    status: int,
    **extra: Any,
) -> HttpResponse:
    context = {"view": view, "client": view.client, "form": form, "title": title, "submit": submit, **extra}
    return render(request, "cases/form.html", context, status=status)


def _done(request: HttpRequest, view: selectors.CaseView, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:detail", code=view.client.code)


def _case_form(
    request: HttpRequest,
    view: selectors.CaseView,
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    saved: str,
    title: str,
    submit: str,
    **extra: Any,
) -> HttpResponse:
    """A case form page's whole answer: `save` the valid form and return to the case page with `saved`,
    else the form page with the status the refusal gave."""
    status = run_form(request, form, save)
    if status is None:
        return _done(request, view, saved)
    return _form_page(request, view, form, title, submit, status, **extra)


@login_required
@require_http_methods(["GET"])
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = selectors.pending_referrals(actor=_actor(request), request=request)
    return render(request, "cases/referral_list.html", {"referrals": referrals})


@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    view = selectors.case_get(actor=_actor(request), code=code, request=request)
    # The sections other apps add (network work, advice checks), each checked and audited by its app.
    sections = case_sections(_actor(request), view, request)
    # The Kela professionals named for the responsible TYM team (reference data, no client data).
    contacts = (
        kela_contacts(view.relationship.responsible_unit_id, timezone.localdate())
        if view.relationship is not None and view.can_view_plan
        else []
    )
    return render(
        request,
        "cases/detail.html",
        {"view": view, "client": view.client, "kela_contacts": contacts, **sections},
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor, code=code, action=Action.CREATE, object_type=REFERRAL_OBJECT_TYPE, request=request
    )
    # The client's region's TYM teams by default; all regions' when asked ("?kaikki=1").
    all_regions = request.GET.get("kaikki") == "1"
    form = ReferralForm(
        request.POST or None,
        home_municipality_id=None if all_regions else view.client.home_municipality_id,
    )
    status = run_form(
        request,
        form,
        lambda data: services.referral_create(
            actor=actor, client=view.client, facts=view.facts, request=request, **data
        ),
    )
    if status is None:
        return _done(request, view, _("Lähete on lähetetty TYM-tiimille."))
    warning = (
        ""
        if services.has_tym_consent(view.client.pk)
        else _(
            "Asiakkaalla ei ole voimassa olevaa suostumusta TYM-yhteistyöhön. TYM-tiimi voi hyväksyä "
            "lähetteen vasta, kun suostumus on kirjattu: kirjaa se asiakkaan suostumuksiin."
        )
    )
    return _form_page(
        request,
        view,
        form,
        _("Lähete TYM-yhteispalveluun"),
        _("Lähetä lähete"),
        status,
        warning=warning,
        other_regions=form.narrowed,
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor, code=code, action=Action.UPDATE, object_type=REFERRAL_OBJECT_TYPE, request=request
    )
    referral = view.referral
    if referral is None:
        raise Http404
    # A professional of the receiving unit works with the client; a coordinator or manager assigns the
    # team and joins it only when they tick the box.
    form = ReferralDecisionForm(
        request.POST or None, initial={"join_team": actor.role_id not in MANAGER_ROLES}
    )
    joined: list[bool] = []

    def decide(data: dict[str, Any]) -> None:
        if data["decision"] == ReferralDecisionForm.ACCEPT:
            relationship = services.referral_accept(
                actor=actor,
                referral=referral,
                note=data["note"],
                worker_pair=form.worker_pair,
                join=data["join_team"],
                request=request,
            )
            joined.append(relationship.team.filter(user=actor, left_on__isnull=True).exists())
        else:
            services.referral_decline(
                actor=actor,
                referral=referral,
                reason=data["decline_reason"],
                suggested_alternative=data["suggested_alternative"],
                request=request,
            )

    status = run_form(request, form, decide)
    if status is None and form.cleaned_data["decision"] == ReferralDecisionForm.ACCEPT:
        return _done(
            request,
            view,
            _("Lähete on hyväksytty. Monialainen kartoitus alkaa, ja sinut on lisätty tiimiin.")
            if joined and joined[0]
            else _("Lähete on hyväksytty. Monialainen kartoitus alkaa."),
        )
    if status is None:
        # Declined, the referral leaves the unit's work: back to the referrals it still has.
        messages.success(request, _("Lähete on hylätty ja asiakkaalle on ehdotettu toista palvelupolkua."))
        return redirect("cases:referrals")
    return _form_page(
        request, view, form, _("Päätös lähetteestä"), _("Tallenna päätös"), status, referral=referral
    )


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor, code=code, action=Action.CREATE, object_type=TEAM_OBJECT_TYPE, request=request
    )
    relationship = _relationship(view)
    adding = request.method == "POST" and request.POST.get("form") != "leave"
    form = TeamMemberForm(request.POST if adding else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if not adding:
                member = TeamMember.objects.filter(
                    relationship=relationship, pk=request.POST.get("member") or 0
                ).first()
                if member is None:
                    raise Http404
                services.team_member_leave(actor=actor, member=member, request=request)
                return _done(
                    request, view, _("%(name)s on merkitty poistuneeksi tiimistä.") % {"name": member.user}
                )
            if form.is_valid():
                services.team_member_add(
                    actor=actor, relationship=relationship, request=request, **form.cleaned_data
                )
                return _done(request, view, _("Tiimin jäsen on lisätty."))
        except CaseError as error:
            status = _refused(form, error)
    return render(
        request, "cases/team.html", {"view": view, "client": view.client, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def pre_information(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor, code=code, action=Action.CREATE, object_type="cases.preinformation", request=request
    )
    form = PreInformationForm(request.POST or None)
    return _case_form(
        request,
        view,
        form,
        lambda data: services.pre_information_record(
            actor=actor,
            client=view.client,
            relationship=view.relationship,
            facts=view.facts,
            request=request,
            **data,
        ),
        saved=_("Esitietolomake on kirjattu."),
        title=_("Esitietolomake"),
        submit=_("Kirjaa esitietolomake"),
        intro=_("Kirjaa asiakkaan paperilla täyttämän lomakkeen tiedot asiakkaan omin sanoin."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor,
        code=code,
        action=Action.UPDATE,
        object_type=services.RELATIONSHIP_OBJECT_TYPE,
        request=request,
    )
    relationship = _relationship(view)
    form = PhaseForm(request.POST or None, targets=view.targets, initial={"seen_phase": relationship.phase})
    title, submit = _("Vaihda vaihetta"), _("Vaihda vaihe")
    if is_cancelled(request):
        # "Peruuta" on the confirmation: the form again as it was filled in, nothing changed.
        form = PhaseForm(targets=view.targets, initial=request.POST.dict())
        return _form_page(request, view, form, title, submit, 200)
    if _asks_to_close(request, form, view):
        return _closing_confirmation(request, view, form.cleaned_data)

    def change(data: dict[str, Any]) -> None:
        if data["seen_phase"] != relationship.phase:
            raise PhaseChanged()
        services.phase_transition(
            actor=actor,
            relationship=relationship,
            to_phase=data["to_phase"],
            note=data["note"],
            request=request,
        )

    return _case_form(
        request,
        view,
        form,
        change,
        saved=_("Asiakkuuden vaihe on vaihdettu."),
        title=title,
        submit=submit,
    )


def _asks_to_close(request: HttpRequest, form: PhaseForm, view: selectors.CaseView) -> bool:
    """Whether this POST would close the relationship and has not been confirmed yet. A close the
    service would refuse anyway (a stale page, a missing assessment or confirmation) is not asked about:
    the refusal explains itself."""
    relationship = _relationship(view)
    return (
        request.method == "POST"
        and not is_confirmed(request)
        and form.is_valid()
        and form.cleaned_data["to_phase"] == Phase.CLOSED
        and form.cleaned_data["seen_phase"] == relationship.phase == Phase.CLOSING
        and not view.closure_missing
    )


def _closing_confirmation(
    request: HttpRequest, view: selectors.CaseView, data: dict[str, Any]
) -> HttpResponse:
    relationship = _relationship(view)
    return confirmation(
        request,
        client=view.client,
        question=_("Päätetäänkö asiakkuus: %(name)s (%(track)s)?")
        % {"name": view.client.full_name, "track": relationship.get_track_display()},
        consequences=[
            _(
                "Asiakkuus päättyy heti: päättymispäiväksi kirjataan %(day)s, eikä päättynyttä asiakkuutta "
                "voi avata uudelleen."
            )
            % {"day": date_format(timezone.localdate(), "j.n.Y")},
            _(
                "Tiimin pääsy asiakkaan tietoihin tämän asiakkuuden kautta päättyy, ja asiakkuuden määräajat "
                "poistuvat työlistalta."
            ),
            *_follow_up_consequence(relationship),
        ],
        back_url=reverse("cases:detail", kwargs={"code": view.client.code}),
        back_label=_("Takaisin asiakkuuteen: %(name)s") % {"name": view.client.full_name},
        action=reverse("cases:phase", kwargs={"code": view.client.code}),
        carried={"to_phase": data["to_phase"], "seen_phase": data["seen_phase"], "note": data["note"]},
    )


def _follow_up_consequence(relationship: ClientRelationship) -> list[str]:
    """R-OUT-1: what closing a TYM relationship schedules, in the periods of the version in force today."""
    if relationship.track != Track.TYM:
        return []
    months, _version = outcomes.follow_up_months(timezone.localdate())
    return [
        _(
            "Työllisyysviranomaisen vastuuhenkilön työlistalle tulee asiakkaan tilanteen seuranta "
            "%(months)s kuukauden kuluttua päättymisestä (%(rule)s)."
        )
        % {"months": get_text_list([str(count) for count in months], _("ja")), "rule": outcomes.RULE_ID}
    ]


@login_required
@require_http_methods(["GET", "POST"])
def kela_registration(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor,
        code=code,
        action=Action.UPDATE,
        object_type=services.RELATIONSHIP_OBJECT_TYPE,
        request=request,
    )
    relationship = _relationship(view)
    form = KelaRegistrationForm(
        request.POST or None, initial={"registered_on": relationship.kela_registered_on}
    )
    return _case_form(
        request,
        view,
        form,
        lambda data: services.kela_registration_record(
            actor=actor, relationship=relationship, registered_on=data["registered_on"], request=request
        ),
        saved=_("Kelaan rekisteröinti on kirjattu."),
        title=_("Rekisteröinti Kelaan"),
        submit=_("Tallenna"),
        intro=_("Jokainen uusi TYM-asiakas rekisteröidään Kelaan 1.1.2025 alkaen."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def closure(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    view = selectors.case_for_action(
        actor=actor, code=code, action=Action.UPDATE, object_type="cases.closure", request=request
    )
    relationship = _relationship(view)
    which = request.POST.get("form", "closure") if request.method == "POST" else ""
    existing = view.closure
    closure_form = ClosureForm(
        request.POST if which == "closure" else None,
        initial={
            "reason": existing.reason,
            "reason_details": existing.reason_details,
            "final_assessment": existing.final_assessment,
            "feedback_score": existing.feedback_score,
            "feedback_text": existing.feedback_text,
        }
        if existing
        else None,
    )
    if existing and existing.feedback_by_client:
        # The client's own answer from Oma Yhteispolku: shown, never changed here.
        for name in ("feedback_score", "feedback_text"):
            closure_form.fields[name].disabled = True
            closure_form.fields[name].help_text = _("Asiakas antoi palautteen itse Oma Yhteispolussa.")
    service_form = ContinuingServiceForm(request.POST if which == "service" else None, prefix="service")
    confirm_form = Form(request.POST if which == "confirm" else None)
    status = 200
    if request.method == "POST":
        status = 400
        form: Form = {"service": service_form, "confirm": confirm_form}.get(which, closure_form)
        if form.is_valid():
            try:
                if which == "confirm":
                    services.closure_confirm(actor=actor, relationship=relationship, request=request)
                    message = _("Organisaatiosi vahvistus yhteisestä arviosta on kirjattu.")
                elif which == "service":
                    services.continuing_service_add(
                        actor=actor, relationship=relationship, request=request, **service_form.cleaned_data
                    )
                    message = _("Jatkuva palvelu on kirjattu.")
                else:
                    services.closure_record(
                        actor=actor, relationship=relationship, request=request, **closure_form.cleaned_data
                    )
                    message = _("Päättämisen tiedot on tallennettu.")
            except CaseError as error:
                status = _refused(form, error)
            else:
                messages.success(request, message)
                return redirect("cases:closure", code=view.client.code)
    return render(
        request,
        "cases/closure.html",
        {
            "view": view,
            "client": view.client,
            "closure_form": closure_form,
            "service_form": service_form,
            "confirm_form": confirm_form,
            # Everything recorded: the track can be closed from here (the phase page asks first).
            "can_close": relationship.phase == Phase.CLOSING
            and existing is not None
            and not view.closure_missing
            and permitted(
                actor=actor,
                action=Action.UPDATE,
                category=DataCategory.PLAN,
                facts=view.facts,
                object_type=services.RELATIONSHIP_OBJECT_TYPE,
            ),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, code: str, outcome_code: str) -> HttpResponse:
    """Record the client's situation at a follow-up after closure (R-OUT-1); read-only once recorded."""
    actor = _actor(request)
    action = Action.CREATE if request.method == "POST" else Action.VIEW
    follow_up = outcomes.outcome_get(
        actor=actor, code=code, outcome_code=outcome_code, action=action, request=request
    )
    client = follow_up.relationship.client
    form = OutcomeForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    may_record = outcomes.may_record(actor, follow_up)
    if request.method == "POST" and not may_record:
        form.is_valid()
        form.add_error(
            None,
            _("Seuranta on jo kirjattu.")
            if follow_up.recorded_on
            else _("Seurannan kirjaa sen vastuuhenkilö."),
        )
        return render(request, "cases/outcome.html", _outcome_context(follow_up, form, False), status=409)
    return form_page(
        request,
        form,
        lambda data: outcomes.outcome_record(
            actor=actor,
            follow_up=follow_up,
            status=data["status"],
            source=data["source"],
            recorded_on=data["recorded_on"],
            request=request,
        ),
        saved=_("Seurantatieto on kirjattu: %(name)s.") % {"name": client.full_name},
        then=lambda _saved: redirect("worklist:worklist"),
        template="cases/outcome.html",
        context=lambda: _outcome_context(follow_up, form, may_record),
    )


def _outcome_context(follow_up: Any, form: Form, may_record: bool) -> dict[str, Any]:
    relationship = follow_up.relationship
    closure = getattr(relationship, "closure", None)
    return {
        "follow_up": follow_up,
        "client": relationship.client,
        "relationship": relationship,
        "closure": closure,
        "form": form,
        "may_record": may_record,
    }
