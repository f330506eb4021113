"""The service catalogue and the multi-sectoral plan: plans, their versions, agreed services, the
client's tasks, the authorities' commitments, the client's acceptance and follow-up of participation.

Versions are never overwritten: a change is a new version based on the previous one (SPEC §5,
ARCHITECTURE "History is kept"). A draft may be edited until someone confirms or accepts it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import LocalisedNameMixin, Organisation


class OrganiserKind(models.TextChoices):
    """Who organises a service (SPEC §7); pension providers are outside TYM and recorded as external."""

    EMPLOYMENT_AUTHORITY = "employment_authority", _("työvoimaviranomainen")
    WELLBEING_COUNTY = "wellbeing_county", _("hyvinvointialue")
    KELA = "kela", _("Kela")
    MUNICIPALITY_WITH_PROVIDERS = (
        "municipality_with_providers",
        _("kunta tai työvoimaviranomainen ja palveluntuottajat"),
    )
    PENSION_PROVIDER = "pension_provider", _("työeläkelaitos (TYM:n ulkopuolinen)")


class ServiceType(LocalisedNameMixin, models.Model):
    """A service of the catalogue (SPEC §7). Shipped as data; a region may add its own."""

    code = models.SlugField(_("tunniste"), max_length=60, unique=True)
    organiser = models.CharField(_("järjestäjä"), max_length=40, choices=OrganiserKind.choices)
    is_kuty = models.BooleanField(
        _("kuntouttava työtoiminta"),
        default=False,
        help_text=_("Kuntouttavasta työtoiminnasta on kirjattava suunnitelmaan lain vaatimat tiedot."),
    )
    active = models.BooleanField(_("käytössä"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("järjestys"), default=0)

    class Meta:
        ordering = ["organiser", "sort_order", "name_fi"]
        verbose_name = _("palvelu")
        verbose_name_plural = _("palveluvalikoima")

    def __str__(self) -> str:
        return self.name


class PlanType(models.TextChoices):
    """The national code list of plan types (SPEC §4)."""

    EMPLOYMENT_PLAN = "01", _("työllistymissuunnitelma")
    EMPLOYMENT_PROGRAMME = "02", _("työllistymisohjelma")
    ACTIVATION_PLAN = "03", _("aktivointisuunnitelma")
    INTEGRATION_PLAN = "04", _("kotoutumissuunnitelma")
    JOB_SEARCH_PLAN = "05", _("yksilöllinen työnhakusuunnitelma")
    JOB_SEARCH_PLAN_RENEWAL = "06", _("yksilöllisen työnhakusuunnitelman uusiminen")
    MULTI_SECTORAL_PLAN = "07", _("monialainen työllistymissuunnitelma")


class Plan(models.Model):
    """The plan of one client relationship; its content lives in its versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.OneToOneField(
        "cases.ClientRelationship", on_delete=models.PROTECT, related_name="plan", verbose_name=_("asiakkuus")
    )
    plan_type = models.CharField(
        _("suunnitelman tyyppi"), max_length=2, choices=PlanType.choices, default=PlanType.MULTI_SECTORAL_PLAN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("suunnitelma")
        verbose_name_plural = _("suunnitelmat")

    def __str__(self) -> str:
        return self.get_plan_type_display()


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("luonnos")
    IN_FORCE = "in_force", _("voimassa")
    SUPERSEDED = "superseded", _("korvattu")


class PlanVersion(models.Model):
    """One version of a plan. Once confirmed, accepted or replaced, its content never changes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("suunnitelma")
    )
    number = models.PositiveIntegerField(_("versio"))
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pohjana oleva versio"),
    )
    goals = models.TextField(_("tavoitteet"), blank=True, max_length=LONG_TEXT)
    next_review_on = models.DateField(_("seuraava arviointi"))
    status = models.CharField(
        _("tila"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # Optimistic locking of draft edits: every saved change to a draft increments it.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laatija")
    )
    created_on = models.DateField(_("laadittu"))
    created_at = models.DateTimeField(auto_now_add=True)
    in_force_from = models.DateTimeField(_("voimaan"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("korvattu"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("suunnitelman versio")
        verbose_name_plural = _("suunnitelman versiot")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="in_force"), name="plan_one_version_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class AgreedService(models.Model):
    """A service agreed in a plan version: which authority answers for it, who provides it, when.

    `lineage` stays the same when a version is copied into the next one, so that a service can be
    followed across versions (the comparison, participation).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="services", verbose_name=_("versio")
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="+", verbose_name=_("palvelu")
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastuuviranomainen")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("palveluntuottaja"),
    )
    responsible_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastuuhenkilö"),
    )
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"), null=True, blank=True)
    intensity = models.CharField(_("laajuus"), max_length=200, blank=True)
    description = models.TextField(_("kuvaus"), blank=True, max_length=NOTE_TEXT)

    class Meta:
        ordering = ["version", "starts_on", "id"]
        verbose_name = _("sovittu palvelu")
        verbose_name_plural = _("sovitut palvelut")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreed_service_ends_after_start",
                violation_error_message=_("Palvelun päättymispäivä ei voi olla ennen alkamispäivää."),
            ),
            models.UniqueConstraint(fields=["version", "lineage"], name="agreed_service_once_per_version"),
        ]

    def __str__(self) -> str:
        return str(self.service_type)


class ClientTask(models.Model):
    """Something the client has agreed to do (deliver a statement, apply for a course)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("versio")
    )
    description = models.TextField(_("tehtävä"), max_length=NOTE_TEXT)
    due_on = models.DateField(_("määräpäivä"), null=True, blank=True)
    done = models.BooleanField(_("tehty"), default=False)

    class Meta:
        ordering = ["version", "due_on", "id"]
        verbose_name = _("asiakkaan tehtävä")
        verbose_name_plural = _("asiakkaan tehtävät")
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="client_task_once_per_version")
        ]

    def __str__(self) -> str:
        return self.description[:60]


class CommitmentConfirmation(models.Model):
    """An authority confirms its commitments in a version (SPEC §3 step 6: joint ownership)."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="confirmations", verbose_name=_("versio")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisaatio")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vahvistaja")
    )
    confirmed_at = models.DateTimeField(_("vahvistettu"), auto_now_add=True)

    class Meta:
        ordering = ["version", "confirmed_at", "id"]
        verbose_name = _("sitoumuksen vahvistus")
        verbose_name_plural = _("sitoumusten vahvistukset")
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="commitment_confirmed_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.confirmed_at:%Y-%m-%d}"


class AcceptanceHow(models.TextChoices):
    IN_PERSON = "in_person", _("tapaamisessa")
    ON_PAPER = "on_paper", _("paperilla")
    PORTAL = "portal", _("asiointipalvelussa")


class ClientAcceptance(models.Model):
    """The client's acceptance of a version: recorded by a professional of the case team, or by the client
    herself in Oma Yhteispolku (`how` = portal, no professional recorded it)."""

    version = models.OneToOneField(
        PlanVersion, on_delete=models.PROTECT, related_name="acceptance", verbose_name=_("versio")
    )
    accepted_on = models.DateField(_("hyväksytty"))
    how = models.CharField(_("tapa"), max_length=20, choices=AcceptanceHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("asiakkaan hyväksyntä")
        verbose_name_plural = _("asiakkaan hyväksynnät")
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False) | Q(how="portal"),
                name="client_acceptance_recorded_by_professional_or_portal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.accepted_on:%Y-%m-%d}"


class DeliveryHow(models.TextChoices):
    PORTAL = "portal", _("ladattu Oma Yhteispolusta")
    IN_PERSON = "in_person", _("annettu tapaamisessa")
    POST = "post", _("lähetetty postitse")


class PlanDelivery(models.Model):
    """A version delivered to the client (the plan belongs to her, SPEC §3 step 6): handed over or posted, as
    a professional records it, or downloaded by the client herself in Oma Yhteispolku (`how` portal, once)."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("versio")
    )
    delivered_on = models.DateField(_("annettu"))
    how = models.CharField(_("tapa"), max_length=20, choices=DeliveryHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suunnitelman toimitus asiakkaalle")
        verbose_name_plural = _("suunnitelman toimitukset asiakkaalle")
        ordering = ["delivered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(how="portal") & Q(recorded_by__isnull=True))
                | (~Q(how="portal") & Q(recorded_by__isnull=False)),
                name="plan_delivery_by_professional_or_portal",
            ),
            # Her own downloads are one delivery, however often she opens the file.
            models.UniqueConstraint(
                fields=["version"], condition=Q(how="portal"), name="plan_delivery_portal_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} {self.how}"


class ParticipationStatus(models.TextChoices):
    STARTED = "started", _("aloittanut")
    ATTENDING = "attending", _("osallistuu")
    INTERRUPTED = "interrupted", _("keskeyttänyt")
    COMPLETED = "completed", _("päättänyt")


class Participation(models.Model):
    """Follow-up of the client's participation in an agreed service (SPEC §3 step 7).

    Recorded on a version's service; it follows the service into later versions by `lineage`.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="participations", verbose_name=_("suunnitelma")
    )
    service = models.ForeignKey(
        AgreedService, on_delete=models.PROTECT, related_name="participations", verbose_name=_("palvelu")
    )
    lineage = models.UUIDField()
    status = models.CharField(_("tilanne"), max_length=20, choices=ParticipationStatus.choices)
    on = models.DateField(_("päivä"))
    note = models.TextField(_("lisätieto"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "lineage", "on", "id"]
        verbose_name = _("osallistuminen")
        verbose_name_plural = _("osallistumiset")
        indexes = [models.Index(fields=["plan", "lineage", "on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on:%Y-%m-%d}"
