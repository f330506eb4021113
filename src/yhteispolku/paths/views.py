"""Pages of the service paths. Thin: parse input, call one service or selector, render.

Every page first asks a selector, which authorises and audits the action, so that a refused or
invisible request is logged before any input is looked at.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yhteispolku.access.policy import TEAM_OBJECT_TYPE
from yhteispolku.accounts.models import User
from yhteispolku.cases import closing
from yhteispolku.cases import services as case_services
from yhteispolku.cases.extensions import relationship_sections
from yhteispolku.cases.forms import TeamMemberForm, TrackCloseForm
from yhteispolku.cases.models import OTHER_TRACK_TEAM_ROLES, TeamRole, Track
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import form_page, refused, run_form
from yhteispolku.paths import selectors, services, site
from yhteispolku.paths.errors import InvalidPathData
from yhteispolku.paths.forms import (
    ActivationAcceptanceForm,
    ActivationPlanForm,
    IntegrationAssessmentForm,
    IntegrationCountyPartForm,
    IntegrationPlanForm,
    IntegrationRoutingForm,
    JobseekerRegistrationForm,
    KutyAttendanceForm,
    KutyDecisionForm,
    KutyEffectsForm,
    KutyFeedbackForm,
    KutyJobseekerCheckForm,
    KutySectionCreateForm,
    KutySectionForm,
    RelationshipOpenForm,
    RevisionForm,
    ServicePlanForm,
)
from yhteispolku.paths.models import (
    PLAN_KIND_OF_TRACK,
    ActivationPlan,
    CountyCategory,
    EffectsOutcome,
    IntegrationCountyPart,
    KutySection,
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _to_detail(relationship_code: uuid.UUID | str) -> HttpResponse:
    return redirect("paths:detail", relationship_code=relationship_code)


def _access(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    action: Action,
    category: DataCategory | None,
    object_type: str,
) -> selectors.PathAccess:
    return selectors.relationship_for_path(
        actor=_actor(request),
        relationship_code=relationship_code,
        action=action,
        category=category,
        object_type=object_type,
        request=request,
    )


def _submit(
    request: HttpRequest,
    access: selectors.PathAccess,
    form: forms.Form,
    title: str,
    save: Any,
    done: str,
) -> HttpResponse:
    """The common shape of a form page: show, or on POST parse, save through a service and go back."""
    return form_page(
        request,
        form,
        save,
        saved=done,
        then=lambda _saved: _to_detail(access.relationship.code),
        template="paths/form.html",
        context=lambda: {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "form": form,
            "title": title,
            "submit": _("Tallenna"),
        },
    )


def _path_form(
    action: Action, category: DataCategory | None, object_type: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A form page of a relationship's path (GET opens, POST saves): the professional signed in, the
    relationship read for `action` on `object_type` in `category`; the view gets its access."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def page(request: HttpRequest, relationship_code: uuid.UUID, **more: Any) -> HttpResponse:
            access = _access(request, relationship_code, action, category, object_type)
            return view(request, access, **more)

        return page

    return decorate


def _relationship_form(
    request: HttpRequest,
    access: selectors.PathAccess,
    form_class: type[forms.Form],
    write: Any,
    title: str,
    done: str,
) -> HttpResponse:
    """A form page whose service takes the relationship and the cleaned data."""

    def save(data: dict[str, Any]) -> object:
        return write(actor=access.actor, relationship=access.relationship, data=data, request=request)

    return _submit(request, access, form_class(request.POST or None), title, save, done)


@login_required
@require_http_methods(["GET"])
def path_detail(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    view = selectors.path_view(actor=_actor(request), relationship_code=relationship_code, request=request)
    return render(
        request,
        "paths/detail.html",
        {
            "view": view,
            "relationship": view.relationship,
            "client": view.relationship.client,
            "revision_form": RevisionForm,
            # The sections other apps add (the work-ability support path), each checked by its app.
            **relationship_sections(_actor(request), view.relationship, view.access.facts, request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def relationship_open(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    client, facts = selectors.client_for_path(actor=actor, code=code, request=request)
    form = RelationshipOpenForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.relationship_open(
            actor=actor, client=client, track=data["track"], facts=facts, request=request
        ),
        saved=_("Asiakkuus on avattu."),
        then=lambda relationship: _to_detail(relationship.code),
        template="paths/form.html",
        context=lambda: {
            "client": client,
            "form": form,
            "title": _("Avaa palvelupolku"),
            "submit": _("Avaa"),
        },
    )


def _kuty_plans(view_access: selectors.PathAccess) -> list[tuple[str, str]]:
    relationship = view_access.relationship
    if relationship.track == Track.TYM:
        services_in_force = selectors.kuty_services_in_force(relationship)
        return [
            (f"service:{s.code}", f"{s.service_type} ({s.starts_on:%d.%m.%Y})") for s in services_in_force
        ]
    plans = ActivationPlan.objects.filter(relationship=relationship).order_by("-number")
    return [(f"activation:{p.code}", str(p)) for p in plans]


@_path_form(Action.CREATE, DataCategory.SOCIAL, "paths.kutysection")
def kuty_section_create(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    sections = list(KutySection.objects.filter(relationship=access.relationship, continuations__isnull=True))
    form = KutySectionCreateForm(request.POST or None, plans=_kuty_plans(access), sections=sections)

    def save(data: dict[str, Any]) -> KutySection:
        kind, _sep, code = data["plan"].partition(":")
        continues = next((s for s in sections if str(s.code) == data.get("continues")), None)
        return services.kuty_section_create(
            actor=access.actor,
            relationship=access.relationship,
            data=data,
            agreed_service=selectors.kuty_service_get(access, code) if kind == "service" else None,
            activation_plan=selectors.activation_plan_get(access, code) if kind == "activation" else None,
            continues=continues,
            request=request,
        )

    return _submit(
        request, access, form, _("Kuntouttavan työtoiminnan jakso"), save, _("Jakso on tallennettu.")
    )


@_path_form(Action.UPDATE, DataCategory.SOCIAL, "paths.kutysection")
def kuty_section_edit(
    request: HttpRequest, access: selectors.PathAccess, section_code: uuid.UUID
) -> HttpResponse:
    section = selectors.kuty_section_get(access, section_code)
    initial = {name: getattr(section, name) for name in KutySectionForm.base_fields if name != "revision"}
    form = KutySectionForm(request.POST or None, initial={**initial, "revision": section.revision})

    def save(data: dict[str, Any]) -> KutySection:
        return services.kuty_section_update(
            actor=access.actor, section=section, data=data, expected_revision=_revision(data), request=request
        )

    return _submit(request, access, form, _("Muokkaa jaksoa"), save, _("Jakso on tallennettu."))


@_path_form(Action.CREATE, DataCategory.SOCIAL, "paths.activationplan")
def activation_plan_create(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    return _relationship_form(
        request,
        access,
        ActivationPlanForm,
        services.activation_plan_create,
        _("Aktivointisuunnitelma"),
        _("Aktivointisuunnitelma on tallennettu."),
    )


def _confirm_view(
    object_type: str,
    plan_get: Callable[[selectors.PathAccess, uuid.UUID], Any],
    confirm: Callable[..., object],
) -> Callable[..., HttpResponse]:
    """The POST of one authority's confirmation of a plan of the track (the service finds its side), at
    the plan's revision as the page showed it; back to the track's page with the outcome."""

    @login_required
    @require_POST
    def view(request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID) -> HttpResponse:
        access = _access(request, relationship_code, Action.UPDATE, DataCategory.PLAN, object_type)
        plan = plan_get(access, plan_code)
        form = RevisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Avaa sivu uudelleen ja vahvista suunnitelma."))
            return _to_detail(relationship_code)
        try:
            revision = form.cleaned_data["revision"]
            confirm(actor=access.actor, plan=plan, expected_revision=revision, request=request)
        except DomainError as error:
            refused(request, error)
        else:
            messages.success(request, _("Vahvistus on tallennettu."))
        return _to_detail(relationship_code)

    return view


def _revision(data: dict[str, Any], message: str | None = None) -> int:
    """The revision the edited record had when the page was opened: without it the edit cannot be
    checked against a concurrent one, so it is refused."""
    if data.get("revision") is None:
        raise InvalidPathData(message or _("Avaa sivu uudelleen ja tallenna muutokset."))
    return int(data["revision"])


activation_plan_confirm = _confirm_view(
    "paths.activationplan", selectors.activation_plan_get, services.activation_plan_confirm
)


@_path_form(Action.CREATE, DataCategory.EMPLOYMENT, "paths.integrationassessment")
def integration_assessment(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    return _relationship_form(
        request,
        access,
        IntegrationAssessmentForm,
        services.integration_assessment_record,
        _("Osaamisen ja kotoutumisen palveluntarpeen arvio"),
        _("Arvio on tallennettu."),
    )


@_path_form(Action.UPDATE, DataCategory.EMPLOYMENT, "paths.integrationassessment")
def integration_assessment_edit(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    assessment = selectors.integration_assessment_get(access)
    names = [name for name in IntegrationAssessmentForm.base_fields if name != "revision"]
    initial = {name: getattr(assessment, name) for name in names}
    form = IntegrationAssessmentForm(
        request.POST or None, initial={**initial, "revision": assessment.revision}
    )

    def save(data: dict[str, Any]) -> object:
        return services.integration_assessment_update(
            actor=access.actor,
            assessment=assessment,
            data=data,
            expected_revision=_revision(data),
            request=request,
        )

    return _submit(
        request,
        access,
        form,
        _("Muokkaa osaamisen ja palveluntarpeen arviota"),
        save,
        _("Arvio on tallennettu."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def integration_county_part(
    request: HttpRequest, relationship_code: uuid.UUID, plan_code: uuid.UUID
) -> HttpResponse:
    """The wellbeing services county's part of an integration plan: written once, then changed (which
    asks for the county's confirmation again), under its own category (social, or health)."""
    existing = (
        IntegrationCountyPart.objects.filter(plan__code=plan_code, plan__relationship__code=relationship_code)
        .values_list("category", flat=True)
        .first()
    )
    action = Action.UPDATE if existing else Action.CREATE
    category = DataCategory(existing or CountyCategory.SOCIAL)
    access = _access(request, relationship_code, action, category, services.COUNTY_PART_OBJECT_TYPE)
    plan = selectors.integration_plan_get(access, plan_code)
    part = selectors.county_part_get(plan)
    initial: dict[str, Any] = {}
    if part is not None:
        initial = {
            "goals": part.goals,
            "services": part.services,
            "professional": part.professional_id,
            "revision": part.revision,
        }
    form = IntegrationCountyPartForm(request.POST or None, initial=initial, relationship=access.relationship)
    if part is not None:
        del form.fields["category"]

    def save(data: dict[str, Any]) -> object:
        if part is None:
            return services.integration_county_part_create(
                actor=access.actor, plan=plan, data=data, request=request
            )
        return services.integration_county_part_update(
            actor=access.actor, part=part, data=data, expected_revision=_revision(data), request=request
        )

    title = _("Hyvinvointialueen osuus: %(plan)s") % {"plan": plan}
    return _submit(request, access, form, title, save, _("Hyvinvointialueen osuus on tallennettu."))


integration_plan_confirm = _confirm_view(
    "paths.integrationplan", selectors.integration_plan_get, services.integration_plan_confirm
)


@_path_form(Action.CREATE, DataCategory.EMPLOYMENT, "paths.integrationplan")
def integration_plan_create(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    return _relationship_form(
        request,
        access,
        IntegrationPlanForm,
        services.integration_plan_create,
        _("Kotoutumissuunnitelma"),
        _("Kotoutumissuunnitelma on tallennettu."),
    )


@_path_form(Action.CREATE, DataCategory.PLAN, "paths.integrationrouting")
def integration_routing(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    return _relationship_form(
        request,
        access,
        IntegrationRoutingForm,
        services.integration_routing_record,
        _("Ohjaus kotoutumisajan jälkeen"),
        _("Ohjaus on kirjattu."),
    )


@_path_form(Action.UPDATE, DataCategory.EMPLOYMENT, "paths.jobseekerregistration")
def jobseeker_registration(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    form = JobseekerRegistrationForm(request.POST or None)

    def save(data: dict[str, Any]) -> object:
        return services.jobseeker_registration_record(
            actor=access.actor,
            relationship=access.relationship,
            registered_on=data["registered_on"],
            interview_held_on=data.get("interview_held_on"),
            request=request,
        )

    return _submit(
        request, access, form, _("Työnhaun alkaminen ja alkuhaastattelu"), save, _("Tiedot on tallennettu.")
    )


@_path_form(Action.CREATE, None, "paths.serviceplan")
def service_plan_create(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    relationship = access.relationship
    kind = PLAN_KIND_OF_TRACK.get(relationship.track)  # type: ignore[call-overload]
    form = ServicePlanForm(request.POST or None, relationship=relationship, kind=kind or "")

    def save(data: dict[str, Any]) -> object:
        return services.service_plan_create(
            actor=access.actor, relationship=relationship, data=data, request=request
        )

    return _submit(request, access, form, _("Suunnitelma"), save, _("Suunnitelma on tallennettu."))


# --- KUTY: the joint team, the client's acceptance, the decision, the jobseeker check, the effects ------


def _team_form(data: Any = None) -> TeamMemberForm:
    """The case team's form in the track's words: outside TYM the worker-pair places are the responsible
    workers of each side (cases.models.OTHER_TRACK_TEAM_ROLES)."""
    form = TeamMemberForm(data)
    form.fields["team_role"].choices = [  # type: ignore[attr-defined]
        (value, OTHER_TRACK_TEAM_ROLES.get(value, label)) for value, label in TeamRole.choices
    ]
    return form


@_path_form(Action.CREATE, DataCategory.PLAN, TEAM_OBJECT_TYPE)
def team(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    """A non-TYM track's team: the responsible worker adds the other authority's professional (KUTY: the
    employment authority's employment expert, who then confirms the activation plan)."""
    if access.relationship.track == Track.TYM:
        return redirect("cases:team", code=access.relationship.client.code)
    form = _team_form(request.POST or None)

    def save(data: dict[str, Any]) -> object:
        return case_services.team_member_add(
            actor=access.actor,
            relationship=access.relationship,
            user=data["user"],
            team_role=data["team_role"],
            request=request,
        )

    return _submit(request, access, form, _("Lisää tiimin jäsen"), save, _("Tiimin jäsen on lisätty."))


@_path_form(Action.UPDATE, DataCategory.PLAN, "paths.activationplan")
def activation_plan_accept(
    request: HttpRequest, access: selectors.PathAccess, plan_code: uuid.UUID
) -> HttpResponse:
    plan = selectors.activation_plan_get(access, plan_code)
    form = ActivationAcceptanceForm(request.POST or None, initial={"revision": plan.revision})

    def save(data: dict[str, Any]) -> ActivationPlan:
        return services.activation_plan_accept(
            actor=access.actor,
            plan=plan,
            accepted_on=data["accepted_on"],
            how=data["how"],
            expected_revision=_revision(data, _("Avaa sivu uudelleen ja kirjaa hyväksyntä.")),
            request=request,
        )

    return _submit(
        request,
        access,
        form,
        _("Asiakkaan hyväksyntä: %(plan)s") % {"plan": plan},
        save,
        _("Asiakkaan hyväksyntä on kirjattu."),
    )


def _in_force_plans(access: selectors.PathAccess) -> list[tuple[str, str]]:
    plans = ActivationPlan.objects.filter(relationship=access.relationship).order_by("-number")
    return [(str(plan.code), str(plan)) for plan in plans if plan.in_force]


@_path_form(Action.CREATE, DataCategory.SOCIAL, "paths.kutydecision")
def kuty_decision_create(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    form = KutyDecisionForm(request.POST or None, plans=_in_force_plans(access))

    def save(data: dict[str, Any]) -> object:
        code = data.get("activation_plan")
        return services.kuty_decision_create(
            actor=access.actor,
            relationship=access.relationship,
            activation_plan=selectors.activation_plan_get(access, code) if code else None,
            data=data,
            request=request,
        )

    return _submit(
        request,
        access,
        form,
        _("Päätös kuntouttavasta työtoiminnasta"),
        save,
        _("Päätös on tallennettu."),
    )


@_path_form(Action.CREATE, DataCategory.EMPLOYMENT, "paths.kutyjobseekercheck")
def kuty_jobseeker_check(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    return _relationship_form(
        request,
        access,
        KutyJobseekerCheckForm,
        services.kuty_jobseeker_check_record,
        _("Työnhakijaksi rekisteröitymisen tarkistus"),
        _("Tarkistus on kirjattu."),
    )


@_path_form(Action.CREATE, DataCategory.SOCIAL, "paths.kutyeffectsassessment")
def kuty_effects(request: HttpRequest, access: selectors.PathAccess, section_code: uuid.UUID) -> HttpResponse:
    section = selectors.kuty_section_get(access, section_code)
    form = KutyEffectsForm(request.POST or None)

    def save(data: dict[str, Any]) -> object:
        return services.kuty_effects_assess(
            actor=access.actor,
            section=section,
            data=data,
            next_period=services.kuty_next_period(section, data)
            if data.get("outcome") == EffectsOutcome.CONTINUES
            else None,
            request=request,
        )

    return _submit(
        request,
        access,
        form,
        _("Vaikutusten arviointi: %(section)s") % {"section": section},
        save,
        _("Vaikutusten arviointi on tallennettu."),
    )


# --- The KUTY site (a service provider) -----------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def site_list(request: HttpRequest) -> HttpResponse:
    assignments = site.site_assignments(actor=_actor(request), request=request)
    return render(request, "paths/site_list.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def site_section(request: HttpRequest, section_code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    posted = request.method == "POST"
    which = request.POST.get("form") if posted else ""
    assignment = site.site_assignment_get(
        actor=actor,
        section_code=section_code,
        action=Action.CREATE if posted else Action.VIEW,
        request=request,
    )
    # The site records the day as it goes: today is the usual answer.
    today = timezone.localdate()
    attendance = KutyAttendanceForm(request.POST if which == "attendance" else None, initial={"day": today})
    feedback = KutyFeedbackForm(request.POST if which == "feedback" else None, initial={"given_on": today})
    form: forms.Form = feedback if which == "feedback" else attendance
    record = site.feedback_record if which == "feedback" else site.attendance_record
    status = run_form(request, form, lambda data: record(actor=actor, assignment=assignment, data=data))
    if status is None:
        messages.success(request, _("Tiedot on tallennettu."))
        return redirect("paths:site_section", section_code=section_code)
    return render(
        request,
        "paths/site_section.html",
        {"assignment": assignment, "attendance_form": attendance, "feedback_form": feedback},
        status=status,
    )


@_path_form(Action.VIEW, DataCategory.PLAN, closing.CLOSURE_OBJECT_TYPE)
def track_close(request: HttpRequest, access: selectors.PathAccess) -> HttpResponse:
    """ "Päätä asiakkuus" of a track beside TYM (SPEC §2): reason, outcome, date, summary and handover.

    Offered only to whom `cases.closing.may_close` names; anyone else opening the address is sent back to
    the track's page with the reason. The page is a read of the closing; the service authorises the write
    (a former team member who may read a closed track is told it has ended)."""
    relationship = access.relationship
    if not closing.may_close(access.actor, relationship):
        if relationship.track == Track.TYM:
            messages.error(request, _("TYM-asiakkuus päätetään TYM-asiakkuuden päättämissivulla."))
        elif not relationship.is_open:
            messages.error(request, _("Asiakkuus on jo päättynyt."))
        else:
            messages.error(
                request,
                _("Asiakkuuden päättää palvelupolun tiimiin kuuluva vastuuorganisaation ammattilainen."),
            )
        return _to_detail(relationship.code)
    form = TrackCloseForm(
        request.POST or None,
        initial={"closed_on": timezone.localdate()},
        reasons=closing.closure_reasons(relationship.track),
        tracks=closing.handover_tracks(relationship.track),
    )

    def save(data: dict[str, Any]) -> object:
        return closing.track_close(
            actor=access.actor,
            relationship=relationship,
            reason=data.get("reason") or "",
            reason_details=data.get("reason_details") or "",
            outcome=data.get("outcome") or "",
            closed_on=data.get("closed_on"),
            summary=data.get("summary") or "",
            handover_track=data.get("handover_track") or "",
            handover_unit=data.get("handover_unit"),
            open_handover=bool(data.get("open_handover")),
            request=request,
        )

    return form_page(
        request,
        form,
        save,
        saved=_("Asiakkuus on päätetty."),
        then=lambda _saved: _to_detail(relationship.code),
        template="paths/form.html",
        context=lambda: {
            "relationship": relationship,
            "client": relationship.client,
            "form": form,
            "title": _("Päätä asiakkuus"),
            "submit": _("Päätä asiakkuus"),
        },
    )
