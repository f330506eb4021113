"""Who is calling: a bearer token from the profile page, or the browser session (with CSRF).

An API request with a token acts as the token's holder. A token is created only on the profile
page, which the second-factor middleware keeps behind TOTP; a session counts only once it has
passed TOTP as well, so the API is never a way around the second factor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from yhteispolku.accounts.models import User
from yhteispolku.accounts.second_factor import needs_second_factor, passed_second_factor
from yhteispolku.accounts.tokens import user_for_token
from yhteispolku.api.errors import ApiError

INVALID_TOKEN_MESSAGE = _(
    "API-tunniste on tuntematon, vanhentunut tai mitätöity. Luo uusi tunniste profiilisivulla."
)
CSRF_FAILED_MESSAGE = _(
    "Lomakkeen turvatarkiste puuttuu tai on vanhentunut. Lataa sivu uudelleen ja yritä uudelleen."
)


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> User | None:
        # An Authorization header that is not a bearer token is not ours to judge.
        header = request.headers.get(self.header, "")
        if not header.lower().startswith("bearer "):
            return None
        return self.authenticate(request, header[len("bearer ") :].strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        # A token that was sent but does not work is an error of its own: falling back to the
        # session would hide from the program that its token has expired or been revoked.
        user = user_for_token(token)
        if user is None:
            raise ApiError(
                401,
                "invalid_token",
                INVALID_TOKEN_MESSAGE,
            )
        return user


class VerifiedSession(APIKeyCookie):
    """Django's session, counted only after TOTP; unsafe methods need the CSRF token (X-CSRFToken)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return None
        if not passed_second_factor(request) and needs_second_factor(user):
            return None
        # Checked only for a session that authenticates: an anonymous call is told it is not
        # logged in (401), not that a CSRF token is missing.
        if self.csrf and check_csrf(request) is not None:
            raise ApiError(
                403,
                "csrf_failed",
                CSRF_FAILED_MESSAGE,
            )
        return user


API_AUTH = [BearerToken(), VerifiedSession()]
