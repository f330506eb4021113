"""OpenID Connect's code flow with strict checks, shared by the clients' identification (portal) and the
professionals' login through their organisation's identity service (accounts.identity_services).

mozilla-django-oidc does the protocol (state, nonce, PKCE, the code exchange, the signature); this module
points it at one provider (`Provider`, instead of the library's global settings: each organisation has its
own) and adds what the library leaves out: the ID token's issuer, audience and expiry are required and
checked, the key must match the token's algorithm, the state is usable once and only by the flow that
started it. Nothing here logs anyone in: `verified_claims()` returns the claims and each caller decides
who they belong to. Every refusal is a `Refused` with a reason code; callers map the code to a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView
from requests import RequestException

# Where the library keeps each started flow's state → {nonce, code_verifier, added_on}; we add "flow".
STATES_SESSION_KEY = "oidc_states"


class Refused(Exception):
    """Identification or login refused; `reason` is a key of the caller's messages."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Provider:
    """One OpenID provider as this service's client: where it is and who we are to it."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_endpoint: str
    client_id: str
    client_secret: str
    callback: str  # the URL name of our callback view (its absolute URL is the redirect_uri)
    userinfo_endpoint: str = ""
    sign_algo: str = "RS256"
    scopes: str = "openid"
    use_pkce: bool = False
    # Claims taken from the ID token only: userinfo never overrides how the person was identified.
    id_token_only: tuple[str, ...] = field(default=("acr", "amr"))

    def library_settings(self) -> dict[str, Any]:
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
            "OIDC_OP_TOKEN_ENDPOINT": self.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": self.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": self.jwks_endpoint,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": self.sign_algo,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_RP_SCOPES": self.scopes,
            "OIDC_USE_PKCE": self.use_pkce,
            "OIDC_USE_NONCE": True,
            "OIDC_AUTHENTICATION_CALLBACK_URL": self.callback,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
            # Never: an unsigned token, or a token kept in the session.
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
        }

    def setting(self, name: str, *default: Any) -> Any:
        own = self.library_settings()
        return own[name] if name in own else import_from_settings(name, *default)


class CodeFlowBackend(OIDCAuthenticationBackend):
    """The library's code flow against one `Provider`, with the checks it leaves out, returning the verified
    claims (never a user: it is in no AUTHENTICATION_BACKENDS, and nothing here creates one)."""

    refusal: ClassVar[type[Refused]] = Refused

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        super().__init__()

    def get_settings(self, attr: str, *args: Any) -> Any:
        return self.provider.setting(attr, *args)

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise self.refusal("invalid_token", f"algorithm {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise self.refusal("expired", str(error)) from error
        except jwt.InvalidAudienceError as error:
            raise self.refusal("wrong_audience", str(error)) from error
        except jwt.InvalidIssuerError as error:
            raise self.refusal("wrong_issuer", str(error)) from error
        except jwt.InvalidTokenError as error:
            raise self.refusal("invalid_token", str(error)) from error

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
            raise self.refusal("invalid_token", f"{len(matching)} keys match kid {kid!r}")
        return jwt.PyJWK(matching[0])

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        """Not a user: the verified claims, the userinfo's over the ID token's (except `id_token_only`)."""
        claims = dict(payload)
        if self.provider.userinfo_endpoint and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise self.refusal("invalid_token", "userinfo sub differs from the ID token's")
            claims.update(
                {name: value for name, value in userinfo.items() if name not in self.provider.id_token_only}
            )
        return claims


class _RequestView(OIDCAuthenticationRequestView):
    provider: Provider | None = None

    def get_settings(self, attr: str, *args: Any) -> Any:
        assert self.provider is not None
        return self.provider.setting(attr, *args)


def start(request: HttpRequest, provider: Provider, *, flow: str, **facts: Any) -> HttpResponse:
    """To the provider (the library's request view: state, nonce, PKCE); the state is tagged with the flow
    (and any `facts` the callback needs, JSON-serialisable) so no other flow's callback accepts it."""
    response = _RequestView.as_view(provider=provider)(request)
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    states = request.session[STATES_SESSION_KEY]
    states[state].update({"flow": flow, **facts})
    request.session[STATES_SESSION_KEY] = states
    return response


def take_state(request: HttpRequest, flow: str) -> dict[str, Any] | None:
    """The callback's started flow, removed from the session first so that it is used once; None for a
    state that is unknown, already used, or started by another flow."""
    states = request.session.get(STATES_SESSION_KEY)
    if not isinstance(states, dict):
        return None
    entry = states.pop(request.GET.get("state", ""), None)
    request.session[STATES_SESSION_KEY] = states
    request.session.save()
    if not isinstance(entry, dict) or entry.get("flow") != flow:
        return None
    return entry


def verified_claims(
    request: HttpRequest, backend: CodeFlowBackend, entry: dict[str, Any] | None
) -> dict[str, Any]:
    """The callback's code exchanged and its ID token verified; the claims. `entry` is `take_state()`'s.
    Raises `backend.refusal`."""
    if request.GET.get("error"):
        raise backend.refusal("provider_error", request.GET.get("error", "")[:100])
    if entry is None or "code" not in request.GET:
        raise backend.refusal("state", "unknown, replayed or missing state")
    try:
        claims = backend.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except Refused:
        raise
    except SuspiciousOperation as error:
        raise backend.refusal("invalid_token", str(error)) from error
    except (RequestException, ValueError, KeyError) as error:
        raise backend.refusal("provider_error", str(error)) from error
    if not claims:
        raise backend.refusal("provider_error", "no code or state")
    return dict(claims)
