"""The mapping pages (monialainen kartoitus). Thin: parse input, call one service or selector, render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.assessments import selectors, services
from yhteispolku.assessments.errors import SectorMismatch
from yhteispolku.assessments.forms import (
    AssessmentForm,
    AssessmentUpdateForm,
    MappingActionCompleteForm,
    MappingActionForm,
)
from yhteispolku.assessments.models import SECTOR_CATEGORIES, AssessmentSector
from yhteispolku.cases import services as case_services
from yhteispolku.cases.models import PreInformation
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import form_page


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _form_read(request: HttpRequest) -> Action:
    """Opening an edit form is an attempt to update; a submitted form is read for the answer page while
    the service authorises (and logs) the update itself, so the write is not logged twice."""
    return Action.UPDATE if request.method == "GET" else Action.VIEW


def _refused(request: HttpRequest, error: SectorMismatch) -> HttpResponse:
    return render(request, "errors/403.html", {"reason": error.message}, status=error.status)


def _mapping_form(
    request: HttpRequest,
    mapping: selectors.Mapping,
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    saved: str,
    template: str,
    **context: object,
) -> HttpResponse:
    """A form page of the mapping: saved, back to the mapping; otherwise `template` with the form, the
    client, the relationship and `context`."""
    return form_page(
        request,
        form,
        save,
        saved=saved,
        then=lambda _saved: redirect("assessments:mapping", relationship_code=mapping.relationship.code),
        template=template,
        context=lambda: {
            "form": form,
            "client": mapping.client,
            "relationship": mapping.relationship,
            **context,
        },
    )


@login_required
@require_GET
def mapping_page(request: HttpRequest, relationship_code: str) -> HttpResponse:
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    relationship = mapping.relationship
    return render(
        request,
        "assessments/mapping.html",
        {
            "mapping": mapping,
            "client": mapping.client,
            "relationship": relationship,
            "sections": selectors.assessments_for(
                actor=actor, relationship=relationship, facts=mapping.facts, request=request
            ),
            "actions": selectors.mapping_actions_for(
                actor=actor, relationship=relationship, facts=mapping.facts, request=request
            ),
            "summary": selectors.mapping_summary(
                actor=actor, relationship=relationship, facts=mapping.facts, request=request
            ),
            "client_forms": selectors.client_forms_for(
                actor=actor, relationship=relationship, facts=mapping.facts, request=request
            ),
            "can_record_action": mapping.can(actor, Action.CREATE, DataCategory.PLAN),
            "can_complete_action": mapping.can(actor, Action.UPDATE, DataCategory.PLAN),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request: HttpRequest, relationship_code: str) -> HttpResponse:
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    sector = actor.sector or ""
    if request.method == "GET" or sector not in SECTOR_CATEGORIES:
        # Opening the form, or writing with no sector of one's own, is answered (and logged) before
        # any input is read.
        try:
            services.assessment_write_authorize(
                actor=actor,
                action=Action.CREATE,
                relationship=mapping.relationship,
                sector=sector,
                request=request,
                facts=mapping.facts,
            )
        except SectorMismatch as error:
            return _refused(request, error)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    return _mapping_form(
        request,
        mapping,
        form,
        lambda data: services.assessment_record(
            actor=actor, relationship=mapping.relationship, sector=sector, request=request, **data
        ),
        saved=_("Arvio on tallennettu."),
        template="assessments/assessment_form.html",
        sector=AssessmentSector(sector),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_update(request: HttpRequest, relationship_code: str, assessment_code: str) -> HttpResponse:
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    assessment = selectors.assessment_for_action(
        actor=actor, mapping=mapping, code=assessment_code, action=_form_read(request), request=request
    )
    initial = {
        "assessed_on": assessment.assessed_on,
        "findings": assessment.findings,
        "needs": assessment.needs,
        "version": assessment.version,
    }
    form = AssessmentUpdateForm(request.POST or None, initial=initial)
    return _mapping_form(
        request,
        mapping,
        form,
        lambda data: services.assessment_update(
            actor=actor, assessment=assessment, expected_version=data.pop("version"), request=request, **data
        ),
        saved=_("Arvio on päivitetty."),
        template="assessments/assessment_form.html",
        sector=AssessmentSector(assessment.sector),
        assessment=assessment,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_record(request: HttpRequest, relationship_code: str) -> HttpResponse:
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    form = MappingActionForm(
        request.POST or None,
        relationship=mapping.relationship,
        initial={"planned_on": timezone.localdate(), "responsible": actor.pk},
    )
    if request.method == "GET":
        authorize(
            actor=actor,
            action=Action.CREATE,
            category=DataCategory.PLAN,
            client=mapping.client,
            request=request,
            facts=mapping.facts,
            object_type=services.MAPPING_ACTION,
        )
    return _mapping_form(
        request,
        mapping,
        form,
        lambda data: services.mapping_action_record(
            actor=actor, relationship=mapping.relationship, request=request, **data
        ),
        saved=_("Toimenpide on kirjattu."),
        template="assessments/action_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_complete(request: HttpRequest, relationship_code: str, action_code: str) -> HttpResponse:
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    mapping_action = selectors.mapping_action_for_action(
        actor=actor, mapping=mapping, code=action_code, action=_form_read(request), request=request
    )
    form = MappingActionCompleteForm(
        request.POST or None, initial={"done_on": timezone.localdate(), "version": mapping_action.version}
    )
    return _mapping_form(
        request,
        mapping,
        form,
        lambda data: services.mapping_action_complete(
            actor=actor,
            mapping_action=mapping_action,
            expected_version=data.pop("version"),
            request=request,
            **data,
        ),
        saved=_("Toimenpide on kirjattu tehdyksi."),
        template="assessments/action_complete.html",
        mapping_action=mapping_action,
    )


@login_required
@require_POST
def client_form_read(request: HttpRequest, relationship_code: str, form: str) -> HttpResponse:
    """Mark the client's own form read; from then on she can no longer change it. Twice is a message."""
    actor = _actor(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    found = selectors.client_form_for_read_mark(actor=actor, mapping=mapping, form=form, request=request)
    try:
        if isinstance(found, PreInformation):
            case_services.pre_information_mark_read(
                actor=actor, pre_information=found, facts=mapping.facts, request=request
            )
        else:
            services.self_assessment_mark_read(
                actor=actor, self_assessment=found, facts=mapping.facts, request=request
            )
    except DomainError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Merkitty luetuksi. Asiakas ei voi enää muuttaa lomaketta."))
    return redirect(
        reverse("assessments:mapping", kwargs={"relationship_code": mapping.relationship.code})
        + "#client-forms"
    )
