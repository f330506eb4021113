"""Oma Yhteispolku's deliveries (issue 13): the client sends the document a to-do asks for, answers a
request for her prior agreement to a consultation (R-CONS-1), and reads her documents (less those a
recorded professional decision withholds from her, SPEC §5.1).

Kept apart from `views.py` (identification, plans, consents): these pages hand what she sends to the
professionals' apps. Every lookup is by her own client; another's code is a 404 and a denied entry.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteispolku.collaboration.models import TodoStatus
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import confirmation, is_confirmed
from yhteispolku.documents.errors import FileMissing, FileTooLarge, FileTypeNotAllowed
from yhteispolku.documents.responses import attachment_response
from yhteispolku.portal import selectors, services
from yhteispolku.portal.forms import TodoDocumentForm
from yhteispolku.portal.session import client_required
from yhteispolku.portal.views import _client

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FILE_ERRORS = (FileMissing, FileTooLarge, FileTypeNotAllowed)


@require_http_methods(["GET", "POST"])
@client_required
def todo_document(request: HttpRequest, todo_code: uuid.UUID) -> HttpResponse:
    """Send the document one of her to-dos asks for; the to-do is then delivered. A refused file (too
    large, not what its name says) is a message beside the file field and nothing is saved."""
    client = _client(request)
    todo = selectors.own_todo(client=client, todo_code=todo_code, request=request)
    form = TodoDocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    status = 200
    open_to_send = todo.status == TodoStatus.OPEN and bool(todo.requested_document_type)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                services.send_todo_document(
                    client=client,
                    todo_code=todo.code,
                    upload=form.cleaned_data["file"],
                    dated_on=form.cleaned_data["dated_on"],
                    author_name=form.cleaned_data["author_name"],
                    request=request,
                )
            except DomainError as error:
                form.add_error("file" if isinstance(error, FILE_ERRORS) else None, error)
                status = error.status
                todo.refresh_from_db()
                open_to_send = todo.status == TodoStatus.OPEN and bool(todo.requested_document_type)
            else:
                messages.success(
                    request,
                    _("Kiitos! Asiakirja on lähetetty: %(organisation)s saa sen.")
                    % {"organisation": todo.deliver_to.name},
                )
                return redirect("portal:todos")
    return render(
        request,
        "portal/todo_document.html",
        {"client": client, "todo": todo, "form": form, "open_to_send": open_to_send},
        status=status,
    )


@require_GET
@client_required
def consultations(request: HttpRequest) -> HttpResponse:
    """The consultations she is asked to agree to (R-CONS-1), and those she has answered."""
    client = _client(request)
    return render(
        request,
        "portal/consultations.html",
        {"client": client, "rows": selectors.own_consultation_requests(client=client, request=request)},
    )


def _answer(request: HttpRequest, consultation_code: uuid.UUID, *, agree: bool) -> HttpResponse:
    """Agree or decline after the confirmation step, which names who is consulted, why and when."""
    client = _client(request)
    shown = selectors.own_consultation_request(
        client=client, consultation_code=consultation_code, request=request
    )
    back = reverse("portal:consultations")
    if is_confirmed(request):
        try:
            services.answer_consultation(
                client=client, consultation_code=consultation_code, agree=agree, request=request
            )
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
            return render(
                request,
                "portal/consultations.html",
                {
                    "client": client,
                    "rows": selectors.own_consultation_requests(client=client, request=request),
                },
                status=error.status,
            )
        messages.success(
            request,
            _("Kiitos! Suostumuksesi konsultaatioon on tallennettu.")
            if agree
            else _("Vastauksesi on tallennettu: konsultaatiota ei pidetä."),
        )
        return redirect(back)
    consultation = shown.consultation
    when = date_format(timezone.localtime(consultation.scheduled_at), "j.n.Y H.i")
    details = _("%(kind)s %(when)s. Osallistujat: %(participants)s.") % {
        "kind": consultation.get_kind_display(),
        "when": when,
        "participants": "; ".join(shown.participants),
    }
    consequences: list[StrOrPromise]
    if agree:
        question = _("Suostutko konsultaatioon %(when)s?") % {"when": when}
        consequences = [
            details,
            _(
                "Osallistujat voivat käsitellä asiaasi konsultaatiossa. Sen jälkeen käsitellyt asiat "
                "käydään läpi kanssasi."
            ),
            _("Vastausta ei voi muuttaa täällä. Jos muutat mielesi, ota yhteyttä työpariisi."),
        ]
    else:
        question = _("Kieltäydytkö konsultaatiosta %(when)s?") % {"when": when}
        consequences = [
            details,
            _("Konsultaatiota ei pidetä, eikä asiaasi käsitellä siinä."),
            _("Vastausta ei voi muuttaa täällä. Jos muutat mielesi, ota yhteyttä työpariisi."),
        ]
    return confirmation(
        request,
        client=client,
        question=question,
        consequences=consequences,
        back_url=back,
        back_label=_("Takaisin konsultaatioihin"),
        cancel_url=back,
        base_template="portal/base.html",
    )


@require_http_methods(["GET", "POST"])
@client_required
def consultation_agree(request: HttpRequest, consultation_code: uuid.UUID) -> HttpResponse:
    return _answer(request, consultation_code, agree=True)


@require_http_methods(["GET", "POST"])
@client_required
def consultation_decline(request: HttpRequest, consultation_code: uuid.UUID) -> HttpResponse:
    return _answer(request, consultation_code, agree=False)


@require_GET
@client_required
def documents(request: HttpRequest) -> HttpResponse:
    """Her documents and statements with their files, less those withheld from her (SPEC §5.1)."""
    client = _client(request)
    return render(
        request,
        "portal/documents.html",
        {"client": client, "documents": selectors.own_documents(client=client, request=request)},
    )


@require_GET
@client_required
def document_file(
    request: HttpRequest, document_code: uuid.UUID, attachment_code: uuid.UUID
) -> HttpResponseBase:
    """One file of her documents, as a download (the documents app's safe answer); audited as hers."""
    attachment = selectors.own_attachment(
        client=_client(request),
        document_code=document_code,
        attachment_code=attachment_code,
        request=request,
    )
    return attachment_response(attachment)
