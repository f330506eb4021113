"""Oma Yhteispolku's forms: plain-language labels, the same limits as the professionals' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.text import NOTE_TEXT

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
