"""The language of a program's request: Accept-Language, then the language chosen on the pages, then Finnish.

The pages ignore the browser's Accept-Language (Finnish first, web.middleware); a program calling the
API sets the header on purpose, so there it counts. Here in the core so that the edge middleware
answers an API call in the same language as the API itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
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
