"""Network-work pages for professionals. Thin: parse input, call one service or selector, render.

Every page first asks a selector, which authorises and audits the action, so that a refused or
invisible request is logged before any input is looked at.
"""

from __future__ import annotations

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

from yhteispolku.access.categories import Action
from yhteispolku.accounts.models import User
from yhteispolku.collaboration import selectors, services
from yhteispolku.collaboration.errors import CollaborationError
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
from yhteispolku.collaboration.models import Consultation, KelaRequestKind


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
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = save(dict(form.cleaned_data))
            except CollaborationError as error:
                form.add_error(None, error)
                status = error.status
            else:
                messages.success(request, done_message)
                return redirect(done_url(saved))
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
        save=lambda data: services.consultation_create(
            actor=network.actor, relationship=network.relationship, request=request, **data
        ),
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


def _consultation_page(
    request: HttpRequest, consultation: Consultation, network: selectors.Network | None, can_write: bool
) -> HttpResponse:
    return render(
        request,
        "collaboration/consultation.html",
        {
            "consultation": consultation,
            "client": network.client if network else None,
            "relationship": network.relationship if network else None,
            "can_write": can_write,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def consultation_detail(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code)
    can_write = network.can(Action.UPDATE, object_type=services.CONSULTATION) and network.relationship.is_open
    return _consultation_page(request, consultation, network, can_write)


def _notes_page(
    request: HttpRequest, consultation: Consultation, network: selectors.Network | None
) -> HttpResponse:
    form = NotesForm(
        request.POST or None,
        initial={
            "agenda": consultation.agenda,
            "notes": consultation.notes,
            "decisions": consultation.decisions,
            "revision": consultation.revision,
        },
    )
    return _form_page(
        request,
        form=form,
        save=lambda data: services.consultation_notes_update(
            actor=_actor(request),
            consultation=consultation,
            agenda=data["agenda"],
            notes=data["notes"],
            decisions=data["decisions"],
            expected_revision=data["revision"],
            request=request,
        ),
        done_message=_("Muistiinpanot ja päätökset on tallennettu."),
        done_url=_consultation_url,
        title=_("Muistiinpanot ja päätökset"),
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_notes(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    return _notes_page(request, consultation, network)


@login_required
@require_http_methods(["GET", "POST"])
def participant_invite(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    return _form_page(
        request,
        form=InviteForm(request.POST or None, relationship=network.relationship),
        save=lambda data: services.participant_invite(
            actor=network.actor, consultation=consultation, user=data["user"], request=request
        ),
        done_message=_("Ammattilainen on kutsuttu konsultaatioon."),
        done_url=lambda _saved: _consultation_url(consultation),
        title=_("Kutsu ammattilainen konsultaatioon"),
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_add(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    return _form_page(
        request,
        form=FollowUpForm(
            request.POST or None, consultation=consultation, initial={"owner": network.actor.pk}
        ),
        save=lambda data: services.follow_up_add(
            actor=network.actor, consultation=consultation, request=request, **data
        ),
        done_message=_("Jatkotoimi on kirjattu."),
        done_url=lambda _saved: _consultation_url(consultation),
        title=_("Uusi jatkotoimi"),
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_done(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    follow_up_code: uuid.UUID,
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    follow_up = selectors.follow_up_of(consultation, follow_up_code)
    return _form_page(
        request,
        form=DoneForm(request.POST or None, initial={"done_on": timezone.localdate()}),
        save=lambda data: services.follow_up_done(
            actor=network.actor, follow_up=follow_up, done_on=data["done_on"], request=request
        ),
        done_message=_("Jatkotoimi on kirjattu tehdyksi."),
        done_url=lambda _saved: _consultation_url(consultation),
        title=_("Kirjaa jatkotoimi tehdyksi"),
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_review(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID
) -> HttpResponse:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    return _form_page(
        request,
        form=ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}),
        save=lambda data: services.consultation_reviewed(
            actor=network.actor, consultation=consultation, request=request, **data
        ),
        done_message=_("Läpikäynti asiakkaan kanssa on kirjattu."),
        done_url=_consultation_url,
        title=_("Konsultaation asiat käyty läpi asiakkaan kanssa"),
        back_url=_consultation_url(consultation),
        network=network,
        consultation=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalation_step(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code, Action.CREATE, services.ESCALATION_STEP)
    return _form_page(
        request,
        form=EscalationStepForm(request.POST or None, initial={"on": timezone.localdate()}),
        save=lambda data: services.escalation_step_record(
            actor=network.actor, relationship=network.relationship, request=request, **data
        ),
        done_message=_("Työkyvyn tuen vaihe on kirjattu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Kirjaa työkyvyn tuen vaihe"),
        back_url=_overview_url(network),
        network=network,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_request_create(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code, Action.CREATE, services.KELA_REQUEST)
    return _form_page(
        request,
        form=KelaRequestForm(request.POST or None, initial={"sent_on": timezone.localdate()}),
        save=lambda data: services.kela_request_send(
            actor=network.actor, relationship=network.relationship, request=request, **data
        ),
        done_message=_("Pyyntö Kelalle on kirjattu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Uusi pyyntö Kelalle"),
        back_url=_overview_url(network),
        network=network,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_request_answer(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID
) -> HttpResponse:
    network = _network(request, relationship_code, Action.VIEW, services.KELA_REQUEST)
    item = selectors.kela_request_get(network=network, code=kela_request_code)
    if request.method == "GET":
        selectors.kela_answer_authorize(network=network, kela_request=item, request=request)
    form = KelaAnswerForm(
        request.POST or None, initial={"answered_on": timezone.localdate(), "revision": item.revision}
    )
    if item.kind != KelaRequestKind.REHABILITATION_ASSESSMENT:
        del form.fields["current_situation"]
        del form.fields["rehabilitation_path"]
    return _form_page(
        request,
        form=form,
        save=lambda data: services.kela_request_answer(
            actor=network.actor,
            kela_request=item,
            expected_revision=data.pop("revision"),
            request=request,
            **data,
        ),
        done_message=_("Kelan vastaus on kirjattu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Kelan vastaus: %(kind)s") % {"kind": item.get_kind_display()},
        back_url=_overview_url(network),
        network=network,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kela_request_close(
    request: HttpRequest, relationship_code: uuid.UUID, kela_request_code: uuid.UUID
) -> HttpResponse:
    network = _network(request, relationship_code, Action.UPDATE, services.KELA_REQUEST)
    item = selectors.kela_request_get(network=network, code=kela_request_code)
    return _form_page(
        request,
        form=KelaCloseForm(
            request.POST or None, initial={"closed_on": timezone.localdate(), "revision": item.revision}
        ),
        save=lambda data: services.kela_request_close(
            actor=network.actor,
            kela_request=item,
            closed_on=data["closed_on"],
            expected_revision=data["revision"],
            request=request,
        ),
        done_message=_("Pyyntö on suljettu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Sulje pyyntö: %(kind)s") % {"kind": item.get_kind_display()},
        back_url=_overview_url(network),
        network=network,
    )


@login_required
@require_http_methods(["GET", "POST"])
def todo_add(request: HttpRequest, relationship_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code, Action.CREATE, services.CLIENT_TODO)
    return _form_page(
        request,
        form=TodoForm(request.POST or None),
        save=lambda data: services.client_todo_add(
            actor=network.actor, relationship=network.relationship, request=request, **data
        ),
        done_message=_("Asiakkaan toimitettava asia on kirjattu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Asiakkaan vastuulla on toimittaa"),
        back_url=_overview_url(network),
        network=network,
    )


@login_required
@require_http_methods(["GET", "POST"])
def todo_close(request: HttpRequest, relationship_code: uuid.UUID, todo_code: uuid.UUID) -> HttpResponse:
    network = _network(request, relationship_code, Action.UPDATE, services.CLIENT_TODO)
    todo = selectors.todo_get(network=network, code=todo_code)
    return _form_page(
        request,
        form=TodoCloseForm(request.POST or None, initial={"on": timezone.localdate()}),
        save=lambda data: services.client_todo_close(actor=network.actor, todo=todo, request=request, **data),
        done_message=_("Asian tila on kirjattu."),
        done_url=lambda _saved: _overview_url(network),
        title=_("Toimitettu tai peruttu: %(item)s") % {"item": todo.description},
        back_url=_overview_url(network),
        network=network,
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
    actor = _actor(request)
    return _form_page(
        request,
        form=ConsultationForm(request.POST or None),
        save=lambda data: services.consultation_create(
            actor=actor, relationship=None, request=request, **data
        ),
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
