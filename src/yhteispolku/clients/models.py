"""The client registry: clients (asiakkaat) and their consents (suostumukset), SPEC §5.

Not registered in the Django admin: administrators manage organisations and accounts, never client
data (SPEC §5.1).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients import hetu
from yhteispolku.clients.errors import ConsentInvalid, DuplicateIdentityCode
from yhteispolku.clients.keys import IdentityCodeField
from yhteispolku.core.categories import CONSENT_PURPOSES, CONSENTABLE_CATEGORIES, DataCategory
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import Municipality, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HELSINKI = ZoneInfo("Europe/Helsinki")


class Benefit(models.TextChoices):
    LABOUR_MARKET_SUBSIDY = "labour_market_subsidy", _("työmarkkinatuki")
    BASIC_UNEMPLOYMENT_ALLOWANCE = "basic_unemployment_allowance", _("peruspäiväraha")
    EARNINGS_RELATED_ALLOWANCE = "earnings_related_allowance", _("ansiopäiväraha")
    SICKNESS_ALLOWANCE = "sickness_allowance", _("sairauspäiväraha")
    REHABILITATION_ALLOWANCE = "rehabilitation_allowance", _("kuntoutusraha")
    REHABILITATION_SUBSIDY = "rehabilitation_subsidy", _("kuntoutustuki")
    DISABILITY_PENSION = "disability_pension", _("työkyvyttömyyseläke")
    SOCIAL_ASSISTANCE = "social_assistance", _("toimeentulotuki")
    HOUSING_ALLOWANCE = "housing_allowance", _("asumistuki")
    DISABILITY_ALLOWANCE = "disability_allowance", _("vammaistuki")


class ClientQuerySet(models.QuerySet["Client"]):
    def with_identity_code(self, code: str) -> ClientQuerySet:
        """Clients whose identity code is `code`, found through the keyed hash (codes are encrypted)."""
        return self.filter(identity_code_hash=hetu.lookup_hash(code))


class Client(models.Model):
    """A person in the client process. The identity code is encrypted at rest and never in a URL.

    A client without a Finnish identity code (e.g. early in integration) may be registered; the
    code is added with `set_identity_code` when it is known.
    """

    class MotherTongue(models.TextChoices):
        FINNISH = "fi", _("suomi")
        SWEDISH = "sv", _("ruotsi")
        OTHER = "other", _("muu")

    class ResidencePermitType(models.TextChoices):
        # Migri's permit classes as the integration act (681/2023) uses them; letters as on the card.
        PERMANENT = "permanent", _("pysyvä oleskelulupa (P)")
        CONTINUOUS = "continuous", _("jatkuva oleskelulupa (A)")
        TEMPORARY = "temporary", _("tilapäinen oleskelulupa (B)")
        INTERNATIONAL_PROTECTION = "international_protection", _("kansainvälinen suojelu (pakolainen)")
        TEMPORARY_PROTECTION = "temporary_protection", _("tilapäinen suojelu")

    class ServiceLanguage(models.TextChoices):
        FINNISH = "fi", _("suomi")
        SWEDISH = "sv", _("ruotsi")
        ENGLISH = "en", _("englanti")

    class EducationLevel(models.TextChoices):
        NONE_OR_UNKNOWN = "none_or_unknown", _("ei tutkintoa tai ei tiedossa")
        BASIC = "basic", _("perusopetus")
        GENERAL_UPPER_SECONDARY = "general_upper_secondary", _("lukio")
        VOCATIONAL_UPPER_SECONDARY = "vocational_upper_secondary", _("ammatillinen koulutus")
        HIGHER = "higher", _("korkeakoulutus")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The encrypted-field library has no type information: to mypy this is the CharField it stores like.
    identity_code: models.CharField[str | None, str | None] = IdentityCodeField(
        _("henkilötunnus"), max_length=11, null=True, blank=True, editable=False
    )
    identity_code_hash = models.CharField(
        _("henkilötunnuksen hakutunniste"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        error_messages={"unique": DuplicateIdentityCode.default_message},
    )
    birth_date = models.DateField(_("syntymäaika"), null=True, blank=True)

    first_names = models.CharField(_("etunimet"), max_length=150)
    last_name = models.CharField(_("sukunimi"), max_length=150)
    calling_name = models.CharField(_("kutsumanimi"), max_length=60, blank=True)

    phone = models.CharField(_("puhelin"), max_length=40, blank=True)
    email = models.EmailField(_("sähköposti"), blank=True)
    street_address = models.CharField(_("lähiosoite"), max_length=200, blank=True)
    postal_code = models.CharField(_("postinumero"), max_length=10, blank=True)
    post_office = models.CharField(_("postitoimipaikka"), max_length=80, blank=True)
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("kotikunta"),
    )

    mother_tongue = models.CharField(_("äidinkieli"), max_length=10, choices=MotherTongue.choices, blank=True)
    mother_tongue_other = models.CharField(
        _("muu äidinkieli"), max_length=80, blank=True, help_text=_("Esimerkiksi arabia")
    )
    service_language = models.CharField(
        _("asiointikieli"), max_length=2, choices=ServiceLanguage.choices, default=ServiceLanguage.FINNISH
    )
    needs_interpreter = models.BooleanField(_("tarvitsee tulkin"), default=False)
    interpreter_language = models.CharField(_("tulkkauskieli"), max_length=80, blank=True)

    education_level = models.CharField(
        _("koulutustaso"),
        max_length=30,
        choices=EducationLevel.choices,
        default=EducationLevel.NONE_OR_UNKNOWN,
    )
    education_details = models.TextField(_("koulutuksen lisätiedot"), blank=True, max_length=NOTE_TEXT)
    work_history = models.TextField(_("työhistoria"), blank=True, max_length=NOTE_TEXT)
    integration_period_start = models.DateField(_("kotoutumisajan alku"), null=True, blank=True)
    integration_period_end = models.DateField(_("kotoutumisajan loppu"), null=True, blank=True)
    residence_permit_type = models.CharField(
        _("oleskeluluvan tyyppi"), max_length=120, choices=ResidencePermitType.choices, blank=True
    )
    residence_permit_valid_from = models.DateField(_("oleskelulupa voimassa alkaen"), null=True, blank=True)
    residence_permit_valid_until = models.DateField(_("oleskelulupa voimassa asti"), null=True, blank=True)
    right_of_residence_registered = models.BooleanField(_("oleskeluoikeus rekisteröity"), default=False)

    recorded_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recorded_clients",
        verbose_name=_("rekisteröinyt organisaatio"),
    )
    version = models.PositiveIntegerField(_("versio"), default=1, editable=False)
    created_at = models.DateTimeField(_("luotu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)
    is_demo = models.BooleanField(_("esimerkkiaineistoa"), default=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_names"]
        verbose_name = _("asiakas")
        verbose_name_plural = _("asiakkaat")
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_code_hash__isnull=True) | Q(birth_date__isnull=False),
                name="client_identity_code_gives_birth_date",
            ),
            models.CheckConstraint(
                condition=Q(integration_period_start__isnull=True)
                | Q(integration_period_end__isnull=True)
                | Q(integration_period_end__gte=models.F("integration_period_start")),
                name="client_integration_period_ends_after_start",
                violation_error_message=_("Kotoutumisaika ei voi päättyä ennen alkuaan."),
            ),
            models.CheckConstraint(
                condition=Q(residence_permit_valid_from__isnull=True)
                | Q(residence_permit_valid_until__isnull=True)
                | Q(residence_permit_valid_until__gte=models.F("residence_permit_valid_from")),
                name="client_residence_permit_ends_after_start",
                violation_error_message=_("Oleskeluluvan voimassaolo ei voi päättyä ennen alkuaan."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def set_identity_code(self, code: str, *, allow_temporary: bool | None = None) -> None:
        """Validate the code and store it with its lookup hash and the birth date it carries."""
        normalized = hetu.validate(code, allow_temporary=allow_temporary)
        self.identity_code = normalized
        self.identity_code_hash = hetu.lookup_hash(normalized)
        self.birth_date = hetu.birth_date(normalized)

    @property
    def masked_identity_code(self) -> str:
        return hetu.mask(self.identity_code) if self.identity_code else ""

    def has_residence_right_on(self, day: date) -> bool:
        """R-KOTO-2: a recorded permit not expired on the day, or a registered right of residence."""
        if self.right_of_residence_registered:
            return True
        return bool(self.residence_permit_type) and (
            self.residence_permit_valid_until is None or self.residence_permit_valid_until >= day
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`; None when the birth date is not known."""
        return hetu.age_from(self.birth_date, day) if self.birth_date else None


def _day_and_moment(on: date | datetime | None) -> tuple[date, datetime]:
    """The Helsinki day to test validity on and the moment up to which revocations count.

    A moment is taken as is. A day counts every revocation made on it or before, so a consent revoked
    at noon is no longer active on that day: revoking removes the views it allowed at once (SPEC §5.1).
    """
    if on is None:
        on = timezone.now()
    if isinstance(on, datetime):
        moment = on if timezone.is_aware(on) else timezone.make_aware(on, HELSINKI)
        return timezone.localdate(moment, HELSINKI), moment
    next_midnight = datetime.combine(on + timedelta(days=1), time.min, tzinfo=HELSINKI)
    return on, next_midnight - timedelta(microseconds=1)


# What a list of items needs of each client: the code to link and log with, and the name shown.
LISTED_CLIENT_FIELDS = ("id", "code", "first_names", "last_name")


@cache
def unlisted_client_fields(path: str) -> tuple[str, ...]:
    """The client's other columns under the lookup `path`, for `QuerySet.defer`: a list that shows clients
    by name neither loads nor decrypts their identity codes and notes."""
    return tuple(
        f"{path}__{field.name}"
        for field in Client._meta.concrete_fields
        if field.name not in LISTED_CLIENT_FIELDS
    )


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, on: date | datetime | None = None) -> ConsentQuerySet:
        """Consents in force on a day or at a moment (now by default, the day taken in Helsinki)."""
        day, moment = _day_and_moment(on)
        return self.filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            valid_from__lte=day,
        )


class Consent(models.Model):
    """The client's consent for named organisations to exchange named categories of data for a purpose.

    A consent is never edited after it is given, except to record its revocation: a change of scope
    or period is a new consent, so the history of what was allowed when is kept.
    """

    class GivenHow(models.TextChoices):
        """How a consent was given or revoked."""

        WRITTEN = "written", _("kirjallinen")
        ORAL = "oral", _("suullinen")
        ELECTRONIC = "electronic", _("sähköinen")

    class State(models.TextChoices):
        ACTIVE = "active", _("voimassa")
        NOT_YET_VALID = "not_yet_valid", _("ei vielä voimassa")
        EXPIRED = "expired", _("päättynyt")
        REVOKED = "revoked", _("peruttu")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="consents", verbose_name=_("asiakas")
    )
    purpose = models.CharField(
        _("käyttötarkoitus"), max_length=40, choices=[(p.value, p.label) for p in CONSENT_PURPOSES]
    )
    purpose_details = models.TextField(_("käyttötarkoituksen tarkennus"), blank=True, max_length=500)
    organisations = models.ManyToManyField(
        Organisation,
        related_name="consents",
        verbose_name=_("organisaatiot"),
        help_text=_("Organisaatiot, jotka saavat vaihtaa asiakkaan tietoja keskenään"),
    )
    categories = models.JSONField(
        _("tietoryhmät"), default=list, help_text=_("Tietoryhmät, joita suostumus koskee")
    )
    given_how = models.CharField(_("antotapa"), max_length=20, choices=GivenHow.choices)
    given_on = models.DateField(_("antopäivä"))
    valid_from = models.DateField(_("voimassa alkaen"))
    valid_until = models.DateField(
        _("voimassa asti"),
        null=True,
        blank=True,
        help_text=_("Tyhjä, jos suostumus on voimassa toistaiseksi"),
    )
    # Empty when the client gave the consent herself in Oma Yhteispolku (`given_by_client`).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_consents",
        verbose_name=_("kirjaaja"),
    )
    given_by_client = models.BooleanField(_("asiakas antoi itse Oma Yhteispolussa"), default=False)
    recorded_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_consents",
        verbose_name=_("perumisen kirjaaja"),
    )
    revoked_by_client = models.BooleanField(_("asiakas perui itse Oma Yhteispolussa"), default=False)
    revoked_how = models.CharField(_("perumistapa"), max_length=20, choices=GivenHow.choices, blank=True)
    revocation_note = models.TextField(_("perumisen lisätiedot"), blank=True, max_length=500)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-recorded_at"]
        verbose_name = _("suostumus")
        verbose_name_plural = _("suostumukset")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_valid_until_not_before_valid_from",
                violation_error_message=_("Voimassaolon loppupäivä ei voi olla ennen alkupäivää."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True, revoked_by_client=False)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False, revoked_by_client=False)
                | Q(revoked_at__isnull=False, revoked_by__isnull=True, revoked_by_client=True),
                name="consent_revocation_has_time_and_recorder",
                violation_error_message=_("Perumisesta on kirjattava sekä aika että kirjaaja."),
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False) | Q(given_by_client=True),
                name="consent_has_recorder_or_was_given_by_client",
                violation_error_message=_("Suostumuksesta on kirjattava kirjaaja."),
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=[p.value for p in CONSENT_PURPOSES]),
                name="consent_purpose_is_consentable",
                violation_error_message=_("Suostumusta ei voi antaa tähän käyttötarkoitukseen."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(purpose)s, voimassa alkaen %(day)s") % {
            "purpose": self.get_purpose_display(),
            "day": f"{self.valid_from.day}.{self.valid_from.month}.{self.valid_from.year}",
        }

    def clean(self) -> None:
        """Invariants of one consent; the named organisations are checked by the service (M2M)."""
        errors: dict[str, StrOrPromise] = {}
        if self.purpose not in CONSENT_PURPOSES:
            errors["purpose"] = _("Suostumusta ei voi antaa tähän käyttötarkoitukseen.")
        categories = self.categories if isinstance(self.categories, list) else []
        if not categories:
            errors["categories"] = _("Valitse vähintään yksi tietoryhmä.")
        elif not set(categories) <= {str(category) for category in CONSENTABLE_CATEGORIES}:
            errors["categories"] = _(
                "Suostumus voi koskea vain perus-, työllisyys-, sosiaali-, terveys- ja Kelan tietoja."
            )
        elif len(set(categories)) != len(categories):
            errors["categories"] = _("Sama tietoryhmä on valittu kahdesti.")
        if errors:
            raise ConsentInvalid(errors)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def state(self, on: date | datetime | None = None) -> Consent.State:
        """Revoked, not yet valid, expired or active on a day or at a moment (now by default)."""
        day, moment = _day_and_moment(on)
        if self.revoked_at is not None and self.revoked_at <= moment:
            return self.State.REVOKED
        if self.valid_from > day:
            return self.State.NOT_YET_VALID
        if self.valid_until is not None and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.ACTIVE

    def is_active(self, on: date | datetime | None = None) -> bool:
        return self.state(on) == self.State.ACTIVE

    def covers(
        self,
        *,
        organisation: Organisation,
        category: DataCategory | str,
        purpose: str,
        on: date | datetime | None = None,
    ) -> bool:
        """Whether this consent lets `organisation` receive `category` data for `purpose` then."""
        return (
            self.is_active(on)
            and self.purpose == purpose
            and str(category) in self.categories
            # all() rather than filter(): uses the organisations a selector prefetched.
            and any(named.pk == organisation.pk for named in self.organisations.all())
        )


# The journal's object type in the access policy and the audit log: the name it had in the cases app,
# kept so that the log's history and the policy's plan-text scope read the same.
JOURNAL_OBJECT_TYPE = "cases.journalentry"


class JournalEntry(models.Model):
    """A dated note in one data category; the category decides who may read it (SPEC §5.1)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="journal", verbose_name=_("asiakas")
    )
    category = models.CharField(
        _("tietoryhmä"),
        max_length=20,
        choices=[(c.value, c.label) for c in DataCategory if c not in (DataCategory.BASIC, DataCategory.LOG)],
    )
    text = models.TextField(_("merkintä"), max_length=LONG_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    # A review or progress entry of the joint plan that a professional chose to show the client in Oma
    # Yhteispolku (nothing else of the journal is shown there), and her acknowledgement of it, once.
    shown_to_client_at = models.DateTimeField(_("näytetty asiakkaalle"), null=True, blank=True)
    shown_to_client_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asiakkaalle näyttäjä"),
    )
    acknowledged_at = models.DateTimeField(_("asiakas kuittasi"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kirjaus")
        verbose_name_plural = _("kirjaukset")
        # The table and index keep the names they had while the journal lived in the cases app.
        db_table = "cases_journalentry"
        indexes = [
            models.Index(fields=["client", "category", "created_at"], name="cases_journ_client__043c3d_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shown_to_client_at__isnull=True, shown_to_client_by__isnull=True)
                | Q(shown_to_client_at__isnull=False, shown_to_client_by__isnull=False, category="plan"),
                name="journal_shown_to_client_plan_entry",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(shown_to_client_at__isnull=False),
                name="journal_acknowledged_once_shown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.created_at:%Y-%m-%d}"


class WithheldFromClient(models.Model):
    """A professional's recorded decision that one entry of a client's data is not shown to the client in
    Oma Yhteispolku (SPEC §5.1: the client views her own data "except entries withheld by a recorded
    professional decision").

    The entry is named by its kind (`object_type`, e.g. "documents.document") and its code, so any app's
    entry can be withheld without this table knowing the app. Who may decide is the access policy's answer
    for updating the entry (its category and the organisation holding it): the professional whose sector
    and organisation wrote it. A decision can be lifted (recorded, not deleted); while it stands, no
    portal page lists the entry and its address answers 404. Her access log is never withheld (703/2023
    §11): it is no entry here.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="withheld_entries", verbose_name=_("asiakas")
    )
    object_type = models.CharField(_("kirjauksen laji"), max_length=60)
    object_code = models.UUIDField(_("kirjauksen tunniste"))
    category = models.CharField(_("tietoryhmä"), max_length=20, choices=DataCategory.choices)
    reason = models.TextField(_("peruste"), max_length=NOTE_TEXT)
    decided_on = models.DateField(_("päätetty"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("päättäjä")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("päättäjän organisaatio")
    )
    lifted_at = models.DateTimeField(_("päätös kumottu"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kumoaja"),
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("asiakkaalta salattu kirjaus")
        verbose_name_plural = _("asiakkaalta salatut kirjaukset")
        indexes = [models.Index(fields=["client", "object_type", "lifted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_code"],
                condition=Q(lifted_at__isnull=True),
                name="withheld_from_client_once_while_standing",
            ),
            models.CheckConstraint(
                condition=~Q(object_type="portal.accesslog") & ~Q(category=DataCategory.LOG),
                name="withheld_from_client_never_the_access_log",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="withheld_from_client_lifted_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_code}"


# The data category of each benefit (SPEC §5, §5.1): social assistance (toimeentulotuki) is recorded with
# the social services' data, whose social worker assesses it; every other benefit (Kela's and the
# unemployment funds') is under the Kela category. Who may see which is the consent rules' answer for it.
BENEFIT_CATEGORIES: dict[str, DataCategory] = {
    value: (DataCategory.SOCIAL if value == Benefit.SOCIAL_ASSISTANCE else DataCategory.KELA)
    for value in Benefit.values
}
BENEFIT_PERIOD_OBJECT_TYPE = "clients.benefitperiod"


def benefit_category(benefit: str) -> DataCategory:
    return BENEFIT_CATEGORIES[benefit]


class BenefitPeriod(models.Model):
    """A benefit the client receives or received, with its dates (SPEC §5: työmarkkinatuki,
    sairauspäiväraha, kuntoutusraha/-tuki, toimeentulotuki, eläke …).

    Its category is the benefit's (`BENEFIT_CATEGORIES`), kept on the row so that the policy and the lists
    filter by it; it is recorded by a professional of that category's sector for their organisation.
    """

    class Source(models.TextChoices):
        KELA_DECISION = "kela_decision", _("Kelan päätös")
        SOCIAL_SERVICES_DECISION = "social_services_decision", _("sosiaalihuollon päätös")
        CLIENT = "client", _("asiakkaan ilmoitus")
        OTHER_AUTHORITY = "other_authority", _("muu viranomainen")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="benefit_periods", verbose_name=_("asiakas")
    )
    benefit = models.CharField(_("etuus"), max_length=40, choices=Benefit.choices)
    category = models.CharField(_("tietoryhmä"), max_length=20, choices=DataCategory.choices, editable=False)
    starts_on = models.DateField(_("alkaa"))
    ends_on = models.DateField(_("päättyy"), null=True, blank=True, help_text=_("Tyhjä, jos toistaiseksi"))
    source = models.CharField(_("tiedon lähde"), max_length=40, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("etuusjakso")
        verbose_name_plural = _("etuusjaksot")
        indexes = [models.Index(fields=["client", "category", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="benefit_period_ends_after_start",
                violation_error_message=_("Etuusjakso ei voi päättyä ennen alkuaan."),
            ),
            models.CheckConstraint(
                condition=(Q(benefit=Benefit.SOCIAL_ASSISTANCE) & Q(category=DataCategory.SOCIAL))
                | (~Q(benefit=Benefit.SOCIAL_ASSISTANCE) & Q(category=DataCategory.KELA)),
                name="benefit_period_category_of_benefit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} {self.starts_on:%Y-%m-%d}"

    def is_current(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
