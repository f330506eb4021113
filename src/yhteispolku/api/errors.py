"""Every API error as JSON: a stable `code` a program can rely on and a `message` in the caller's language.

The statuses: 400 input to correct (with the fields), 401 not authenticated, 403 refused by the access
policy (the policy's reason as the message), 404 not found — also a client the caller has no relation
to, so that existence is not revealed —, 409 a conflict with the current state. Pydantic's 422 is not
used: input that does not parse is a 400 like any other input to correct.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from yhteispolku.access.policy import AccessDenied
from yhteispolku.clients.errors import DuplicateIdentityCode
from yhteispolku.clients.services import EmptyJournalEntry
from yhteispolku.core.database import BUSY_CODE, BUSY_MESSAGE, RETRY_AFTER_SECONDS, pool_exhausted
from yhteispolku.core.errors import DomainError
from yhteispolku.core.text import text_too_long_message

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from ninja import NinjaAPI


logger = logging.getLogger(__name__)


class FieldError(Schema):
    field: str
    code: str
    message: str


class Error(Schema):
    code: str
    message: str
    # The access policy's reason for a 403 (no_relation, consent_missing, …), as stored in the audit log.
    reason: str | None = None
    errors: list[FieldError] = []
    # A duplicate registration of a client the caller already works with points to the record.
    existing_client: uuid.UUID | None = None


class ApiError(Exception):
    """An error the API answers as is: raised by the API's own code (authentication, lookups)."""

    def __init__(
        self, status: int, code: str, message: StrOrPromise, fields: list[FieldError] | None = None
    ) -> None:
        super().__init__(str(message))
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or []

    @classmethod
    def for_field(cls, field: str, error: DjangoValidationError) -> ApiError:
        """A domain error about one input field (an identity code in the search or the registration)."""
        code = str(getattr(error, "code", None) or "invalid_input")
        message = error.messages[0]
        return cls(400, code, message, [FieldError(field=field, code=code, message=message)])


# Which statuses an operation may answer besides success; used in every `response={...}`.
def error_responses(*statuses: int) -> dict[int, type[Error]]:
    return dict.fromkeys(sorted({401, *statuses}), Error)


PYDANTIC_MESSAGES: dict[str, StrOrPromise] = {
    "missing": _("Tämä tieto on pakollinen."),
    "string_too_long": _("Teksti on liian pitkä."),
    "string_too_short": _("Teksti on liian lyhyt."),
    "uuid_parsing": _("Tunniste ei ole kelvollinen."),
    "uuid_type": _("Tunniste ei ole kelvollinen."),
    "date_from_datetime_parsing": _("Anna päivämäärä muodossa VVVV-KK-PP."),
    "date_parsing": _("Anna päivämäärä muodossa VVVV-KK-PP."),
    "date_type": _("Anna päivämäärä muodossa VVVV-KK-PP."),
    "int_parsing": _("Anna kokonaisluku."),
    "int_type": _("Anna kokonaisluku."),
    "greater_than_equal": _("Luku on liian pieni."),
    "enum": _("Valitse jokin sallituista arvoista."),
    "literal_error": _("Valitse jokin sallituista arvoista."),
    "bool_parsing": _("Anna arvo true tai false."),
    "bool_type": _("Anna arvo true tai false."),
    "list_type": _("Anna luettelo."),
    "string_type": _("Anna teksti."),
    "json_invalid": _("Pyynnön sisältö ei ole kelvollista JSONia."),
    "model_attributes_type": _("Pyynnön sisällön muoto on väärä."),
    "dict_type": _("Pyynnön sisällön muoto on väärä."),
    "extra_forbidden": _("Tuntematon tieto."),
}


def _message(item: dict[str, Any]) -> str:
    kind = str(item.get("type"))
    limit = (item.get("ctx") or {}).get("max_length")
    if kind == "string_too_long" and isinstance(limit, int):
        return text_too_long_message(limit)
    return str(PYDANTIC_MESSAGES.get(kind, _("Arvo ei kelpaa.")))


def _response(api: NinjaAPI, request: HttpRequest, status: int, body: Error) -> HttpResponse:
    return api.create_response(request, body.model_dump(mode="json"), status=status)


def _field_name(location: Iterable[Any]) -> str:
    # ("body", "payload", "first_names") → "first_names"; ("query", "page") → "page".
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts)


def field_errors_of(error: DjangoValidationError) -> list[FieldError]:
    if hasattr(error, "error_dict"):
        return [
            FieldError(
                field=field if field != "__all__" else "", code=item.code or "invalid", message=message
            )
            for field, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    return [
        FieldError(field="", code=item.code or "invalid", message=message)
        for item in error.error_list
        for message in item.messages
    ]


def install(api: NinjaAPI) -> None:
    """Replace django-ninja's default error answers with ours."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [
            FieldError(
                field=_field_name(item.get("loc", ())),
                code=str(item.get("type", "invalid")),
                message=_message(item),
            )
            for item in exc.errors
        ]
        return _response(
            api,
            request,
            400,
            Error(code="invalid_input", message=gettext("Pyynnön tiedoissa on korjattavaa."), errors=fields),
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # A domain error carries its status and stable code on its class; any other is input to correct.
        if isinstance(exc, DomainError):
            status, code = type(exc).status, type(exc).code
        else:
            status, code = 400, str(getattr(exc, "code", None) or "invalid_input")
        fields = field_errors_of(exc)
        message = fields[0].message if len(fields) == 1 else gettext("Pyynnön tiedoissa on korjattavaa.")
        existing = exc.existing_if_reachable if isinstance(exc, DuplicateIdentityCode) else None
        return _response(
            api,
            request,
            status,
            Error(
                code=code,
                message=message,
                errors=fields,
                existing_client=existing.code if existing is not None else None,
            ),
        )

    @api.exception_handler(EmptyJournalEntry)
    def empty_entry(request: HttpRequest, exc: EmptyJournalEntry) -> HttpResponse:
        return _response(
            api,
            request,
            400,
            Error(
                code=exc.code,
                message=str(exc),
                errors=[FieldError(field="text", code=exc.code, message=str(exc))],
            ),
        )

    @api.exception_handler(AccessDenied)
    def access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
        decision = exc.decision
        return _response(
            api,
            request,
            403,
            Error(
                code="access_denied",
                message=decision.message,
                reason=decision.reason.value if decision.reason else None,
            ),
        )

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or gettext("Sinulla ei ole oikeutta tähän toimintoon.")
        return _response(api, request, 403, Error(code="access_denied", message=message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _response(
            api, request, 404, Error(code="not_found", message=gettext("Pyydettyä tietoa ei löytynyt."))
        )

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _response(
            api, request, exc.status, Error(code=exc.code, message=str(exc.message), errors=exc.fields)
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _response(
            api,
            request,
            401,
            Error(
                code="not_authenticated",
                message=gettext(
                    "Kirjaudu sisään tai lähetä API-tunniste otsakkeessa Authorization: Bearer <tunniste>."
                ),
            ),
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        if pool_exhausted(exc):
            # Every pooled database connection stayed busy for DB_POOL_TIMEOUT: try again shortly.
            logger.warning("API %s %s: no database connection free in time", request.method, request.path)
            response = _response(api, request, 503, Error(code=BUSY_CODE, message=str(BUSY_MESSAGE)))
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        # Anything unforeseen: logged with its traceback, answered as the API's JSON, never the site's page.
        logger.exception("API %s %s failed", request.method, request.path)
        return _response(
            api,
            request,
            500,
            Error(
                code="server_error",
                message=gettext("Palvelussa tapahtui odottamaton virhe. Yritä myöhemmin uudelleen."),
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja's own 400 is a body it could not parse.
        if exc.status_code == 400:
            error = Error(code="invalid_input", message=str(PYDANTIC_MESSAGES["json_invalid"]))
        else:
            error = Error(code=f"http_{exc.status_code}", message=gettext("Pyyntöä ei voitu käsitellä."))
        return _response(api, request, exc.status_code, error)
