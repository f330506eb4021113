"""The edge: input no view should have to think about is refused before any view runs.

- Control characters (C0 except tab, line feed and carriage return, and DEL) in the address, a query
  parameter, a form field or a JSON body: a 400 with the same message everywhere — the pages' 400 page
  or the API's JSON error with the field.
- A text input longer than any field takes (core.text.EDGE_TEXT_LIMIT characters): the same 400. Each
  field's own, shorter limit (stated in its form and schema) answers next to the field.
- Under /api/: a body above DATA_UPLOAD_MAX_MEMORY_SIZE (or too many fields) is the API's JSON 400,
  and an address no route matches at all is the API's JSON 404, never the site's HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from yhteispolku.core.language import language_for
from yhteispolku.core.text import (
    CONTROL_CHARACTER_CODE,
    CONTROL_CHARACTER_MESSAGE,
    EDGE_TEXT_LIMIT,
    TEXT_TOO_LONG_CODE,
    has_control_characters,
    strings_in,
    text_too_long_message,
    too_long,
)

API_PREFIX = "/api/"


def api_error(
    request: HttpRequest, status: int, code: str, message: str, fields: list[dict[str, str]] | None = None
) -> JsonResponse:
    """The API's error body (api.errors.Error) for an answer given before the API's own code runs."""
    body = {"code": code, "message": message, "reason": None, "errors": fields or [], "existing_client": None}
    response = JsonResponse(body, status=status)
    response.headers["Content-Language"] = translation.get_language()
    return response


def inputs(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """Every text the request carries, with the field it came in."""
    yield "path", request.path
    for key, values in request.GET.lists():
        yield key, key
        for value in values:
            yield key, value
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.content_type == "application/json":
        try:
            document = json.loads(request.body)
        except ValueError:
            return  # the view answers that the body is not JSON
        yield from strings_in(document)
        return
    for key, values in request.POST.lists():
        yield key, key
        for value in values:
            yield key, value


class EdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            refused = self.refuse_unwritable_text(request)
            return refused or self.get_response(request)
        with translation.override(language_for(request)):
            try:
                refused = self.refuse_unwritable_text(request)
            except (RequestDataTooBig, TooManyFieldsSent):
                return api_error(
                    request, 400, "request_too_large", gettext("Pyynnön sisältö on liian suuri.")
                )
            if refused:
                return refused
            response = self.get_response(request)
            if response.status_code == 404 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                return api_error(request, 404, "not_found", gettext("Pyydettyä tietoa ei löytynyt."))
            return response

    def refuse_unwritable_text(self, request: HttpRequest) -> HttpResponseBase | None:
        for field, text in inputs(request):
            if has_control_characters(text):
                return self.refuse(request, field, CONTROL_CHARACTER_CODE, str(CONTROL_CHARACTER_MESSAGE))
            if too_long(text):
                return self.refuse(request, field, TEXT_TOO_LONG_CODE, text_too_long_message(EDGE_TEXT_LIMIT))
        return None

    def refuse(self, request: HttpRequest, field: str, code: str, message: str) -> HttpResponseBase:
        if request.path.startswith(API_PREFIX):
            return api_error(
                request, 400, "invalid_input", message, [{"field": field, "code": code, "message": message}]
            )
        return render(request, "errors/400.html", {"reason": message}, status=400)
