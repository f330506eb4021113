"""Strong identification of a client through OpenID Connect (mozilla-django-oidc's code flow).

The client is not a Django user: the backend below is never in AUTHENTICATION_BACKENDS. The callback view
calls `identify()`, which exchanges the code, verifies the ID token (signature, issuer, audience, expiry,
nonce), requires the configured level of assurance and the identity-code claim, and finds the client by
the code's keyed lookup hash, never by name. Every refusal is a `Refused` with a reason code; the view
logs it and shows its message in the user's language.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from requests import RequestException

from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import Client

logger = logging.getLogger("yhteispolku.portal.identification")

# Reason code → what the client is told. Technical detail goes to the log only.
REFUSALS: dict[str, Promise] = {
    "provider_error": _("Tunnistautuminen keskeytyi tai epäonnistui. Yritä uudelleen."),
    "state": _("Tunnistautumisen tiedot eivät täsmää tai ne on jo käytetty. Aloita tunnistautuminen alusta."),
    "wrong_issuer": _("Tunnistus tuli palvelusta, jota Oma Yhteispolku ei hyväksy."),
    "wrong_audience": _("Tunnistus oli tarkoitettu toiselle palvelulle, eikä sitä voi käyttää täällä."),
    "expired": _("Tunnistus on vanhentunut. Tunnistaudu uudelleen."),
    "invalid_token": _("Tunnistusta ei voitu varmentaa. Tunnistaudu uudelleen."),
    "missing_identity_code": _(
        "Tunnistuksesta puuttui henkilötunnus, joten emme voi näyttää tietojasi. "
        "Tunnistaudu pankkitunnuksilla, mobiilivarmenteella tai varmennekortilla."
    ),
    "low_assurance": _(
        "Tunnistuksen varmuustaso ei riitä. Tunnistaudu vahvasti: pankkitunnuksilla, mobiilivarmenteella tai "
        "varmennekortilla."
    ),
}


class Refused(Exception):
    """Identification refused; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


def is_configured() -> bool:
    return bool(
        settings.OIDC_OP_ISSUER
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
        and settings.OIDC_RP_CLIENT_ID
        and (settings.OIDC_OP_JWKS_ENDPOINT or not settings.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")))
    )


class ClientIdentificationBackend(OIDCAuthenticationBackend):
    """The library's code flow, with the checks a client's identification needs, returning claims."""

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused("invalid_token", f"algorithm {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise Refused("expired", str(error)) from error
        except jwt.InvalidAudienceError as error:
            raise Refused("wrong_audience", str(error)) from error
        except jwt.InvalidIssuerError as error:
            raise Refused("wrong_issuer", str(error)) from error
        except jwt.InvalidTokenError as error:
            raise Refused("invalid_token", str(error)) from error

    def retrieve_matching_jwk(self, token: Any) -> Any:
        """The provider's key that signed the token: by its key id, or its only key when the token names
        none (the library requires a key id on both sides)."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key for key in response.json().get("keys", []) if key.get("alg") in (None, self.OIDC_RP_SIGN_ALGO)
        ]
        kid = jwt.get_unverified_header(token).get("kid")
        matching = [key for key in keys if key.get("kid") == kid] if kid else keys
        if len(matching) != 1:
            raise Refused("invalid_token", f"{len(matching)} keys match kid {kid!r}")
        return jwt.PyJWK(matching[0])

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        """Not a user: the verified claims, the userinfo's over the ID token's (level of assurance from
        the ID token, where the provider states how the person was identified)."""
        claims = dict(payload)
        if settings.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise Refused("invalid_token", "userinfo sub differs from the ID token's")
            claims.update(
                {name: value for name, value in userinfo.items() if name != settings.OIDC_LOA_CLAIM}
            )
        return claims


def identify(request: HttpRequest, *, nonce: str | None, code_verifier: str | None) -> Client | None:
    """The client identified by the callback's code; None for a strongly identified person who is not a
    client (she sees a plain message). Raises Refused."""
    backend = ClientIdentificationBackend()
    try:
        claims = backend.authenticate(request, nonce=nonce, code_verifier=code_verifier)
    except Refused:
        raise
    except SuspiciousOperation as error:
        raise Refused("invalid_token", str(error)) from error
    except (RequestException, ValueError) as error:
        raise Refused("provider_error", str(error)) from error
    if not claims:
        raise Refused("provider_error", "no code or state")
    loa = claims.get(settings.OIDC_LOA_CLAIM)
    if loa not in settings.OIDC_LOA_ACCEPTED:
        raise Refused("low_assurance", f"{settings.OIDC_LOA_CLAIM}={loa!r}")
    code = claims.get(settings.OIDC_IDENTITY_CODE_CLAIM)
    if not isinstance(code, str) or not code.strip():
        raise Refused("missing_identity_code", f"no {settings.OIDC_IDENTITY_CODE_CLAIM}")
    try:
        lookup = hetu.lookup_hash(code)
    except InvalidIdentityCode as error:
        raise Refused("missing_identity_code", "the claim is no identity code") from error
    return Client.objects.filter(identity_code_hash=lookup).first()


def log_refusal(request: HttpRequest, refusal: Refused) -> None:
    """Logged like a professional's failed login: the reason, the address, never the identity code."""
    logger.warning(
        "client identification refused: reason=%s ip=%s detail=%s",
        refusal.reason,
        request.META.get("REMOTE_ADDR", ""),
        refusal.detail,
    )
