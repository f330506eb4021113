"""Strong identification of a client through OpenID Connect (mozilla-django-oidc's code flow).

The client is not a Django user: the backend below is never in AUTHENTICATION_BACKENDS. The callback view
calls `identify()`, which exchanges the code and verifies the ID token (signature, issuer, audience,
expiry, nonce: the code flow shared with the professionals' login, `accounts.oidc`), requires the
configured level of assurance and the identity-code claim, and finds the client by the code's keyed
lookup hash, never by name. Every refusal is a `Refused` with a reason code; the view
logs it and shows its message in the user's language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts import oidc
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


class Refused(oidc.Refused):
    """Identification refused; `reason` is a key of REFUSALS."""

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


def provider() -> oidc.Provider:
    """The identification service of the settings (one for the whole service)."""
    return oidc.Provider(
        issuer=settings.OIDC_OP_ISSUER,
        authorization_endpoint=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        token_endpoint=settings.OIDC_OP_TOKEN_ENDPOINT,
        userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT,
        jwks_endpoint=settings.OIDC_OP_JWKS_ENDPOINT,
        client_id=settings.OIDC_RP_CLIENT_ID,
        client_secret=settings.OIDC_RP_CLIENT_SECRET,
        sign_algo=settings.OIDC_RP_SIGN_ALGO,
        scopes=settings.OIDC_RP_SCOPES,
        use_pkce=settings.OIDC_USE_PKCE,
        callback=settings.OIDC_AUTHENTICATION_CALLBACK_URL,
        # The level of assurance comes from the ID token, where the provider states how she was identified.
        id_token_only=(settings.OIDC_LOA_CLAIM,),
    )


class ClientIdentificationBackend(oidc.CodeFlowBackend):
    """The shared code flow (accounts.oidc: issuer, audience, expiry, nonce, key) with the portal's
    refusals."""

    refusal = Refused


def identify(request: HttpRequest, entry: dict[str, Any] | None) -> Client | None:
    """The client identified by the callback's code (`entry`: its started flow, `oidc.take_state`); None for
    a strongly identified person who is not a client (she sees a plain message). Raises Refused."""
    claims = oidc.verified_claims(request, ClientIdentificationBackend(provider()), entry)
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
