"""The youth one-stop's pages (R-YOUTH-1): the unit's contacts and Nopsa counts, a new contact, a contact
with its entries, its registration as a client, and the early joint assessment of a young jobseeker.

Thin: each page first asks `paths.youth`, which authorises and logs, then parses input and calls one
service."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.pages import form_page
from yhteispolku.paths import selectors, youth
from yhteispolku.paths.forms import (
    JointAssessmentForm,
    YouthContactConvertForm,
    YouthContactEntryForm,
    YouthContactForm,
)
from yhteispolku.paths.models import ContactChannel, YouthContact


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _to_contact(contact: YouthContact) -> HttpResponse:
    return redirect("paths:youth_contact", contact_code=contact.code)


@login_required
@require_GET
def youth_desk(request: HttpRequest) -> HttpResponse:
    desk = youth.youth_desk(actor=_actor(request), request=request)
    return render(request, "paths/youth_desk.html", {"desk": desk})


@login_required
@require_http_methods(["GET", "POST"])
def youth_contact_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    # Opening the form is an attempt to write; a submitted form is authorised (and logged) by the service.
    action = Action.CREATE if request.method == "GET" else Action.VIEW
    youth.youth_desk_authorize(actor=actor, action=action, request=request)
    form = YouthContactForm(
        request.POST or None, initial={"on": timezone.localdate(), "channel": ContactChannel.IN_PERSON}
    )
    return form_page(
        request,
        form,
        lambda data: youth.youth_contact_create(actor=actor, request=request, **data),
        saved=_("Yhteydenotto on kirjattu."),
        then=_to_contact,
        template="paths/youth_form.html",
        context=lambda: {"form": form, "title": _("Uusi yhteydenotto"), "submit": _("Tallenna")},
    )


@login_required
@require_GET
def youth_contact_detail(request: HttpRequest, contact_code: uuid.UUID) -> HttpResponse:
    contact = youth.youth_contact_get(actor=_actor(request), code=contact_code, request=request)
    return render(
        request,
        "paths/youth_contact.html",
        {"contact": contact, "entries": youth.youth_contact_entries(contact)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def youth_contact_entry_add(request: HttpRequest, contact_code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    action = Action.CREATE if request.method == "GET" else Action.VIEW
    contact = youth.youth_contact_get(actor=actor, code=contact_code, action=action, request=request)
    form = YouthContactEntryForm(
        request.POST or None, initial={"on": timezone.localdate(), "channel": ContactChannel.IN_PERSON}
    )
    return form_page(
        request,
        form,
        lambda data: youth.youth_contact_entry_add(actor=actor, contact=contact, request=request, **data),
        saved=_("Yhteydenotto on kirjattu."),
        then=lambda _entry: _to_contact(contact),
        template="paths/youth_form.html",
        context=lambda: {
            "form": form,
            "contact": contact,
            "title": _("Kirjaa yhteydenotto"),
            "submit": _("Tallenna"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def youth_contact_convert(request: HttpRequest, contact_code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    action = Action.UPDATE if request.method == "GET" else Action.VIEW
    contact = youth.youth_contact_get(actor=actor, code=contact_code, action=action, request=request)
    if contact.converted:
        return _to_contact(contact)
    form = YouthContactConvertForm(
        request.POST or None,
        initial={"agreed_on": timezone.localdate(), "revision": contact.revision, "agreed_how": "in_person"},
    )

    def save(data: dict[str, Any]) -> ClientRelationship:
        data["expected_revision"] = data.pop("revision")
        return youth.youth_contact_convert(actor=actor, contact=contact, request=request, **data)

    return form_page(
        request,
        form,
        save,
        saved=_("Nuori on rekisteröity Ohjaamon asiakkaaksi."),
        then=lambda relationship: redirect("paths:detail", relationship_code=relationship.code),
        template="paths/youth_form.html",
        context=lambda: {
            "form": form,
            "contact": contact,
            "title": _("Rekisteröi asiakkaaksi"),
            "submit": _("Rekisteröi"),
            "intro": _(
                "Rekisteröinti tehdään vain nuoren suostumuksella. Asiakkaalle avataan Ohjaamon asiakkuus "
                "yksikköösi, ja tähänastiset yhteydenotot liitetään siihen."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_assessment_create(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    actor = _actor(request)
    access = selectors.relationship_for_path(
        actor=actor,
        relationship_code=relationship_code,
        action=Action.CREATE if request.method == "GET" else Action.VIEW,
        category=DataCategory.EMPLOYMENT,
        object_type=youth.JOINT_ASSESSMENT_OBJECT_TYPE,
        request=request,
    )
    form = JointAssessmentForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: youth.joint_assessment_record(
            actor=actor, relationship=access.relationship, request=request, **data
        ),
        saved=_("Yhteinen arvio on kirjattu."),
        then=lambda _saved: redirect("paths:detail", relationship_code=access.relationship.code),
        template="paths/form.html",
        context=lambda: {
            "relationship": access.relationship,
            "client": access.relationship.client,
            "form": form,
            "title": _("Nuorten tiimin yhteinen arvio"),
            "submit": _("Tallenna"),
        },
    )
