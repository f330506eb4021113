"""The rules page: every rule in plain language with the values in force today, its legal sources and
its earlier and coming versions; the technical keys behind an expandable detail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yhteispolku.rules.presentation import rules_page


@login_required
@require_http_methods(["GET"])
def rule_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "rules/list.html", {"groups": rules_page(today=today), "today": today})
