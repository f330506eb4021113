from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import MappingActionKind, StatementType
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Arviointipäivä"), widget=DATE_INPUT, error_messages={"required": _("Anna arviointipäivä.")}
    )
    findings = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Havainnot"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Kirjoita arvion havainnot.")},
    )
    needs = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Tunnistetut tarpeet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kirjoita arviossa tunnistetut tarpeet.")},
    )


class AssessmentUpdateForm(AssessmentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        role = obj.role.name if obj.role else ""
        return f"{obj} ({role})" if role else str(obj)


class MappingActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Toimenpide"), choices=MappingActionKind.choices)
    description = forms.CharField(
        label=_("Kuvaus"),
        required=False,
        max_length=300,
        help_text=_("Pakollinen, kun laji on ”muu toimenpide”."),
    )
    planned_on = forms.DateField(
        label=_("Suunniteltu ajankohta"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna toimenpiteen suunniteltu ajankohta.")},
    )
    responsible = TeamMemberChoiceField(
        label=_("Vastuuhenkilö"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Valitse vastuuhenkilö."),
            "invalid_choice": _("Vastuuhenkilön on oltava asiakkaan tiimin nykyinen jäsen."),
        },
    )

    def __init__(self, *args: Any, relationship: ClientRelationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(
                team_memberships__relationship=relationship, team_memberships__left_on__isnull=True
            )
            .select_related("role")
            .order_by("last_name", "first_name", "pk")
        )


class MappingActionCompleteForm(forms.Form):
    done_on = forms.DateField(
        label=_("Tehty"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna päivä, jolloin toimenpide tehtiin.")},
    )
    outcome = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Tulos"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kirjoita toimenpiteen tulos.")},
    )
    medical_statement_needed = forms.BooleanField(
        label=_("Todettiin lääkärinlausunnon tarve"), required=False
    )
    statement_type = forms.ChoiceField(
        label=_("Lausunnon tyyppi"),
        required=False,
        choices=[("", _("ei lausuntoa")), *StatementType.choices],
        help_text=_("B-lausunto (SV 7) vaaditaan Kelan ammatilliseen kuntoutukseen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed, statement_type = cleaned.get("medical_statement_needed"), cleaned.get("statement_type")
        if needed and not statement_type:
            self.add_error("statement_type", _("Valitse tarvittavan lääkärinlausunnon tyyppi."))
        if statement_type and not needed:
            self.add_error(
                "statement_type", _("Valitse lausunnon tyyppi vain, kun lääkärinlausunnon tarve todetaan.")
            )
        return cleaned
