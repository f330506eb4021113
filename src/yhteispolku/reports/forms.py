"""The period picker and the dimension filter: bad input is a message on the form, never a 500."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClosureReason, Track
from yhteispolku.clients.models import Client
from yhteispolku.core.text import SHORT_TEXT
from yhteispolku.organisations.models import Municipality, Organisation, Unit
from yhteispolku.reports.refresh import AGE_GROUPS
from yhteispolku.reports.selectors import Filters, Scope, refuse, scope_municipalities

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_MONTHS = 60


def parse_month(value: str) -> date | None:
    match = MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


def default_period(today: date) -> tuple[date, date]:
    last = today.replace(day=1)
    year, month = last.year, last.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1), last


class ReportFilterForm(forms.Form):
    start = forms.CharField(
        max_length=SHORT_TEXT,
        label=_("Alkukuukausi"),
        required=False,
        help_text=_("Muodossa vvvv-kk, esim. 2025-01"),
    )
    end = forms.CharField(
        max_length=SHORT_TEXT,
        label=_("Loppukuukausi"),
        required=False,
        help_text=_("Muodossa vvvv-kk, esim. 2025-12"),
    )
    organisation = forms.CharField(
        max_length=SHORT_TEXT, label=_("Organisaatio"), required=False, widget=forms.Select
    )
    unit = forms.CharField(max_length=SHORT_TEXT, label=_("Yksikkö"), required=False, widget=forms.Select)
    employment_area = forms.CharField(
        max_length=SHORT_TEXT, label=_("Työllisyysalue"), required=False, widget=forms.Select
    )
    wellbeing_county = forms.CharField(
        max_length=SHORT_TEXT, label=_("Hyvinvointialue"), required=False, widget=forms.Select
    )
    municipality = forms.CharField(
        max_length=SHORT_TEXT,
        label=_("Kotikunta"),
        required=False,
        widget=forms.Select,
        help_text=_("Asiakkaan kotikunta"),
    )
    track = forms.ChoiceField(label=_("Palvelupolku"), required=False)
    age_group = forms.ChoiceField(label=_("Ikäryhmä"), required=False)
    service_language = forms.ChoiceField(label=_("Asiointikieli"), required=False)
    closure_reason = forms.ChoiceField(label=_("Päättymisen syy"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        scope: Scope,
        organisations: list[Organisation],
        units: list[Unit],
        actor: User,
        request: HttpRequest | None = None,
    ) -> None:
        super().__init__(data)
        self.scope = scope
        self.actor = actor
        self.request = request
        # Kela lists no municipalities: its area is the whole country.
        self.municipalities = scope_municipalities(scope) or set(
            Municipality.objects.values_list("code", flat=True)
        )
        areas = Organisation.objects.filter(municipalities__code__in=self.municipalities).distinct()
        self.fields["employment_area"].widget.choices = [("", _("Kaikki"))] + [
            (str(o.pk), o.name) for o in areas.filter(kind=Organisation.Kind.EMPLOYMENT_AUTHORITY)
        ]
        self.fields["wellbeing_county"].widget.choices = [("", _("Kaikki"))] + [
            (str(o.pk), o.name) for o in areas.filter(kind=Organisation.Kind.WELLBEING_COUNTY)
        ]
        self.fields["municipality"].widget.choices = [("", _("Kaikki"))] + [
            (m.code, m.name) for m in Municipality.objects.filter(code__in=self.municipalities)
        ]
        self.today = timezone.localdate()
        everyone: list[tuple[str, Any]] = [("", _("Kaikki"))]
        self.fields["organisation"].widget.choices = everyone + [(str(o.pk), o.name) for o in organisations]
        self.fields["unit"].widget.choices = everyone + [(str(u.pk), u.name) for u in units]
        cast(forms.ChoiceField, self.fields["track"]).choices = everyone + list(Track.choices)
        ages = [(label, label) for *_bounds, label in AGE_GROUPS]
        cast(forms.ChoiceField, self.fields["age_group"]).choices = everyone + ages
        languages = list(Client.ServiceLanguage.choices)
        cast(forms.ChoiceField, self.fields["service_language"]).choices = everyone + languages
        reasons = list(ClosureReason.choices)
        cast(forms.ChoiceField, self.fields["closure_reason"]).choices = everyone + reasons
        first, last = default_period(self.today)
        self.initial_period = (first, last)
        if not self.is_bound:
            self.initial = {"start": first.strftime("%Y-%m"), "end": last.strftime("%Y-%m")}

    def _month(self, name: str, default: date) -> date:
        value = self.cleaned_data.get(name) or ""
        if not value:
            return default
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Anna kuukausi muodossa vvvv-kk, esim. 2025-01."), code="month")
        if month > self.today.replace(day=1):
            raise forms.ValidationError(_("Kuukausi ei voi olla tulevaisuudessa."), code="future")
        return month

    def clean_start(self) -> date:
        return self._month("start", self.initial_period[0])

    def clean_end(self) -> date:
        return self._month("end", self.initial_period[1])

    def clean_organisation(self) -> int | None:
        value = self.cleaned_data.get("organisation") or ""
        if not value:
            return None
        if not value.isdigit() or not Organisation.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError(_("Tuntematon organisaatio."), code="unknown")
        if int(value) not in self.scope.organisation_ids:
            refuse(
                self.actor,
                "outside_scope",
                _("Tämän organisaation luvut eivät kuulu tilannekuvaasi."),
                object_id=f"organisation:{value}",
                request=self.request,
            )
        return int(value)

    def _area(self, name: str, kind: str, unknown: Any) -> frozenset[str] | None:
        value = self.cleaned_data.get(name) or ""
        if not value:
            return None
        area = Organisation.objects.filter(pk=int(value), kind=kind).first() if value.isdigit() else None
        if area is None:
            raise forms.ValidationError(unknown, code="unknown")
        codes = frozenset(area.municipalities.values_list("code", flat=True))
        if not codes & self.municipalities:
            refuse(
                self.actor,
                "outside_scope",
                _("Tämän alueen luvut eivät kuulu tilannekuvaasi."),
                object_id=f"{name}:{value}",
                request=self.request,
            )
        return codes

    def clean_employment_area(self) -> frozenset[str] | None:
        return self._area(
            "employment_area", Organisation.Kind.EMPLOYMENT_AUTHORITY, _("Tuntematon työllisyysalue.")
        )

    def clean_wellbeing_county(self) -> frozenset[str] | None:
        return self._area(
            "wellbeing_county", Organisation.Kind.WELLBEING_COUNTY, _("Tuntematon hyvinvointialue.")
        )

    def clean_municipality(self) -> str:
        value = (self.cleaned_data.get("municipality") or "").strip()
        if not value:
            return ""
        if not Municipality.objects.filter(code=value).exists():
            raise forms.ValidationError(_("Tuntematon kunta."), code="unknown")
        if value not in self.municipalities:
            refuse(
                self.actor,
                "outside_scope",
                _("Tämän kunnan luvut eivät kuulu tilannekuvaasi."),
                object_id=f"municipality:{value}",
                request=self.request,
            )
        return value

    def clean_unit(self) -> int | None:
        value = self.cleaned_data.get("unit") or ""
        if not value:
            return None
        unit = Unit.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if unit is None:
            raise forms.ValidationError(_("Tuntematon yksikkö."), code="unknown")
        allowed = (
            unit.pk in self.scope.unit_ids
            if self.scope.unit_ids
            else unit.organisation_id in self.scope.organisation_ids
        )
        if not allowed:
            refuse(
                self.actor,
                "outside_scope",
                _("Tämän yksikön luvut eivät kuulu tilannekuvaasi."),
                object_id=f"unit:{value}",
                request=self.request,
            )
        return unit.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("end", _("Loppukuukausi ei voi olla ennen alkukuukautta."))
            elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
                self.add_error("end", _("Jakso voi olla enintään 60 kuukautta."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        areas = [data.get(name) for name in ("employment_area", "wellbeing_county")]
        chosen = [codes for codes in areas if codes is not None]
        area_municipalities = frozenset.intersection(*chosen) if chosen else None
        return Filters(
            municipality=data.get("municipality") or "",
            area_municipalities=area_municipalities,
            first_month=data["start"],
            last_month=data["end"],
            organisation_id=data.get("organisation"),
            unit_id=data.get("unit"),
            track=data.get("track") or "",
            age_group=data.get("age_group") or "",
            service_language=data.get("service_language") or "",
            closure_reason=data.get("closure_reason") or "",
        )

    def default_filters(self) -> Filters:
        return Filters(first_month=self.initial_period[0], last_month=self.initial_period[1])
