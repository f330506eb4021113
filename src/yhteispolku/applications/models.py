"""Applications for benefits and services (SPEC §2 Kela's process, §5; seeds 000, 001, 004): Kela's
vocational rehabilitation (AKSE, Taito, work trial, job coaching, education trial, education), the
rehabilitation allowance and other benefits; who helped to apply, when it was submitted, the requests
for additional information with their own due dates, and the decision with its appeal deadline.

An application is data of the category of the body deciding it: Kela's are the Kela category (SPEC
§5.1: benefits, Kela rehabilitation, applications to Kela). The professional's record of the R-KELA-1
indicators and R-KELA-2 criteria (`KelaCheck`) is the team's joint work, in the plan category.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients.models import Client
from yhteispolku.core.categories import DataCategory
from yhteispolku.core.text import NOTE_TEXT
from yhteispolku.organisations.models import Organisation


class Benefit(models.TextChoices):
    AKSE = "akse", _("ammatillinen kuntoutusselvitys (AKSE)")
    TAITO = "taito", _("Taito-kuntoutus")
    KELA_WORK_TRIAL = "kela_work_trial", _("Kelan työkokeilu")
    JOB_COACHING = "job_coaching", _("Kelan työhönvalmennus")
    EDUCATION_TRIAL = "education_trial", _("koulutuskokeilu")
    EDUCATION = "education", _("koulutus ammatillisena kuntoutuksena")
    REHABILITATION_ALLOWANCE = "rehabilitation_allowance", _("kuntoutusraha")
    BASIC_SOCIAL_ASSISTANCE = "basic_social_assistance", _("perustoimeentulotuki")
    OTHER_KELA = "other_kela", _("muu Kelan etuus tai palvelu")
    OTHER_EMPLOYMENT = "other_employment", _("muu työllisyyspalvelujen etuus tai palvelu")
    OTHER_SOCIAL = "other_social", _("muu hyvinvointialueen etuus tai palvelu")


# Kela's vocational rehabilitation (seed 004: "ammatillisen kuntoutuksen selvityksiä, työkokeilua,
# työhönvalmennusta ja TAITO-kuntoutusta. Lisäksi myös koulutuskokeilua ja koulutusta").
VOCATIONAL_REHABILITATION = frozenset(
    {
        Benefit.AKSE,
        Benefit.TAITO,
        Benefit.KELA_WORK_TRIAL,
        Benefit.JOB_COACHING,
        Benefit.EDUCATION_TRIAL,
        Benefit.EDUCATION,
    }
)
BENEFIT_CATEGORIES: dict[str, DataCategory] = {
    **dict.fromkeys(Benefit, DataCategory.KELA),
    Benefit.OTHER_EMPLOYMENT: DataCategory.EMPLOYMENT,
    Benefit.OTHER_SOCIAL: DataCategory.SOCIAL,
}
# Benefits that need a description of what exactly is applied for.
DESCRIBED_BENEFITS = frozenset({Benefit.OTHER_KELA, Benefit.OTHER_EMPLOYMENT, Benefit.OTHER_SOCIAL})


class Decision(models.TextChoices):
    GRANTED = "granted", _("myönteinen")
    PARTLY_GRANTED = "partly_granted", _("osittain myönteinen")
    REJECTED = "rejected", _("kielteinen")


class Application(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="applications", verbose_name=_("asiakas")
    )
    benefit = models.CharField(_("haettava etuus tai palvelu"), max_length=40, choices=Benefit.choices)
    category = models.CharField(_("tietoryhmä"), max_length=20, choices=DataCategory.choices, editable=False)
    details = models.CharField(_("tarkennus"), max_length=300, blank=True)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hakemisessa auttoi"),
    )
    submitted_on = models.DateField(_("jätetty"))
    decision = models.CharField(_("päätös"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("päätöksen päivämäärä"), null=True, blank=True)
    decision_received_on = models.DateField(
        _("päätös saatu tiedoksi"),
        null=True,
        blank=True,
        help_text=_("Jos tyhjä, päätös katsotaan saaduksi seitsemäntenä päivänä sen lähettämisestä."),
    )
    placement_found_on = models.DateField(_("työkokeilupaikka löytyi"), null=True, blank=True)
    # A continuation application (jatkohakemus): the same benefit applied for again, continuing a decided one.
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("jatkoa hakemukselle"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    revision = models.PositiveIntegerField(_("versio"), default=1)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        ordering = ["client", "-submitted_on", "-id"]
        verbose_name = _("hakemus")
        verbose_name_plural = _("hakemukset")
        indexes = [
            models.Index(fields=["client", "category"]),
            models.Index(fields=["decision", "benefit"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit__in=[b.value for b in Benefit]), name="application_benefit_known"
            ),
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decided_on__isnull=True))
                | (~Q(decision="") & Q(decided_on__isnull=False)),
                name="application_decision_with_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("submitted_on")),
                name="application_decided_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(decision_received_on__isnull=True)
                | (Q(decided_on__isnull=False) & Q(decision_received_on__gte=F("decided_on"))),
                name="application_decision_received_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} {self.submitted_on:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.category = BENEFIT_CATEGORIES[self.benefit]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def name(self) -> str:
        return f"{self.get_benefit_display()}: {self.details}" if self.details else self.get_benefit_display()


class CoachMeeting(models.Model):
    """A meeting with the coach during a granted Kela work trial (seed 004: 15 meetings of 2 hours each);
    R-KELA-3's `coach_meetings` is the limit. Kela data, like the application it belongs to."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="coach_meetings", verbose_name=_("hakemus")
    )
    met_on = models.DateField(_("tapaamispäivä"))
    note = models.CharField(_("lisätieto"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["application", "met_on", "id"]
        verbose_name = _("valmentajan tapaaminen")
        verbose_name_plural = _("valmentajan tapaamiset")

    def __str__(self) -> str:
        return f"{self.application} {self.met_on:%Y-%m-%d}"


class KelaInterview(models.Model):
    """The rehabilitation interview Kela's work-ability advisor books with the client (seed 004: "TYM-
    työkykyneuvoja ottaa yhteyttä asiakkaaseen ja sopii kuntoutushaastatteluajan"). Kela data."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("tapaaminen paikan päällä")
        PHONE = "phone", _("puhelin")
        VIDEO = "video", _("etäyhteys (video)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="kela_interviews", verbose_name=_("asiakas")
    )
    starts_at = models.DateTimeField(_("aika"))
    mode = models.CharField(_("tapa"), max_length=20, choices=Mode.choices)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("haastattelija")
    )
    place = models.CharField(_("paikka tai yhteystieto"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["client", "starts_at", "id"]
        verbose_name = _("Kelan kuntoutushaastattelu")
        verbose_name_plural = _("Kelan kuntoutushaastattelut")

    def __str__(self) -> str:
        return f"{self.client} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def category(self) -> str:
        return DataCategory.KELA


class InformationRequest(models.Model):
    """A request for additional information on an application (lisäselvityspyyntö), with its own due date."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="information_requests", verbose_name=_("hakemus")
    )
    requested_on = models.DateField(_("pyydetty"))
    due_on = models.DateField(_("vastattava viimeistään"))
    description = models.TextField(_("mitä pyydetään"), max_length=NOTE_TEXT)
    answered_on = models.DateField(_("vastattu"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["application", "requested_on", "id"]
        verbose_name = _("lisäselvityspyyntö")
        verbose_name_plural = _("lisäselvityspyynnöt")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("requested_on")), name="information_request_due_after_request"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("requested_on")),
                name="information_request_answered_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_on:%Y-%m-%d} → {self.due_on:%Y-%m-%d}"


class KelaCheck(models.Model):
    """The professional's record of which R-KELA-1 indicators and R-KELA-2 criteria apply to the client.

    The system advises from it; the professional decides. Each record is kept; the latest is in use.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="kela_checks", verbose_name=_("asiakas")
    )
    checked_on = models.DateField(_("arvioitu"))
    indicators = models.JSONField(_("kuntoutusasiakasyhteistyön perusteet (R-KELA-1)"), default=list)
    criteria = models.JSONField(_("ammatillisen kuntoutuksen edellytykset (R-KELA-2)"), default=list)
    note = models.TextField(_("lisätiedot"), blank=True, max_length=NOTE_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["client", "-checked_on", "-id"]
        verbose_name = _("Kela-yhteistyön tarkistuslista")
        verbose_name_plural = _("Kela-yhteistyön tarkistuslistat")

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d}"


class KelaJointReview(models.Model):
    """Kela's twice-yearly joint review with a TYM team (seed 004: "n. 2 kertaa vuodessa. Yhteiset
    kuntoutusasiakkaat käydään läpi ja kirjataan ajankohtainen tilanne ja jatkosuunnitelma"): when it was
    held, who took part and the next steps; per client a short note or "no need for Kela"
    (`KelaJointReviewEntry`). Due by R-KELA-5 (`applications.joint_reviews`)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="kela_joint_reviews",
        verbose_name=_("TYM-tiimi"),
    )
    held_on = models.DateField(_("pidetty"))
    participants = models.TextField(_("osallistujat"), max_length=NOTE_TEXT)
    next_steps = models.TextField(_("jatkosuunnitelma"), blank=True, max_length=NOTE_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "-held_on", "-id"]
        verbose_name = _("Kelan yhteinen läpikäynti")
        verbose_name_plural = _("Kelan yhteiset läpikäynnit")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.held_on:%Y-%m-%d}"


class KelaJointReviewEntry(models.Model):
    """One client in a joint review: a short note of the current situation, or "no need for Kela"."""

    review = models.ForeignKey(
        KelaJointReview, on_delete=models.CASCADE, related_name="entries", verbose_name=_("läpikäynti")
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+", verbose_name=_("asiakas"))
    note = models.CharField(_("tilanne ja jatko"), max_length=300, blank=True)
    no_need_for_kela = models.BooleanField(_("ei tarvetta Kelan palveluille"), default=False)

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("asiakas yhteisessä läpikäynnissä")
        verbose_name_plural = _("asiakkaat yhteisessä läpikäynnissä")
        constraints = [
            models.UniqueConstraint(fields=["review", "client"], name="one_entry_per_client_per_review"),
            models.CheckConstraint(
                condition=~Q(note="") | Q(no_need_for_kela=True),
                name="joint_review_entry_has_note_or_no_need",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.client_id}"
