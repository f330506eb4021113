"""The consent form as a PDF for the client to sign (issue 14): what she agrees to, who may exchange which
categories of her data, for what purpose and for how long, how she can revoke it, and lines for her
signature. Generated from the recorded consent, WeasyPrint PDF/UA-1 as `documents/pdf.py` and
`plans/printout.py`, in her service language (Swedish for a client served in Swedish). Callers authorise and
audit the print (`clients.selectors.consent_for_print`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import DataCategory


def _language(client: Client) -> str:
    return "sv" if client.service_language == Client.ServiceLanguage.SWEDISH else "fi"


def consent_form_html(consent: Consent) -> str:
    client = consent.client
    language = _language(client)
    with translation.override(language):
        return render_to_string(
            "clients/consent_form_pdf.html",
            {
                "language": language,
                "client": client,
                "consent": consent,
                "organisations": [organisation.name for organisation in consent.organisations.all()],
                "categories": [str(DataCategory(value).label) for value in consent.categories],
                "printed_on": timezone.localdate(),
            },
        )


def consent_form_pdf(consent: Consent) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is needed only when printing

    return bytes(HTML(string=consent_form_html(consent)).write_pdf(pdf_variant="pdf/ua-1"))


def consent_form_filename(consent: Consent) -> str:
    return f"suostumuslomake-{consent.given_on:%Y%m%d}-{str(consent.code)[:8]}.pdf"


def consent_form_response(consent: Consent) -> HttpResponse:
    """The form as a download, never shown inline or sniffed (as `documents.responses.pdf_response`)."""
    response = HttpResponse(consent_form_pdf(consent), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{consent_form_filename(consent)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
