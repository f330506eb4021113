"""The authorities that share a client process, their units and the municipalities they serve."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LocalisedNameMixin(models.Model):
    name_fi = models.CharField(_("nimi suomeksi"), max_length=200)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=200, blank=True)
    name_en = models.CharField(_("nimi englanniksi"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi


class Municipality(LocalisedNameMixin, models.Model):
    """A municipality in Statistics Finland's classification (three-digit code)."""

    code = models.CharField(_("kuntanumero"), max_length=3, primary_key=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("kunta")
        verbose_name_plural = _("kunnat")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(LocalisedNameMixin, models.Model):
    """An authority or provider: employment area, wellbeing services county, Kela, service provider."""

    class Kind(models.TextChoices):
        EMPLOYMENT_AUTHORITY = "employment_authority", _("työvoimaviranomainen")
        WELLBEING_COUNTY = "wellbeing_county", _("hyvinvointialue")
        KELA = "kela", _("Kela")
        SERVICE_PROVIDER = "service_provider", _("palveluntuottaja")

    # The three authorities that share a TYM client process (law 381/2023); service providers only deliver.
    AUTHORITY_KINDS = (Kind.EMPLOYMENT_AUTHORITY, Kind.WELLBEING_COUNTY, Kind.KELA)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("tunniste"), max_length=60, unique=True)
    kind = models.CharField(_("tyyppi"), max_length=30, choices=Kind.choices)
    business_id = models.CharField(_("Y-tunnus"), max_length=9, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="organisations", blank=True, verbose_name=_("kunnat")
    )
    responsible_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("vastuukunta"),
        help_text=_("Työllisyysalueen vastuukunta"),
    )
    is_demo = models.BooleanField(_("esimerkkiaineistoa"), default=False)

    class Meta:
        ordering = ["kind", "name_fi"]
        verbose_name = _("organisaatio")
        verbose_name_plural = _("organisaatiot")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responsible_municipality__isnull=True)
                | models.Q(kind="employment_authority"),
                name="organisation_only_employment_area_has_responsible_municipality",
                violation_error_message=_("Vain työllisyysalueella voi olla vastuukunta."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        """Kela serves the whole country, so it lists no municipalities."""
        return self.kind == self.Kind.KELA

    def serves(self, municipality: Municipality | str) -> bool:
        """Whether the municipality (or its code) is in this organisation's area."""
        if self.is_national:
            return True
        code = municipality.code if isinstance(municipality, Municipality) else municipality
        return self.municipalities.filter(code=code).exists()


class Unit(LocalisedNameMixin, models.Model):
    """A unit or team inside an organisation (Kela's regional customer service units are units too)."""

    class Kind(models.TextChoices):
        SERVICE_UNIT = "service_unit", _("palveluyksikkö")
        TEAM = "team", _("tiimi")
        TYM_TEAM = "tym_team", _("TYM-tiimi")
        INSURANCE_DISTRICT = "insurance_district", _("vakuutuspiiri")
        ADMINISTRATION = "administration", _("hallinto")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("tunniste"), max_length=80, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisaatio")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("yläyksikkö"),
    )
    kind = models.CharField(_("tyyppi"), max_length=30, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality, related_name="units", blank=True, verbose_name=_("kunnat")
    )

    class Meta:
        ordering = ["organisation__name_fi", "name_fi"]
        verbose_name = _("yksikkö")
        verbose_name_plural = _("yksiköt")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    def clean(self) -> None:
        super().clean()
        parent = self.parent
        if parent is None:
            return
        if self.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": _("Yksikkö ei voi olla oma yläyksikkönsä.")})
        if self.organisation_id is not None and parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("Yläyksikön on kuuluttava samaan organisaatioon.")})


class KelaContactQuerySet(models.QuerySet["KelaContact"]):
    def in_force(self, on: date) -> KelaContactQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)


class KelaContact(models.Model):
    """A named Kela professional for a TYM team (seed 004: "verkostoyhteistyöhön on nimetty alueellisesti omat
    TYM-työkykyneuvojat"; "Työkyvyn tuen verkostoon on nimetty Kelasta kaksi yhteyshenkilöä"). Maintained in
    the admin; shown on the pages of the cases the team is responsible for."""

    class Role(models.TextChoices):
        WORK_ABILITY_ADVISOR = "work_ability_advisor", _("TYM-työkykyneuvoja")
        TYM_CONTACT = "tym_contact", _("Kelan TYM-yhteyshenkilö")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="kela_contacts",
        verbose_name=_("TYM-tiimi"),
        limit_choices_to={"kind": Unit.Kind.TYM_TEAM},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="kela_contact_roles",
        verbose_name=_("Kelan ammattilainen"),
        limit_choices_to={"organisation__kind": Organisation.Kind.KELA},
    )
    role = models.CharField(_("tehtävä"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("alkaen"))
    valid_until = models.DateField(_("asti"), null=True, blank=True, help_text=_("Tyhjä, jos toistaiseksi"))

    objects = KelaContactQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "role", "valid_from", "id"]
        verbose_name = _("Kelan yhteyshenkilö")
        verbose_name_plural = _("Kelan yhteyshenkilöt")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="kela_contact_ends_after_start",
                violation_error_message=_("Yhteyshenkilön tehtävä ei voi päättyä ennen alkuaan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.unit.name})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        if self.unit_id is not None and self.unit.kind != Unit.Kind.TYM_TEAM:
            errors["unit"] = _("Kelan yhteyshenkilö nimetään TYM-tiimille.")
        if self.user_id is not None and (
            self.user.organisation is None or self.user.organisation.kind != Organisation.Kind.KELA
        ):
            errors["user"] = _("Yhteyshenkilön on oltava Kelan ammattilainen.")
        if errors:
            raise ValidationError(errors)


class JointControllerAgreementQuerySet(models.QuerySet["JointControllerAgreement"]):
    def in_force(self, on: date) -> JointControllerAgreementQuerySet:
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )


class JointControllerAgreement(models.Model):
    """A recorded joint-controller agreement (yhteisrekisterinpitosopimus, GDPR art. 26) of organisations.

    Each organisation is the controller of its own clients' data (the clients it registered and those of
    the client relationships it is responsible for); its data-protection officer works for those clients.
    While an agreement is in force, the parties' data-protection officers serve each other's clients too.
    Recorded by the administrator (`/hallinta/`), from the signed agreement its reference names.
    """

    reference = models.CharField(
        _("sopimuksen tunniste"),
        max_length=100,
        unique=True,
        help_text=_("Sopimuksen diaari- tai asianumero"),
    )
    parties = models.ManyToManyField(
        Organisation, related_name="joint_controller_agreements", verbose_name=_("osapuolet")
    )
    valid_from = models.DateField(_("voimassa alkaen"))
    valid_until = models.DateField(_("voimassa asti"), null=True, blank=True)

    objects = JointControllerAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "reference"]
        verbose_name = _("yhteisrekisterinpitosopimus")
        verbose_name_plural = _("yhteisrekisterinpitosopimukset")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="organisations_agreement_ends_after_it_starts",
                violation_error_message=_("Voimassaolon loppupäivä ei voi olla ennen alkupäivää."),
            )
        ]

    def __str__(self) -> str:
        return self.reference


def controllers_served_by(organisation_id: int | None, on: date) -> frozenset[int]:
    """The organisations whose clients a data-protection officer of `organisation_id` serves on a day:
    their own, and the other parties of every joint-controller agreement in force with them."""
    if organisation_id is None:
        return frozenset()
    partners = Organisation.objects.filter(
        joint_controller_agreements__in=JointControllerAgreement.objects.in_force(on).filter(
            parties=organisation_id
        )
    ).values_list("pk", flat=True)
    return frozenset({organisation_id, *partners})
