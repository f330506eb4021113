"""API tokens: created and revoked by their holder, stored only as a SHA-256 hash.

A token is a random secret with a short readable prefix (`yp_`), so that a leaked token is
recognisable in logs and code, and the first characters tell the holder's tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from yhteispolku.accounts.models import ApiToken, User

TOKEN_PREFIX = "yp_"  # noqa: S105 - a marker, not a secret
DISPLAY_PREFIX_LENGTH = 10
# Writing last_used_at on every request would be a write per call; a minute's precision is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), token_hash=hash_token(raw), prefix=raw[:DISPLAY_PREFIX_LENGTH]
    )
    return token, raw


def api_token_revoke(*, user: User, code: uuid.UUID | str) -> ApiToken:
    """Revoke one of the user's own tokens at once; another user's token is not found."""
    try:
        token = ApiToken.objects.get(user=user, code=code)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_tokens_of(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def user_for_token(raw: str) -> User | None:
    """The user a usable token acts as, or None for an unknown, revoked or expired token."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now).select_related("user__role").filter(token_hash=hash_token(raw)).first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
