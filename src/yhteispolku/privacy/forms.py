"""The privacy desk's forms. Bad input gets a message on the form, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.categories import Action
from yhteispolku.privacy.models import AccessLogRequest

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

REFERENCE_FIELD_ARGS: dict[str, Any] = {
    "label": _("Pyynnön tunniste"),
    "max_length": 60,
    "help_text": _("Lokitietopyynnön diaari- tai asianumero. Kirjataan käyttölokiin jokaisen haun kanssa."),
    "widget": forms.TextInput(attrs={"autocomplete": "off"}),
}


class SearchForm(forms.Form):
    reference = forms.CharField(**REFERENCE_FIELD_ARGS)
    q = forms.CharField(
        label=_("Henkilötunnus tai nimi"),
        max_length=100,
        help_text=_("Henkilötunnuksella haku löytää vain täsmälleen saman tunnuksen."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip()


class RequestForm(forms.Form):
    reference = forms.CharField(**REFERENCE_FIELD_ARGS)
    requester = forms.ChoiceField(
        label=_("Pyytäjä"),
        choices=AccessLogRequest.Requester.choices,
        initial=AccessLogRequest.Requester.CLIENT,
        widget=forms.RadioSelect,
    )
    representative_name = forms.CharField(
        label=_("Edustajan nimi"),
        max_length=200,
        required=False,
        help_text=_("Vain kun pyytäjä on asiakkaan edustaja (esimerkiksi edunvalvoja)."),
    )
    received_on = forms.DateField(label=_("Saapunut"), widget=DATE_INPUT)


class ExtendForm(forms.Form):
    extension_reason = forms.CharField(
        label=_("Pidennyksen syy"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Esimerkiksi pyynnön laajuus tai pyyntöjen suuri määrä. Syy kerrotaan asiakkaalle."),
    )


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label=_("Vastaus toimitettu"), widget=DATE_INPUT)


class LogFilterForm(forms.Form):
    since = forms.DateField(label=_("Alkaen"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("Päättyen"), required=False, widget=DATE_INPUT)
    # The choices come from the client's own log, with their counts (set by the view).
    actor = forms.IntegerField(label=_("Ammattilainen"), required=False, widget=forms.Select)
    organisation = forms.CharField(
        label=_("Organisaatio"), required=False, max_length=200, widget=forms.Select
    )
    action = forms.ChoiceField(
        label=_("Toiminto"), required=False, choices=[("", _("Kaikki toiminnot")), *Action.choices]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        today = timezone.localdate()
        if since and since > today:
            self.add_error("since", _("Jakso ei voi alkaa tulevaisuudessa."))
        if since and until and until < since:
            self.add_error("until", _("Jakson loppu ei voi olla ennen sen alkua."))
        return cleaned
