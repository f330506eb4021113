"""The administrator resets a user's second factor; nobody reads or changes its secret key.

django-otp's own TOTPDevice admin shows the key (and its QR code) on the change page and lets it be
edited, so whoever can open the admin could copy any user's authenticator. Here the devices are listed
(user, name, confirmed) and may only be deleted: the user then enrols a new one at the next sign-in.
The change page is read-only and shows no key, and there is no add page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

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
