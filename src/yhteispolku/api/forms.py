"""What every API router shares: who calls, and a payload read through the page's own form.

An operation that writes what a page's form also writes cleans its payload with that form, so that the
API and the page accept and refuse the same input; a form's errors answer 400 like any domain error's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from yhteispolku.accounts.models import User


def caller(request: HttpRequest) -> User:
    """The professional the request is authenticated as (the session or a bearer token)."""
    return request.auth  # type: ignore[attr-defined]


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """A payload as a submitted form: Django forms read absent optional values as empty strings and
    unchecked boxes as absent."""
    return {name: value for name, value in values.items() if value is not None and value is not False}


def cleaned(form: BaseForm) -> dict[str, Any]:
    """The form's cleaned data; its errors, per field, as a 400."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return dict(form.cleaned_data)
