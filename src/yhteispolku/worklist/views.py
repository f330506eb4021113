"""The worklist page. Thin: the selector decides whose items the actor may see and logs each client."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.worklist import selectors, services


@login_required
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    username = request.GET.get("kayttaja", "").strip()
    user = selectors.find_user(username) if username else None
    result = selectors.worklist_for(actor=actor, today=timezone.localdate(), user=user, request=request)
    return render(
        request, "worklist/worklist.html", {"worklist": result, "notice_days": selectors.NOTICE_DAYS}
    )


@login_required
@require_http_methods(["POST"])
def acknowledge(request: HttpRequest) -> HttpResponse:
    """The professional has seen a notice on their own list (a referral they sent was decided)."""
    actor: User = request.user  # type: ignore[assignment]
    if not services.notice_acknowledge(
        actor=actor, key=request.POST.get("asia", ""), today=timezone.localdate()
    ):
        raise Http404
    return redirect("worklist:worklist")
