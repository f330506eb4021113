"""Each request's first rule read checks whether another process changed the rule versions."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from yhteispolku.rules import engine


class RuleVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        engine.check_at_next_use()
        return self.get_response(request)
