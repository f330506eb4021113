"""Client relationships (asiakkuudet) per service track, their case teams and journal entries.

A professional works with a client through a relationship's case team; the access policy reads
these rows to decide who may see what (SPEC §5.1).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMFieldDescriptor, FSMModelMixin, transition

from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import Organisation, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
# The phases in which the client fills in her own forms before the meetings (the pre-information form,
# the self-assessment): from the referral on, not once the relationship is ending.
OWN_FORM_PHASES = (Phase.REFERRAL, Phase.MAPPING, Phase.PLANNING, Phase.WORK)

# The phases are one state machine for every track, but only TYM speaks of a multi-sectoral mapping and
# TYM work (SPEC §2): the other tracks name their phases in their own words.
OTHER_TRACK_PHASES = {
    Phase.MAPPING: _("palvelutarpeen arviointi"),
    Phase.WORK: _("palvelu käynnissä"),
}
TRACK_PHASES = {
    Track.INTEGRATION: {Phase.MAPPING: _("alkukartoitus")},
    Track.EMPLOYMENT_SERVICES: {Phase.MAPPING: _("alkuhaastattelu")},
    Track.KUTY: {Phase.WORK: _("kuntouttava työtoiminta käynnissä")},
    Track.YOUTH_ONE_STOP: {Phase.WORK: _("ohjaus käynnissä")},
}
# Outside TYM there is no worker pair (R-TYM-3): the professional in that place is the responsible worker.
OTHER_TRACK_TEAM_ROLES = {
    "worker_pair_employment": _("vastuutyöntekijä (työllisyyspalvelut)"),
    "worker_pair_social": _("vastuutyöntekijä (sosiaalipalvelut)"),
}
ENDED_PHASES = (Phase.CLOSED, Phase.DECLINED)


class PhaseDescriptor(FSMFieldDescriptor):
    """A protected phase that may still be given the value it already has.

    Writing the same phase again is no change of state (the demo loader's update_or_create does it);
    any other direct write is refused, so that a phase changes only through a declared transition.
    """

    def __set__(self, instance: Any, value: Any) -> None:
        if self.field.name in instance.__dict__ and instance.__dict__[self.field.name] == value:
            return
        super().__set__(instance, value)


class PhaseField(FSMField):
    descriptor_class = PhaseDescriptor


def worker_pair_sectors(on: date | None = None) -> dict[str, str]:
    """R-TYM-3 as the rule data says on `on` (today): each worker-pair place and its holder's sector."""
    from django.utils import timezone

    from yhteispolku.rules import engine

    return dict(engine.parameter("R-TYM-3", "worker_pair", on or timezone.localdate()).value)


def worker_pair_named(relationship: ClientRelationship) -> bool:
    """R-TYM-3: every worker-pair place (one employment and one social professional) held now."""
    roles = {member.team_role for member in relationship.team.all() if member.left_on is None}
    return set(worker_pair_sectors()) <= roles


# The state machine's conditions receive the model instance as django-fsm types it.
def _worker_pair_condition(instance: models.Model) -> bool:
    return isinstance(instance, ClientRelationship) and worker_pair_named(instance)


def plan_in_force(relationship: ClientRelationship) -> bool:
    """SPEC §3 steps 6–7: TYM work follows a plan the client has accepted (the plans app decides)."""
    from yhteispolku.cases.extensions import plan_in_force as registered_plan_in_force

    return registered_plan_in_force(relationship)


def _plan_condition(instance: models.Model) -> bool:
    return isinstance(instance, ClientRelationship) and plan_in_force(instance)


def _closure_condition(instance: models.Model) -> bool:
    return isinstance(instance, ClientRelationship) and not closure_missing(instance)


def _other_track_condition(instance: models.Model) -> bool:
    """The closing step of the tracks beside TYM (`cases.closing`): TYM keeps its own closing phase."""
    return isinstance(instance, ClientRelationship) and instance.track != Track.TYM


# The transition that ends a track beside TYM in one step (`cases.closing.track_close`); the phase form's
# manual transitions (`cases.services.phase_transition`) never offer or take it.
TRACK_END_TRANSITION = "end_track"


class RelationshipQuerySet(models.QuerySet["ClientRelationship"]):
    def open(self) -> RelationshipQuerySet:
        return self.filter(phase__in=OPEN_PHASES)

    def pending_referrals(self) -> RelationshipQuerySet:
        return self.filter(phase=Phase.REFERRAL)


class ClientRelationship(FSMModelMixin, models.Model):
    """A client's relationship on one track, owned by a responsible organisation and unit.

    The phase is a state machine (SPEC §3): it changes only through the transitions below, each
    recorded as a PhaseTransition by `cases.services.phase_transition` and the referral services.
    """

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
    phase = PhaseField(
        _("vaihe"), max_length=20, choices=Phase.choices, default=Phase.REFERRAL, protected=True
    )
    started_on = models.DateField(_("alkoi"))
    ended_on = models.DateField(_("päättyi"), null=True, blank=True)
    kela_registered_on = models.DateField(
        _("rekisteröity Kelaan"),
        null=True,
        blank=True,
        help_text=_("Jokainen uusi TYM-asiakas rekisteröidään Kelaan 1.1.2025 alkaen."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("asiakkuus")
        verbose_name_plural = _("asiakkuudet")
        indexes = [models.Index(fields=["responsible_unit", "phase"])]

    def __str__(self) -> str:
        return f"{self.get_track_display()} ({self.phase_label})"

    @property
    def phase_label(self) -> str:
        """The phase in the track's own words (SPEC §2): TYM's words only on TYM."""
        if self.track == Track.TYM:
            return str(self.get_phase_display())
        label = TRACK_PHASES.get(Track(self.track), {}).get(Phase(self.phase)) or OTHER_TRACK_PHASES.get(
            Phase(self.phase)
        )
        return str(label or self.get_phase_display())

    @property
    def is_open(self) -> bool:
        return self.phase in OPEN_PHASES

    # The state machine. A transition's name is what the service calls; the target is the new phase.
    @transition(field=phase, source=Phase.REFERRAL, target=Phase.MAPPING)
    def accept(self) -> None:
        """The TYM team accepts the referral: the multi-sectoral mapping starts."""

    @transition(field=phase, source=Phase.REFERRAL, target=Phase.DECLINED)
    def decline(self) -> None:
        """The TYM team declines the referral and suggests another path."""

    @transition(field=phase, source=Phase.MAPPING, target=Phase.PLANNING, conditions=[_worker_pair_condition])
    def start_planning(self) -> None:
        """Mapping done: the worker pair drafts the plan (R-TYM-3)."""

    @transition(field=phase, source=Phase.PLANNING, target=Phase.WORK, conditions=[_plan_condition])
    def start_work(self) -> None:
        """The plan is in force: TYM work follows it."""

    @transition(field=phase, source=Phase.WORK, target=Phase.PLANNING, conditions=[_worker_pair_condition])
    def review_plan(self) -> None:
        """A review or a changed situation takes the plan back to planning (R-TYM-2)."""

    @transition(field=phase, source=[Phase.MAPPING, Phase.PLANNING, Phase.WORK], target=Phase.CLOSING)
    def start_closing(self) -> None:
        """Coordination is no longer needed: the closing phase starts (SPEC §3 step 8)."""

    @transition(field=phase, source=Phase.CLOSING, target=Phase.CLOSED, conditions=[_closure_condition])
    def close(self) -> None:
        """Closed once the final assessment and the authorities' confirmations exist."""

    @transition(
        field=phase,
        source=[Phase.MAPPING, Phase.PLANNING, Phase.WORK, Phase.CLOSING],
        target=Phase.CLOSED,
        conditions=[_other_track_condition],
    )
    def end_track(self) -> None:
        """A track beside TYM ends with its closing record (SPEC §2 "ends when"): reason, outcome, date."""


class TeamRole(models.TextChoices):
    WORKER_PAIR_EMPLOYMENT = "worker_pair_employment", _("työparin työllisyysasiantuntija")
    WORKER_PAIR_SOCIAL = "worker_pair_social", _("työparin sosiaalialan ammattilainen")
    MEMBER = "member", _("tiimin jäsen")


class TeamMemberQuerySet(models.QuerySet["TeamMember"]):
    def current(self) -> TeamMemberQuerySet:
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
        return f"{self.user} – {self.team_role_label}"

    @property
    def team_role_label(self) -> str:
        """The place on the team in the track's words: the worker pair is TYM's (R-TYM-3)."""
        if self.relationship.track != Track.TYM and self.team_role in OTHER_TRACK_TEAM_ROLES:
            return str(OTHER_TRACK_TEAM_ROLES[self.team_role])
        return str(self.get_team_role_display())


class PhaseTransition(models.Model):
    """One change of a relationship's phase: the history is kept, never rewritten."""

    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.CASCADE,
        related_name="phase_transitions",
        verbose_name=_("asiakkuus"),
    )
    # Blank when the relationship was created in its first phase (a referral arriving).
    from_phase = models.CharField(_("vaiheesta"), max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("vaiheeseen"), max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tekijä")
    )
    at = models.DateTimeField(_("ajankohta"), auto_now_add=True)
    note = models.TextField(_("lisätieto"), blank=True, max_length=NOTE_TEXT)

    class Meta:
        ordering = ["relationship", "at", "id"]
        verbose_name = _("vaiheen muutos")
        verbose_name_plural = _("vaiheen muutokset")

    def __str__(self) -> str:
        return f"{self.from_phase or '–'} → {self.to_phase}"


class Referral(models.Model):
    """A referral (lähete) to a TYM team, with the criteria of R-TYM-1 answered one by one (seed 000)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("odottaa päätöstä")
        ACCEPTED = "accepted", _("hyväksytty")
        DECLINED = "declined", _("hylätty")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.OneToOneField(
        ClientRelationship, on_delete=models.CASCADE, related_name="referral", verbose_name=_("asiakkuus")
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("lähettävä organisaatio")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lähettäjä")
    )
    work_capacity_limitations = models.BooleanField(
        _("työllistymisen esteenä ovat työ- ja toimintakyvyn rajoitteet"), default=False
    )
    life_management_problems = models.BooleanField(
        _("työllistymisen esteenä ovat elämänhallinnan ongelmat"), default=False
    )
    needs_multisectoral_support = models.BooleanField(
        _("ratkaisut vaativat monialaista tukea, ei pelkästään viranomaisten konsultointia"), default=False
    )
    public_services_suffice = models.BooleanField(
        _("palvelutarpeeseen voidaan vastata julkisilla työvoimapalveluilla"), default=False
    )
    need_not_long_or_intensive = models.BooleanField(
        _("tarpeet eivät vaadi pitkäkestoista tai intensiivistä monialaista tukea"), default=False
    )
    description = models.TextField(_("kuvaus tilanteesta ja lähetteen syystä"), max_length=LONG_TEXT)
    created_at = models.DateTimeField(_("lähetetty"), auto_now_add=True)

    status = models.CharField(_("tila"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("päättäjä"),
    )
    decided_at = models.DateTimeField(_("päätetty"), null=True, blank=True)
    decline_reason = models.TextField(_("hylkäämisen syy"), blank=True, max_length=NOTE_TEXT)
    suggested_alternative = models.CharField(
        _("ehdotettu palvelupolku"), max_length=40, choices=Track.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lähete")
        verbose_name_plural = _("lähetteet")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | (~Q(decline_reason="") & ~Q(suggested_alternative="")),
                name="declined_referral_has_reason_and_alternative",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="decided_referral_has_decider_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"

    @property
    def has_obstacle(self) -> bool:
        return self.work_capacity_limitations or self.life_management_problems


class PreInformation(models.Model):
    """The pre-information form (esitietolomake, SPEC §3 step 1): the client's own words.

    Joint material given for TYM work, so it belongs to the plan category (SPEC §5.1), except the health
    field, which is health data (`access.categories.FIELD_CATEGORIES`). A form on paper is recorded by a
    professional; the client fills in one form per relationship herself in Oma Yhteispolku (`how` portal,
    no recorder) and may change it until the team marks it read (`read_at`); `version` refuses a stale
    change (409).
    """

    class How(models.TextChoices):
        PAPER = "paper", _("paperilla, ammattilainen kirjasi")
        PORTAL = "portal", _("asiakkaan asiointipalvelussa")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="pre_information", verbose_name=_("asiakas")
    )
    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pre_information",
        verbose_name=_("asiakkuus"),
    )
    filled_on = models.DateField(_("täytetty"))
    how = models.CharField(_("täyttötapa"), max_length=20, choices=How.choices, default=How.PAPER)
    situation = models.TextField(_("oma kuvaus tilanteesta"), max_length=LONG_TEXT)
    education = models.TextField(_("koulutus"), blank=True, max_length=NOTE_TEXT)
    work_history = models.TextField(_("työhistoria"), blank=True, max_length=NOTE_TEXT)
    health = models.TextField(_("terveydentila asiakkaan omin sanoin"), blank=True, max_length=NOTE_TEXT)
    wishes = models.TextField(_("toiveet palvelulle"), blank=True, max_length=NOTE_TEXT)
    # Empty when the client filled the form in herself (`how` portal).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versio"), default=1)
    # The team has read the client's own form: from then on she can no longer change it.
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
        ordering = ["-filled_on", "-id"]
        verbose_name = _("esitietolomake")
        verbose_name_plural = _("esitietolomakkeet")
        constraints = [
            models.CheckConstraint(
                condition=Q(how="paper", recorded_by__isnull=False)
                | Q(how="portal", recorded_by__isnull=True),
                name="pre_information_recorder_by_how",
            ),
            models.UniqueConstraint(
                fields=["relationship"], condition=Q(how="portal"), name="pre_information_one_own_form"
            ),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True, read_by__isnull=True)
                | Q(read_at__isnull=False, read_by__isnull=False),
                name="pre_information_read_with_reader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.filled_on:%Y-%m-%d}"


class ClosureReason(models.TextChoices):
    EMPLOYED = "employed", _("työllistyi")
    EDUCATION = "education", _("koulutukseen")
    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("ammatilliseen kuntoutukseen")
    SICKNESS_OR_PARENTAL_ALLOWANCE = (
        "sickness_or_parental_allowance",
        _("sairauspäivärahalle tai vanhempainpäivärahalle"),
    )
    PENSION = "pension", _("eläkkeelle")
    NEED_ENDED = "need_ended", _("monialaisen palvelun tarve päättyi")
    CLIENT_WITHDREW = "client_withdrew", _("asiakas keskeytti")
    MOVED_AWAY = "moved_away", _("muutti pois alueelta")
    # The tracks beside TYM (SPEC §2 "ends when"); which track may give which is `cases.closing`'s data.
    PERIOD_ENDED = "period_ended", _("jakso päättyi")
    FELL_ILL = "fell_ill", _("sairastui")
    MOVED_TO_KUTY = "moved_to_kuty", _("siirtyi kuntouttavaan työtoimintaan")
    INTEGRATION_PERIOD_OVER = "integration_period_over", _("kotoutumisaika päättyi")
    AS_AGREED = "as_agreed", _("päättyi sovitusti")
    SITUATION_CLEAR = "situation_clear", _("tilanne selvitetty")
    REFERRED_ONWARDS = "referred_onwards", _("ohjattu eteenpäin")
    OTHER = "other", _("muu syy")


class OutcomeStatus(models.TextChoices):
    """The client's situation at closure of a track beside TYM, and at a follow-up after closure (R-OUT-1)."""

    EMPLOYED = "employed", _("työllistynyt")
    EDUCATION = "education", _("koulutuksessa")
    OTHER_SERVICE = "other_service", _("muussa palvelussa")
    ALLOWANCE_OR_PENSION = "allowance_or_pension", _("sairaus- tai vanhempainpäivärahalla tai eläkkeellä")
    UNEMPLOYED = "unemployed", _("työtön")
    UNKNOWN = "unknown", _("ei tiedossa")


class Closure(models.Model):
    """The end of a relationship. TYM (SPEC §3 step 8): joint assessment, warm handover, final assessment.

    The tracks beside TYM close in one step (`cases.closing.track_close`): the reason from the track's own
    list, the client's situation at closure (`outcome`), a summary (`final_assessment`) and the warm
    handover (`handover_track`, `handover_unit`, and the relationship opened there, if any); the closing
    date is the relationship's `ended_on`.
    """

    relationship = models.OneToOneField(
        ClientRelationship, on_delete=models.CASCADE, related_name="closure", verbose_name=_("asiakkuus")
    )
    reason = models.CharField(_("päättymisen syy"), max_length=40, choices=ClosureReason.choices)
    reason_details = models.TextField(_("syyn tarkennus"), blank=True, max_length=NOTE_TEXT)
    final_assessment = models.TextField(
        _("kirjallinen loppuarvio"),
        blank=True,
        help_text=_("Palvelun sisällöstä ja toteutuksesta."),
        max_length=LONG_TEXT,
    )
    feedback_score = models.PositiveSmallIntegerField(_("asiakaspalaute (0–10)"), null=True, blank=True)
    feedback_text = models.TextField(_("asiakkaan palaute"), blank=True, max_length=NOTE_TEXT)
    # The client gave the feedback herself in Oma Yhteispolku: a professional's update never changes it.
    feedback_by_client = models.BooleanField(_("asiakkaan itse antama palaute"), default=False)
    feedback_given_at = models.DateTimeField(_("palaute annettu"), null=True, blank=True)
    # The closing of a track beside TYM (empty on TYM's closure, whose outcomes are its follow-ups).
    outcome = models.CharField(
        _("asiakkaan tilanne päättyessä"), max_length=30, choices=OutcomeStatus.choices, blank=True
    )
    handover_track = models.CharField(
        _("jatkaa palvelupolulla"), max_length=40, choices=Track.choices, blank=True
    )
    handover_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jatkaa yksikössä"),
    )
    handover_relationship = models.OneToOneField(
        ClientRelationship,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_over_from",
        verbose_name=_("avattu asiakkuus"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        verbose_name = _("asiakkuuden päättäminen")
        verbose_name_plural = _("asiakkuuksien päättämiset")
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_score__isnull=True) | Q(feedback_score__lte=10),
                name="closure_feedback_score_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return self.get_reason_display()


class ClosureConfirmation(models.Model):
    """One authority's part of the joint assessment that coordination is no longer needed."""

    closure = models.ForeignKey(
        Closure, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("päättäminen")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisaatio")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vahvistaja")
    )
    confirmed_at = models.DateTimeField(_("vahvistettu"), auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("päättämisen vahvistus")
        verbose_name_plural = _("päättämisen vahvistukset")
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "organisation"], name="one_confirmation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ContinuingService(models.Model):
    """A service that continues after closure, handed over with the client (saattaen vaihto)."""

    closure = models.ForeignKey(
        Closure, on_delete=models.CASCADE, related_name="continuing_services", verbose_name=_("päättäminen")
    )
    service = models.CharField(_("palvelu"), max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastaava organisaatio")
    )
    contact = models.CharField(_("yhteyshenkilö tai -tieto"), max_length=200, blank=True)
    notes = models.TextField(_("lisätiedot"), blank=True, max_length=NOTE_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("jatkuva palvelu")
        verbose_name_plural = _("jatkuvat palvelut")

    def __str__(self) -> str:
        return self.service


class OutcomeSource(models.TextChoices):
    """Where the recorded situation comes from."""

    EMPLOYMENT_REGISTER = "employment_register", _("työllisyyspalvelujen asiakastiedot (URA)")
    CLIENT = "client", _("asiakas itse")
    KELA = "kela", _("Kela")
    INCOMES_REGISTER = "incomes_register", _("tulorekisteri")
    OTHER = "other", _("muu lähde")


class OutcomeFollowUp(models.Model):
    """One follow-up of a closed relationship's outcome (R-OUT-1): due `months` after it ended.

    Scheduled at closure (`cases.outcomes.schedule_follow_ups`), recorded once by the employment
    authority's responsible person (`owner`). For the reports: `status` and `months`, the path as
    `relationship.track`, the closure reason as `relationship.closure.reason`; `status` is empty until
    recorded (`recorded_on` is then set).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.CASCADE,
        related_name="outcome_follow_ups",
        verbose_name=_("asiakkuus"),
    )
    months = models.PositiveSmallIntegerField(_("kuukautta päättymisestä"))
    due_on = models.DateField(_("määräpäivä"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastuuhenkilö"),
    )
    rule_id = models.CharField(max_length=20)
    rule_version = models.CharField(max_length=20)
    status = models.CharField(_("tilanne"), max_length=20, choices=OutcomeStatus.choices, blank=True)
    source = models.CharField(_("tiedon lähde"), max_length=30, choices=OutcomeSource.choices, blank=True)
    recorded_on = models.DateField(_("tilannepäivä"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("seuranta päättymisen jälkeen")
        verbose_name_plural = _("seurannat päättymisen jälkeen")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "months"], name="one_follow_up_per_period"),
            models.CheckConstraint(
                condition=Q(recorded_on__isnull=True) | ~Q(status="") & ~Q(source=""),
                name="recorded_follow_up_has_status_and_source",
            ),
        ]
        indexes = [models.Index(fields=["owner", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.relationship_id} +{self.months}"


def closure_missing(relationship: ClientRelationship) -> list[StrOrPromise]:
    """What still keeps a relationship from closing (SPEC §3 step 8), in words for the page.

    The written final assessment, and the joint assessment of the employment authority and the
    wellbeing services county; Kela's too when a Kela professional is on the team.
    """
    closure = Closure.objects.filter(relationship=relationship).first()
    missing: list[StrOrPromise] = []
    if closure is None or not closure.final_assessment.strip():
        missing.append(_("kirjallinen loppuarvio"))
    confirmed = set(closure.confirmations.values_list("organisation__kind", flat=True)) if closure else set()
    for kind in required_confirmations(relationship):
        if kind not in confirmed:
            missing.append(CONFIRMATION_LABELS[kind])
    return missing


CONFIRMATION_LABELS: dict[str, StrOrPromise] = {
    Organisation.Kind.EMPLOYMENT_AUTHORITY: _("työvoimaviranomaisen vahvistus yhteisestä arviosta"),
    Organisation.Kind.WELLBEING_COUNTY: _("hyvinvointialueen vahvistus yhteisestä arviosta"),
    Organisation.Kind.KELA: _("Kelan vahvistus yhteisestä arviosta"),
}


def required_confirmations(relationship: ClientRelationship) -> list[str]:
    kinds: list[str] = [Organisation.Kind.EMPLOYMENT_AUTHORITY, Organisation.Kind.WELLBEING_COUNTY]
    kela_on_team = relationship.team.filter(
        left_on__isnull=True, user__organisation__kind=Organisation.Kind.KELA
    ).exists()
    if kela_on_team:
        kinds.append(Organisation.Kind.KELA)
    return kinds
