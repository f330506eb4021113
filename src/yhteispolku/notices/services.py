"""The client's notices: agreements to receive them, and sending one when something waits for her.

Something waits for the client when a to-do is open for her (`collaboration.ClientTodo`: a document or
other thing she is asked to deliver) or when a plan version every authority has confirmed awaits her
acceptance (`plans.selectors.awaiting_acceptance`). The feature apps' saves of these are listened to
(`notices.signals`), and once the transaction commits, `send_waiting` creates one `Notice` per thing and
agreed channel (a unique constraint: never twice) and sends it. Only things that began to wait after she
agreed are noticed. A failed send is logged (its kind, never an address) and retried by
`yhteispolku send-notices`, which also notices anything a listener missed.

The message is content-free: "Sinulle on uusi asia Oma Yhteispolussa" in her service language and the
portal's address, nothing about her case. It goes only to the contact detail her active agreement names,
and only while her contact detail is still that one. Each sent notice is audited (the system read her
contact detail, no content).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import ClientActor, record_access
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.notices.errors import AgreementExists, NoAgreement, NoContactDetail
from yhteispolku.notices.models import Channel, Notice, NoticeAgreement
from yhteispolku.notices.sms import normalise_number, sms_backend
from yhteispolku.plans.models import Plan
from yhteispolku.plans.selectors import awaiting_acceptance

logger = logging.getLogger(__name__)

OBJECT_TYPE = "notices.noticeagreement"


# --- agreements -------------------------------------------------------------------------------------


def contact_of(client: Client, channel: str) -> str:
    """Her current contact detail for the channel ("" when none is recorded)."""
    return (client.email if channel == Channel.EMAIL else client.phone).strip()


def _same_contact(channel: str, agreed: str, current: str) -> bool:
    if not agreed or not current:
        return False
    if channel == Channel.EMAIL:
        return agreed.strip().lower() == current.strip().lower()
    return normalise_number(agreed) == normalise_number(current)


def active_agreements(client: Client) -> dict[str, NoticeAgreement]:
    """Her agreements in force, by channel."""
    return {a.channel: a for a in NoticeAgreement.objects.filter(client=client, revoked_at__isnull=True)}


def covers_current_contact(agreement: NoticeAgreement, client: Client) -> bool:
    """Whether the agreement still names her contact detail (a changed address is not agreed to)."""
    return _same_contact(agreement.channel, agreement.address, contact_of(client, agreement.channel))


@dataclass
class ChannelState:
    channel: str
    contact: str
    agreement: NoticeAgreement | None

    @property
    def agreed(self) -> bool:
        return self.agreement is not None and _same_contact(
            self.channel, self.agreement.address, self.contact
        )

    @property
    def label(self) -> str:
        return str(Channel(self.channel).label)


def channel_states(client: Client) -> list[ChannelState]:
    """For each channel: her contact detail and whether notices to it are agreed (the pages' rows)."""
    agreements = active_agreements(client)
    return [ChannelState(c, contact_of(client, c), agreements.get(c)) for c in Channel.values]


def _audit_agreement(
    client: Client, actor: User | None, request: HttpRequest | None, object_id: str, action: str
) -> None:
    if actor is None:
        record_access(
            actor=ClientActor(code=client.code, name=client.full_name),
            action=action,
            category=DataCategory.BASIC,
            purpose=Purpose.CLIENT_OWN,
            allowed=True,
            client_code=client.code,
            object_type=OBJECT_TYPE,
            object_id=object_id,
            request=request,
        )
    else:
        # Her contact details are basic data: the same decision as editing them (clients.client_for_action).
        authorize(
            actor=actor,
            action=Action(action),
            category=DataCategory.BASIC,
            client=client,
            request=request,
            owner_organisation_id=client.recorded_by_id,
            object_type=OBJECT_TYPE,
            object_id=object_id,
        )


def agreement_give(
    *, client: Client, channel: str, actor: User | None = None, request: HttpRequest | None = None
) -> NoticeAgreement:
    """She agrees to notices at her current contact detail for the channel: given by herself in Oma
    Yhteispolku (`actor` None; the caller has found her by her session) or recorded by a professional
    the access policy lets update her basic data. An agreement to an earlier contact detail is replaced;
    one to the same detail is AgreementExists (409), nothing changed."""
    if channel not in Channel.values:
        raise NoContactDetail({"channel": _("Valitse sähköposti tai tekstiviesti.")})
    _audit_agreement(client, actor, request, channel, Action.CREATE)
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        contact = contact_of(locked, channel)
        if not contact:
            raise NoContactDetail()
        current = NoticeAgreement.objects.filter(
            client=locked, channel=channel, revoked_at__isnull=True
        ).first()
        if current is not None:
            if _same_contact(channel, current.address, contact):
                raise AgreementExists()
            _revoke(current, actor)
        return NoticeAgreement.objects.create(
            client=locked,
            channel=channel,
            address=contact,
            given_by_client=actor is None,
            recorded_by=actor,
        )


def agreement_revoke(
    *, client: Client, channel: str, actor: User | None = None, request: HttpRequest | None = None
) -> NoticeAgreement:
    """The agreement for the channel ends at once: no notice is sent to it from now on (ones waiting for
    a retry included). Revoked by herself (`actor` None) or recorded by a professional."""
    _audit_agreement(client, actor, request, channel, Action.UPDATE)
    with transaction.atomic():
        Client.objects.select_for_update().get(pk=client.pk)
        current = NoticeAgreement.objects.filter(
            client=client, channel=channel, revoked_at__isnull=True
        ).first()
        if current is None:
            raise NoAgreement()
        return _revoke(current, actor)


def _revoke(agreement: NoticeAgreement, actor: User | None) -> NoticeAgreement:
    agreement.revoked_at = timezone.now()
    agreement.revoked_by = actor
    agreement.revoked_by_client = actor is None
    agreement.save(update_fields=["revoked_at", "revoked_by", "revoked_by_client"])
    return agreement


# --- what waits for her ------------------------------------------------------------------------------


def waiting_for(client: Client) -> dict[str, datetime]:
    """What waits for her now, as subject → when it began to wait: her open to-dos, and each plan
    version every authority has confirmed that awaits her acceptance (since the last confirmation)."""
    waiting: dict[str, datetime] = {
        f"collaboration.clienttodo:{code}": created
        for code, created in ClientTodo.objects.filter(
            relationship__client=client, status=TodoStatus.OPEN
        ).values_list("code", "created_at")
    }
    for plan in Plan.objects.filter(relationship__client=client):
        version = awaiting_acceptance(plan)
        if version is not None:
            since = version.confirmations.aggregate(last=Max("confirmed_at"))["last"]
            waiting[f"plans.planversion:{version.code}"] = since
    return waiting


# --- sending -----------------------------------------------------------------------------------------


def notify_after_commit(client_id: int) -> None:
    """Something may now wait for the client: once the transaction commits (never for a rolled-back
    change), notice it. A failure is logged and left to `send-notices`; the change itself stands."""

    def run() -> None:
        try:
            send_waiting(client_ids=[client_id])
        except Exception:
            logger.exception("notices for client %s not sent; send-notices retries them", client_id)

    transaction.on_commit(run)


def _channels_on() -> set[str]:
    return {Channel.EMAIL, Channel.SMS} if settings.NOTICE_SMS_BACKEND else {Channel.EMAIL}


def create_waiting(client_ids: Iterable[int] | None = None) -> int:
    """One Notice per thing waiting and agreed channel that began to wait after she agreed; returns how
    many new ones (an existing one is never made again)."""
    agreements = NoticeAgreement.objects.filter(revoked_at__isnull=True, channel__in=_channels_on())
    if client_ids is not None:
        agreements = agreements.filter(client_id__in=list(client_ids))
    created = 0
    by_client: dict[int, list[NoticeAgreement]] = {}
    for agreement in agreements.select_related("client"):
        by_client.setdefault(agreement.client_id, []).append(agreement)
    for own in by_client.values():
        client = own[0].client
        waiting = waiting_for(client)
        for agreement in own:
            if not covers_current_contact(agreement, client):
                continue
            for subject, since in waiting.items():
                if since is None or since < agreement.given_at:
                    continue
                _notice, new = Notice.objects.get_or_create(
                    client=client,
                    subject=subject,
                    channel=agreement.channel,
                    defaults={"agreement": agreement},
                )
                created += new
    return created


def send_waiting(client_ids: Iterable[int] | None = None) -> int:
    """Create the notices now due and send every unsent one (under NOTICE_MAX_ATTEMPTS); how many sent."""
    ids = list(client_ids) if client_ids is not None else None
    create_waiting(ids)
    pending = Notice.objects.filter(sent_at__isnull=True, attempts__lt=settings.NOTICE_MAX_ATTEMPTS)
    if ids is not None:
        pending = pending.filter(client_id__in=ids)
    return sum(_send(notice_id) for notice_id in pending.order_by("id").values_list("id", flat=True))


def _message(client: Client) -> tuple[str, str]:
    language = client.service_language if client.service_language in ("fi", "sv", "en") else "fi"
    with translation.override(language):
        link = settings.SITE_URL + reverse("portal:home")
        return _("Oma Yhteispolku"), _("Sinulle on uusi asia Oma Yhteispolussa: %(link)s") % {"link": link}


def _failure_kind(error: Exception) -> str:
    """What failed, without the address a server's message may quote: the class and a status code."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {c for c, _m in error.recipients.values()}
        code = ",".join(str(c) for c in sorted(codes))
    text = type(error).__name__ + (f" {code}" if code else "")
    if type(error).__name__ == "SmsFailed":
        text += f" {error}"
    return text[:200]


def _send(notice_id: int) -> bool:
    """Send one notice, holding its row so that two jobs at once do not both send it."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("client", "agreement")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None or notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            return False
        client, agreement = notice.client, notice.agreement
        if agreement.revoked_at is not None or not covers_current_contact(agreement, client):
            # Revoked, or her contact detail changed since: nothing is sent to it.
            return False
        subject, body = _message(client)
        try:
            if notice.channel == Channel.EMAIL:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [agreement.address])
            else:
                backend = sms_backend()
                if backend is None:
                    return False
                backend.send(agreement.address, body)
        except Exception as error:
            notice.attempts += 1
            notice.last_error = _failure_kind(error)
            notice.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "notice %s (%s) failed, attempt %s: %s",
                notice.pk,
                notice.channel,
                notice.attempts,
                notice.last_error,
            )
            return False
        notice.attempts += 1
        notice.sent_at = timezone.now()
        notice.last_error = ""
        notice.save(update_fields=["attempts", "sent_at", "last_error"])
        # The system read her contact detail to send the notice; the entry names the notice, no content.
        record_access(
            actor=None,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=Purpose.CLIENT_OWN,
            allowed=True,
            client_code=client.code,
            object_type="notices.notice",
            object_id=f"{notice.pk}:{notice.channel}",
        )
    return True
