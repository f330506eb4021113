"""The language of the API's messages: Accept-Language, then the language chosen on the pages, then Finnish.

The pages ignore the browser's Accept-Language (Finnish first, web.middleware); a program calling the
API sets the header on purpose, so here it counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def language_for(request: HttpRequest) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if tag == "*":
            break
        base = tag.split("-")[0].lower()
        if base in supported:
            return base
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def in_request_language(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wraps each operation (authentication included), so that every message is in one language."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = language_for(request)
        request.LANGUAGE_CODE = language
        # override(), not activate(): the thread's language is restored when the operation returns.
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper
