"""Client relationships (asiakkuudet) per service track, their case teams and journal entries.

A professional works with a client through a relationship's case team; the access policy reads
these rows to decide who may see what (SPEC §5.1).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.categories import DataCategory
from yhteispolku.organisations.models import Organisation, Unit


class Track(models.TextChoices):
    TYM = "tym", _("TYM-yhteispalvelu")
    KUTY = "kuty", _("kuntouttava työtoiminta")
    SOCIAL_REHABILITATION = "social_rehabilitation", _("sosiaalinen kuntoutus")
    DISABILITY_WORK_ACTIVITY = "disability_work_activity", _("vammaisten työ- ja päivätoiminta")
    EMPLOYMENT_SERVICES = "employment_services", _("työllisyyspalvelut")
    INTEGRATION = "integration", _("kotoutuminen")
    YOUTH_ONE_STOP = "youth_one_stop", _("Ohjaamo")
    WORK_ABILITY_SUPPORT = "work_ability_support", _("työkyvyn tuki")


class Phase(models.TextChoices):
    REFERRAL = "referral", _("lähete vastaanotettavana")
    MAPPING = "mapping", _("monialainen kartoitus")
    PLANNING = "planning", _("suunnitelman laadinta")
    WORK = "work", _("TYM-työskentely")
    CLOSING = "closing", _("päättövaihe")
    CLOSED = "closed", _("päättynyt")
    DECLINED = "declined", _("lähete hylätty")


OPEN_PHASES = (Phase.MAPPING, Phase.PLANNING, Phase.WORK, Phase.CLOSING)


class RelationshipQuerySet(models.QuerySet["ClientRelationship"]):
    def open(self) -> "RelationshipQuerySet":
        return self.filter(phase__in=OPEN_PHASES)

    def pending_referrals(self) -> "RelationshipQuerySet":
        return self.filter(phase=Phase.REFERRAL)


class ClientRelationship(models.Model):
    """A client's relationship on one track, owned by a responsible organisation and unit."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="relationships", verbose_name=_("asiakas")
    )
    track = models.CharField(_("palvelupolku"), max_length=40, choices=Track.choices)
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastuuorganisaatio")
    )
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="relationships", verbose_name=_("vastuuyksikkö")
    )
    phase = models.CharField(_("vaihe"), max_length=20, choices=Phase.choices, default=Phase.REFERRAL)
    started_on = models.DateField(_("alkoi"))
    ended_on = models.DateField(_("päättyi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("asiakkuus")
        verbose_name_plural = _("asiakkuudet")
        indexes = [models.Index(fields=["responsible_unit", "phase"])]

    def __str__(self) -> str:
        return f"{self.get_track_display()} ({self.get_phase_display()})"

    @property
    def is_open(self) -> bool:
        return self.phase in OPEN_PHASES


class TeamRole(models.TextChoices):
    WORKER_PAIR_EMPLOYMENT = "worker_pair_employment", _("työparin työllisyysasiantuntija")
    WORKER_PAIR_SOCIAL = "worker_pair_social", _("työparin sosiaalialan ammattilainen")
    MEMBER = "member", _("tiimin jäsen")


class TeamMemberQuerySet(models.QuerySet["TeamMember"]):
    def current(self) -> "TeamMemberQuerySet":
        return self.filter(left_on__isnull=True, relationship__phase__in=OPEN_PHASES)


class TeamMember(models.Model):
    """A professional in a relationship's case team; access lasts while they work with the client."""

    relationship = models.ForeignKey(
        ClientRelationship, on_delete=models.CASCADE, related_name="team", verbose_name=_("asiakkuus")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="team_memberships",
        verbose_name=_("ammattilainen"),
    )
    team_role = models.CharField(_("tehtävä tiimissä"), max_length=30, choices=TeamRole.choices)
    joined_on = models.DateField(_("liittyi"))
    left_on = models.DateField(_("poistui"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["relationship", "joined_on", "id"]
        verbose_name = _("tiimin jäsen")
        verbose_name_plural = _("tiimin jäsenet")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "user"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_user_and_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_team_role_display()}"


class JournalEntry(models.Model):
    """A dated note in one data category; the category decides who may read it (SPEC §5.1)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="journal", verbose_name=_("asiakas")
    )
    category = models.CharField(
        _("tietoryhmä"),
        max_length=20,
        choices=[(c.value, c.label) for c in DataCategory if c not in (DataCategory.BASIC, DataCategory.LOG)],
    )
    text = models.TextField(_("merkintä"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kirjaus")
        verbose_name_plural = _("kirjaukset")
        indexes = [models.Index(fields=["client", "category", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.created_at:%Y-%m-%d}"
