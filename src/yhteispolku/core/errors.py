"""The one domain-error type: every app's refusal is a `DomainError` subclass named in its `errors.py`.

A `DomainError` is a Django `ValidationError`, so a form shows its translated message as is. The class
carries what the interfaces need, the same for every app:

- `status`: the HTTP status a page or the API answers with — 400 for input to correct (the default),
  409 for a request that conflicts with the current state of the records (someone else saved first,
  the step is already done, the relationship is closed), and the few others an app names (403 for a
  write outside the actor's sector, 413/415 for a file refused);
- `code`: stable across releases; the API returns it beside the message and programs rely on it;
- `default_message`: the translated message when the raiser gives none.

Given a mapping of field names to messages, the error belongs to those fields (`error_dict`), so a form
shows each message beside its field and the API lists them per field.

The API answers every `DomainError` with one handler (`api.errors`) and a form page shows it with one
runner (`core.pages.run_form`); an app adds no mapping of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["DomainError"]


class DomainError(ValidationError):
    """Input a service refuses; subclasses name the case with their own `code` and `default_message`."""

    code: str = "domain_error"
    status: int = 400
    default_message: ClassVar[StrOrPromise] = _("Tietoja ei voitu tallentaa.")

    def __init__(self, message: StrOrPromise | Mapping[str, StrOrPromise] | None = None) -> None:
        if isinstance(message, Mapping):
            super().__init__(
                {field: [ValidationError(text, code=self.code)] for field, text in message.items()}
            )
        else:
            super().__init__(message or self.default_message, code=self.code)
