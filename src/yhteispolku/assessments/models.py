"""The multi-sectoral mapping (monialainen kartoitus, SPEC §3 step 5): each sector's assessment and the
actions taken during the mapping, per client relationship.

A sector assessment belongs to its sector's data category, so health assessments follow the health
access rules (SPEC §5.1); the mapping actions are the team's joint work, in the plan category.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.categories import DataCategory
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import Organisation


class AssessmentSector(models.TextChoices):
    """What each sector assesses (seed 002). The values are those of `accounts.Sector`."""

    EMPLOYMENT = "employment", _("osaaminen ja ammattitaito")
    SOCIAL = "social", _("sosiaalinen tilanne (palvelutarpeen arvio)")
    HEALTH = "health", _("terveydentila sekä työ- ja toimintakyky")
    KELA = "kela", _("etuudet ja kuntoutus")


# Each sector's assessment is data of that sector's category (SPEC §5.1).
SECTOR_CATEGORIES: dict[str, DataCategory] = {
    AssessmentSector.EMPLOYMENT: DataCategory.EMPLOYMENT,
    AssessmentSector.SOCIAL: DataCategory.SOCIAL,
    AssessmentSector.HEALTH: DataCategory.HEALTH,
    AssessmentSector.KELA: DataCategory.KELA,
}


class SectorAssessment(models.Model):
    """One sector's assessment of the client during the mapping, made by a professional of that sector."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.PROTECT,
        related_name="sector_assessments",
        verbose_name=_("asiakkuus"),
    )
    sector = models.CharField(_("arvioitava osa-alue"), max_length=20, choices=AssessmentSector.choices)
    assessed_on = models.DateField(_("arvioitu"))
    findings = models.TextField(_("havainnot"), max_length=LONG_TEXT)
    needs = models.TextField(_("tunnistetut tarpeet"), max_length=LONG_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("arvioija")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("arvioijan organisaatio")
    )
    version = models.PositiveIntegerField(_("versio"), default=1)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        ordering = ["relationship", "sector", "-assessed_on", "-id"]
        verbose_name = _("sektorin arvio")
        verbose_name_plural = _("sektorien arviot")
        indexes = [models.Index(fields=["relationship", "sector"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sector__in=[s.value for s in AssessmentSector]), name="assessment_sector_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} {self.assessed_on:%Y-%m-%d}"

    @property
    def category(self) -> DataCategory:
        return SECTOR_CATEGORIES[self.sector]


class MappingActionKind(models.TextChoices):
    HEALTH_CHECK_REFERRAL = "health_check_referral", _("lähete työttömän terveystarkastukseen")
    KELA_CONSULTATION = "kela_consultation", _("Kela-konsultaatio")
    WORK_ABILITY_ASSESSMENT_REFERRAL = "work_ability_assessment_referral", _("lähete työkyvyn arviointiin")
    MEDICAL_STATEMENT_REQUEST = "medical_statement_request", _("lääkärinlausuntopyyntö")
    OTHER = "other", _("muu toimenpide")


class StatementType(models.TextChoices):
    """Medical statements (SPEC §4)."""

    A = "A", _("A-lausunto (SV 6, lyhyet sairaudet)")
    B = "B", _("B-lausunto (SV 7, vaaditaan Kelan ammatilliseen kuntoutukseen)")
    C = "C", _("C-lausunto (EV 256, vammaisetuudet ja hoitotuet)")


class MappingActionQuerySet(models.QuerySet["MappingAction"]):
    def open(self) -> MappingActionQuerySet:
        return self.filter(done_on__isnull=True)


class MappingAction(models.Model):
    """An action of the mapping with its dates: a referral, a consultation, a request (seed 002).

    The outcome may find that a medical statement is needed (lääkärinlausunnon tarve), e.g. a Kela
    consultation finding that a B-statement is needed for vocational rehabilitation.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.PROTECT,
        related_name="mapping_actions",
        verbose_name=_("asiakkuus"),
    )
    kind = models.CharField(_("toimenpide"), max_length=40, choices=MappingActionKind.choices)
    description = models.CharField(_("kuvaus"), max_length=300, blank=True)
    planned_on = models.DateField(_("suunniteltu ajankohta"))
    done_on = models.DateField(_("tehty"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastuuhenkilö")
    )
    outcome = models.TextField(_("tulos"), blank=True, max_length=NOTE_TEXT)
    medical_statement_needed = models.BooleanField(_("lääkärinlausunnon tarve"), default=False)
    statement_type = models.CharField(
        _("lausunnon tyyppi"), max_length=1, choices=StatementType.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    version = models.PositiveIntegerField(_("versio"), default=1)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    objects = MappingActionQuerySet.as_manager()

    class Meta:
        ordering = ["relationship", "planned_on", "id"]
        verbose_name = _("kartoituksen toimenpide")
        verbose_name_plural = _("kartoituksen toimenpiteet")
        indexes = [models.Index(fields=["relationship", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(medical_statement_needed=False, statement_type="")
                | (Q(medical_statement_needed=True) & Q(statement_type__in=["A", "B", "C"])),
                name="mapping_action_statement_type_when_needed",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=False) | Q(medical_statement_needed=False),
                name="mapping_action_statement_need_found_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class SelfAssessment(models.Model):
    """The client's own assessment of her situation and work ability (SPEC §1, §3 step 1), filled in Oma
    Yhteispolku before the first meeting and shown to the team beside the sectors' assessments.

    One per relationship. The record is the joint work's (plan category), but her work-ability rating and
    her words about her health are health data (`access.categories.FIELD_CATEGORIES`): shown to the
    team's health professionals and, with a consent covering health, Kela's work-ability advisor. She may
    change it until the team marks it read; `version` refuses a stale change (409).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.OneToOneField(
        ClientRelationship,
        on_delete=models.PROTECT,
        related_name="self_assessment",
        verbose_name=_("asiakkuus"),
    )
    daily_life = models.TextField(_("arki ja elämäntilanne"), blank=True, max_length=NOTE_TEXT)
    strengths = models.TextField(_("vahvuudet ja osaaminen"), blank=True, max_length=NOTE_TEXT)
    obstacles = models.TextField(_("mikä vaikeuttaa työllistymistä"), blank=True, max_length=NOTE_TEXT)
    work_ability = models.PositiveSmallIntegerField(_("oma arvio työkyvystä (0–10)"))
    health = models.TextField(_("terveys ja työkyky omin sanoin"), blank=True, max_length=NOTE_TEXT)
    submitted_at = models.DateTimeField(_("lähetetty"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versio"), default=1)
    read_at = models.DateTimeField(_("luettu"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lukija"),
    )

    class Meta:
        verbose_name = _("asiakkaan itsearvio")
        verbose_name_plural = _("asiakkaan itsearviot")
        constraints = [
            models.CheckConstraint(condition=Q(work_ability__lte=10), name="self_assessment_score_0_10"),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True, read_by__isnull=True)
                | Q(read_at__isnull=False, read_by__isnull=False),
                name="self_assessment_read_with_reader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.submitted_at:%Y-%m-%d}"
