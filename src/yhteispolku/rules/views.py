"""The rules page: every rule with its version in force today, its parameters and its history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yhteispolku.rules.selectors import rules_overview


@login_required
@require_http_methods(["GET"])
def rule_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "rules/list.html", {"rules": rules_overview(today=today), "today": today})
