"""How a page runs its form through one service call: the step every form page of the apps shares.

The apps' domain errors (`CaseError`, `PlanError`, `MappingError`, …) are `DomainError`s
(`core.errors`) that carry the HTTP `status` to answer with; a refusal shows its message on the form and
the page keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Saved = TypeVar("Saved")


def run_form(request: HttpRequest, form: Form, save: Callable[[dict[str, Any]], object]) -> int | None:
    """Send a valid POSTed form's cleaned data to `save`; None once saved (the page then redirects).

    Otherwise the status to render the page with: 200 to open it, 400 for input to correct, or the
    refusing domain error's own status (400, 409, …). Any other error is not the page's to explain and
    propagates.
    """
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        save(dict(form.cleaned_data))
    except DomainError as error:
        show_error(form, error)
        return error.status
    return None


def show_error(form: Form, error: ValidationError) -> None:
    """A refusal on the form: a message about a field beside that field, any other on top (a rule may
    name a field this form does not have)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_page(
    request: HttpRequest,
    form: Form,
    save: Callable[[dict[str, Any]], Saved],
    *,
    saved: StrOrPromise | Callable[[Saved], StrOrPromise],
    then: Callable[[Saved], HttpResponse],
    template: str,
    context: Callable[[], Mapping[str, object]],
) -> HttpResponse:
    """A form page's whole answer: `run_form`, then on success the `saved` message (or `saved(result)`,
    for a message that depends on what was saved) and `then(result)` (a redirect); otherwise `template`
    rendered with `context()` and the status `run_form` gave."""
    results: list[Saved] = []
    status = run_form(request, form, lambda data: results.append(save(data)))
    if status is None:
        messages.success(request, saved(results[0]) if callable(saved) else saved)
        return then(results[0])
    return render(request, template, context(), status=status)


def refused(request: HttpRequest, error: DomainError) -> int:
    """A refused button press, which has no form to show the refusal on: its message as an error message
    on the page the view renders next; the status to render it with (the error's own)."""
    messages.error(request, " ".join(error.messages))
    return error.status


# --- the confirmation step -------------------------------------------------------------------------
# Before a change that cannot be undone (a consent revoked, a service removed from a draft, a track
# closed) the page asks first. Without JavaScript: the first POST (or a GET of the confirmation page)
# shows what will happen; only a POST from its "Vahvista" button (`confirmed=1`) changes anything. The
# API does not ask: a call is its own confirmation.


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this is the confirmed POST of a confirmation page."""
    return request.method == "POST" and request.POST.get("confirmed") == "1"


def is_cancelled(request: HttpRequest) -> bool:
    """Whether the confirmation page's "Peruuta" button (the one that keeps what was typed) was pressed."""
    return request.method == "POST" and request.POST.get("cancel") == "1"


def confirmation(
    request: HttpRequest,
    *,
    client: object,
    question: StrOrPromise,
    consequences: list[StrOrPromise],
    back_url: str,
    back_label: StrOrPromise,
    action: str = "",
    form: Form | None = None,
    carried: Mapping[str, object] | None = None,
    cancel_url: str = "",
    status: int = 200,
    base_template: str = "base.html",
) -> HttpResponse:
    """The confirmation page: `question` names exactly what will happen, `consequences` what follows.

    The form posts to `action` (default: the same address) with `carried` as hidden fields and `form`'s
    fields (input still to give, or to check once more). "Peruuta" is a link to `cancel_url`, or without
    one a button that posts `cancel=1`, so that the view can bring back the form with what was typed.
    """
    return render(
        request,
        "web/confirm.html",
        {
            "client": client,
            "question": question,
            "consequences": consequences,
            "back_url": back_url,
            "back_label": back_label,
            "action": action,
            "form": form,
            "carried": [(name, "" if value is None else value) for name, value in (carried or {}).items()],
            "cancel_url": cancel_url,
            # The page it sits in: the professionals' (base.html) or Oma Yhteispolku's.
            "base_template": base_template,
        },
        status=status,
    )
