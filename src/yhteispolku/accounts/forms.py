import math
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.identity_services import password_login_refused
from yhteispolku.accounts.models import User
from yhteispolku.core.text import SHORT_TEXT


def bound_password(form: forms.Form) -> None:
    """A bounded password: hashing a megabyte with Argon2 on every attempt is work for nothing."""
    password = form.fields["password"]
    assert isinstance(password, forms.CharField)
    password.max_length = SHORT_TEXT
    password.validators.append(MaxLengthValidator(SHORT_TEXT))
    password.widget.attrs["maxlength"] = str(SHORT_TEXT)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen. "
            "Toistuvien virheiden jälkeen tunnus lukitaan hetkeksi."
        ),
        "inactive": _("Tämä käyttäjätunnus ei ole käytössä. Ota yhteyttä pääkäyttäjään."),
        "password_login_off": _(
            "Organisaatiosi käyttäjät kirjautuvat organisaation omalla tunnistuspalvelulla, "
            "eivät Yhteispolun salasanalla. Valitse organisaatiosi tunnistuspalvelu alta."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Käyttäjätunnus")
        self.fields["password"].label = _("Salasana")
        bound_password(self)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "class": "hds-text-input__input"}
        )
        # Django autofocuses the username; that skips the skip link, the heading and the introduction
        # for keyboard and screen-reader users (WCAG 2.4.3 focus order).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update(
            {
                "autocomplete": "current-password",
                "class": "hds-text-input__input",
                "maxlength": str(SHORT_TEXT),
            }
        )

    def confirm_login_allowed(self, user: User) -> None:
        """After the right password only (a wrong one, or an unknown name, keeps the one message): an
        organisation that turned Yhteispolku passwords off is told so, and the attempt is a failed login
        in the login log, counting towards the lockout."""
        super().confirm_login_allowed(user)
        if password_login_refused(user):
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise forms.ValidationError(self.error_messages["password_login_off"], code="password_login_off")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kuusinumeroinen vahvistuskoodi"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "class": "hds-text-input__input",
            }
        ),
        error_messages={
            "required": _("Anna todennussovelluksen näyttämä kuusinumeroinen koodi."),
            "min_length": _("Koodissa on kuusi numeroa."),
            "max_length": _("Koodissa on kuusi numeroa."),
        },
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        allowed, details = self.device.verify_is_allowed()
        if not allowed and details and "locked_until" in details:
            # django-otp refuses even a right code during the wait; "wrong code" would mislead.
            seconds = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                ngettext(
                    "Liian monta väärää koodia peräkkäin. Odota %(seconds)d sekunti ja anna uusin koodi.",
                    "Liian monta väärää koodia peräkkäin. Odota %(seconds)d sekuntia ja anna uusin koodi.",
                    seconds,
                )
                % {"seconds": seconds}
            )
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Koodi ei kelpaa. Tarkista, että laitteesi kello on oikeassa ajassa, ja anna uusin koodi.")
            )
        return token
