"""The client's agreements to receive notices, and the notices sent (Oma Yhteispolku, SPEC §5.1).

A notice says only "Sinulle on uusi asia Oma Yhteispolussa" and the portal's address: nothing of her
case leaves the service. It goes only to a contact detail she has agreed to receive notices at: an
agreement names the channel and the address or number as it was when she agreed; when her contact detail
changes, the old agreement no longer covers it (she or a professional records a new one).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("sähköposti")
    SMS = "sms", _("tekstiviesti")


class NoticeAgreement(models.Model):
    """The client agrees to receive notices at one contact detail; revocable, at once."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="notice_agreements",
        verbose_name=_("asiakas"),
    )
    channel = models.CharField(_("kanava"), max_length=10, choices=Channel.choices)
    # The e-mail address or phone number she agreed to, as it was then.
    address = models.CharField(_("osoite tai numero"), max_length=254)
    given_at = models.DateTimeField(_("annettu"), auto_now_add=True)
    given_by_client = models.BooleanField(_("asiakas antoi itse"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    revoked_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    revoked_by_client = models.BooleanField(_("asiakas perui itse"), default=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perunut"),
    )

    class Meta:
        ordering = ["client", "channel", "-given_at", "-id"]
        verbose_name = _("ilmoitussuostumus")
        verbose_name_plural = _("ilmoitussuostumukset")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "channel"],
                condition=Q(revoked_at__isnull=True),
                name="notice_agreement_one_active_per_channel",
            ),
            models.CheckConstraint(
                condition=Q(given_by_client=True, recorded_by__isnull=True)
                | Q(given_by_client=False, recorded_by__isnull=False),
                name="notice_agreement_given_by_client_or_recorded",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True, revoked_by_client=False)
                | Q(revoked_at__isnull=False, revoked_by__isnull=True, revoked_by_client=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False, revoked_by_client=False),
                name="notice_agreement_revoked_by_client_or_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.given_at:%Y-%m-%d}"


class Notice(models.Model):
    """One notice about one thing waiting for the client, on one channel: created once (the unique
    constraint keeps a thing from being noticed twice), sent once; a failed send is retried by
    `yhteispolku send-notices` up to NOTICE_MAX_ATTEMPTS times."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="notices", verbose_name=_("asiakas")
    )
    # What waits for her, as "<object type>:<code>" (e.g. "plans.planversion:…"); never shown to anyone.
    subject = models.CharField(_("aihe"), max_length=100)
    channel = models.CharField(_("kanava"), max_length=10, choices=Channel.choices)
    agreement = models.ForeignKey(
        NoticeAgreement, on_delete=models.PROTECT, related_name="notices", verbose_name=_("suostumus")
    )
    created_at = models.DateTimeField(_("luotu"), auto_now_add=True)
    sent_at = models.DateTimeField(_("lähetetty"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("yrityksiä"), default=0)
    # The kind of the last failure (the exception's class and an SMTP or HTTP status), never an address.
    last_error = models.CharField(_("viimeisin virhe"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ilmoitus")
        verbose_name_plural = _("ilmoitukset")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "subject", "channel"], name="notice_once_per_subject_and_channel"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.created_at:%Y-%m-%d}"
