from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class FinnishFirstLocaleMiddleware(LocaleMiddleware):
    """Finnish unless the user has chosen another language: the browser's Accept-Language is ignored."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """Nothing a signed-in user sees, and nothing the API answers, is kept by a browser or a proxy.

    Client pages, the journal, exports, print views, PDFs and API reads all carry a client's data, so
    the header is set once here rather than view by view: ``Cache-Control: no-store, private``. A view
    that chose its own caching keeps it (the API documentation's public script files; a view that
    already says ``no-store`` gets ``private`` added). Static files never reach this middleware:
    WhiteNoise answers them first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not (request.path.startswith("/api/") or (user is not None and user.is_authenticated)):
            return response
        existing = response.get("Cache-Control", "")
        if not existing:
            response["Cache-Control"] = "no-store, private"
        elif "no-store" in existing:
            patch_cache_control(response, private=True)
        return response
