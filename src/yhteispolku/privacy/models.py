"""The register of access-log requests: a client asks who used their data (703/2023 §11, R-LOG-1)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients.models import Client


class AccessLogRequest(models.Model):
    """One request, from its receipt to the answer delivered. Written only through `privacy.services`."""

    class Requester(models.TextChoices):
        CLIENT = "client", _("asiakas itse")
        REPRESENTATIVE = "representative", _("asiakkaan edustaja")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="access_log_requests", verbose_name=_("asiakas")
    )
    reference = models.CharField(_("pyynnön tunniste"), max_length=60, unique=True)
    requester = models.CharField(_("pyytäjä"), max_length=20, choices=Requester.choices)
    representative_name = models.CharField(_("edustajan nimi"), max_length=200, blank=True)
    received_on = models.DateField(_("saapunut"))
    # R-LOG-1's answer date as computed when the request was recorded, with the version that gave it.
    due_on = models.DateField(_("vastattava viimeistään"))
    rule_version = models.CharField(_("säännön versio"), max_length=20)
    extended_to = models.DateField(_("pidennetty määräaika"), null=True, blank=True)
    extension_reason = models.TextField(_("pidennyksen syy"), blank=True, max_length=1000)
    delivered_on = models.DateField(_("vastaus toimitettu"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_log_requests",
        verbose_name=_("kirjaaja"),
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("lokitietopyyntö")
        verbose_name_plural = _("lokitietopyynnöt")
        indexes = [models.Index(fields=["delivered_on", "due_on"], name="privacy_request_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | ~Q(extension_reason=""),
                name="privacy_request_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(delivered_on__gte=models.F("received_on")),
                name="privacy_request_delivered_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def answer_due(self) -> date:
        """The date the answer is due: the extended one once extended."""
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.delivered_on is None

    @property
    def rule_reference(self) -> str:
        return f"R-LOG-1 v{self.rule_version}"
