"""Forms of the path pages. They only parse input: the services and the rules decide what is
acceptable, so most fields are optional here and a missing item is refused by its rule (R-KUTY-1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients.forms import IdentityCodeField
from yhteispolku.core.text import LONG_TEXT
from yhteispolku.organisations.models import Municipality, Organisation, Unit
from yhteispolku.paths.models import (
    ActivationBasis,
    ContactChannel,
    CountyCategory,
    EffectsOutcome,
    KutySection,
)
from yhteispolku.plans.models import AcceptanceHow

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
OPENABLE_TRACKS = [(value, label) for value, label in Track.choices if value != Track.TYM]


def _date(label: Any, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, help_text=help_text)


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=LONG_TEXT, widget=TEXT, help_text=help_text
    )


class RelationshipOpenForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Palvelupolku"),
        choices=OPENABLE_TRACKS,
        help_text=_("Asiakkuus avataan omaan yksikköösi ja sinut lisätään asiakkaan tiimiin."),
    )


class KutySectionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    goal = _text(_("(1) Tavoite"))
    description = _text(_("(1) Toiminnan kuvaus"))
    place = forms.CharField(label=_("(1) Toimintapaikka"), max_length=200, required=False)
    hours_per_day = forms.DecimalField(
        label=_("(2) Tunteja päivässä"), max_digits=4, decimal_places=2, required=False
    )
    days_per_week = forms.IntegerField(label=_("(2) Päiviä viikossa"), required=False)
    starts_on = _date(_("(3) Alkaa"))
    ends_on = _date(_("(3) Päättyy"), help_text=_("Jakson viimeinen päivä; jakso on 3–24 kuukautta."))
    support_and_guidance = _text(_("(4) Annettava tuki ja ohjaus"))
    other_services = _text(
        _("(5) Rinnakkaiset palvelut"),
        help_text=_("Muut sosiaali-, terveys-, kuntoutus- ja koulutuspalvelut jakson rinnalla."),
    )
    effects_assessed_by = _date(
        _("(6) Vaikutukset arvioidaan ja jatkosta päätetään viimeistään"),
    )
    paid_work_hours_per_week = forms.DecimalField(
        label=_("Palkkatyötä tunteja viikossa"), max_digits=4, decimal_places=1, required=False
    )
    full_time_entrepreneur = forms.BooleanField(label=_("Päätoiminen yrittäjä"), required=False)
    full_time_student = forms.BooleanField(label=_("Päätoiminen opiskelija"), required=False)
    in_other_employment_service = forms.BooleanField(
        label=_("Muussa työllistymistä edistävässä palvelussa"), required=False
    )


def _providers() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.SERVICE_PROVIDER).order_by("name_fi")


class KutySectionCreateForm(KutySectionForm):
    plan = forms.ChoiceField(label=_("Suunnitelma, johon jakso kuuluu"), choices=())
    continues = forms.ChoiceField(label=_("Jatkaa jaksoa"), choices=(), required=False)
    provider = forms.ModelChoiceField(
        label=_("Toimintapaikan palveluntuottaja"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Palveluntuottaja näkee vain jakson tavoitteen, paikan, keston ja tuen ja kirjaa läsnäolot."
        ),
    )

    def __init__(
        self, *args: Any, plans: list[tuple[str, str]], sections: list[KutySection], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = plans  # type: ignore[attr-defined]
        fresh = [("", _("Ei – uusi jakso"))]
        continued = [(str(section.code), str(section)) for section in sections]
        self.fields["continues"].choices = fresh + continued  # type: ignore[attr-defined]
        self.fields["provider"].queryset = _providers()  # type: ignore[attr-defined]


class ActivationPlanForm(forms.Form):
    made_on = _date(_("Laadittu"), required=True)
    basis = forms.ChoiceField(label=_("Peruste"), choices=ActivationBasis.choices)
    benefit_days = forms.IntegerField(
        label=_("Työttömyysetuuspäivät"),
        min_value=0,
        required=False,
        help_text=_("Vain vuoden 2025 säännön mukaiselle työttömyysetuuden perusteelle."),
    )
    goals = _text(_("Tavoitteet"))
    next_review_on = _date(
        _("Seuraava päivitys"),
        help_text=_("Tyhjänä säännön lyhin väli (3 kuukautta); enintään 12 kuukautta."),
    )


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


ACCEPTANCE_CHOICES = [(AcceptanceHow.IN_PERSON.value, AcceptanceHow.IN_PERSON.label),
                      (AcceptanceHow.ON_PAPER.value, AcceptanceHow.ON_PAPER.label)]  # fmt: skip


class ActivationAcceptanceForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    accepted_on = _date(_("Asiakas hyväksyi"), required=True)
    how = forms.ChoiceField(label=_("Miten asiakas hyväksyi"), choices=ACCEPTANCE_CHOICES)


class KutyDecisionForm(forms.Form):
    activation_plan = forms.ChoiceField(label=_("Aktivointisuunnitelma"), choices=(), required=False)
    decided_on = _date(_("Päätöspäivä"), required=True)
    starts_on = _date(_("Alkaa"), required=True)
    ends_on = _date(_("Päättyy"), required=True, help_text=_("Päätöksen viimeinen päivä."))

    def __init__(self, *args: Any, plans: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activation_plan"].choices = [("", "—"), *plans]  # type: ignore[attr-defined]


class KutyJobseekerCheckForm(forms.Form):
    checked_on = _date(_("Tarkistettu"), required=True)
    unemployed_since = _date(_("Työttömyysjakso alkoi"), required=True)


class KutyEffectsForm(forms.Form):
    assessed_on = _date(_("Arvioitu"), required=True)
    effects = _text(_("Jakson vaikutukset"))
    outcome = forms.ChoiceField(label=_("Jatko"), choices=EffectsOutcome.choices, widget=forms.RadioSelect)
    next_ends_on = _date(
        _("Uusi jakso päättyy"),
        help_text=_(
            "Vain kun toiminta jatkuu: uusi jakso alkaa edellisen päätyttyä ja on vähintään 3 kuukautta."
        ),
    )
    next_effects_assessed_by = _date(_("Uuden jakson vaikutukset arvioidaan viimeistään"))


class KutyAttendanceForm(forms.Form):
    day = _date(_("Päivä"), required=True)
    present = forms.TypedChoiceField(
        label=_("Läsnäolo"),
        choices=[("1", _("paikalla")), ("0", _("poissa"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    absence_reason = forms.CharField(label=_("Poissaolon syy"), max_length=200, required=False)


class KutyFeedbackForm(forms.Form):
    given_on = _date(_("Annettu"), required=True)
    text = _text(_("Palaute"))


class IntegrationAssessmentForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    assessed_on = _date(_("Arvioitu"), required=True)
    first_residence_permit_on = _date(
        _("Ensimmäinen oleskelulupa tai rekisteröinti"),
        required=True,
        help_text=_("R-KOTO-3: ensimmäinen kotoutumissuunnitelma laaditaan 3 vuoden kuluessa tästä."),
    )
    skills = _text(
        _("Osaaminen ja koulutustausta"), help_text=_("Myös työkokemus ja työllistymismahdollisuudet.")
    )
    language_skills = _text(_("Kielitaito"), help_text=_("Suomen tai ruotsin taito sekä muut kielet."))
    service_needs = _text(_("Kotoutumisen palveluntarve"))


class IntegrationCountyPartForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    category = forms.ChoiceField(
        label=_("Tietoryhmä"),
        choices=CountyCategory.choices,
        help_text=_("Terveydenhuolto vain, kun osuus koskee terveyspalveluja."),
    )
    goals = _text(_("Hyvinvointialueen tavoitteet"))
    services = _text(
        _("Hyvinvointialueen palvelut"), help_text=_("Sosiaali- ja terveyspalvelut, joista on sovittu.")
    )
    professional = forms.ModelChoiceField(
        label=_("Laatinut hyvinvointialueen ammattilainen"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, relationship: ClientRelationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            team_memberships__relationship=relationship,
            team_memberships__left_on__isnull=True,
            organisation__kind=Organisation.Kind.WELLBEING_COUNTY,
        )


class IntegrationPlanForm(forms.Form):
    starts_on = _date(_("Alkaa"))
    ends_on = _date(_("Päättyy"), help_text=_("Suunnitelman viimeinen päivä."))
    goals = _text(_("Tavoitteet"))
    services = _text(_("Sovitut palvelut"))
    extension_reason = _text(
        _("Pidennyksen peruste"),
        help_text=_("Esimerkiksi työ- tai toimintakyky. Vaaditaan, jos suunnitelmat jatkuvat yli 2 vuotta."),
    )


class IntegrationRoutingForm(forms.Form):
    routed_on = _date(_("Ohjattu"))
    to_unit = forms.ModelChoiceField(label=_("Yksikkö"), queryset=Unit.objects.all(), required=False)
    to_track = forms.ChoiceField(
        label=_("Palvelupolku"), choices=[("", "—"), *OPENABLE_TRACKS], required=False
    )
    needs = _text(_("Tarpeet, joihin ohjaus perustuu"))


class JobseekerRegistrationForm(forms.Form):
    registered_on = _date(_("Työnhaku alkoi"), required=True)
    interview_held_on = _date(_("Alkuhaastattelu pidetty"))


class ServicePlanForm(forms.Form):
    made_on = _date(_("Laadittu"))
    goals = _text(_("Tavoitteet"))
    days_per_week = forms.IntegerField(label=_("Päiviä viikossa"), required=False)
    next_review_on = _date(
        _("Seuraava arviointi"), help_text=_("Tyhjänä säännön tai alueen käytännön mukainen väli.")
    )
    responsible_professional = forms.ModelChoiceField(
        label=_("Vastuuhenkilö"), queryset=User.objects.none(), required=False
    )
    unemployed_since = _date(_("Työttömänä alkaen"))
    multi_sectoral_need = forms.BooleanField(label=_("Monialainen tuen tarve"), required=False)

    def __init__(self, *args: Any, relationship: ClientRelationship, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_professional"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            team_memberships__relationship=relationship, team_memberships__left_on__isnull=True
        )
        if kind not in ("social_rehabilitation", "disability_activity"):
            del self.fields["days_per_week"]
        if kind != "youth_guidance":
            del self.fields["unemployed_since"]
            del self.fields["multi_sectoral_need"]


# --- Youth one-stop (R-YOUTH-1) -------------------------------------------------------------------------


class YouthContactEntryForm(forms.Form):
    on = _date(_("Päivä"), required=True)
    channel = forms.ChoiceField(label=_("Kanava"), choices=ContactChannel.choices)
    topic = forms.CharField(
        label=_("Aihe"),
        max_length=300,
        required=False,
        help_text=_("Lyhyesti, mistä puhuttiin. Älä kirjaa henkilötunnusta tai terveystietoja."),
    )


class YouthContactForm(YouthContactEntryForm):
    first_name = forms.CharField(label=_("Etunimi"), max_length=150, required=False)
    age = forms.IntegerField(
        label=_("Ikä"),
        min_value=0,
        max_value=150,
        required=False,
        help_text=_("Ohjaamo palvelee alle 30-vuotiaita (R-YOUTH-1)."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kotikunta"), queryset=Municipality.objects.order_by("name_fi"), required=False
    )
    field_order = ["first_name", "age", "municipality", "on", "channel", "topic"]


class YouthContactConvertForm(forms.Form):
    identity_code = IdentityCodeField(label=_("Henkilötunnus"), max_length=20)
    last_name = forms.CharField(label=_("Sukunimi"), max_length=150, required=False)
    agreed = forms.BooleanField(
        label=_("Nuori suostuu siihen, että hänet rekisteröidään Ohjaamon asiakkaaksi"), required=False
    )
    agreed_on = _date(_("Suostumuksen päivä"), required=True)
    agreed_how = forms.ChoiceField(label=_("Miten suostumus annettiin"), choices=ContactChannel.choices)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class JointAssessmentForm(forms.Form):
    held_on = _date(_("Arvioitu"), required=True)
    participants = _text(_("Osallistujat"), help_text=_("Nuorten tiimin jäsenet ja nuori."))
    result = _text(_("Tulos"))
