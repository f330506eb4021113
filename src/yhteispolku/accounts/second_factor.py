"""When a user must pass a TOTP second factor."""

from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.models import User


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(user: User) -> bool:
    """Whether this session passed TOTP (django-otp's middleware adds `is_verified` to request.user)."""
    return bool(getattr(user, "is_verified", lambda: False)())


# Set at a login through the organisation's identity service when the provider asserted multi-factor
# authentication and the organisation trusts it (accounts.identity_services): the user's pk.
PROVIDER_MFA_SESSION_KEY = "second_factor_by_provider"


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session passed TOTP, or logged in with the organisation's trusted multi-factor login."""
    user = request.user
    return is_verified(user) or (  # type: ignore[arg-type]
        user.is_authenticated and request.session.get(PROVIDER_MFA_SESSION_KEY) == user.pk
    )


def needs_second_factor(user: User) -> bool:
    """Everyone with a confirmed device passes it; outside demo mode professionals and staff must have one."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    return bool(settings.TOTP_REQUIRED and (user.is_professional or user.is_staff))
