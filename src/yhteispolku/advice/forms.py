from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.advice.models import AdviceDecision
from yhteispolku.core.text import NOTE_TEXT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnemploymentFactsForm(forms.Form):
    on = forms.DateField(label=_("Tilanne päivänä"), widget=DATE_INPUT)
    employed = forms.BooleanField(label=_("On työsuhteessa"), required=False)
    fully_laid_off = forms.BooleanField(label=_("On lomautettu kokoaikaisesti"), required=False)
    weekly_working_hours = forms.DecimalField(
        label=_("Säännöllinen työaika tunteina viikossa"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        help_text=_("Työsuhteessa oleva on työtön, jos työaika on alle säännön rajan (R-UNEMP-1)."),
    )
    self_employed_full_time = forms.BooleanField(
        label=_("Työllistyy päätoimisesti yritystoiminnassa tai omassa työssään"), required=False
    )
    self_employment_days = forms.IntegerField(
        label=_("Päätoimisen yritystoiminnan kesto päivinä"), required=False, min_value=0
    )
    full_time_student = forms.BooleanField(label=_("On päätoiminen opiskelija"), required=False)
    student_entitled_to_benefit = forms.BooleanField(
        label=_("Opiskelijalla on oikeus työttömyysetuuteen"), required=False
    )


class AdviceDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Päätös"), choices=AdviceDecision.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        max_length=NOTE_TEXT, label=_("Perustelu"), widget=forms.Textarea(attrs={"rows": 4})
    )
