import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.forms import LoginForm, TokenForm
from yhteispolku.accounts.models import User
from yhteispolku.accounts.second_factor import confirmed_device
from yhteispolku.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


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
