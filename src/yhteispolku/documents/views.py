"""The documents pages. Thin: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yhteispolku.access.categories import fields_permitted, tag_fields
from yhteispolku.accounts.models import User
from yhteispolku.cases.services import current_tym_relationship
from yhteispolku.clients.forms import WithholdForm
from yhteispolku.clients.selectors import withholding_of
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.core.pages import form_page, run_form
from yhteispolku.documents import selectors, services
from yhteispolku.documents.errors import DocumentError
from yhteispolku.documents.forms import (
    AttachmentForm,
    DocumentForm,
    DocumentUpdateForm,
    StatementRequestForm,
    StatementRequestUpdateForm,
)
from yhteispolku.documents.models import TYPE_CATEGORIES, Document, StatementRequest
from yhteispolku.documents.responses import attachment_response, pdf_response


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _document(
    request: HttpRequest, code: str, document_code: str, action: Action
) -> tuple[User, selectors.ClientDocuments, Document]:
    """The actor, the client and the client's document, authorised for `action`."""
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    document = selectors.document_for_action(
        actor=actor, context=context, code=document_code, action=action, request=request
    )
    return actor, context, document


def _statement_request(
    request: HttpRequest, code: str, request_code: str, action: Action
) -> tuple[User, selectors.ClientDocuments, StatementRequest]:
    """The actor, the client and the client's medical-statement request, authorised for `action`."""
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    statement_request = selectors.statement_request_for_action(
        actor=actor, context=context, code=request_code, action=action, request=request
    )
    return actor, context, statement_request


def _form_read(request: HttpRequest) -> Action:
    """Opening an edit form is an attempt to update; a submitted form is read while the service
    authorises (and logs) the update itself."""
    return Action.UPDATE if request.method == "GET" else Action.VIEW


@login_required
@require_GET
def document_list(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    sections = selectors.documents_for(actor=actor, context=context, request=request)
    return render(
        request,
        "documents/list.html",
        {
            "client": context.client,
            "sections": sections,
            "can_record": any(section.can_record for section in sections),
            "statement_requests": selectors.statement_requests_for(
                actor=actor, context=context, request=request
            ),
            "can_request_statement": context.can(
                actor, Action.CREATE, DataCategory.PLAN, services.STATEMENT_REQUEST
            ),
        },
    )


def _creatable_types(actor: User, context: selectors.ClientDocuments) -> list[str]:
    return [
        document_type
        for document_type, category in TYPE_CATEGORIES.items()
        if context.can(actor, Action.CREATE, category)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def document_record(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    allowed_types = _creatable_types(actor, context)
    if request.method == "GET" and not allowed_types:
        # No category the actor may write: the policy's refusal (logged) answers the form.
        context.authorize(actor, Action.CREATE, DataCategory.HEALTH, services.DOCUMENT, request)
    form = DocumentForm(
        request.POST or None, allowed_types=allowed_types, initial={"dated_on": timezone.localdate()}
    )
    document_type = request.POST.get("document_type", "")
    if document_type in TYPE_CATEGORIES and document_type not in allowed_types:
        # A type outside the actor's categories: the service's authorisation refuses and logs it.
        form = DocumentForm(request.POST)
    return form_page(
        request,
        form,
        lambda data: services.document_record(actor=actor, client=context.client, request=request, **data),
        saved=_("Asiakirja on tallennettu."),
        then=lambda _saved: redirect("documents:list", code=context.client.code),
        template="documents/document_form.html",
        context=lambda: {"form": form, "client": context.client},
    )


@login_required
@require_GET
def document_detail(request: HttpRequest, code: str, document_code: str) -> HttpResponse:
    actor, context, document = _document(request, code, document_code, Action.VIEW)
    return _detail_page(request, actor, context, document)


def _detail_page(
    request: HttpRequest,
    actor: User,
    context: selectors.ClientDocuments,
    document: Document,
    *,
    withhold_form: WithholdForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_update = context.can(actor, Action.UPDATE, DataCategory(document.category)) and (
        document.organisation_id == actor.organisation_id
    )
    return render(
        request,
        "documents/detail.html",
        {
            "client": context.client,
            "document": document,
            "attachments": list(document.attachments.all()),
            "can_update": can_update,
            "attachment_form": AttachmentForm() if can_update else None,
            # SPEC §5.1: whether the client sees it in Oma Yhteispolku; those who may update it decide.
            "withholding": withholding_of(services.DOCUMENT, document.code),
            "withhold_form": (withhold_form or WithholdForm()) if can_update else None,
        },
        status=status,
    )


@login_required
@require_POST
def document_withhold(request: HttpRequest, code: str, document_code: str) -> HttpResponse:
    """Record the decision that the client does not see this document in Oma Yhteispolku, with a reason."""
    actor, context, document = _document(request, code, document_code, Action.VIEW)
    form = WithholdForm(request.POST)
    status = run_form(
        request,
        form,
        lambda data: services.document_withhold(
            actor=actor, document=document, reason=data["reason"], request=request
        ),
    )
    if status is None:
        messages.success(request, _("Päätös on kirjattu: asiakas ei näe asiakirjaa Oma Yhteispolussa."))
        return redirect("documents:detail", code=context.client.code, document_code=document.code)
    return _detail_page(request, actor, context, document, withhold_form=form, status=status)


@login_required
@require_POST
def document_withholding_lift(request: HttpRequest, code: str, document_code: str) -> HttpResponse:
    """Lift the decision: the client sees the document again (the decision stays recorded)."""
    actor, context, document = _document(request, code, document_code, Action.VIEW)
    try:
        services.document_withholding_lift(actor=actor, document=document, request=request)
    except DomainError as error:
        messages.error(request, "; ".join(error.messages))
        return _detail_page(request, actor, context, document, status=error.status)
    messages.success(request, _("Päätös on kumottu: asiakas näkee asiakirjan Oma Yhteispolussa."))
    return redirect("documents:detail", code=context.client.code, document_code=document.code)


@login_required
@require_http_methods(["GET", "POST"])
def document_update(request: HttpRequest, code: str, document_code: str) -> HttpResponse:
    actor, context, document = _document(request, code, document_code, _form_read(request))
    same_category = [t for t, category in TYPE_CATEGORIES.items() if category == document.category]
    initial = {
        "document_type": document.document_type,
        "dated_on": document.dated_on,
        "author_organisation": document.author_organisation.slug if document.author_organisation else None,
        "author_organisation_name": document.author_organisation_name,
        "summary": document.summary,
        "version": document.version,
    }
    form = DocumentUpdateForm(request.POST or None, allowed_types=same_category, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.document_update(
            actor=actor, document=document, expected_version=data.pop("version"), request=request, **data
        ),
        saved=_("Asiakirja on päivitetty."),
        then=lambda _saved: redirect(
            "documents:detail", code=context.client.code, document_code=document.code
        ),
        template="documents/document_form.html",
        context=lambda: {"form": form, "client": context.client, "document": document},
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, code: str, document_code: str) -> HttpResponse:
    actor, context, document = _document(request, code, document_code, Action.VIEW)
    try:
        services.attachment_add(
            actor=actor, document=document, upload=request.FILES.get("file"), request=request
        )
    except DocumentError as error:
        return render(
            request,
            "documents/detail.html",
            {
                "client": context.client,
                "document": document,
                "attachments": list(document.attachments.all()),
                "can_update": True,
                "attachment_form": AttachmentForm(),
                "attachment_error": error.message,
            },
            status=error.status,
        )
    messages.success(request, _("Liite on lisätty."))
    return redirect("documents:detail", code=context.client.code, document_code=document.code)


@login_required
@require_GET
def attachment_download(
    request: HttpRequest, code: str, document_code: str, attachment_code: str
) -> HttpResponseBase:
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    attachment = selectors.attachment_for_download(
        actor=actor,
        context=context,
        document_code=document_code,
        attachment_code=attachment_code,
        request=request,
    )
    return attachment_response(attachment)


@login_required
@require_http_methods(["GET", "POST"])
def statement_request_create(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    context = selectors.client_documents_get(actor=actor, code=code, request=request)
    if request.method == "GET":
        context.authorize(actor, Action.CREATE, DataCategory.PLAN, services.STATEMENT_REQUEST, request)
    relationship = current_tym_relationship(context.client)
    form = StatementRequestForm(
        request.POST or None, relationship=relationship, initial={"contact": actor.pk}
    )
    tag_fields(form, services.STATEMENT_REQUEST)
    return form_page(
        request,
        form,
        lambda data: services.statement_request_create(
            actor=actor, client=context.client, request=request, **data
        ),
        saved=_("Lausuntopyyntö ja saatekirje on laadittu. Tarkista ja muokkaa kirjettä."),
        then=lambda created: redirect(
            "documents:statement_request", code=context.client.code, request_code=created.code
        ),
        template="documents/statement_request_form.html",
        context=lambda: {"form": form, "client": context.client},
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_request_edit(request: HttpRequest, code: str, request_code: str) -> HttpResponse:
    actor, context, statement_request = _statement_request(request, code, request_code, Action.VIEW)
    fields = selectors.statement_request_fields(
        actor=actor, context=context, statement_request=statement_request, request=request
    )
    # Editing shows the letter: not for one who may not see it (issue 16, finding 10).
    can_update = (
        context.can(actor, Action.UPDATE, DataCategory.PLAN, services.STATEMENT_REQUEST)
        and "letter" not in fields
    )
    if request.method == "POST":
        fields.require("letter")
    initial = {
        "letter": statement_request.letter,
        "sent_on": statement_request.sent_on,
        "received_on": statement_request.received_on,
        "revision": statement_request.revision,
    }
    form = StatementRequestUpdateForm(request.POST or None, initial=initial)
    tag_fields(form, services.STATEMENT_REQUEST)
    return form_page(
        request,
        form,
        lambda data: services.statement_request_update(
            actor=actor,
            statement_request=statement_request,
            expected_revision=data.pop("revision"),
            request=request,
            **data,
        ),
        saved=_("Saatekirje on tallennettu."),
        then=lambda _saved: redirect(
            "documents:statement_request", code=context.client.code, request_code=statement_request.code
        ),
        template="documents/statement_request.html",
        context=lambda: {
            "client": context.client,
            "statement_request": statement_request,
            "withheld": fields.withheld,
            # Printing the letter is printing health data: offered only where the policy allows it.
            "can_print": fields_permitted(
                actor=actor,
                facts=context.facts,
                object_type=services.STATEMENT_REQUEST,
                fields=("letter", "reason"),
                owner_organisation_id=statement_request.organisation_id,
                author_id=statement_request.recorded_by_id,
                action=Action.PRINT,
            ),
            "form": form if can_update else None,
        },
    )


@login_required
@require_GET
def statement_request_pdf(request: HttpRequest, code: str, request_code: str) -> HttpResponse:
    """The cover letter as a PDF: printing is its own decision of the policy and audit entry (PRINT)."""
    actor, context, statement_request = _statement_request(request, code, request_code, Action.PRINT)
    # The PDF is the letter: printing it is printing health data (access.categories).
    selectors.statement_request_fields(
        actor=actor,
        context=context,
        statement_request=statement_request,
        action=Action.PRINT,
        request=request,
    ).require("letter", "reason")
    return pdf_response(statement_request)
