"""The answers that carry a client's file or letter: downloads only, never shown inline or sniffed."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from yhteispolku.documents import files, pdf
from yhteispolku.documents.models import Attachment, StatementRequest


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download: never shown inline, never sniffed into another type by the browser."""
    try:
        handle = files.path_of(attachment.stored_name).open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=files.safe_name(attachment.original_name),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def pdf_response(statement_request: StatementRequest) -> HttpResponse:
    response = HttpResponse(pdf.letter_pdf(statement_request), content_type="application/pdf")
    name = f"saate-{statement_request.statement_type}-lausunto-{statement_request.created_at:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
