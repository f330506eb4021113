"""Professionals and their roles. Roles are rows (see the data migration), not code constants."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

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
    # A person of the client's network (a family member, the support person, …) invited to one
    # consultation as its guest: not a professional, no organisation, never in CLIENT_WORK_SECTORS.
    NETWORK = "network", _("asiakkaan verkosto")


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
    # A consultation guest (collaboration.GuestInvitation): signs in only with the invitation's link and
    # one-time code, has no role, organisation or usable password, and reaches nothing but that
    # consultation's guest page (accounts.middleware.GuestConfinementMiddleware).
    is_consultation_guest = models.BooleanField(_("konsultaation vieras"), default=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("käyttäjä")
        verbose_name_plural = _("käyttäjät")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__isnull=True)
                | (models.Q(organisation__isnull=False) & models.Q(unit__isnull=False)),
                name="professional_has_organisation_and_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(is_consultation_guest=False)
                | models.Q(role__isnull=True, organisation__isnull=True, is_staff=False, is_superuser=False),
                name="consultation_guest_is_no_professional",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return self.role_id is not None

    @property
    def sector(self) -> str | None:
        if self.is_consultation_guest:
            return Sector.NETWORK
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


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https for an address typed without a scheme (Django 6's default;
    saying so silences Django 5's deprecation warning). Stored and migrated as `URLField`."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class IdentityService(models.Model):
    """An organisation's own identity service (OpenID Connect): its professionals log in through it.

    Recorded by the administrator (Django admin). A login finds the user by one claim among the users of
    this organisation only, never creates one; the provider's multi-factor assertion stands in for TOTP
    only when `trust_mfa` says so. `password_login_allowed` off: the organisation's users cannot log in
    with a Yhteispolku password (staff without an organisation always can).
    """

    class MatchField(models.TextChoices):
        USERNAME = "username", _("käyttäjätunnus")
        EMAIL = "email", _("sähköpostiosoite")

    class SignAlgo(models.TextChoices):
        RS256 = "RS256", "RS256"
        RS384 = "RS384", "RS384"
        RS512 = "RS512", "RS512"
        ES256 = "ES256", "ES256"
        ES384 = "ES384", "ES384"
        PS256 = "PS256", "PS256"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_service",
        verbose_name=_("organisaatio"),
    )
    enabled = models.BooleanField(
        _("käytössä"), default=True, help_text=_("Näytetäänkö palvelu kirjautumissivulla")
    )
    issuer = HttpsURLField(_("tunnistuspalvelun tunniste (issuer)"), max_length=300)
    authorization_endpoint = HttpsURLField(_("tunnistautumisosoite"), max_length=300)
    token_endpoint = HttpsURLField(_("tunnisteosoite (token)"), max_length=300)
    jwks_endpoint = HttpsURLField(_("avainosoite (JWKS)"), max_length=300)
    userinfo_endpoint = HttpsURLField(_("käyttäjätieto-osoite (userinfo)"), max_length=300, blank=True)
    client_id = models.CharField(_("asiakastunnus (client id)"), max_length=200)
    # Encrypted at rest like the identity codes (keys from SECRET_KEY and FIELD_ENCRYPTION_SALTS); the admin
    # form never shows it back.
    client_secret = EncryptedCharField(_("asiakassalaisuus (client secret)"), max_length=500, blank=True)
    sign_algo = models.CharField(
        _("allekirjoitusalgoritmi"), max_length=5, choices=SignAlgo.choices, default=SignAlgo.RS256
    )
    scopes = models.CharField(
        _("pyydettävät laajuudet (scopes)"), max_length=200, default="openid email profile"
    )
    use_pkce = models.BooleanField(_("PKCE käytössä"), default=True)
    user_claim = models.CharField(
        _("käyttäjän tunnistava väite (claim)"),
        max_length=100,
        default="email",
        help_text=_("Esimerkiksi email, upn, preferred_username tai sub"),
    )
    match_field = models.CharField(
        _("väitettä verrataan"), max_length=20, choices=MatchField.choices, default=MatchField.EMAIL
    )
    trust_mfa = models.BooleanField(
        _("luota palvelun monivaiheiseen tunnistukseen"),
        default=False,
        help_text=_(
            "Kun palvelu ilmoittaa monivaiheisen tunnistuksen (amr: mfa, otp tai hwk, tai jokin alla "
            "luetelluista acr-arvoista), Yhteispolun oma vahvistuskoodi ohitetaan."
        ),
    )
    mfa_acr_values = models.CharField(
        _("monivaiheisen tunnistuksen acr-arvot"),
        max_length=500,
        blank=True,
        help_text=_("Välilyönnein erotettuina"),
    )
    password_login_allowed = models.BooleanField(
        _("kirjautuminen Yhteispolun salasanalla sallittu"),
        default=True,
        help_text=_("Pois päältä: organisaation käyttäjät kirjautuvat vain tämän palvelun kautta."),
    )

    class Meta:
        ordering = ["organisation__name_fi"]
        verbose_name = _("organisaation tunnistuspalvelu")
        verbose_name_plural = _("organisaatioiden tunnistuspalvelut")

    def __str__(self) -> str:
        return str(self.organisation)
