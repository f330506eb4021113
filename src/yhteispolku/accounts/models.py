"""Professionals and their roles. Roles are rows (see the data migration), not code constants."""

import uuid
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now: datetime | None = None) -> "ApiTokenQuerySet":
        """Tokens that still authenticate: not revoked, not expired, held by an active user."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


# A forgotten token stops working by itself; the holder makes a new one on their profile page.
API_TOKEN_LIFETIME_DAYS = 90


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=API_TOKEN_LIFETIME_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API, created by a professional on their profile page.

    Only a SHA-256 hash of the token is kept: a leaked database does not give working tokens. The
    prefix is shown so that the holder can tell their tokens apart.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("käyttäjä")
    )
    name = models.CharField(_("nimi"), max_length=100, help_text=_("Mihin tunnistetta käytetään"))
    token_hash = models.CharField(_("tunnisteen tiiviste"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("tunnisteen alku"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("luotu"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("viimeksi käytetty"), null=True, blank=True)
    expires_at = models.DateTimeField(_("voimassa asti"), default=default_token_expiry)
    revoked_at = models.DateTimeField(_("mitätöity"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API-tunniste")
        verbose_name_plural = _("API-tunnisteet")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
