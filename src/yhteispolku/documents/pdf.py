"""The cover letter as a PDF, rendered from a Django template with WeasyPrint (ARCHITECTURE: PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from yhteispolku.documents.models import StatementRequest


def letter_pdf(statement_request: StatementRequest) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is needed only when printing

    with translation.override("fi"):
        html = render_to_string(
            "documents/letter_pdf.html",
            {
                "statement_request": statement_request,
                "client": statement_request.client,
                "organisation": statement_request.organisation,
                "printed_on": timezone.localdate(),
            },
        )
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
