"""Writes of the privacy desk: the register of access-log requests. Each write is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.privacy import rules
from yhteispolku.privacy.errors import DeskNotAllowed, RequestConflict, RequestInvalid
from yhteispolku.privacy.models import AccessLogRequest
from yhteispolku.privacy.selectors import may_use_desk

REQUEST_OBJECT_TYPE = "privacy.accesslogrequest"


def _audit(actor: User, action: Action, log_request: AccessLogRequest, request: HttpRequest | None) -> None:
    record_access(
        actor=actor,
        action=action,
        category=DataCategory.LOG,
        purpose=Purpose.DATA_PROTECTION_REQUEST,
        allowed=True,
        client_code=log_request.client.code,
        object_type=REQUEST_OBJECT_TYPE,
        object_id=f"request:{log_request.reference}",
        request=request,
    )


def _check_actor(actor: User) -> None:
    if not may_use_desk(actor):
        raise DeskNotAllowed()


def record_request(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> AccessLogRequest:
    """Record a received request; its answer date comes from R-LOG-1 in force on the day of receipt."""
    _check_actor(actor)
    today = today or timezone.localdate()
    received_on: date = data["received_on"]
    reference = data["reference"].strip()
    requester = data["requester"]
    representative_name = data.get("representative_name", "").strip()
    errors: dict[str, Any] = {}
    if received_on > today:
        errors["received_on"] = _("Saapumispäivä ei voi olla tulevaisuudessa.")
    if requester == AccessLogRequest.Requester.REPRESENTATIVE and not representative_name:
        errors["representative_name"] = _("Kirjoita edustajan nimi, kun pyytäjä on asiakkaan edustaja.")
    if reference and AccessLogRequest.objects.filter(reference=reference).exists():
        errors["reference"] = _("Tällä tunnisteella on jo kirjattu lokitietopyyntö.")
    if errors:
        raise RequestInvalid(errors)
    due = rules.answer_due(received_on)
    with transaction.atomic():
        log_request = AccessLogRequest.objects.create(
            client=client,
            reference=reference,
            requester=requester,
            representative_name=representative_name
            if requester == AccessLogRequest.Requester.REPRESENTATIVE
            else "",
            received_on=received_on,
            due_on=due.on,
            rule_version=due.version,
            recorded_by=actor,
        )
        _audit(actor, Action.CREATE, log_request, request)
    return log_request


def extend_request(
    *, actor: User, log_request: AccessLogRequest, reason: str, request: HttpRequest | None = None
) -> AccessLogRequest:
    """Extend the answer date by R-LOG-1's extension; the reason is recorded (and told to the client)."""
    _check_actor(actor)
    reason = reason.strip()
    if not reason:
        raise RequestInvalid(
            {"extension_reason": _("Kirjoita pidennyksen syy. Se kerrotaan myös asiakkaalle.")}
        )
    if not log_request.is_open:
        raise RequestConflict(_("Vastaus on jo toimitettu, joten määräaikaa ei voi enää pidentää."))
    if log_request.extended_to is not None:
        raise RequestConflict(_("Määräaikaa on jo pidennetty. Sitä voi pidentää vain kerran."))
    extended = rules.extended_due(log_request.received_on)
    with transaction.atomic():
        log_request.extended_to = extended.on
        log_request.extension_reason = reason
        log_request.save(update_fields=["extended_to", "extension_reason"])
        _audit(actor, Action.UPDATE, log_request, request)
    return log_request


def deliver_request(
    *,
    actor: User,
    log_request: AccessLogRequest,
    delivered_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> AccessLogRequest:
    """Record the day the answer was delivered to the client; the request then leaves the worklist."""
    _check_actor(actor)
    today = today or timezone.localdate()
    if not log_request.is_open:
        raise RequestConflict(_("Vastauksen toimituspäivä on jo kirjattu."))
    if delivered_on < log_request.received_on:
        raise RequestInvalid(
            {
                "delivered_on": _("Vastausta ei voi toimittaa ennen pyynnön saapumista (%(date)s).")
                % {"date": date_format(log_request.received_on, "j.n.Y")}
            }
        )
    if delivered_on > today:
        raise RequestInvalid({"delivered_on": _("Toimituspäivä ei voi olla tulevaisuudessa.")})
    with transaction.atomic():
        log_request.delivered_on = delivered_on
        log_request.save(update_fields=["delivered_on"])
        _audit(actor, Action.UPDATE, log_request, request)
    return log_request
