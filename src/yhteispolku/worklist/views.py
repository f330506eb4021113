"""The worklist page. Thin: the selector decides whose items the actor may see and logs each client."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yhteispolku.accounts.models import User
from yhteispolku.worklist import selectors


@login_required
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    username = request.GET.get("kayttaja", "").strip()
    user = selectors.find_user(username) if username else None
    result = selectors.worklist_for(actor=actor, today=timezone.localdate(), user=user, request=request)
    return render(request, "worklist/worklist.html", {"worklist": result})
