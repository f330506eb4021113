"""The statistics table behind the situational picture: aggregate counts only, never a client id."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteispolku.organisations.models import Organisation, Unit


class Dimensions(models.Model):
    """The dimensions every aggregate row carries: a day, and who and what it counts."""

    day = models.DateField(_("päivä"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("vastuuorganisaatio")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("vastuuyksikkö")
    )
    municipality = models.CharField(_("kotikunta"), max_length=3, blank=True)
    track = models.CharField(_("palvelupolku"), max_length=40)
    age_group = models.CharField(_("ikäryhmä"), max_length=10, blank=True)
    service_language = models.CharField(_("asiointikieli"), max_length=10, blank=True)
    indicator = models.CharField(_("tunnusluku"), max_length=80)
    value = models.PositiveIntegerField(_("arvo"))

    class Meta:
        abstract = True


class Statistic(Dimensions):
    """One count for a day and a combination of dimensions (refreshed by `yhteispolku refresh-statistics`).

    Snapshot indicators (`open`) count the state at the end of the day; the others count events on the day.
    Indicators about professionals (`caseload:…`) carry the professional's organisation and unit and no
    client dimensions.
    """

    class Meta:
        verbose_name = _("tilastoluku")
        verbose_name_plural = _("tilastoluvut")
        indexes = [
            models.Index(fields=["indicator", "day"], name="statistic_indicator_day"),
            models.Index(fields=["day"], name="statistic_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.indicator} {self.value}"


class Duration(Dimensions):
    """A histogram of durations: `value` events on `day` took `days` days (measure in `indicator`).

    Medians cannot be summed from counts, so the reports sum these histograms over the chosen period and
    dimensions and take the median afterwards (never of fewer events than the suppression threshold).
    """

    days = models.PositiveIntegerField(_("päiviä"))

    class Meta:
        verbose_name = _("kestojakauma")
        verbose_name_plural = _("kestojakaumat")
        indexes = [models.Index(fields=["indicator", "day"], name="duration_indicator_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.indicator} {self.days} d × {self.value}"


class Refresh(models.Model):
    """When the statistics were last refreshed (each page shows it)."""

    finished_at = models.DateTimeField(_("päivitetty"))
    first_day = models.DateField(_("alkaen"))
    last_day = models.DateField(_("asti"))
    rows = models.PositiveIntegerField(_("rivejä"))

    class Meta:
        ordering = ["-finished_at"]
        verbose_name = _("tilastojen päivitys")
        verbose_name_plural = _("tilastojen päivitykset")

    def __str__(self) -> str:
        return f"{self.first_day}..{self.last_day} {self.finished_at:%Y-%m-%d %H:%M}"
