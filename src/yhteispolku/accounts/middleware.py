"""Session hygiene for professionals: idle timeout and the second factor; a consultation guest's confinement
to the guest pages."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from yhteispolku.accounts.models import User
from yhteispolku.accounts.second_factor import confirmed_device, needs_second_factor, passed_second_factor

# Rewriting the session on every request costs a write; a minute's precision is enough.
ACTIVITY_RESOLUTION_SECONDS = 60


def _login_url_for(request: HttpRequest) -> str:
    return f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


class IdleTimeoutMiddleware:
    """Log out a user idle longer than SESSION_IDLE_TIMEOUT_SECONDS and say so on the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_activity = request.session.get("last_activity")
            if last_activity is not None and now - last_activity > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.warning(
                    request, _("Istuntosi vanheni, koska et käyttänyt palvelua hetkeen. Kirjaudu uudelleen.")
                )
                return HttpResponseRedirect(_login_url_for(request))
            if last_activity is None or now - last_activity >= ACTIVITY_RESOLUTION_SECONDS:
                request.session["last_activity"] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A professional who has logged in must also pass TOTP before anything else, unless their
    organisation's identity service asserted multi-factor authentication and the organisation trusts it."""

    EXEMPT_URL_NAMES = (
        "accounts:totp_verify",
        "accounts:totp_setup",
        "accounts:logout",
        "web:healthz",
        "web:liveness",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # A verified session answers without a query; only an unverified one asks whether a device exists.
        if isinstance(user, User) and not passed_second_factor(request) and needs_second_factor(user):
            exempt = {reverse(name) for name in self.EXEMPT_URL_NAMES}
            # The API answers for itself (JSON 401 until the session has passed TOTP), never a redirect.
            if request.path not in exempt and not request.path.startswith(
                (settings.STATIC_URL, "/i18n/", "/api/")
            ):
                has_device = confirmed_device(user) is not None
                target = "accounts:totp_verify" if has_device else "accounts:totp_setup"
                return HttpResponseRedirect(
                    f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


class GuestConfinementMiddleware:
    """A consultation guest (a person of the client's network, `User.is_consultation_guest`) reaches only
    the guest pages (the `guest` URL namespace), logging out and the language switch: every other page
    and the whole API answer 404 to them, whatever the page itself would decide."""

    ALLOWED_URL_NAMES = frozenset({"accounts:logout", "set_language", "web:healthz", "web:liveness"})
    GUEST_NAMESPACE = "guest"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_consultation_guest and not self._allowed(request):
            raise Http404
        return self.get_response(request)

    def _allowed(self, request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.namespace == self.GUEST_NAMESPACE or match.view_name in self.ALLOWED_URL_NAMES
