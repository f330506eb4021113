"""Professionals' login through their organisation's identity service (OpenID Connect, `IdentityService`).

The code flow and the token's checks are `accounts.oidc` (shared with the clients' identification). Here:
which of the organisation's users the verified claims name (one claim, compared with the username or the
e-mail address among that organisation's users only; nobody is created, nobody of another organisation is
found), whether the provider asserted multi-factor authentication that the organisation trusts, and
whether a user may still log in with a Yhteispolku password. Each refusal is a `Refused` whose reason is
logged and whose message the user reads in their language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts import oidc
from yhteispolku.accounts.models import IdentityService, User

logger = logging.getLogger("yhteispolku.accounts.identity_services")

FLOW = "professional"
CALLBACK = "accounts:oidc_callback"
# `amr` values (RFC 8176) that mean more than one factor: "mfa", one-time password, hardware-bound key.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk"})

REFUSALS: dict[str, Promise] = {
    "provider_error": _(
        "Kirjautuminen organisaation tunnistuspalvelussa keskeytyi tai epäonnistui. Yritä uudelleen."
    ),
    "state": _("Kirjautumisen tiedot eivät täsmää tai ne on jo käytetty. Aloita kirjautuminen alusta."),
    "wrong_issuer": _("Tunnistus tuli palvelusta, jota organisaatiosi ei ole määrittänyt Yhteispolkuun."),
    "wrong_audience": _(
        "Tunnistus oli tarkoitettu toiselle palvelulle, eikä sitä voi käyttää Yhteispolussa."
    ),
    "expired": _("Tunnistus on vanhentunut. Kirjaudu uudelleen."),
    "invalid_token": _("Tunnistusta ei voitu varmentaa. Kirjaudu uudelleen."),
    "missing_claim": _(
        "Tunnistuspalvelu ei kertonut käyttäjätunnustasi. Ota yhteyttä organisaatiosi pääkäyttäjään."
    ),
    # One message for all three: a person who identified at one organisation's service is not told
    # whether an account of that name exists elsewhere.
    "unknown_user": _(
        "Tunnuksellesi ei löydy tämän organisaation Yhteispolku-käyttäjää. Ota yhteyttä organisaatiosi "
        "pääkäyttäjään."
    ),
    "other_organisation": _(
        "Tunnuksellesi ei löydy tämän organisaation Yhteispolku-käyttäjää. Ota yhteyttä organisaatiosi "
        "pääkäyttäjään."
    ),
    "ambiguous_user": _(
        "Tunnuksellesi ei löydy tämän organisaation Yhteispolku-käyttäjää. Ota yhteyttä organisaatiosi "
        "pääkäyttäjään."
    ),
    "inactive": _(
        "Yhteispolku-käyttäjätunnuksesi ei ole käytössä. Ota yhteyttä organisaatiosi pääkäyttäjään."
    ),
}


class Refused(oidc.Refused):
    """Login refused; `reason` is a key of REFUSALS. `username` is what the login log records, if any."""

    def __init__(self, reason: str, detail: str = "", username: str | None = None) -> None:
        super().__init__(reason, detail)
        self.username = username

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


class ProfessionalLoginBackend(oidc.CodeFlowBackend):
    """The shared code flow with the professionals' refusals."""

    refusal = Refused


def offered() -> list[IdentityService]:
    """The services the login page offers: those enabled, by organisation name."""
    return list(IdentityService.objects.filter(enabled=True).select_related("organisation"))


def provider_of(service: IdentityService) -> oidc.Provider:
    return oidc.Provider(
        # Exactly as configured: some providers' issuers end in a slash, and `iss` must equal it.
        issuer=service.issuer,
        authorization_endpoint=service.authorization_endpoint,
        token_endpoint=service.token_endpoint,
        userinfo_endpoint=service.userinfo_endpoint,
        jwks_endpoint=service.jwks_endpoint,
        client_id=service.client_id,
        client_secret=service.client_secret or "",
        sign_algo=service.sign_algo,
        scopes=service.scopes,
        use_pkce=service.use_pkce,
        callback=CALLBACK,
        id_token_only=("acr", "amr"),
    )


def service_of_flow(entry: dict[str, Any] | None) -> IdentityService | None:
    service_id = entry.get("service") if entry is not None else None
    if not isinstance(service_id, int):
        return None
    return IdentityService.objects.filter(pk=service_id, enabled=True).select_related("organisation").first()


def user_for(service: IdentityService, claims: dict[str, Any]) -> User:
    """The organisation's one user the claims name. Raises Refused (with the name tried, for the log)."""
    value = claims.get(service.user_claim)
    if not isinstance(value, str) or not value.strip():
        raise Refused("missing_claim", f"no {service.user_claim!r} claim")
    value = value.strip()
    lookup = {f"{service.match_field}__iexact": value}
    matches = list(User.objects.filter(organisation=service.organisation, **lookup)[:2])
    if len(matches) > 1:
        raise Refused("ambiguous_user", f"{service.match_field} matches several users", username=value)
    if not matches:
        # Looked for only to say so in the log: a user of another organisation is never logged in here.
        elsewhere = User.objects.filter(**lookup).exclude(organisation=service.organisation).exists()
        reason = "other_organisation" if elsewhere else "unknown_user"
        raise Refused(reason, f"{service.user_claim}={value!r}", username=value)
    user = matches[0]
    if not user.is_active:
        raise Refused("inactive", f"user {user.pk} is inactive", username=user.username)
    return user


def asserts_mfa(service: IdentityService, claims: dict[str, Any]) -> bool:
    """Whether the ID token says the person used more than one factor, and the organisation trusts it."""
    if not service.trust_mfa:
        return False
    amr = claims.get("amr")
    methods = {amr} if isinstance(amr, str) else set(amr) if isinstance(amr, list) else set()
    if methods & MFA_AMR_VALUES:
        return True
    acr_values = set(service.mfa_acr_values.split())
    return bool(acr_values) and claims.get("acr") in acr_values


def verified_user(request: HttpRequest, entry: dict[str, Any] | None) -> tuple[User, bool]:
    """The user the callback identifies and whether the provider's MFA stands in for TOTP. Raises Refused."""
    service = service_of_flow(entry)
    if entry is not None and service is None:
        raise Refused("provider_error", "the identity service was removed or turned off")
    if service is None:
        if request.GET.get("error"):
            raise Refused("provider_error", request.GET.get("error", "")[:100])
        raise Refused("state", "unknown, replayed or missing state")
    claims = oidc.verified_claims(request, ProfessionalLoginBackend(provider_of(service)), entry)
    return user_for(service, claims), asserts_mfa(service, claims)


def password_login_refused(user: User) -> bool:
    """Whether the user's organisation has turned Yhteispolku passwords off (its identity service only)."""
    if user.organisation_id is None:
        return False
    return IdentityService.objects.filter(
        organisation_id=user.organisation_id, enabled=True, password_login_allowed=False
    ).exists()


def record_failure(request: HttpRequest, refusal: Refused) -> None:
    """Logged like a failed password login; a refusal that names a person also counts towards its lockout
    (django-axes listens to `user_login_failed`). A broken token or state names nobody: logged only."""
    logger.warning(
        "professional login through identity service refused: reason=%s ip=%s detail=%s",
        refusal.reason,
        request.META.get("REMOTE_ADDR", ""),
        refusal.detail,
    )
    if refusal.username:
        user_login_failed.send(sender=__name__, credentials={"username": refusal.username}, request=request)
