"""Professionals and their roles. Roles are rows (see the data migration), not code constants."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteispolku.organisations.models import LocalisedNameMixin, Organisation, Unit


class Sector(models.TextChoices):
    """The sector a role works in; the access policy reads categories by sector."""

    EMPLOYMENT = "employment", _("työllisyyspalvelut")
    SOCIAL = "social", _("sosiaalipalvelut")
    HEALTH = "health", _("terveyspalvelut")
    KELA = "kela", _("Kela")
    COORDINATION = "coordination", _("koordinointi ja johtaminen")
    STEERING = "steering", _("johtoryhmä")
    PROVIDER = "provider", _("palveluntuottaja")
    ADMINISTRATION = "administration", _("ylläpito")


class Role(LocalisedNameMixin, models.Model):
    """A professional role of SPEC §1 (työllisyysasiantuntija, sosiaalityöntekijä, …)."""

    code = models.SlugField(_("tunniste"), max_length=60, primary_key=True)
    sector = models.CharField(_("sektori"), max_length=20, choices=Sector.choices)
    organisation_kinds = models.JSONField(
        _("organisaatiotyypit"),
        default=list,
        help_text=_("Organisaatiotyypit, joissa roolia käytetään"),
    )
    is_health_professional = models.BooleanField(_("terveydenhuollon ammattilainen"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("järjestys"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("rooli")
        verbose_name_plural = _("roolit")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Professionals carry a role, an organisation and a unit."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("rooli")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisaatio"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("yksikkö")
    )
    title = models.CharField(_("nimike"), max_length=120, blank=True)
    phone = models.CharField(_("puhelin"), max_length=40, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("käyttäjä")
        verbose_name_plural = _("käyttäjät")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__isnull=True)
                | (models.Q(organisation__isnull=False) & models.Q(unit__isnull=False)),
                name="professional_has_organisation_and_unit",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return self.role_id is not None

    @property
    def sector(self) -> str | None:
        return self.role.sector if self.role else None
