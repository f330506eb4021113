"""Her notices in Oma Yhteispolku: where she gets a content-free notice when something new waits for her,
and her agreement to it per channel, given or revoked by herself (`notices.services`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.notices import services as notices
from yhteispolku.portal.selectors import _audit_own
from yhteispolku.portal.session import client_required


@require_http_methods(["GET", "POST"])
@client_required
def notice_settings(request: HttpRequest) -> HttpResponse:
    client = request.portal_client  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        try:
            if request.POST.get("agree") == "1":
                notices.agreement_give(client=client, channel=channel, request=request)
                messages.success(
                    request, _("Saat jatkossa ilmoituksen uusista asioista tähän yhteystietoon.")
                )
            else:
                notices.agreement_revoke(client=client, channel=channel, request=request)
                messages.success(request, _("Ilmoitukset tähän yhteystietoon on lopetettu."))
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
            status = error.status
        else:
            return redirect("portal:notices")
    _audit_own(
        client, request, object_type=notices.OBJECT_TYPE, category=DataCategory.BASIC, action=Action.VIEW
    )
    return render(
        request,
        "portal/notices.html",
        {"client": client, "channels": notices.channel_states(client)},
        status=status,
    )
