import base64
import uuid
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts import identity_services, oidc
from yhteispolku.accounts.forms import LoginForm, TokenForm
from yhteispolku.accounts.models import IdentityService, User
from yhteispolku.accounts.second_factor import PROVIDER_MFA_SESSION_KEY, confirmed_device
from yhteispolku.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of

# Where to go after a login through the organisation's identity service (set when it starts).
OIDC_NEXT_KEY = "accounts_oidc_next"
# The backend that loads a logged-in professional on later requests (the OIDC code flow is none).
SESSION_BACKEND = "yhteispolku.accounts.backends.ProfessionalBackend"


class LoginView(auth_views.LoginView):
    """The password form and, beside it, the organisations' identity services."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["identity_services"] = identity_services.offered()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        # Nothing of an earlier session survives a login (a client's portal session included), as when
        # logging in through the identity service; Django alone would keep it under a new key.
        self.request.session.flush()
        return super().form_valid(form)


def _safe_next(request: HttpRequest, candidate: str | None = None) -> str:
    if candidate is None:
        candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_GET
def oidc_start(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """To the organisation's identity service (the shared code flow: state, nonce, PKCE)."""
    service = IdentityService.objects.filter(code=code, enabled=True).first()
    if service is None:
        raise Http404
    request.session[OIDC_NEXT_KEY] = _safe_next(request)
    return oidc.start(
        request, identity_services.provider_of(service), flow=identity_services.FLOW, service=service.pk
    )


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the identity service: the state used once, the token checked, the organisation's user found,
    the lockout asked; then logged in as for a password (the TOTP step follows unless the provider's
    multi-factor assertion is trusted)."""
    entry = oidc.take_state(request, identity_services.FLOW)
    try:
        user, provider_mfa = identity_services.verified_user(request, entry)
    except identity_services.Refused as refusal:
        identity_services.record_failure(request, refusal)
        # A refusal that completed a lockout is answered by axes' middleware with the lockout page.
        return _login_page(request, error=refusal.message, status=403)
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        identity_services.logger.warning(
            "professional login through identity service refused: reason=locked_out ip=%s detail=user %s",
            request.META.get("REMOTE_ADDR", ""),
            user.pk,
        )
        return get_lockout_response(request, None, credentials)
    next_url = _safe_next(request, request.session.get(OIDC_NEXT_KEY) or reverse(settings.LOGIN_REDIRECT_URL))
    # Nothing of an earlier session survives, a client's portal session included.
    request.session.flush()
    login(request, user, backend=SESSION_BACKEND)
    if provider_mfa:
        request.session[PROVIDER_MFA_SESSION_KEY] = user.pk
    return HttpResponseRedirect(next_url)


def _login_page(request: HttpRequest, *, error: str, status: int) -> HttpResponse:
    return render(
        request,
        "accounts/login.html",
        {
            "form": LoginForm(request),
            "next": "",
            "identity_services": identity_services.offered(),
            "login_error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def totp_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)  # type: ignore[arg-type]
    if device is None:
        return redirect("accounts:totp_setup")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return HttpResponseRedirect(_safe_next(request))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:  # type: ignore[arg-type]
        return redirect("accounts:totp_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("Todennussovellus")}
    )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Kaksivaiheinen tunnistautuminen on otettu käyttöön."))
        return HttpResponseRedirect(_safe_next(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR-koodi todennussovellukselle")
    )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _safe_next(request)},
    )


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Olet kirjautunut ulos."))
    return redirect("accounts:login")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tunnisteen nimi"),
        max_length=100,
        help_text=gettext_lazy("Esimerkiksi ohjelma tai tarkoitus, johon tunnistetta käytetään."),
        error_messages={"required": gettext_lazy("Anna tunnisteelle nimi.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: API tokens (SecondFactorMiddleware keeps it behind TOTP).

    A new token is shown on the answer to the POST only, never stored or sent again: the page is not
    redirected, so that the token does not pass through the session's messages.
    """
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_token = api_token_create(user=user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
        else:
            status = 400
    response = render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": api_tokens_of(user=user), "new_token": new_token},
        status=status,
    )
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, code: str) -> HttpResponse:
    token = api_token_revoke(user=request.user, code=code)  # type: ignore[arg-type]
    messages.success(request, _("Tunniste %(name)s on mitätöity.") % {"name": token.name})
    return redirect("accounts:profile")
