"""The answer to an access-log request as a PDF letter (WeasyPrint, PDF/UA-1: tagged, language set)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import client_for_action
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.privacy.models import AccessLogRequest
from yhteispolku.privacy.selectors import default_since, letter_rows, require_desk


def letter_language(client: Client) -> str:
    """Swedish for a client who is served in Swedish; Finnish otherwise (the letter's two languages)."""
    return "sv" if client.service_language == Client.ServiceLanguage.SWEDISH else "fi"


def answer_letter_html(
    *, actor: User, log_request: AccessLogRequest, request: HttpRequest | None = None
) -> str:
    """The letter's HTML; printing it is a read of the log for the request (authorised and audited)."""
    require_desk(actor)
    client, _facts = client_for_action(
        actor=actor,
        code=log_request.client.code,
        action=Action.PRINT,
        category=DataCategory.LOG,
        request=request,
        request_reference=log_request.reference,
    )
    today = timezone.localdate()
    language = letter_language(client)
    with translation.override(language):
        return render_to_string(
            "privacy/answer_letter.html",
            {
                "language": language,
                "client": client,
                "log_request": log_request,
                "rows": letter_rows(client=client, today=today),
                "since": default_since(today),
                "today": today,
                "officer": actor,
                "organisation": actor.organisation,
            },
        )


def answer_letter_pdf(
    *, actor: User, log_request: AccessLogRequest, request: HttpRequest | None = None
) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is needed only when printing

    html = answer_letter_html(actor=actor, log_request=log_request, request=request)
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
