"""A plan version as a PDF (WeasyPrint, PDF/UA-1: tagged, language set), as the privacy app's letter.

In the client's service language: Swedish for a client served in Swedish, Finnish otherwise. Callers
authorise and audit the print (a professional through `access.authorize`, the client in Oma Yhteispolku).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from yhteispolku.clients.models import Client
from yhteispolku.plans.models import PlanVersion


def printout_language(client: Client) -> str:
    return "sv" if client.service_language == Client.ServiceLanguage.SWEDISH else "fi"


def plan_version_html(version: PlanVersion) -> str:
    relationship = version.plan.relationship
    client = relationship.client
    language = printout_language(client)
    with translation.override(language):
        return render_to_string(
            "plans/plan_printout.html",
            {
                "language": language,
                "client": client,
                "relationship": relationship,
                "plan": version.plan,
                "version": version,
                "services": version.services.select_related(
                    "service_type", "responsible_organisation", "provider"
                ).order_by("starts_on", "id"),
                "tasks": version.tasks.order_by("due_on", "id"),
                "confirmations": version.confirmations.select_related("organisation").order_by(
                    "confirmed_at"
                ),
                "acceptance": getattr(version, "acceptance", None),
                "today": timezone.localdate(),
            },
        )


def plan_version_pdf(version: PlanVersion) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is needed only when printing

    return bytes(HTML(string=plan_version_html(version)).write_pdf(pdf_variant="pdf/ua-1"))


def printout_filename(version: PlanVersion) -> str:
    return f"suunnitelma-{version.plan.code}-v{version.number}.pdf"
