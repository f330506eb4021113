"""The language of the API's messages: Accept-Language, then the language chosen on the pages, then Finnish.

The pages ignore the browser's Accept-Language (Finnish first, web.middleware); a program calling the
API sets the header on purpose, so here it counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

from yhteispolku.core.language import language_for


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
