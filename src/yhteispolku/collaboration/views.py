"""Network-work pages for professionals. Thin: parse input, call one service or selector, render.

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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.access.categories import tag_fields
from yhteispolku.accounts.models import User
from yhteispolku.collaboration import guests, selectors, services
from yhteispolku.collaboration.forms import (
    ConsultationForm,
    DoneForm,
    EscalationStepForm,
    FollowUpForm,
    InviteForm,
    KelaAnswerForm,
    KelaCloseForm,
    KelaRequestForm,
    NotesForm,
    ReviewForm,
    TodoCloseForm,
    TodoForm,
)
from yhteispolku.collaboration.models import Consultation, KelaRequest, KelaRequestKind
from yhteispolku.core.categories import Action
from yhteispolku.core.pages import run_form


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _write_read(request: HttpRequest, action: Action) -> Action:
    """Opening a form is an attempt to write; a submitted form is read for the answer page while the
    service authorises (and logs) the write itself, so that it is not logged twice."""
    return action if request.method == "GET" else Action.VIEW


def _network(
    request: HttpRequest, relationship_code: uuid.UUID, action: Action = Action.VIEW, object_type: str = ""
) -> selectors.Network:
    return selectors.network_get(
        actor=_actor(request),
        relationship_code=relationship_code,
        action=_write_read(request, action),
        object_type=object_type or services.CONSULTATION,
        request=request,
    )


def _overview_url(network: selectors.Network) -> str:
    return reverse("collaboration:overview", kwargs={"relationship_code": network.relationship.code})


def _consultation_url(consultation: Consultation) -> str:
    if consultation.relationship is None:
        return reverse("collaboration:anonymous_detail", kwargs={"consultation_code": consultation.code})
    return reverse(
        "collaboration:consultation",
        kwargs={"relationship_code": consultation.relationship.code, "consultation_code": consultation.code},
    )


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done_message: str,
    done_url: Callable[[Any], str],
    title: str,
    back_url: str,
    network: selectors.Network | None = None,
    consultation: Consultation | None = None,
    submit: str = "",
) -> HttpResponse:
    saved: list[Any] = []
    status = run_form(request, form, lambda data: saved.append(save(data)))
    if status is None:
        messages.success(request, done_message)
        return redirect(done_url(saved[0]))
    return render(
        request,
        "collaboration/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "client": network.client if network else None,
            "relationship": network.relationship if network else None,
            "consultation": consultation,
            "anonymous": consultation.is_anonymous if consultation is not None else network is None,
            "submit": submit or _("Tallenna"),
        },
        status=status,
    )


def _network_form_page(
    request: HttpRequest,
    network: selectors.Network,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done_message: str,
    title: str,
) -> HttpResponse:
    """A form about the client's network work that returns to the overview, saved or not."""
    return _form_page(
        request,
        form=form,
        save=save,
        done_message=done_message,
        done_url=lambda _saved: _overview_url(network),
        title=title,
        back_url=_overview_url(network),
        network=network,
    )


def _consultation_form_page(
    request: HttpRequest,
    network: selectors.Network | None,
    consultation: Consultation,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done_message: str,
    title: str,
) -> HttpResponse:
    """A form about one consultation that returns to the consultation's page, saved or not."""
    return _form_page(
        request,
        form=form,
        save=save,
        done_message=done_message,
        done_url=lambda _saved: _consultation_url(consultation),
        title=title,
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


def _change(
    request: HttpRequest, service: Callable[..., Any], **target: Any
) -> Callable[[dict[str, Any]], Any]:
    """`save` for a form whose cleaned data are the keyword arguments of the service changing `target`
    (a relationship, a consultation, …); a hidden `revision` is the optimistic lock's expected one."""

    def save(data: dict[str, Any]) -> Any:
        if "revision" in data:
            data["expected_revision"] = data.pop("revision")
        return service(actor=_actor(request), request=request, **target, **data)

    return save


@login_required
@require_GET
def overview(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code)
    data = selectors.network_overview(network=network, request=request)
    return render(
        request,
        "collaboration/overview.html",
        {
            "overview": data,
            "client": network.client,
            "relationship": network.relationship,
            "can_write": network.can(Action.CREATE, object_type=services.CONSULTATION)
            and network.relationship.is_open,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code, Action.CREATE)
    today = timezone.localdate()
    form = ConsultationForm(
        request.POST or None, relationship=network.relationship, initial={"agreed_with_client_on": today}
    )
    return _form_page(
        request,
        form=form,
        save=_change(request, services.consultation_create, relationship=network.relationship),
        done_message=_("Konsultaatio on kirjattu."),
        done_url=_consultation_url,
        title=_("Uusi konsultaatio"),
        back_url=_overview_url(network),
        network=network,
    )


def _consultation(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    action: Action = Action.VIEW,
) -> tuple[selectors.Network, Consultation]:
    network = selectors.network_get(
        actor=_actor(request),
        relationship_code=relationship_code,
        action=_write_read(request, action),
        object_type=services.CONSULTATION,
        object_id=str(consultation_code),
        request=request,
    )
    return network, selectors.consultation_get(network=network, code=consultation_code)


def _network_form(
    object_type: str, action: Action = Action.CREATE
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A form page about the client's network work (GET opens, POST saves): the professional signed in,
    the relationship's network looked up for `action` on `object_type`; the view gets the network."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def page(request: HttpRequest, relationship_code: uuid.UUID, **more: Any) -> HttpResponse:
            return view(request, _network(request, relationship_code, action, object_type), **more)

        return page

    return decorate


def _consultation_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A form page about one consultation (GET opens, POST saves): the professional signed in, the
    consultation looked up for UPDATE; `view` gets the network and the consultation for their codes."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @functools.wraps(view)
    def page(
        request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, **more: Any
    ) -> HttpResponse:
        network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
        return view(request, network, consultation, **more)

    return page


def _consultation_page(
    request: HttpRequest,
    consultation: Consultation,
    network: selectors.Network | None,
    can_write: bool,
    withheld: frozenset[str] = frozenset(),
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "collaboration/consultation.html",
        {
            "consultation": consultation,
            "client": network.client if network else None,
            "relationship": network.relationship if network else None,
            "can_write": can_write,
            "withheld": withheld,
            "today": timezone.localdate(),
            **extra,
        },
    )


@login_required
@require_GET
def consultation_detail(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code)
    fields = selectors.consultation_fields(network=network, consultation=consultation, request=request)
    # The notes form shows the notes: not for one who may not see them (access.categories).
    can_write = (
        network.can(Action.UPDATE, object_type=services.CONSULTATION)
        and network.relationship.is_open
        and "notes" not in fields
    )
    # The guests of the client's network and their contributions are read with the consultation; only
    # its organiser invites and revokes them (collaboration.guests).
    return _consultation_page(
        request,
        consultation,
        network,
        can_write,
        fields.withheld,
        guests=guests.consultation_guests(consultation),
        can_invite_guests=bool(
            network.can(Action.CREATE, object_type=guests.GUEST_INVITATION)
            and network.relationship.is_open
            and consultation.organiser_id == network.actor.pk
        ),
    )


def _notes_page(
    request: HttpRequest, consultation: Consultation, network: selectors.Network | None
) -> HttpResponse:
    if network is not None:
        selectors.consultation_fields(network=network, consultation=consultation, request=request).require(
            "notes"
        )
    form = NotesForm(
        request.POST or None,
        initial={
            "agenda": consultation.agenda,
            "notes": consultation.notes,
            "decisions": consultation.decisions,
            "revision": consultation.revision,
        },
    )
    tag_fields(form, services.CONSULTATION)
    return _consultation_form_page(
        request,
        network,
        consultation,
        form=form,
        save=_change(request, services.consultation_notes_update, consultation=consultation),
        done_message=_("Muistiinpanot ja päätökset on tallennettu."),
        title=_("Muistiinpanot ja päätökset"),
    )


@_consultation_form
def consultation_notes(
    request: HttpRequest, network: selectors.Network, consultation: Consultation
) -> HttpResponse:
    return _notes_page(request, consultation, network)


@_consultation_form
def participant_invite(
    request: HttpRequest, network: selectors.Network, consultation: Consultation
) -> HttpResponse:
    return _consultation_form_page(
        request,
        network,
        consultation,
        form=InviteForm(request.POST or None, relationship=network.relationship),
        save=_change(request, services.participant_invite, consultation=consultation),
        done_message=_("Ammattilainen on kutsuttu konsultaatioon."),
        title=_("Kutsu ammattilainen konsultaatioon"),
    )


@_consultation_form
def follow_up_add(
    request: HttpRequest, network: selectors.Network, consultation: Consultation
) -> HttpResponse:
    return _consultation_form_page(
        request,
        network,
        consultation,
        form=FollowUpForm(
            request.POST or None, consultation=consultation, initial={"owner": network.actor.pk}
        ),
        save=_change(request, services.follow_up_add, consultation=consultation),
        done_message=_("Jatkotoimi on kirjattu."),
        title=_("Uusi jatkotoimi"),
    )


@_consultation_form
def follow_up_done(
    request: HttpRequest, network: selectors.Network, consultation: Consultation, follow_up_code: uuid.UUID
) -> HttpResponse:
    follow_up = selectors.follow_up_of(consultation, follow_up_code)
    return _consultation_form_page(
        request,
        network,
        consultation,
        form=DoneForm(request.POST or None, initial={"done_on": timezone.localdate()}),
        save=_change(request, services.follow_up_done, follow_up=follow_up),
        done_message=_("Jatkotoimi on kirjattu tehdyksi."),
        title=_("Kirjaa jatkotoimi tehdyksi"),
    )


@_consultation_form
def consultation_review(
    request: HttpRequest, network: selectors.Network, consultation: Consultation
) -> HttpResponse:
    return _consultation_form_page(
        request,
        network,
        consultation,
        form=ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}),
        save=_change(request, services.consultation_reviewed, consultation=consultation),
        done_message=_("Läpikäynti asiakkaan kanssa on kirjattu."),
        title=_("Konsultaation asiat käyty läpi asiakkaan kanssa"),
    )


def _escalation_return(request: HttpRequest, network: selectors.Network) -> str:
    """Where the escalation form returns: the page it was opened from (a track's page or the client's
    page, `?paluu=polku|asiakas`), else the network work's overview."""
    back = request.GET.get("paluu")
    if back == "polku":
        return (
            reverse("paths:detail", kwargs={"relationship_code": network.relationship.code}) + "#work-ability"
        )
    if back == "asiakas":
        return reverse("clients:detail", kwargs={"code": network.client.code}) + "#work-ability"
    return _overview_url(network)


@_network_form(services.ESCALATION_STEP)
def escalation_step(request: HttpRequest, network: selectors.Network) -> HttpResponse:
    back_url = _escalation_return(request, network)
    return _form_page(
        request,
        form=EscalationStepForm(request.POST or None, initial={"on": timezone.localdate()}),
        save=_change(request, services.escalation_step_record, relationship=network.relationship),
        done_message=_("Työkyvyn tuen vaihe on kirjattu."),
        done_url=lambda _saved: back_url,
        title=_("Kirjaa työkyvyn tuen vaihe"),
        back_url=back_url,
        network=network,
    )


@_network_form(services.KELA_REQUEST)
def kela_request_create(request: HttpRequest, network: selectors.Network) -> HttpResponse:
    return _network_form_page(
        request,
        network,
        form=KelaRequestForm(request.POST or None, initial={"sent_on": timezone.localdate()}),
        save=_change(request, services.kela_request_send, relationship=network.relationship),
        done_message=_("Pyyntö Kelalle on kirjattu."),
        title=_("Uusi pyyntö Kelalle"),
    )


def _kela_request(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID, action: Action
) -> tuple[selectors.Network, KelaRequest]:
    network = _network(request, relationship_code, action, services.KELA_REQUEST)
    return network, selectors.kela_request_get(network=network, code=kela_request_code)


@login_required
@require_http_methods(["GET", "POST"])
def kela_request_answer(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID
) -> HttpResponse:
    network, item = _kela_request(request, relationship_code, kela_request_code, Action.VIEW)
    if request.method == "GET":
        selectors.kela_answer_authorize(network=network, kela_request=item, request=request)
    form = KelaAnswerForm(
        request.POST or None, initial={"answered_on": timezone.localdate(), "revision": item.revision}
    )
    if item.kind != KelaRequestKind.REHABILITATION_ASSESSMENT:
        del form.fields["current_situation"]
        del form.fields["rehabilitation_path"]
    return _network_form_page(
        request,
        network,
        form=form,
        save=_change(request, services.kela_request_answer, kela_request=item),
        done_message=_("Kelan vastaus on kirjattu."),
        title=_("Kelan vastaus: %(kind)s") % {"kind": item.get_kind_display()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_request_close(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID
) -> HttpResponse:
    network, item = _kela_request(request, relationship_code, kela_request_code, Action.UPDATE)
    return _network_form_page(
        request,
        network,
        form=KelaCloseForm(
            request.POST or None, initial={"closed_on": timezone.localdate(), "revision": item.revision}
        ),
        save=_change(request, services.kela_request_close, kela_request=item),
        done_message=_("Pyyntö on suljettu."),
        title=_("Sulje pyyntö: %(kind)s") % {"kind": item.get_kind_display()},
    )


@_network_form(services.CLIENT_TODO)
def todo_add(request: HttpRequest, network: selectors.Network) -> HttpResponse:
    return _network_form_page(
        request,
        network,
        form=TodoForm(request.POST or None),
        save=_change(request, services.client_todo_add, relationship=network.relationship),
        done_message=_("Asiakkaan toimitettava asia on kirjattu."),
        title=_("Asiakkaan vastuulla on toimittaa"),
    )


@_network_form(services.CLIENT_TODO, Action.UPDATE)
def todo_close(request: HttpRequest, network: selectors.Network, todo_code: uuid.UUID) -> HttpResponse:
    todo = selectors.todo_get(network=network, code=todo_code)
    return _network_form_page(
        request,
        network,
        form=TodoCloseForm(request.POST or None, initial={"on": timezone.localdate()}),
        save=_change(request, services.client_todo_close, todo=todo),
        done_message=_("Asian tila on kirjattu."),
        title=_("Toimitettu tai peruttu: %(item)s") % {"item": todo.description},
    )


# --- anonymous consultations: no client, no personal data --------------------------------------------


@login_required
@require_GET
def anonymous_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/anonymous_list.html",
        {"consultations": selectors.anonymous_consultations(actor=_actor(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def anonymous_create(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        form=ConsultationForm(request.POST or None),
        save=_change(request, services.consultation_create, relationship=None),
        done_message=_("Anonyymi konsultaatio on kirjattu."),
        done_url=_consultation_url,
        title=_("Uusi anonyymi konsultaatio"),
        back_url=reverse("collaboration:anonymous_list"),
    )


@login_required
@require_GET
def anonymous_detail(request: HttpRequest, consultation_code: uuid.UUID) -> HttpResponse:
    consultation = selectors.anonymous_consultation_get(actor=_actor(request), code=consultation_code)
    return _consultation_page(request, consultation, None, can_write=True)


@login_required
@require_http_methods(["GET", "POST"])
def anonymous_notes(request: HttpRequest, consultation_code: uuid.UUID) -> HttpResponse:
    consultation = selectors.anonymous_consultation_get(actor=_actor(request), code=consultation_code)
    return _notes_page(request, consultation, None)
