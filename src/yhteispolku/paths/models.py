"""The service paths beside TYM (SPEC §2): rehabilitative work activity (KUTY) and its activation plan,
integration, the employment services plan, social rehabilitation, disability work or day activity and
youth one-stop guidance.

Each row belongs to one client relationship (`cases.ClientRelationship`, its track). A plan's period
counts its last day: three months from 1.1. run through 31.3. The limits are rule data (`rules/data`),
checked by `paths.services`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.core.text import LONG_TEXT
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans.models import AcceptanceHow

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from yhteispolku.accounts.models import User


def _relationship(related_name: str) -> models.ForeignKey[ClientRelationship, ClientRelationship]:
    return models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("asiakkuus"),
    )


def _only_relationship(related_name: str) -> models.OneToOneField[ClientRelationship, ClientRelationship]:
    """The relationship of a record made once per relationship."""
    return models.OneToOneField(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("asiakkuus"),
    )


def _owner_organisation() -> models.ForeignKey[Organisation, Organisation]:
    return models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )


def _user(verbose_name: StrOrPromise) -> models.ForeignKey[User, User]:
    """The professional who made the record (in the role `verbose_name` names)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name
    )


class PathRecord(models.Model):
    """What every record of a track keeps: a code for its address and the audit log, the organisation that
    recorded it (its owner for the policy) and who made it when. A record names its maker's role by
    overriding `created_by` (the plan's "laatija", the decision's "päättäjä")."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_organisation = _owner_organisation()
    created_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ActivationBasis(models.TextChoices):
    """Why the person is in the activation plan's scope (R-KUTY-5)."""

    SOCIAL_ASSISTANCE = "social_assistance", _("toimeentulotuki työttömyyden vuoksi")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("työttömyysetuus (työmarkkinatuki)")


class ActivationPlan(PathRecord):
    """Aktivointisuunnitelma (plan type 03), made jointly by the employment authority and social
    services: in force once both have confirmed it (R-KUTY-2, R-KUTY-5)."""

    relationship = _relationship("activation_plans")
    number = models.PositiveIntegerField(_("numero"))
    made_on = models.DateField(_("laadittu"))
    basis = models.CharField(_("peruste"), max_length=30, choices=ActivationBasis.choices)
    benefit_days = models.PositiveIntegerField(
        _("työttömyysetuuspäivät"),
        null=True,
        blank=True,
        help_text=_("Työmarkkinatukipäivät (2025 säännön pitkäaikaistyöttömyysehto)."),
    )
    goals = models.TextField(_("tavoitteet"), max_length=LONG_TEXT)
    next_review_on = models.DateField(_("seuraava päivitys"))
    employment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("työvoimaviranomaisen vahvistaja"),
    )
    employment_confirmed_at = models.DateTimeField(_("työvoimaviranomainen vahvisti"), null=True, blank=True)
    social_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sosiaalihuollon vahvistaja"),
    )
    social_confirmed_at = models.DateTimeField(_("sosiaalihuolto vahvisti"), null=True, blank=True)
    # The client's acceptance, recorded by a professional of the team (as the TYM plan's ClientAcceptance).
    client_accepted_on = models.DateField(_("asiakas hyväksyi"), null=True, blank=True)
    client_acceptance_how = models.CharField(
        _("hyväksynnän tapa"), max_length=20, choices=AcceptanceHow.choices, blank=True
    )
    client_acceptance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hyväksynnän kirjaaja"),
    )
    # Optimistic locking: each confirmation increments it; a stale confirmation is refused.
    revision = models.PositiveIntegerField(default=0)
    created_by = _user(_("laatija"))

    class Meta:
        ordering = ["relationship", "-number"]
        verbose_name = _("aktivointisuunnitelma")
        verbose_name_plural = _("aktivointisuunnitelmat")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="activation_plan_number_unique"),
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("made_on")), name="activation_plan_review_after_made"
            ),
            models.CheckConstraint(
                condition=Q(client_accepted_on__isnull=True)
                | Q(client_acceptance_recorded_by__isnull=False, client_acceptance_how__gt=""),
                name="activation_plan_acceptance_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.number}"

    @property
    def confirmed_by_both(self) -> bool:
        return self.employment_confirmed_at is not None and self.social_confirmed_at is not None

    @property
    def in_force(self) -> bool:
        """Both authorities have confirmed it and the client has accepted it (R-KUTY-2, SPEC §3 step 6)."""
        return self.confirmed_by_both and self.client_accepted_on is not None


class KutyJobseekerCheck(PathRecord):
    """The check that the client of a KUTY relationship is a registered jobseeker (SPEC §2: KUTY's entry),
    with the start of the unemployment period, recorded by the employment authority on the KUTY track."""

    relationship = _relationship("kuty_jobseeker_checks")
    checked_on = models.DateField(_("tarkistettu"))
    unemployed_since = models.DateField(_("työttömyysjakso alkoi"))
    created_by = _user(_("tarkistaja"))

    class Meta:
        ordering = ["relationship", "-checked_on", "-id"]
        verbose_name = _("työnhakijaksi rekisteröitymisen tarkistus")
        verbose_name_plural = _("työnhakijaksi rekisteröitymisen tarkistukset")
        constraints = [
            models.CheckConstraint(
                condition=Q(unemployed_since__lte=F("checked_on")), name="kuty_check_unemployed_before"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.checked_on:%Y-%m-%d}"


class KutyDecision(PathRecord):
    """Social services' decision on rehabilitative work activity for a period, resting on the activation
    plan in force (R-KUTY-2); the KUTY periods of the activation plan fall within a decision's period."""

    relationship = _relationship("kuty_decisions")
    activation_plan = models.ForeignKey(
        ActivationPlan,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("aktivointisuunnitelma"),
    )
    decided_on = models.DateField(_("päätöspäivä"))
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))
    created_by = _user(_("päättäjä"))

    class Meta:
        ordering = ["relationship", "starts_on", "id"]
        verbose_name = _("päätös kuntouttavasta työtoiminnasta")
        verbose_name_plural = _("päätökset kuntouttavasta työtoiminnasta")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="kuty_decision_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.decided_on:%Y-%m-%d}"


class KutySection(PathRecord):
    """One period of rehabilitative work activity with the six items of R-KUTY-1.

    It belongs either to an agreed KUTY service of the TYM plan (a version in force) or to an
    activation plan. A continuation is a new section for the next period (`continues`).
    """

    relationship = _relationship("kuty_sections")
    agreed_service = models.ForeignKey(
        "plans.AgreedService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kuty_sections",
        verbose_name=_("TYM-suunnitelman palvelu"),
    )
    activation_plan = models.ForeignKey(
        ActivationPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kuty_sections",
        verbose_name=_("aktivointisuunnitelma"),
    )
    decision = models.ForeignKey(
        KutyDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("päätös"),
    )
    # The KUTY site (a service provider) that sees the assignment and records attendance.
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toimintapaikan palveluntuottaja"),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("jatkaa jaksoa"),
    )
    # (1) goal, description and place
    goal = models.TextField(_("tavoite"), max_length=LONG_TEXT)
    description = models.TextField(_("toiminnan kuvaus"), max_length=LONG_TEXT)
    place = models.CharField(_("toimintapaikka"), max_length=200)
    # (2) daily and weekly duration
    hours_per_day = models.DecimalField(_("tunteja päivässä"), max_digits=4, decimal_places=2)
    days_per_week = models.PositiveSmallIntegerField(_("päiviä viikossa"))
    # (3) start and length
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))
    # (4) support and guidance
    support_and_guidance = models.TextField(_("tuki ja ohjaus"), max_length=LONG_TEXT)
    # (5) other social, health, rehabilitation and education services alongside
    other_services = models.TextField(_("muut rinnakkaiset palvelut"), max_length=LONG_TEXT)
    # (6) the date by which effects are assessed and next steps decided
    effects_assessed_by = models.DateField(_("vaikutusten arviointi viimeistään"))
    # R-KUTY-4: what excludes the activity, as recorded when the section is made.
    paid_work_hours_per_week = models.DecimalField(
        _("palkkatyötunteja viikossa"), max_digits=4, decimal_places=1, default=0
    )
    full_time_entrepreneur = models.BooleanField(_("päätoiminen yrittäjä"), default=False)
    full_time_student = models.BooleanField(_("päätoiminen opiskelija"), default=False)
    in_other_employment_service = models.BooleanField(
        _("muussa työllistymistä edistävässä palvelussa"), default=False
    )
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["relationship", "starts_on", "id"]
        verbose_name = _("kuntouttavan työtoiminnan jakso")
        verbose_name_plural = _("kuntouttavan työtoiminnan jaksot")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_service__isnull=True, activation_plan__isnull=False)
                | Q(agreed_service__isnull=False, activation_plan__isnull=True),
                name="kuty_section_in_one_plan",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="kuty_section_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    @property
    def hours_per_week(self) -> float:
        return float(self.hours_per_day) * self.days_per_week


class EffectsOutcome(models.TextChoices):
    CONTINUES = "continues", _("jatkuu uudella jaksolla")
    ENDS = "ends", _("päättyy")


class KutyEffectsAssessment(PathRecord):
    """R-KUTY-1 item 6: the assessment of a period's effects and the next step, continuing with the next
    period (`next_section`, which `continues` this one) or ending the activity."""

    section = models.OneToOneField(
        KutySection, on_delete=models.PROTECT, related_name="effects_assessment", verbose_name=_("jakso")
    )
    assessed_on = models.DateField(_("arvioitu"))
    effects = models.TextField(_("vaikutukset"), max_length=LONG_TEXT)
    outcome = models.CharField(_("jatko"), max_length=20, choices=EffectsOutcome.choices)
    next_section = models.OneToOneField(
        KutySection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seuraava jakso"),
    )
    created_by = _user(_("arvioija"))

    class Meta:
        verbose_name = _("vaikutusten arviointi")
        verbose_name_plural = _("vaikutusten arvioinnit")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="continues", next_section__isnull=False)
                | Q(outcome="ends", next_section__isnull=True),
                name="kuty_assessment_next_section_iff_continues",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.assessed_on:%Y-%m-%d}"


class KutyAttendance(PathRecord):
    """A day at the KUTY site as the service provider records it: present, or absent with the reason."""

    section = models.ForeignKey(
        KutySection, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("jakso")
    )
    day = models.DateField(_("päivä"))
    present = models.BooleanField(_("paikalla"))
    absence_reason = models.CharField(_("poissaolon syy"), max_length=200, blank=True)

    class Meta:
        ordering = ["section", "day"]
        verbose_name = _("läsnäolo")
        verbose_name_plural = _("läsnäolot")
        constraints = [
            models.UniqueConstraint(fields=["section", "day"], name="kuty_attendance_one_per_day"),
            models.CheckConstraint(
                condition=Q(present=True, absence_reason="") | Q(present=False) & ~Q(absence_reason=""),
                name="kuty_attendance_absence_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class KutySiteFeedback(PathRecord):
    """The KUTY site's feedback on the client's activity, for the social worker."""

    section = models.ForeignKey(
        KutySection, on_delete=models.PROTECT, related_name="site_feedback", verbose_name=_("jakso")
    )
    given_on = models.DateField(_("annettu"))
    text = models.TextField(_("palaute"), max_length=LONG_TEXT)

    class Meta:
        ordering = ["section", "given_on", "id"]
        verbose_name = _("toimintapaikan palaute")
        verbose_name_plural = _("toimintapaikan palautteet")

    def __str__(self) -> str:
        return f"{self.given_on:%Y-%m-%d}"


class IntegrationAssessment(PathRecord):
    """The skills and integration service-need assessment (R-KOTO-3; replaces the initial assessment)."""

    relationship = _only_relationship("integration_assessment")
    assessed_on = models.DateField(_("arvioitu"))
    first_residence_permit_on = models.DateField(_("ensimmäinen oleskelulupa tai rekisteröinti"))
    # What 681/2023 asks the assessment to cover (seed 000: skills, education and employment prospects;
    # the language skills; the integration service needs).
    skills = models.TextField(_("osaaminen ja koulutustausta"), max_length=LONG_TEXT)
    language_skills = models.TextField(_("kielitaito"), max_length=LONG_TEXT, blank=True)
    service_needs = models.TextField(_("kotoutumisen palveluntarve"), max_length=LONG_TEXT)
    # Optimistic locking: each change increments it; a stale edit is refused.
    revision = models.PositiveIntegerField(default=0)
    created_by = _user(_("arvioija"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("osaamisen ja kotoutumisen palveluntarpeen arvio")
        verbose_name_plural = _("osaamisen ja kotoutumisen palveluntarpeen arviot")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.assessed_on:%Y-%m-%d}"


class IntegrationPlan(PathRecord):
    """Kotoutumissuunnitelma (plan type 04); several follow one another within the limits of R-KOTO-1."""

    relationship = _relationship("integration_plans")
    number = models.PositiveIntegerField(_("numero"))
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"))
    goals = models.TextField(_("tavoitteet"), max_length=LONG_TEXT)
    services = models.TextField(_("sovitut palvelut"), blank=True, max_length=LONG_TEXT)
    extension_reason = models.TextField(
        _("pidennyksen peruste"),
        blank=True,
        help_text=_("Esimerkiksi työ- tai toimintakyky. Vaaditaan, jos suunnitelmat jatkuvat yli 2 vuotta."),
        max_length=LONG_TEXT,
    )
    # The employment authority confirms the plan; the county confirms its own part (IntegrationCountyPart).
    employment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("työvoimaviranomaisen vahvistaja"),
    )
    employment_confirmed_at = models.DateTimeField(_("työvoimaviranomainen vahvisti"), null=True, blank=True)
    # Optimistic locking of the employment authority's confirmation.
    revision = models.PositiveIntegerField(default=0)
    created_by = _user(_("laatija"))

    class Meta:
        ordering = ["relationship", "number"]
        verbose_name = _("kotoutumissuunnitelma")
        verbose_name_plural = _("kotoutumissuunnitelmat")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="integration_plan_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="integration_plan_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.number}"


class CountyCategory(models.TextChoices):
    """The data category of the county's part: social services, or health where it says so."""

    SOCIAL = "social", _("sosiaalihuolto")
    HEALTH = "health", _("terveydenhuolto")


class IntegrationCountyPart(PathRecord):
    """The wellbeing services county's part of an integration plan (seed 000: the county takes part in
    drawing up the plan when needed): its services and goals for the client, the county professional who
    drew it up and its confirmation by a county professional on the track's team."""

    plan = models.OneToOneField(
        IntegrationPlan,
        on_delete=models.PROTECT,
        related_name="county_part",
        verbose_name=_("kotoutumissuunnitelma"),
    )
    category = models.CharField(
        _("tietoryhmä"), max_length=20, choices=CountyCategory.choices, default=CountyCategory.SOCIAL
    )
    goals = models.TextField(_("hyvinvointialueen tavoitteet"), max_length=LONG_TEXT)
    services = models.TextField(_("hyvinvointialueen palvelut"), max_length=LONG_TEXT)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hyvinvointialueen ammattilainen"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hyvinvointialueen vahvistaja"),
    )
    confirmed_at = models.DateTimeField(_("hyvinvointialue vahvisti"), null=True, blank=True)
    # Optimistic locking: each change or confirmation increments it; a stale one is refused.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hyvinvointialueen osuus kotoutumissuunnitelmassa")
        verbose_name_plural = _("hyvinvointialueen osuudet kotoutumissuunnitelmissa")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.plan.number}"


class IntegrationRouting(models.Model):
    """After the integration period the case goes to the service unit its needs call for (seed 000)."""

    relationship = _only_relationship("integration_routing")
    routed_on = models.DateField(_("ohjattu"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("yksikkö"))
    to_track = models.CharField(_("palvelupolku"), max_length=40, choices=Track.choices)
    needs = models.TextField(_("tarpeet, joihin ohjaus perustuu"), max_length=LONG_TEXT)
    # The relationship the routing opened on the target track (null only for routings recorded before).
    opened_relationship = models.OneToOneField(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routed_from_integration",
        verbose_name=_("avattu asiakkuus"),
    )
    recorded_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ohjaus kotoutumisajan jälkeen")
        verbose_name_plural = _("ohjaukset kotoutumisajan jälkeen")

    def __str__(self) -> str:
        return f"{self.get_to_track_display()} {self.routed_on:%Y-%m-%d}"


class JobseekerRegistration(models.Model):
    """The start of job search and the initial interview it calls for (R-EMP-2)."""

    relationship = _only_relationship("jobseeker_registration")
    registered_on = models.DateField(_("työnhaku alkoi"))
    interview_held_on = models.DateField(_("alkuhaastattelu pidetty"), null=True, blank=True)
    recorded_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("työnhaun alkaminen")
        verbose_name_plural = _("työnhaun alkamiset")
        constraints = [
            models.CheckConstraint(
                condition=Q(interview_held_on__isnull=True) | Q(interview_held_on__gte=F("registered_on")),
                name="interview_after_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.registered_on:%Y-%m-%d}"


class ServicePlanKind(models.TextChoices):
    EMPLOYMENT_PLAN = "employment_plan", _("työllistymissuunnitelma")
    SOCIAL_REHABILITATION = "social_rehabilitation", _("sosiaalisen kuntoutuksen suunnitelma")
    DISABILITY_ACTIVITY = "disability_activity", _("työ- tai päivätoiminnan suunnitelma")
    YOUTH_GUIDANCE = "youth_guidance", _("Ohjaamon ohjauskirjaus")


# The plan each track keeps here; KUTY and integration have their own models above.
PLAN_KIND_OF_TRACK = {
    Track.EMPLOYMENT_SERVICES: ServicePlanKind.EMPLOYMENT_PLAN,
    Track.SOCIAL_REHABILITATION: ServicePlanKind.SOCIAL_REHABILITATION,
    Track.DISABILITY_WORK_ACTIVITY: ServicePlanKind.DISABILITY_ACTIVITY,
    Track.YOUTH_ONE_STOP: ServicePlanKind.YOUTH_GUIDANCE,
}


class ServicePlan(PathRecord):
    """A plan of one of the simpler tracks; a review is a new plan with the next number (history kept)."""

    relationship = _relationship("service_plans")
    kind = models.CharField(_("suunnitelma"), max_length=30, choices=ServicePlanKind.choices)
    number = models.PositiveIntegerField(_("numero"))
    made_on = models.DateField(_("laadittu"))
    goals = models.TextField(_("tavoitteet"), max_length=LONG_TEXT)
    days_per_week = models.PositiveSmallIntegerField(_("päiviä viikossa"), null=True, blank=True)
    next_review_on = models.DateField(_("seuraava arviointi"), null=True, blank=True)
    responsible_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastuuhenkilö"),
    )
    # Youth one-stop (R-YOUTH-1): what the advice to the youth team reads.
    unemployed_since = models.DateField(_("työttömänä alkaen"), null=True, blank=True)
    multi_sectoral_need = models.BooleanField(_("monialainen tuen tarve"), default=False)
    created_by = _user(_("laatija"))

    class Meta:
        ordering = ["relationship", "-number"]
        verbose_name = _("palvelun suunnitelma")
        verbose_name_plural = _("palvelujen suunnitelmat")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="service_plan_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


# --- Youth one-stop at a low threshold (R-YOUTH-1, TYM §16) -------------------------------------------


class YouthOneStopUnit(models.Model):
    """A unit that runs a youth one-stop (Ohjaamo): its professionals keep the low-threshold contacts of
    young people who are not (yet) registered clients. Recorded in the admin (and the demo)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="youth_one_stop", verbose_name=_("yksikkö")
    )

    class Meta:
        verbose_name = _("Ohjaamon yksikkö")
        verbose_name_plural = _("Ohjaamon yksiköt")

    def __str__(self) -> str:
        return str(self.unit)


class ContactChannel(models.TextChoices):
    IN_PERSON = "in_person", _("käynti")
    PHONE = "phone", _("puhelin")
    CHAT = "chat", _("chat")
    NOPSA = "nopsa", _("Nopsa-etäpalvelu")


class YouthContact(models.Model):
    """A young person's contact with the youth one-stop before (or without) registration: first name, age
    and home municipality only, no identity code. Becomes a client when the young person agrees
    (`paths.services.youth_contact_convert`); its entries are then linked to the new relationship.

    Not a client's record: the access policy lets only the keeping unit's professionals reach it
    (`access.policy.youth_contact_decide`); its audit entries are keyed by its code, which the client
    created at conversion takes as hers, so her log shows them.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="youth_contacts", verbose_name=_("Ohjaamon yksikkö")
    )
    first_name = models.CharField(_("etunimi"), max_length=150)
    age = models.PositiveSmallIntegerField(_("ikä"))
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kotikunta")
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asiakas"),
    )
    relationship = models.OneToOneField(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youth_contact",
        verbose_name=_("Ohjaamon asiakkuus"),
    )
    registration_agreed_on = models.DateField(_("nuori suostui rekisteröintiin"), null=True, blank=True)
    registration_agreed_how = models.CharField(
        _("suostumus annettu"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rekisteröijä"),
    )
    converted_at = models.DateTimeField(_("rekisteröity"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    created_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-created_at"]
        verbose_name = _("Ohjaamon yhteydenotto")
        verbose_name_plural = _("Ohjaamon yhteydenotot")
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=True, relationship__isnull=True, converted_at__isnull=True)
                | Q(client__isnull=False, relationship__isnull=False, converted_at__isnull=False),
                name="youth_contact_converted_whole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name}, {self.age}"

    @property
    def converted(self) -> bool:
        return self.converted_at is not None


class YouthContactEntry(models.Model):
    """One contact: when, how (in person, phone, chat, the Nopsa remote service) and about what."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        YouthContact, on_delete=models.PROTECT, related_name="entries", verbose_name=_("yhteydenotto")
    )
    on = models.DateField(_("päivä"))
    channel = models.CharField(_("kanava"), max_length=20, choices=ContactChannel.choices)
    topic = models.CharField(_("aihe"), max_length=300)
    # Linked to the relationship the contact became (carried over at conversion).
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youth_contact_entries",
        verbose_name=_("asiakkuus"),
    )
    recorded_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contact", "-on", "-id"]
        verbose_name = _("Ohjaamon yhteydenottokerta")
        verbose_name_plural = _("Ohjaamon yhteydenottokerrat")
        indexes = [models.Index(fields=["channel", "on"], name="youth_entry_channel_on")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_channel_display()}"


class JointAssessment(models.Model):
    """The early joint assessment of a young jobseeker by the youth team (R-YOUTH-1: about 5 months into
    unemployment): for the unemployment that began on `unemployed_since` (the youth plan's)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = _relationship("joint_assessments")
    unemployed_since = models.DateField(_("työttömänä alkaen"))
    held_on = models.DateField(_("arvioitu"))
    participants = models.TextField(_("osallistujat"), max_length=LONG_TEXT)
    result = models.TextField(_("tulos"), max_length=LONG_TEXT)
    owner_organisation = _owner_organisation()
    recorded_by = _user(_("kirjaaja"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["relationship", "-held_on"]
        verbose_name = _("nuorten tiimin yhteinen arvio")
        verbose_name_plural = _("nuorten tiimin yhteiset arviot")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "unemployed_since"], name="joint_assessment_once_per_unemployment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%Y-%m-%d}"
