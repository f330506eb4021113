"""Checks that advise the professional on the TYM case page (issue 5): the facts a check reads when they
are not recorded elsewhere, and the professional's decision. The check advises; the professional decides,
and the decision (who, when, what, why, and the advice and facts it saw) is kept.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.text import NOTE_TEXT


class Check(models.TextChoices):
    UNEMPLOYED = "R-UNEMP-1", _("Onko henkilö työtön (380/2023 3 § 4 kohta)")
    TYM_CRITERIA = "R-TYM-1", _("Täyttyvätkö TYM-kriteerit")


class UnemploymentFacts(models.Model):
    """The facts R-UNEMP-1 reads, as the employment authority recorded them on a day (employment data)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.CASCADE,
        related_name="unemployment_facts",
        verbose_name=_("asiakkuus"),
    )
    on = models.DateField(_("tilanne päivänä"))
    employed = models.BooleanField(_("on työsuhteessa"), default=False)
    fully_laid_off = models.BooleanField(_("on lomautettu kokoaikaisesti"), default=False)
    weekly_working_hours = models.DecimalField(
        _("säännöllinen työaika tunteina viikossa"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    self_employed_full_time = models.BooleanField(
        _("työllistyy päätoimisesti yritystoiminnassa tai omassa työssään"), default=False
    )
    self_employment_days = models.PositiveIntegerField(
        _("päätoimisen yritystoiminnan kesto päivinä"), null=True, blank=True
    )
    full_time_student = models.BooleanField(_("on päätoiminen opiskelija"), default=False)
    student_entitled_to_benefit = models.BooleanField(
        _("opiskelijalla on oikeus työttömyysetuuteen"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kirjaava organisaatio"),
    )
    recorded_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("työttömyyden tosiasiat")
        verbose_name_plural = _("työttömyyden tosiasiat")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_working_hours__isnull=True) | Q(weekly_working_hours__gte=0),
                name="unemployment_facts_hours_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.on:%Y-%m-%d}"


class AdviceDecision(models.Model):
    """A professional's decision on what a check advised: agreeing or not, with the reason."""

    class Outcome(models.TextChoices):
        HOLDS = "holds", _("edellytykset täyttyvät")
        DOES_NOT_HOLD = "does_not_hold", _("edellytykset eivät täyty")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.CASCADE,
        related_name="advice_decisions",
        verbose_name=_("asiakkuus"),
    )
    check_id = models.CharField(_("tarkistus"), max_length=20, choices=Check.choices)
    rule_version = models.CharField(_("säännön versio"), max_length=40)
    advice = models.CharField(
        _("tarkistuksen neuvo"), max_length=20, choices=Outcome.choices, blank=True
    )  # blank: the check could not advise (facts missing)
    facts = models.JSONField(_("tarkistuksen käyttämät tiedot"), default=dict)
    decision = models.CharField(_("päätös"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("perustelu"), max_length=NOTE_TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("päättäjä")
    )
    decided_at = models.DateTimeField(_("päätetty"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("päätös tarkistuksesta")
        verbose_name_plural = _("päätökset tarkistuksista")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="advice_decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.check_id}: {self.get_decision_display()}"
