"""National code lists as dated data: plan types 01–07, Kela benefits and the service classification.

Each code has the dates it is in force, like a rule version (`rules.RuleVersion`): a change to a list
is a new row with its `effective_from` (and the old row's `effective_to`), loaded from a new dated file
by a new migration through `interop.code_lists`, never an edit of code. The FHIR export
(`interop.fhir`) takes its codings and displays from the code in force on the day the data speaks of.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CodeSystem(models.Model):
    key = models.SlugField(_("tunniste"), max_length=40, unique=True)
    uri = models.CharField(_("URI"), max_length=200, unique=True)
    title_fi = models.CharField(_("nimi suomeksi"), max_length=200)
    title_sv = models.CharField(_("nimi ruotsiksi"), max_length=200)
    title_en = models.CharField(_("nimi englanniksi"), max_length=200)
    source = models.TextField(_("lähde"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("koodisto")
        verbose_name_plural = _("koodistot")

    def __str__(self) -> str:
        return self.key


class Code(models.Model):
    system = models.ForeignKey(
        CodeSystem, on_delete=models.CASCADE, related_name="codes", verbose_name=_("koodisto")
    )
    code = models.CharField(_("koodi"), max_length=80)
    display_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    display_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    display_en = models.CharField(_("nimi englanniksi"), max_length=300, blank=True)
    effective_from = models.DateField(_("voimassa alkaen"))
    effective_to = models.DateField(_("voimassa asti"), null=True, blank=True)
    # Further attributes of the list (a service's organiser, the Kela benefit it is).
    properties = models.JSONField(_("ominaisuudet"), default=dict, blank=True)

    class Meta:
        ordering = ["system", "code", "effective_from"]
        verbose_name = _("koodi")
        verbose_name_plural = _("koodit")
        constraints = [
            models.UniqueConstraint(fields=["system", "code", "effective_from"], name="code_once_per_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="code_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system.key} {self.code}"

    @property
    def display(self) -> str:
        """The name in the active language (Finnish when the language has none)."""
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"display_{language}", "") or self.display_fi)


class ImportCheckpoint(models.Model):
    """How far the import of one file has committed (`interop.importing`): a killed run resumes after
    `last_committed_row` (the file's data rows counted from 1), found again by the file's SHA-256."""

    file_sha256 = models.CharField(_("tiedoston tiiviste"), max_length=64, unique=True)
    file_name = models.CharField(_("tiedoston nimi"), max_length=200)
    rows_total = models.PositiveIntegerField(_("rivejä"))
    last_committed_row = models.PositiveIntegerField(_("viimeisin tallennettu rivi"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tuoja")
    )
    started_at = models.DateTimeField(_("aloitettu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("päivitetty"), auto_now=True)
    finished_at = models.DateTimeField(_("valmis"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("tuonnin tarkistuspiste")
        verbose_name_plural = _("tuonnin tarkistuspisteet")

    def __str__(self) -> str:
        return f"{self.file_name} {self.last_committed_row}/{self.rows_total}"
