"""How a page runs its form through one service call: the step every form page of the apps shares.

The apps' domain errors (`CaseError`, `PlanError`, `MappingError`) are `ValidationError`s that carry the
HTTP `status` to answer with; a refusal shows its message on the form and the page keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest


def run_form(request: HttpRequest, form: Form, save: Callable[[dict[str, Any]], object]) -> int | None:
    """Send a valid POSTed form's cleaned data to `save`; None once saved (the page then redirects).

    Otherwise the status to render the page with: 200 to open it, 400 for input to correct, or the
    refusing domain error's own status (400 or 409). An error without a status is not the page's to
    explain and propagates.
    """
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        save(dict(form.cleaned_data))
    except ValidationError as error:
        status = getattr(error, "status", None)
        if status is None:
            raise
        form.add_error(None, error)
        return int(status)
    return None
