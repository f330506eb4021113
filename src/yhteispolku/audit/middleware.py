"""One audit write per request: the request's access-log entries are written together when it ends."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from yhteispolku.audit.services import one_write_per_request


class AuditWriteMiddleware:
    """Collects the entries `record_access` makes during the request and writes them in one INSERT.

    Outermost but the static files' layers, so that every later layer's entries are collected too; the
    entries are written before the response leaves (a failed write is a 500, never data shown unlogged).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with one_write_per_request():
            return self.get_response(request)
