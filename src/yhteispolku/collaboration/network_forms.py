"""Forms of the client's network and of consultation guests: they only parse input; the services in
`collaboration.network` and `collaboration.guests` decide what is allowed and check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients.models import Consent
from yhteispolku.collaboration.models import NetworkContact, NetworkContactKind
from yhteispolku.core.text import NOTE_TEXT, SHORT_TEXT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONSENT_REQUIRED = _(
    "Asiakkaan suostumus on pakollinen: kirjaa, milloin asiakas suostui yhteydenpitoon tämän tahon kanssa."
)


class NetworkContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Yhteystahon laji"),
        choices=[("", "–"), *NetworkContactKind.choices],
        error_messages={"required": _("Valitse yhteystahon laji.")},
    )
    name = forms.CharField(
        label=_("Nimi"),
        max_length=SHORT_TEXT,
        error_messages={"required": _("Kirjoita yhteystahon nimi.")},
    )
    organisation = forms.CharField(
        label=_("Organisaatio"),
        max_length=SHORT_TEXT,
        required=False,
        help_text=_(
            "Esimerkiksi työeläkelaitos, yhdistys tai työnantaja. Tyhjä, jos taho on yksityishenkilö."
        ),
    )
    phone = forms.CharField(label=_("Puhelin"), max_length=40, required=False)
    email = forms.CharField(label=_("Sähköposti"), max_length=SHORT_TEXT, required=False)
    purpose = forms.CharField(
        label=_("Yhteydenpidon tarkoitus"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Kirjoita yhteydenpidon tarkoitus: mitä varten tahoon pidetään yhteyttä.")
        },
    )
    consent_given_on = forms.DateField(
        label=_("Asiakkaan suostumus annettu"),
        widget=DATE_INPUT,
        error_messages={"required": CONSENT_REQUIRED},
    )
    consent_how = forms.ChoiceField(
        label=_("Miten asiakas antoi suostumuksensa"),
        choices=[("", "–"), *Consent.GivenHow.choices],
        error_messages={
            "required": _("Asiakkaan suostumus on pakollinen: valitse, miten asiakas antoi suostumuksensa.")
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    @classmethod
    def for_contact(cls, data: Any, contact: NetworkContact) -> NetworkContactForm:
        initial = {
            name: getattr(contact, name) for name in ("kind", "name", "organisation", "phone", "email")
        }
        initial.update(
            purpose=contact.purpose,
            consent_given_on=contact.consent_given_on,
            consent_how=contact.consent_how,
            revision=contact.revision,
        )
        return cls(data, initial=initial)


class NetworkContactEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Päättymispäivä"),
        widget=DATE_INPUT,
        help_text=_("Esimerkiksi päivä, jona asiakas perui suostumuksensa yhteydenpitoon."),
        error_messages={"required": _("Anna päättymispäivä.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class GuestInviteForm(forms.Form):
    contact = forms.ChoiceField(
        label=_("Kutsuttava verkoston yhteystaho"),
        error_messages={
            "required": _("Valitse kutsuttava yhteystaho."),
            "invalid_choice": _(
                "Vieraaksi voi kutsua vain asiakkaan voimassa olevan verkoston yhteystahon, jota ei ole jo "
                "kutsuttu."
            ),
        },
    )
    shared_with_guest = forms.CharField(
        label=_("Vieraalle jaettava tieto"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Vieras näkee konsultaation ajan, toteutustavan ja asialistan sekä tämän tekstin, ei muuta "
            "asiakkaan tiedoista."
        ),
    )

    def __init__(self, *args: Any, contacts: list[NetworkContact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [
            (str(contact.code), f"{contact.name} ({contact.get_kind_display()})") for contact in contacts
        ]


class GuestRevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Peru kutsu: vieras ei enää pääse konsultaatioon"),
        error_messages={"required": _("Vahvista kutsun peruminen.")},
    )


class GuestReissueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Anna uusi linkki ja koodi: vieraan aiempi linkki, koodi ja kirjautuminen lakkaavat toimimasta"
        ),
        error_messages={"required": _("Vahvista uuden kirjautumislinkin antaminen.")},
    )


class GuestCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kertakoodi"),
        max_length=12,
        help_text=_("Kuusinumeroinen koodi, jonka konsultaation järjestäjä luki sinulle puhelimessa."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Anna kertakoodi.")},
    )


class GuestContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Kannanottosi tai kommenttisi"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Kirjoita kannanottosi tai kommenttisi.")},
    )
