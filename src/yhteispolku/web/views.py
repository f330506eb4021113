import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The access policy's denials carry a reason in plain words; other 403s show the general text.
    decision = getattr(exception, "decision", None)
    return render(request, "errors/403.html", {"reason": decision.message if decision else ""}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (the page was open long, or the user logged in in another tab): say what to do.

    Django's own page is English and technical; the reason stays in the log, not on the page.
    """
    return render(request, "errors/csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database or the session may be what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
