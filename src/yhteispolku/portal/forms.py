"""Oma Yhteispolku's forms: plain-language labels, the same limits as the professionals' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients.forms import ConsentForm
from yhteispolku.core.text import NOTE_TEXT
from yhteispolku.documents.forms import AttachmentForm

SCORE_ERROR = _("Valitse arvosana 0–10.")


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_(
            "Kuinka todennäköisesti suosittelisit palvelua ystävällesi? (0 = en lainkaan, 10 = erittäin)"
        ),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "portal-score__input"}),
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    text = forms.CharField(
        label=_("Mitä haluat kertoa palvelusta? (vapaaehtoinen)"),
        max_length=NOTE_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "hds-text-input__input"}),
    )


class OwnConsentForm(ConsentForm):
    """The professionals' consent form as the client fills it in: she gives it herself, electronically and
    today (the service records how and when), in plainer words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["given_how"], self.fields["given_on"]
        labels = {
            "purpose": _("Mihin tarkoitukseen annat suostumuksen?"),
            "purpose_details": _("Tarkennus (vapaaehtoinen)"),
            "organisations": _("Mitkä organisaatiot saavat vaihtaa tietojasi keskenään?"),
            "categories": _("Mitä tietojasi suostumus koskee?"),
            "valid_from": _("Voimassa alkaen"),
            "valid_until": _("Voimassa asti (vapaaehtoinen)"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["valid_until"].help_text = _("Jätä tyhjäksi, jos suostumus on voimassa toistaiseksi.")
        self.fields["valid_from"].initial = timezone.localdate()
        for name in ("purpose_details",):
            self.fields[name].widget.attrs.setdefault("class", "hds-text-input__input")

    def clean_valid_from(self) -> Any:
        valid_from = self.cleaned_data["valid_from"]
        if valid_from < timezone.localdate():
            raise forms.ValidationError(_("Suostumus voi alkaa aikaisintaan tänään."))
        return valid_from


class TodoDocumentForm(AttachmentForm):
    """The document a to-do asks for, as she sends it: the file (the documents app's field and checks),
    who wrote it and its date, in plain words."""

    author_name = forms.CharField(
        label=_("Kuka asiakirjan on kirjoittanut?"),
        help_text=_("Esimerkiksi terveysaseman tai oppilaitoksen nimi."),
        max_length=200,
        error_messages={"required": _("Kerro, kuka asiakirjan on kirjoittanut.")},
        widget=forms.TextInput(attrs={"class": "hds-text-input__input", "autocomplete": "organization"}),
    )
    dated_on = forms.DateField(
        label=_("Asiakirjan päivämäärä"),
        widget=forms.DateInput(attrs={"type": "date", "class": "hds-text-input__input"}, format="%Y-%m-%d"),
        error_messages={"required": _("Anna asiakirjan päivämäärä."), "invalid": _("Anna päivämäärä.")},
    )
    field_order = ["file", "author_name", "dated_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Valitse tiedosto")
        self.fields["file"].error_messages["required"] = _("Valitse lähetettävä tiedosto.")
        self.fields["dated_on"].initial = timezone.localdate()
