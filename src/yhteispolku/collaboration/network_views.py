"""Pages of the client's network (Verkosto) and of consultation guests. Thin: parse input, call one service
or selector (which authorises and audits), render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.access.relations import is_consultation_guest
from yhteispolku.accounts.models import User
from yhteispolku.collaboration import guests, network
from yhteispolku.collaboration.errors import GuestInvitationUnusable, OrganiserOnly, StaleEdit
from yhteispolku.collaboration.models import Consultation, GuestInvitation, NetworkContact
from yhteispolku.collaboration.network_forms import (
    GuestCodeForm,
    GuestContributionForm,
    GuestInviteForm,
    GuestReissueForm,
    GuestRevokeForm,
    NetworkContactEndForm,
    NetworkContactForm,
)
from yhteispolku.collaboration.selectors import Network
from yhteispolku.collaboration.views import _consultation, _consultation_url
from yhteispolku.core.categories import Action
from yhteispolku.core.pages import run_form


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _write_read(request: HttpRequest) -> Action:
    """Opening a form is an attempt to write; a submitted form is read while the service authorises (and
    logs) the write itself."""
    return Action.UPDATE if request.method == "GET" else Action.VIEW


def _list_url(code: uuid.UUID | str) -> str:
    return reverse("network:list", kwargs={"code": code})


def _form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back_url: str,
    client: Any,
    submit: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "collaboration/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "client": client,
            "submit": submit or _("Tallenna"),
        },
        status=status,
    )


# --- the client's network ------------------------------------------------------------------------------


@login_required
@require_GET
def network_list(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    view = network.network_get(actor=_actor(request), client_code=code, request=request)
    return render(
        request,
        "collaboration/network.html",
        {
            "client": view.client,
            "contacts": network.contacts(view),
            "can_write": view.can_write,
            "today": timezone.localdate(),
        },
    )


def _contact_page(
    request: HttpRequest,
    code: uuid.UUID,
    contact_code: uuid.UUID | None,
    *,
    form_for: Callable[[NetworkContact | None], Any],
    save: Callable[[dict[str, Any], NetworkContact | None], object],
    saved: str,
    title: Callable[[NetworkContact | None], str],
    submit: str = "",
) -> HttpResponse:
    """A form page of the client's network, for a new contact (`contact_code` None) or one of hers: the
    network read for the write (logged), the form, the service, back to the list."""
    view = network.network_get(
        actor=_actor(request),
        client_code=code,
        action=_write_read(request),
        object_id=str(contact_code or ""),
        request=request,
    )
    contact = network.contact_get(view, contact_code) if contact_code else None
    form = form_for(contact)
    status = run_form(request, form, lambda data: save(data, contact))
    if status is None:
        messages.success(request, saved)
        return redirect(_list_url(code))
    return _form(
        request,
        form,
        title=title(contact),
        back_url=_list_url(code),
        client=view.client,
        submit=submit,
        status=status,
    )


def _existing(contact: NetworkContact | None) -> NetworkContact:
    if contact is None:
        raise Http404
    return contact


def _revision(data: dict[str, Any]) -> int:
    """The contact's revision as the page showed it: without it a concurrent edit could not be told."""
    revision = data.pop("revision", None)
    if revision is None:
        raise StaleEdit()
    return int(revision)


@login_required
@require_http_methods(["GET", "POST"])
def network_add(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    return _contact_page(
        request,
        code,
        None,
        form_for=lambda _contact: NetworkContactForm(request.POST or None),
        save=lambda data, _contact: network.contact_add(
            actor=_actor(request), client_code=code, data=data, request=request
        ),
        saved=_("Verkoston yhteystaho on kirjattu."),
        title=lambda _contact: _("Kirjaa verkoston yhteystaho"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, code: uuid.UUID, contact_code: uuid.UUID) -> HttpResponse:
    return _contact_page(
        request,
        code,
        contact_code,
        form_for=lambda contact: NetworkContactForm.for_contact(request.POST or None, _existing(contact)),
        save=lambda data, _contact: network.contact_update(
            actor=_actor(request),
            client_code=code,
            code=contact_code,
            expected_revision=_revision(data),
            data=data,
            request=request,
        ),
        saved=_("Verkoston yhteystahon tiedot on tallennettu."),
        title=lambda _contact: _("Muokkaa verkoston yhteystahoa"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_end(request: HttpRequest, code: uuid.UUID, contact_code: uuid.UUID) -> HttpResponse:
    return _contact_page(
        request,
        code,
        contact_code,
        form_for=lambda contact: NetworkContactEndForm(
            request.POST or None,
            initial={"ended_on": timezone.localdate(), "revision": _existing(contact).revision},
        ),
        save=lambda data, _contact: network.contact_end(
            actor=_actor(request),
            client_code=code,
            code=contact_code,
            ended_on=data["ended_on"],
            expected_revision=data["revision"],
            request=request,
        ),
        saved=_("Verkoston yhteystaho on päätetty."),
        title=lambda contact: _("Päätä yhteydenpito: %(name)s") % {"name": _existing(contact).name},
        submit=_("Päätä"),
    )


# --- the organiser invites and revokes guests --------------------------------------------------------------


def _organiser_only(request: HttpRequest, consultation: Consultation) -> None:
    if consultation.organiser_id != _actor(request).pk:
        raise PermissionDenied(str(OrganiserOnly.default_message))


def _issuing_page(
    request: HttpRequest,
    net: Network,
    consultation: Consultation,
    form: forms.Form,
    issue: Callable[[dict[str, Any]], guests.IssuedInvitation],
    *,
    title: str,
    submit: str,
    issued_title: str,
) -> HttpResponse:
    """A form that issues a guest's link and code: once issued, the page showing them once; else the form."""
    issued: list[guests.IssuedInvitation] = []
    status = run_form(request, form, lambda data: issued.append(issue(data)))
    if status is not None:
        return _form(
            request,
            form,
            title=title,
            back_url=_consultation_url(consultation),
            client=net.client,
            submit=submit,
            status=status,
        )
    # Shown once: neither the link's token nor the code is stored in clear.
    return render(
        request,
        "collaboration/guest_invited.html",
        {
            "title": issued_title,
            "client": net.client,
            "consultation": consultation,
            "invitation": issued[0].invitation,
            "link": request.build_absolute_uri(reverse("guest:sign_in", kwargs={"token": issued[0].token})),
            "code": issued[0].code,
            "back_url": _consultation_url(consultation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guest_invite(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    net, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    _organiser_only(request, consultation)
    return _issuing_page(
        request,
        net,
        consultation,
        GuestInviteForm(request.POST or None, contacts=list(guests.invitable_contacts(consultation))),
        lambda data: guests.guest_invite(
            actor=_actor(request),
            consultation=consultation,
            contact=data["contact"],
            shared_with_guest=data["shared_with_guest"],
            request=request,
        ),
        title=_("Kutsu verkoston yhteystaho konsultaatioon vieraaksi"),
        submit=_("Kutsu vieraaksi"),
        issued_title=_("Vieras on kutsuttu"),
    )


def _invited(consultation: Consultation, invitation_code: uuid.UUID) -> str:
    """The invited contact's name, for the title of a page about their invitation (404 if there is none)."""
    name = (
        GuestInvitation.objects.filter(consultation=consultation, code=invitation_code)
        .values_list("contact__name", flat=True)
        .first()
    )
    if name is None:
        raise Http404
    return name


@login_required
@require_http_methods(["GET", "POST"])
def guest_reissue(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    invitation_code: uuid.UUID,
) -> HttpResponse:
    net, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    _organiser_only(request, consultation)
    name = _invited(consultation, invitation_code)
    return _issuing_page(
        request,
        net,
        consultation,
        GuestReissueForm(request.POST or None),
        lambda _data: guests.guest_reissue(
            actor=_actor(request), consultation=consultation, invitation_code=invitation_code, request=request
        ),
        title=_("Anna vieraalle uusi kirjautumislinkki: %(name)s") % {"name": name},
        submit=_("Anna uusi linkki ja koodi"),
        issued_title=_("Uusi kirjautumislinkki"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def guest_revoke(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    invitation_code: uuid.UUID,
) -> HttpResponse:
    net, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    _organiser_only(request, consultation)
    form = GuestRevokeForm(request.POST or None)
    status = run_form(
        request,
        form,
        lambda _data: guests.guest_revoke(
            actor=_actor(request), consultation=consultation, invitation_code=invitation_code, request=request
        ),
    )
    if status is None:
        messages.success(request, _("Vieraan kutsu on peruttu."))
        return redirect(_consultation_url(consultation))
    return _form(
        request,
        form,
        title=_("Peru vieraan kutsu: %(name)s") % {"name": _invited(consultation, invitation_code)},
        back_url=_consultation_url(consultation),
        client=net.client,
        submit=_("Peru kutsu"),
        status=status,
    )


# --- the guest's own pages ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def guest_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: asks for the one-time code; shows nothing of the client or the consultation."""
    try:
        guests.invitation_for_link(token)
    except GuestInvitationUnusable as error:
        raise Http404(str(error.messages[0])) from error
    form = GuestCodeForm(request.POST or None)
    status = run_form(
        request, form, lambda data: guests.guest_sign_in(token=token, code=data["code"], request=request)
    )
    if status is None:
        return redirect("guest:consultation")
    return render(request, "collaboration/guest_sign_in.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def guest_consultation(request: HttpRequest) -> HttpResponse:
    """The consultation as its guest sees it, and the guest's contribution to it."""
    actor = request.user
    if not isinstance(actor, User) or not is_consultation_guest(actor):
        raise Http404
    seen = guests.guest_view(actor=actor, request=request)
    form = GuestContributionForm(request.POST or None)
    status = run_form(
        request, form, lambda data: guests.guest_contribute(actor=actor, text=data["text"], request=request)
    )
    if status is None:
        messages.success(request, _("Kannanottosi on tallennettu. Konsultaation järjestäjä näkee sen."))
        return redirect("guest:consultation")
    return render(
        request,
        "collaboration/guest_consultation.html",
        {"view": seen, "consultation": seen.consultation, "form": form},
        status=status,
    )
