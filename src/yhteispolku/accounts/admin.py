"""The administrator resets a user's second factor; nobody reads or changes its secret key.

django-otp's own TOTPDevice admin shows the key (and its QR code) on the change page and lets it be
edited, so whoever can open the admin could copy any user's authenticator. Here the devices are listed
(user, name, confirmed) and may only be deleted: the user then enrols a new one at the next sign-in.
The change page is read-only and shows no key, and there is no add page.

The organisations' identity services (`IdentityService`) are edited here too; their client secret is
written and never shown back.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.forms import LoginForm, bound_password
from yhteispolku.accounts.identity_services import password_login_refused
from yhteispolku.accounts.models import IdentityService

# The fields an administrator may see; the key (and anything derived from it) is never among them.
VISIBLE_FIELDS = ("user", "name", "confirmed", "created_at", "last_used_at")

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceResetAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__email")
    fields = VISIBLE_FIELDS
    readonly_fields = VISIBLE_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change page only views: Django shows it read-only and refuses a POST.
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or super().has_change_permission(request, obj)


class IdentityServiceForm(forms.ModelForm):
    """The client secret is written, never shown back: left empty on a change, the stored one stays."""

    client_secret = forms.CharField(
        label=_("asiakassalaisuus (client secret)"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Tallennettu salaisuus ei näy. Jätä tyhjäksi, niin tallennettu salaisuus säilyy."),
    )

    class Meta:
        model = IdentityService
        fields = [
            "organisation",
            "enabled",
            "password_login_allowed",
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_endpoint",
            "userinfo_endpoint",
            "client_id",
            "client_secret",
            "sign_algo",
            "scopes",
            "use_pkce",
            "user_claim",
            "match_field",
            "trust_mfa",
            "mfa_acr_values",
        ]

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret") or ""
        if not secret and self.instance.pk:
            return self.instance.client_secret
        return secret


@admin.register(IdentityService)
class IdentityServiceAdmin(admin.ModelAdmin):
    """Per organisation: where its identity service is, who Yhteispolku is to it, how its users are found,
    whether its multi-factor assertion replaces TOTP, and whether Yhteispolku passwords still work."""

    form = IdentityServiceForm
    list_display = ("organisation", "enabled", "issuer", "user_claim", "trust_mfa", "password_login_allowed")
    list_filter = ("enabled", "trust_mfa", "password_login_allowed")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name_fi", "issuer", "client_id")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("organisation", "enabled", "password_login_allowed")}),
        (
            _("Tunnistuspalvelu"),
            {
                "fields": (
                    "issuer",
                    "authorization_endpoint",
                    "token_endpoint",
                    "jwks_endpoint",
                    "userinfo_endpoint",
                    "client_id",
                    "client_secret",
                    "sign_algo",
                    "scopes",
                    "use_pkce",
                )
            },
        ),
        (
            _("Käyttäjän tunnistaminen"),
            {"fields": ("user_claim", "match_field", "trust_mfa", "mfa_acr_values")},
        ),
    )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own login page keeps the organisations' choice to turn Yhteispolku passwords off."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_password(self)

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if password_login_refused(user):
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise forms.ValidationError(
                LoginForm.error_messages["password_login_off"], code="password_login_off"
            )


admin.site.login_form = AdminLoginForm
