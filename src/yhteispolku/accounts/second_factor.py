"""When a user must pass a TOTP second factor."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.models import User


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(user: User) -> bool:
    """Whether this session passed TOTP (django-otp's middleware adds `is_verified` to request.user)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def needs_second_factor(user: User) -> bool:
    """Everyone with a confirmed device passes it; outside demo mode professionals and staff must have one."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    return bool(settings.TOTP_REQUIRED and (user.is_professional or user.is_staff))
