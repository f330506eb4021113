"""The client's session in Oma Yhteispolku, kept apart from professionals' sessions.

A client is no Django user: her session holds only `CLIENT_SESSION_KEY` (her client's id) and the time of
her last request. Identifying flushes the session first, so a professional's login in the same browser
ends; a professional's session (an authenticated `request.user`) never answers a portal page, and a
client's session never answers a professional's page (it has no user: those pages treat it as anonymous).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from yhteispolku.audit.services import ClientActor
from yhteispolku.clients.models import Client

CLIENT_SESSION_KEY = "portal_client_id"
ACTIVITY_KEY = "portal_last_activity"
ACTIVITY_RESOLUTION_SECONDS = 60


def client_login(request: HttpRequest, client: Client) -> None:
    """Start a client session: a new session key and nothing of any earlier session (a professional's)."""
    request.session.flush()
    request.session[CLIENT_SESSION_KEY] = client.pk
    request.session[ACTIVITY_KEY] = time.time()


def client_logout(request: HttpRequest) -> None:
    request.session.flush()


def session_client(request: HttpRequest) -> Client | None:
    """The client of this session, or None (no client session, or a professional's)."""
    if request.user.is_authenticated:
        return None
    client_id = request.session.get(CLIENT_SESSION_KEY)
    if client_id is None:
        return None
    return Client.objects.filter(pk=client_id).first()


def actor_of(client: Client) -> ClientActor:
    return ClientActor(code=client.code, name=client.full_name)


def client_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The portal's pages: a client session, not idle too long; otherwise to the identification page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        client = session_client(request)
        login_url = f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}"
        if client is None:
            return HttpResponseRedirect(login_url)
        now = time.time()
        last = request.session.get(ACTIVITY_KEY)
        if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT_SECONDS:
            client_logout(request)
            messages.warning(
                request, _("Istuntosi vanheni, koska et käyttänyt palvelua hetkeen. Kirjaudu uudelleen.")
            )
            return HttpResponseRedirect(login_url)
        if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[ACTIVITY_KEY] = now
        request.portal_client = client  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
