"""Legal rules as versioned data (SPEC §4): a rule and its versions, each in force for a date range.

The files under `rules/data/` are the source; `loader` brings them into these tables. A law change is a
new version with its effective-from date, not a code edit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Rule(models.Model):
    rule_id = models.CharField(_("tunnus"), max_length=40)
    # "" for a national rule, otherwise the slug of the region (employment area) that owns the policy.
    region = models.CharField(_("alue"), max_length=80, blank=True, default="")
    title_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    title_sv = models.CharField(_("nimi ruotsiksi"), max_length=300)
    title_en = models.CharField(_("nimi englanniksi"), max_length=300)
    source = models.TextField(_("lähde"))
    # What the rules page shows professionals (the loader refuses a rule file without it).
    group = models.CharField(_("ryhmä"), max_length=40, blank=True, default="")
    summary_fi = models.TextField(_("selitys suomeksi"), blank=True, default="")
    summary_sv = models.TextField(_("selitys ruotsiksi"), blank=True, default="")
    summary_en = models.TextField(_("selitys englanniksi"), blank=True, default="")
    region_name_fi = models.CharField(_("alueen nimi suomeksi"), max_length=200, blank=True, default="")
    region_name_sv = models.CharField(_("alueen nimi ruotsiksi"), max_length=200, blank=True, default="")
    region_name_en = models.CharField(_("alueen nimi englanniksi"), max_length=200, blank=True, default="")
    # As the loader resolved them: [{"law": "381/2023" or "", "title": {fi, sv, en}, "section": {fi, sv, en}
    # or {}, "repealed": ISO date or ""}].
    legal_sources = models.JSONField(_("oikeusperusta"), default=list, blank=True)
    # parameter name → {"unit", "label": {fi, sv, en}, optional "range_to", "items"}.
    parameter_info = models.JSONField(_("arvojen kuvaukset"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sääntö")
        verbose_name_plural = _("säännöt")
        ordering = ["rule_id", "region"]
        constraints = [models.UniqueConstraint(fields=["rule_id", "region"], name="rule_unique_per_region")]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.region})" if self.region else self.rule_id

    @property
    def title(self) -> str:
        """The title in the active language (Finnish when the language has none)."""
        return _in_language(self, "title")

    @property
    def summary(self) -> str:
        return _in_language(self, "summary")

    @property
    def region_name(self) -> str:
        return _in_language(self, "region_name") or self.region


def _in_language(row: models.Model, field: str) -> str:
    """`row.<field>_<active language>`, or the Finnish one when that is empty."""
    language = (get_language() or "fi")[:2]
    return str(getattr(row, f"{field}_{language}", "") or getattr(row, f"{field}_fi", ""))


class RuleVersion(models.Model):
    rule = models.ForeignKey(
        Rule, on_delete=models.CASCADE, related_name="versions", verbose_name=_("sääntö")
    )
    version = models.CharField(_("versio"), max_length=40)
    effective_from = models.DateField(_("voimassa alkaen"))
    effective_to = models.DateField(_("voimassa asti"), null=True, blank=True)
    parameters = models.JSONField(_("arvot"))
    note = models.TextField(_("muutoksen peruste"), blank=True)
    note_fi = models.TextField(_("muutos suomeksi"), blank=True, default="")
    note_sv = models.TextField(_("muutos ruotsiksi"), blank=True, default="")
    note_en = models.TextField(_("muutos englanniksi"), blank=True, default="")
    # The version's own legal sources when they differ from the rule's (an old law for an old version).
    legal_sources = models.JSONField(_("oikeusperusta"), default=list, blank=True)
    loaded_at = models.DateTimeField(_("ladattu"), auto_now=True)

    class Meta:
        verbose_name = _("säännön versio")
        verbose_name_plural = _("sääntöjen versiot")
        ordering = ["rule", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="rule_version_unique"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="rule_version_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.rule_id} {self.version}"

    @property
    def plain_note(self) -> str:
        """What changed in this version, in the active language ("" when the file says nothing)."""
        return _in_language(self, "note")

    def clean(self) -> None:
        """Two versions of a rule may not be in force on the same day (the loader refuses it too)."""
        from yhteispolku.rules.loader import overlap

        if self.effective_from is None or self.rule_id is None:
            return
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValidationError(
                {
                    "effective_to": _("%(rule)s: voimassaolo ei voi päättyä ennen kuin se alkaa.")
                    % {"rule": self.rule.rule_id}
                }
            )
        others = self.rule.versions.exclude(pk=self.pk) if self.rule.pk else RuleVersion.objects.none()
        ranges = [(v.version, v.effective_from, v.effective_to) for v in others]
        clash = overlap([*ranges, (self.version, self.effective_from, self.effective_to)])
        if clash:
            raise ValidationError(
                _(
                    "%(rule)s: versiot %(first)s ja %(second)s olisivat voimassa samoina päivinä. Päätä "
                    "aiemman version voimassaolo ensin (voimassa asti) ja tallenna, lisää sitten uusi versio."
                )
                % {"rule": self.rule.rule_id, "first": clash[0], "second": clash[1]}
            )


class RuleSetStamp(models.Model):
    """One row whose generation goes up whenever a rule version is saved or removed, in any process.

    Each process keeps the versions in memory (`rules.engine`); the first rule read of every request
    compares this row's generation with the one its copy was read at (one query by primary key) and reads
    the versions again when they differ, so a new version reaches every worker without a restart.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    generation = models.BigIntegerField(_("sukupolvi"), default=0)
    changed_at = models.DateTimeField(_("muutettu"), null=True, blank=True)

    class Meta:
        verbose_name = _("sääntöjen versioleima")
        verbose_name_plural = _("sääntöjen versioleima")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="rules_stamp_single_row")]

    def __str__(self) -> str:
        return f"{self.generation} ({self.changed_at})"
