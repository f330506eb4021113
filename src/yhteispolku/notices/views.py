"""A professional records the client's agreement to notices, or its end (the client's page links here)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yhteispolku.access.policy import decide
from yhteispolku.accounts.models import User
from yhteispolku.clients.selectors import client_for_action
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.notices import services


@login_required
@require_http_methods(["GET", "POST"])
def client_notices(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    status = 200
    if request.method == "POST":
        # Authorised (and audited) by the service as an update of her basic data.
        client, facts = client_for_action(
            actor=actor, code=code, action=Action.VIEW, category=DataCategory.BASIC, request=request
        )
        channel = request.POST.get("channel", "")
        try:
            if request.POST.get("agree") == "1":
                services.agreement_give(client=client, channel=channel, actor=actor, request=request)
                messages.success(request, _("Asiakkaan suostumus ilmoituksiin on kirjattu."))
            else:
                services.agreement_revoke(client=client, channel=channel, actor=actor, request=request)
                messages.success(request, _("Ilmoitukset tähän yhteystietoon on lopetettu."))
        except DomainError as error:
            messages.error(request, "; ".join(error.messages))
            status = error.status
        else:
            return redirect("notices:client", code=code)
    else:
        client, facts = client_for_action(
            actor=actor, code=code, action=Action.VIEW, category=DataCategory.BASIC, request=request
        )
    return render(
        request,
        "notices/client.html",
        {
            "client": client,
            "channels": services.channel_states(client),
            # The same decision as the service's: her basic data, kept by the organisation that recorded her.
            "can_record": decide(
                actor=actor,
                action=Action.UPDATE,
                category=DataCategory.BASIC,
                facts=facts,
                owner_organisation_id=client.recorded_by_id,
            ).allowed,
        },
        status=status,
    )
