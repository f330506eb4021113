from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import BENEFIT_CATEGORIES, Benefit, BenefitPeriod, Client, Consent
from yhteispolku.clients.services import EDITABLE_BASIC_FIELDS, INTEGRATION_FIELDS
from yhteispolku.core.categories import CONSENT_PURPOSES, CONSENTABLE_CATEGORIES, DataCategory
from yhteispolku.core.text import (
    FORMAT_CHARACTER_MESSAGE,
    LONG_TEXT,
    NOTE_TEXT,
    has_format_characters,
    tidy_name,
)
from yhteispolku.organisations.models import Organisation
from yhteispolku.rules import engine

BASIC_FIELDS = list(EDITABLE_BASIC_FIELDS)
NAME_FIELDS = ("first_names", "last_name", "calling_name")
INTEGRATION_DATE_FIELDS = (
    "residence_permit_valid_from",
    "residence_permit_valid_until",
    "integration_period_start",
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdentityCodeField(forms.CharField):
    """Tidied as the API tidies it (hetu.tidy) before its length is checked."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return hetu.tidy(text) if text else text


class ClientBasicForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = BASIC_FIELDS

    def clean(self) -> dict[str, Any]:
        # Names in one spelling and without invisible characters, on the pages and through the API alike.
        cleaned = super().clean() or {}
        for field in NAME_FIELDS:
            value = cleaned.get(field)
            if not isinstance(value, str):
                continue
            if has_format_characters(value):
                self.add_error(
                    field, forms.ValidationError(FORMAT_CHARACTER_MESSAGE, code="format_characters")
                )
            else:
                cleaned[field] = tidy_name(value)
        return cleaned


class ClientRegisterForm(ClientBasicForm):
    identity_code = IdentityCodeField(
        label=_("Henkilötunnus"),
        max_length=11,
        help_text=_("Muodossa PPKKVVXNNNT, esimerkiksi 010594Y9021 (testitunnus)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = ["identity_code", *BASIC_FIELDS]

    class Meta(ClientBasicForm.Meta):
        fields = [*BASIC_FIELDS, "education_level", "education_details", "work_history"]

    def clean_identity_code(self) -> str:
        try:
            return hetu.validate(self.cleaned_data["identity_code"])
        except InvalidIdentityCode as error:
            raise forms.ValidationError(error.messages) from error


class ClientEditForm(ClientBasicForm):
    """Basic data with the residence permit and integration period (R-KOTO-2 reads them)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(ClientBasicForm.Meta):
        fields = [*BASIC_FIELDS, *INTEGRATION_FIELDS]
        widgets = dict.fromkeys(INTEGRATION_DATE_FIELDS, DATE_INPUT)
        help_texts = {
            "residence_permit_valid_until": _("Jätä tyhjäksi, jos lupa on voimassa toistaiseksi."),
            "right_of_residence_registered": _("EU-kansalaisen rekisteröity oleskeluoikeus."),
        }

    def basic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in BASIC_FIELDS]

    def integration_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in INTEGRATION_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        valid_from, valid_until = (
            cleaned.get("residence_permit_valid_from"),
            cleaned.get("residence_permit_valid_until"),
        )
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error(
                "residence_permit_valid_until",
                forms.ValidationError(
                    _("Oleskeluluvan voimassaolon loppupäivä ei voi olla ennen alkupäivää."),
                    code="permit_ends_before_start",
                ),
            )
        self._check_integration_period(cleaned)
        has_permit_data = valid_from or valid_until
        if (
            has_permit_data
            and not cleaned.get("residence_permit_type")
            and "residence_permit_type" not in self.errors
        ):
            self.add_error(
                "residence_permit_type",
                forms.ValidationError(
                    _("Valitse oleskeluluvan tyyppi, kun annat luvan voimassaolon."),
                    code="permit_type_missing",
                ),
            )
        return cleaned

    def _check_integration_period(self, cleaned: dict[str, Any]) -> None:
        """The integration period starts from the assessment made once the person has a residence permit
        or a registered right of residence (R-KOTO-2), not before the permit's first day, and at the
        latest when the first integration plan is still due (R-KOTO-3: within 3 years of the permit)."""
        start = cleaned.get("integration_period_start")
        if start is None or "integration_period_start" in self.errors:
            return
        valid_from = cleaned.get("residence_permit_valid_from")
        if not cleaned.get("residence_permit_type") and not cleaned.get("right_of_residence_registered"):
            self.add_error(
                "integration_period_start",
                forms.ValidationError(
                    _(
                        "R-KOTO-2: kotoutumisaika alkaa, kun asiakkaalla on oleskelulupa tai rekisteröity "
                        "oleskeluoikeus. Kirjaa ne ensin."
                    ),
                    code="integration_without_permit",
                ),
            )
        elif valid_from and start < valid_from:
            self.add_error(
                "integration_period_start",
                forms.ValidationError(
                    _("R-KOTO-3: kotoutumisaika ei voi alkaa ennen oleskeluluvan alkua (%(day)s).")
                    % {"day": date_format(valid_from, "j.n.Y")},
                    code="integration_before_permit",
                ),
            )
        elif valid_from:
            try:
                within = engine.parameter("R-KOTO-3", "first_plan_within_months", on=valid_from)
            except engine.RuleMissing:
                return
            latest = engine.add_months(valid_from, int(within.value)) - timedelta(days=1)
            if start > latest:
                self.add_error(
                    "integration_period_start",
                    forms.ValidationError(
                        _(
                            "%(rule)s: kotoutumisaika alkaa %(months)s kuukauden kuluessa ensimmäisestä "
                            "oleskeluluvasta, viimeistään %(day)s."
                        )
                        % {
                            "rule": within.reference,
                            "months": within.value,
                            "day": date_format(latest, "j.n.Y"),
                        },
                        code="integration_too_late",
                    ),
                )


class JournalEntryForm(forms.Form):
    text = forms.CharField(
        label=_("Uusi merkintä"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kirjoita merkinnän teksti.")},
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Käyttötarkoitus"), choices=[(p.value, p.label) for p in CONSENT_PURPOSES]
    )
    purpose_details = forms.CharField(label=_("Tarkennus"), required=False, max_length=500)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaatiot, joiden välillä tietoja saa vaihtaa"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.SERVICE_PROVIDER),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Valitse vähintään yksi organisaatio.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Tietoryhmät"),
        choices=[(c.value, c.label) for c in CONSENTABLE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Valitse vähintään yksi tietoryhmä.")},
    )
    given_how = forms.ChoiceField(label=_("Miten suostumus annettiin"), choices=Consent.GivenHow.choices)
    given_on = forms.DateField(label=_("Annettu"), widget=DATE_INPUT)
    valid_from = forms.DateField(label=_("Voimassa alkaen"), widget=DATE_INPUT)
    valid_until = forms.DateField(
        label=_("Voimassa asti"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Jätä tyhjäksi, jos toistaiseksi."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["given_on"].initial = today
        self.fields["valid_from"].initial = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("Voimassaolon loppupäivä ei voi olla ennen alkupäivää."))
        return cleaned


class BenefitPeriodForm(forms.Form):
    """A benefit period; the benefits offered are those of the categories the actor may record."""

    benefit = forms.ChoiceField(label=_("Etuus"), choices=Benefit.choices)
    starts_on = forms.DateField(label=_("Alkaa"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("Päättyy"), required=False, widget=DATE_INPUT, help_text=_("Jätä tyhjäksi, jos toistaiseksi.")
    )
    source = forms.ChoiceField(label=_("Tiedon lähde"), choices=BenefitPeriod.Source.choices)

    def __init__(self, *args: Any, categories: tuple[DataCategory, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Benefit.choices if BENEFIT_CATEGORIES[value] in categories
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        return cleaned


class ConsentRevokeForm(forms.Form):
    how = forms.ChoiceField(label=_("Miten peruminen ilmoitettiin"), choices=Consent.GivenHow.choices)
    note = forms.CharField(label=_("Lisätieto"), required=False, max_length=500)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Hae nimellä tai henkilötunnuksella"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CaseloadForm(forms.Form):
    """The caseload list's sort and filters, as GET parameters (the page works without JavaScript)."""

    jarjestys = forms.ChoiceField(
        label=_("Järjestys"),
        required=False,
        choices=[
            ("nimi", _("Nimi")),
            ("maaraaika", _("Seuraava määräaika")),
            ("vaihe", _("Vaihe")),
            ("polku", _("Palvelupolku")),
        ],
    )
    polku = forms.ChoiceField(label=_("Palvelupolku"), required=False)
    vaihe = forms.ChoiceField(label=_("Vaihe"), required=False)
    myohassa = forms.BooleanField(label=_("Vain myöhässä olevat"), required=False)
    nakyma = forms.ChoiceField(
        label=_("Näytettävät asiakkaat"),
        required=False,
        choices=[("yksikko", _("Yksikön asiakkaat")), ("omat", _("Omat asiakkaat"))],
    )

    def __init__(
        self,
        *,
        initial: dict[str, Any],
        track_choices: list[tuple[str, str]],
        phase_choices: list[tuple[str, str]],
        has_unit_view: bool,
    ) -> None:
        """Shown with the filters in effect (`initial`); the choices are those of the caseload."""
        super().__init__(initial=initial)
        everything = [("", _("Kaikki"))]
        for name, choices in (("polku", track_choices), ("vaihe", phase_choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [*everything, *((value, capfirst(label)) for value, label in choices)]
        if not has_unit_view:
            del self.fields["nakyma"]


class WithholdForm(forms.Form):
    """A professional's decision that an entry is not shown to the client in Oma Yhteispolku (SPEC §5.1):
    the reason is recorded with the decider and the day."""

    reason = forms.CharField(
        label=_("Peruste, miksi kirjausta ei näytetä asiakkaalle"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Kirjoita peruste, miksi kirjausta ei näytetä asiakkaalle.")},
        help_text=_(
            "Asiakas ei näe kirjausta Oma Yhteispolussa, kunnes päätös kumotaan. Käyttöloki näkyy hänelle "
            "aina."
        ),
    )
