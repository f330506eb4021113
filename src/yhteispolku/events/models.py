"""The event outbox (docs/events.md): what happened to a client, as codes, for the authorities' systems.

An `OutboxEvent` is written by the service that makes the change, in the change's own transaction
(`events.services.record`), so a rolled-back change leaves no event and a committed one always has its
event. `deliver-events` fans each event out to the subscribers whose organisation may see the client
(`Delivery`, one per event and subscriber) and posts them, in order per client, logging each attempt.

The app sits below the client registry (pyproject's layers) so that every feature's service may write
to it; it knows no feature's models: who may see a client is answered by the sources the owning apps
register (`events.audience`).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from yhteispolku.organisations.models import Organisation

# Bumped when a payload's fields change meaning or are removed (docs/events.md); adding a field is not.
SCHEMA_VERSION = 1

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class EventType(models.TextChoices):
    REFERRAL_SENT = "referral.sent", _("Lähete lähetetty")
    REFERRAL_ACCEPTED = "referral.accepted", _("Lähete hyväksytty")
    REFERRAL_DECLINED = "referral.declined", _("Lähete hylätty")
    PLAN_IN_FORCE = "plan.in_force", _("Suunnitelma voimaan")
    CONSENT_GIVEN = "consent.given", _("Suostumus annettu")
    CONSENT_REVOKED = "consent.revoked", _("Suostumus peruttu")
    TRACK_CLOSED = "track.closed", _("Asiakkuus päättynyt")
    APPLICATION_DECIDED = "application.decided", _("Hakemus ratkaistu")


def validate_webhook_url(value: str) -> None:
    """HTTPS only: the body names a client by code and the signature proves the sender, but only TLS keeps
    the event from being read on the way. Plain http only to this machine while developing or testing."""
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError(
            _("Anna webhookin koko osoite, esimerkiksi https://palvelu.example/tapahtumat.")
        )
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and host in LOCAL_HOSTS and (settings.DEBUG or settings.TESTING):
        return
    raise ValidationError(_("Webhookin osoitteen on oltava https-osoite."))


def validate_event_types(value: object) -> None:
    if not isinstance(value, list) or not value or not set(value) <= set(EventType.values):
        raise ValidationError(_("Valitse vähintään yksi tapahtumatyyppi."))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class ClientStream(models.Model):
    """The last sequence number given to a client's events. `record` locks this row, so two transactions
    writing events for one client commit in the order of their numbers: the worker never sees a later
    event of a client before an earlier one."""

    client_code = models.UUIDField(unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.client_code} #{self.last_sequence}"


class OutboxEvent(models.Model):
    code = models.UUIDField(unique=True, editable=False)
    event_type = models.CharField(_("tapahtumatyyppi"), max_length=40, choices=EventType.choices)
    client_code = models.UUIDField(_("asiakkaan tunniste"))
    sequence = models.PositiveBigIntegerField(_("järjestysnumero"))
    occurred_at = models.DateTimeField(_("tapahtui"))
    schema_version = models.PositiveSmallIntegerField(default=SCHEMA_VERSION)
    # The whole body as sent: codes, ids, dates and the fields above (docs/events.md), never free text.
    payload = models.JSONField()
    # Set once the worker has created the event's deliveries; until then it is waiting for fan-out.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tapahtuma")
        verbose_name_plural = _("tapahtumat")
        constraints = [
            models.UniqueConstraint(fields=["client_code", "sequence"], name="event_client_sequence_unique")
        ]
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(fanned_out_at__isnull=True), name="event_awaiting_fan_out"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.code}"


class Subscriber(models.Model):
    """An organisation's system that receives the events of the clients the organisation may see."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="event_subscribers",
        verbose_name=_("organisaatio"),
    )
    name = models.CharField(_("nimi"), max_length=200)
    url = models.URLField(_("webhookin osoite"), max_length=500, validators=[validate_webhook_url])
    secret = EncryptedCharField(
        _("allekirjoituksen salaisuus"),
        max_length=200,
        default=new_secret,
        validators=[MinLengthValidator(32)],
        help_text=_("Vastaanottaja tarkistaa tällä allekirjoituksen (HMAC-SHA256). Vähintään 32 merkkiä."),
    )
    event_types = models.JSONField(_("tapahtumatyypit"), default=list, validators=[validate_event_types])
    active = models.BooleanField(_("käytössä"), default=True)
    created_at = models.DateTimeField(_("luotu"), auto_now_add=True)
    # Parked: a delivery failed for longer than the limit; nothing is sent until the administrator resumes.
    parked_at = models.DateTimeField(_("pysäytetty"), null=True, blank=True)
    parked_reason = models.CharField(_("pysäytyksen syy"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tapahtumien tilaaja")
        verbose_name_plural = _("tapahtumien tilaajat")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One event to one subscriber. Only the client's earliest undelivered event (by `sequence`) is sent:
    a later one waits while an earlier one fails."""

    class Status(models.TextChoices):
        PENDING = "pending", _("odottaa")
        DELIVERED = "delivered", _("toimitettu")

    event = models.ForeignKey(OutboxEvent, on_delete=models.PROTECT, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    client_code = models.UUIDField()
    sequence = models.PositiveBigIntegerField()
    status = models.CharField(_("tila"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("yrityksiä"), default=0)
    # Failed attempts in a row since the last resume: the backoff and the parking limit count these.
    failures = models.PositiveIntegerField(_("epäonnistuneita peräkkäin"), default=0)
    next_attempt_at = models.DateTimeField(_("seuraava yritys"))
    first_failed_at = models.DateTimeField(null=True, blank=True)
    # A worker holds the delivery until then while it posts, so two workers never post it at once.
    leased_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("toimitettu"), null=True, blank=True)

    class Meta:
        verbose_name = _("toimitus")
        verbose_name_plural = _("toimitukset")
        constraints = [
            models.UniqueConstraint(fields=["event", "subscriber"], name="delivery_event_subscriber_unique")
        ]
        indexes = [
            models.Index(
                fields=["subscriber", "client_code", "sequence"],
                condition=models.Q(status="pending"),
                name="delivery_pending_head",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscriber}"


class DeliveryAttempt(models.Model):
    """The delivery log: each post, its answer or the error, and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField(_("yritys"))
    at = models.DateTimeField(_("ajankohta"))
    status_code = models.PositiveSmallIntegerField(_("vastauskoodi"), null=True, blank=True)
    error = models.CharField(_("virhe"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("kesto (ms)"))

    class Meta:
        verbose_name = _("toimitusyritys")
        verbose_name_plural = _("toimitusyritykset")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.number}: {self.status_code or self.error}"
