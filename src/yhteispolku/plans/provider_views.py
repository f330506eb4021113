"""The service provider's pages: its current assignments and, per assignment, attendance and feedback.

Thin like the other pages: the selectors in `plans.assignments` authorise and audit before anything is
shown or saved.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.core.pages import form_page
from yhteispolku.plans import assignments
from yhteispolku.plans.forms import ParticipationForm


class AttendanceForm(ParticipationForm):
    """The plan's participation form; what the provider writes in the note is its feedback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields["note"]
        note.label = _("Palaute ja huomiot")
        note.help_text = _(
            "Näkyy asiakkaan kanssa työskenteleville ammattilaisille suunnitelman seurannassa."
        )


@login_required
@require_http_methods(["GET"])
def assignment_list(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    rows = assignments.assignment_list(actor=actor, request=request)
    return render(request, "plans/provider/list.html", {"assignments": rows, "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request: HttpRequest, lineage: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    assignment = assignments.assignment_get(actor=actor, lineage=lineage, request=request)
    form = AttendanceForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: assignments.attendance_record(actor=actor, lineage=lineage, request=request, **data),
        saved=_("Osallistuminen on kirjattu. Asiakkaan kanssa työskentelevät ammattilaiset näkevät sen."),
        then=lambda _record: redirect("plans:assignment", lineage=lineage),
        template="plans/provider/detail.html",
        context=lambda: {"assignment": assignment, "form": form},
    )
