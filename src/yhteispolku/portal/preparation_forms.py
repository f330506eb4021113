"""The client's own forms before the first meeting, in plain words: the pre-information form and the
self-assessment. The limits are the models'; `version` is the one she opened (0 for a form not yet sent),
so a stale or repeated send is refused (409) and nothing she typed is lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HEALTH_SHOWN_TO = _(
    "Näkyy vain tiimisi terveydenhuollon ammattilaisille ja suostumuksellasi Kelan TYM-työkykyneuvojalle."
)
SCORE_ERROR = _("Valitse työkykysi arvio asteikolta 0–10.")


def _text(
    label: StrOrPromise, limit: int = NOTE_TEXT, *, required: bool = False, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "class": "hds-text-input__input"}),
        error_messages={"required": _("Kerro lyhyesti tilanteestasi omin sanoin.")},
    )


class OwnVersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class OwnPreInformationForm(OwnVersionForm):
    situation = _text(
        _("Kerro omin sanoin tilanteestasi nyt"),
        LONG_TEXT,
        required=True,
        help_text=_("Esimerkiksi mitä teet nyt, millaista arkesi on ja mitä haluat työntekijöiden tietävän."),
    )
    education = _text(_("Koulutuksesi (vapaaehtoinen)"), help_text=_("Koulut, tutkinnot ja kurssit."))
    work_history = _text(
        _("Työkokemuksesi (vapaaehtoinen)"), help_text=_("Työpaikat, harjoittelut ja työkokeilut.")
    )
    health = _text(_("Terveytesi omin sanoin (vapaaehtoinen)"), help_text=HEALTH_SHOWN_TO)
    wishes = _text(_("Mitä toivot palvelulta? (vapaaehtoinen)"))


class OwnSelfAssessmentForm(OwnVersionForm):
    work_ability = forms.TypedChoiceField(
        label=_("Millaiseksi arvioit työkykysi nyt? (0 = en pysty lainkaan työhön, 10 = paras mahdollinen)"),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "portal-score__input"}),
        help_text=HEALTH_SHOWN_TO,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    health = _text(_("Miten terveytesi vaikuttaa työkykyysi? (vapaaehtoinen)"), help_text=HEALTH_SHOWN_TO)
    daily_life = _text(
        _("Millaista arkesi on? (vapaaehtoinen)"),
        help_text=_("Esimerkiksi asuminen, raha-asiat, läheiset ja päivärytmi."),
    )
    strengths = _text(_("Missä olet hyvä? (vapaaehtoinen)"))
    obstacles = _text(_("Mikä vaikeuttaa nyt työllistymistäsi tai opiskeluasi? (vapaaehtoinen)"))
