from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yhteispolku.organisations.models import (
    JointControllerAgreement,
    KelaContact,
    Municipality,
    Organisation,
    Unit,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "business_id", "responsible_municipality", "is_demo"]
    list_filter = ["kind", "is_demo"]
    list_select_related = ["responsible_municipality"]
    search_fields = ["slug", "name_fi", "name_sv", "name_en", "business_id"]
    autocomplete_fields = ["responsible_municipality"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "kind", "parent"]
    list_filter = ["kind", "organisation"]
    # A parent unit's name includes its organisation's name.
    list_select_related = ["organisation", "parent__organisation"]
    search_fields = ["slug", "name_fi", "name_sv", "name_en", "organisation__name_fi"]
    autocomplete_fields = ["organisation", "parent"]
    filter_horizontal = ["municipalities"]


class JointControllerAgreementForm(forms.ModelForm):
    class Meta:
        model = JointControllerAgreement
        fields = ["reference", "parties", "valid_from", "valid_until"]

    def clean_parties(self) -> Any:
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError(_("Valitse sopimuksen osapuoliksi vähintään kaksi organisaatiota."))
        return parties


@admin.register(JointControllerAgreement)
class JointControllerAgreementAdmin(admin.ModelAdmin):
    """The data-protection officers' scope follows these agreements (`controllers_served_by`)."""

    form = JointControllerAgreementForm
    list_display = ["reference", "valid_from", "valid_until"]
    search_fields = ["reference", "parties__name_fi"]
    filter_horizontal = ["parties"]


@admin.register(KelaContact)
class KelaContactAdmin(admin.ModelAdmin):
    """The Kela professionals named for each TYM team (seed 004), shown on the team's case pages."""

    list_display = ["user", "role", "unit", "valid_from", "valid_until"]
    list_filter = ["role", "unit__organisation"]
    list_select_related = ["user", "unit__organisation"]
    search_fields = ["user__first_name", "user__last_name", "unit__name_fi"]
