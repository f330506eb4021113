"""The rules of the service paths, read from rule data (`rules/data/*.toml`) through the engine.

Each check returns the refusals as messages that name the rule and its version, so a form, the API and
the tests see the same words. A period counts its last day: `period_last_day(1.1., 3)` is 31.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yhteispolku.paths.errors import RuleNotInForce
from yhteispolku.rules import engine
from yhteispolku.rules.engine import Parameter


def rule(rule_id: str, name: str, on: date, region: str | None = None) -> Parameter:
    try:
        return engine.parameter(rule_id, name, on=on, region=region)
    except engine.RuleMissing as error:
        raise RuleNotInForce(
            _("%(rule)s: päivälle %(day)s ei ole voimassa olevaa sääntöä.")
            % {"rule": rule_id, "day": day_text(on)}
        ) from error


def regional_rule(rule_id: str, name: str, on: date, region: str) -> Parameter | None:
    """A region's own parameter (R-SOC-2, R-DIS-1), or None where the region has set none."""
    try:
        return engine.parameter(rule_id, name, on=on, region=region)
    except engine.RuleMissing:
        return None


def period_last_day(start: date, months: int) -> date:
    """The last day of a period of `months` that begins on `start` (1.1. + 3 → 31.3.)."""
    return engine.add_months(start, months) - timedelta(days=1)


def day_text(day: date) -> str:
    return date_format(day, "j.n.Y")


def _ref(parameter: Parameter) -> str:
    return parameter.reference


# --- KUTY (R-KUTY-1..4) --------------------------------------------------------------------------------

KUTY_ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "goal_description_place": ("goal", "description", "place"),
    "daily_and_weekly_duration": ("hours_per_day", "days_per_week"),
    "start_and_length": ("starts_on", "ends_on"),
    "support_and_guidance": ("support_and_guidance",),
    "other_services": ("other_services",),
    "effects_assessment_date": ("effects_assessed_by",),
}


def _kuty_item_label(item: str) -> str:
    labels = {
        "goal_description_place": _("(1) tavoite, kuvaus ja toimintapaikka"),
        "daily_and_weekly_duration": _("(2) päivittäinen ja viikoittainen kesto"),
        "start_and_length": _("(3) alkamispäivä ja kesto"),
        "support_and_guidance": _("(4) annettava tuki ja ohjaus"),
        "other_services": _("(5) rinnakkaiset sosiaali-, terveys-, kuntoutus- ja koulutuspalvelut"),
        "effects_assessment_date": _("(6) päivä, johon mennessä vaikutukset arvioidaan"),
    }
    return labels.get(item, item)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def kuty_section_refusals(data: dict[str, Any], *, continues_period: bool = False) -> dict[str, str]:
    """What keeps a KUTY section from being saved, per field; empty when it may be saved.

    R-KUTY-1: the six items; R-KUTY-2: 1–4 days a week, a period of at least 3 months (a continuation
    again at least 3 months); R-KUTY-3: 4–8 hours a day, at most 32 hours a week, at most 24 months;
    R-KUTY-4: not for paid work over 8 h/week, full-time entrepreneurship or study, another service.
    The versions in force on the period's first day apply.
    """
    refusals: dict[str, str] = {}
    on = data.get("starts_on") or timezone.localdate()
    mandatory = rule("R-KUTY-1", "mandatory_items", on)
    for item in mandatory.value:
        fields = KUTY_ITEM_FIELDS.get(item, ())
        missing = [field for field in fields if _blank(data.get(field))]
        for field in missing:
            refusals[field] = _("%(rule)s: kirjaa %(item)s.") % {
                "rule": _ref(mandatory),
                "item": _kuty_item_label(item),
            }
    days = data.get("days_per_week")
    if days is not None and "days_per_week" not in refusals:
        low = rule("R-KUTY-2", "min_days_per_week", on)
        high = rule("R-KUTY-2", "max_days_per_week", on)
        if not low.value <= int(days) <= high.value:
            refusals["days_per_week"] = _(
                "%(rule)s: kuntouttavaa työtoimintaa on %(low)s–%(high)s päivää viikossa, ei %(days)s."
            ) % {"rule": _ref(low), "low": low.value, "high": high.value, "days": days}
    hours = data.get("hours_per_day")
    if hours is not None and "hours_per_day" not in refusals:
        low = rule("R-KUTY-3", "min_hours_per_day", on)
        high = rule("R-KUTY-3", "max_hours_per_day", on)
        if not Decimal(str(low.value)) <= Decimal(str(hours)) <= Decimal(str(high.value)):
            refusals["hours_per_day"] = _(
                "%(rule)s: kuntouttavaa työtoimintaa on %(low)s–%(high)s tuntia päivässä, ei %(hours)s."
            ) % {"rule": _ref(low), "low": low.value, "high": high.value, "hours": hours}
        elif days is not None and "days_per_week" not in refusals:
            weekly = rule("R-KUTY-3", "max_hours_per_week", on)
            if Decimal(str(hours)) * int(days) > Decimal(str(weekly.value)):
                refusals["hours_per_day"] = _(
                    "%(rule)s: kuntouttavaa työtoimintaa on enintään %(max)s tuntia viikossa."
                ) % {"rule": _ref(weekly), "max": weekly.value}
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and "ends_on" not in refusals:
        name = "continuation_period_months" if continues_period else "min_period_months"
        shortest = rule("R-KUTY-2", name, starts_on)
        longest = rule("R-KUTY-3", "max_period_months", starts_on)
        if ends_on < period_last_day(starts_on, int(shortest.value)):
            refusals["ends_on"] = _(
                "%(rule)s: jakso kestää vähintään %(months)s kuukautta: %(start)s alkava jakso päättyy "
                "aikaisintaan %(earliest)s."
            ) % {
                "rule": _ref(shortest),
                "months": shortest.value,
                "start": day_text(starts_on),
                "earliest": day_text(period_last_day(starts_on, int(shortest.value))),
            }
        elif ends_on > period_last_day(starts_on, int(longest.value)):
            refusals["ends_on"] = _(
                "%(rule)s: jakso kestää enintään %(months)s kuukautta: %(start)s alkava jakso päättyy "
                "viimeistään %(latest)s."
            ) % {
                "rule": _ref(longest),
                "months": longest.value,
                "start": day_text(starts_on),
                "latest": day_text(period_last_day(starts_on, int(longest.value))),
            }
    effects = data.get("effects_assessed_by")
    inside = bool(effects and starts_on and ends_on and starts_on < effects <= ends_on)
    if effects and starts_on and ends_on and "effects_assessed_by" not in refusals and not inside:
        refusals["effects_assessed_by"] = _(
            "%(rule)s: vaikutukset arvioidaan jakson aikana, viimeistään sen päättyessä %(end)s."
        ) % {"rule": _ref(mandatory), "end": day_text(ends_on)}
    refusals.update(_kuty_exclusions(data, on))
    return refusals


def _kuty_exclusions(data: dict[str, Any], on: date) -> dict[str, str]:
    limit = rule("R-KUTY-4", "max_paid_work_hours_per_week", on)
    refusals: dict[str, str] = {}
    paid = data.get("paid_work_hours_per_week") or 0
    if Decimal(str(paid)) > Decimal(str(limit.value)):
        refusals["paid_work_hours_per_week"] = _(
            "%(rule)s: kuntouttavaa työtoimintaa ei järjestetä yli %(hours)s tuntia viikossa palkkatyössä "
            "olevalle."
        ) % {"rule": _ref(limit), "hours": limit.value}
    for field, message in (
        ("full_time_entrepreneur", _("päätoimiselle yrittäjälle")),
        ("full_time_student", _("päätoimiselle opiskelijalle")),
        ("in_other_employment_service", _("muussa työllistymistä edistävässä palvelussa olevalle")),
    ):
        if data.get(field):
            refusals[field] = _("%(rule)s: kuntouttavaa työtoimintaa ei järjestetä %(whom)s.") % {
                "rule": _ref(limit),
                "whom": message,
            }
    return refusals


def activation_plan_refusals(
    *, made_on: date, next_review_on: date | None, basis: str, benefit_days: int | None, age: int | None
) -> dict[str, str]:
    """R-KUTY-5: who the activation plan is for (the version in force on the day it is made);
    R-KUTY-2: its next update 3–12 months ahead."""
    refusals: dict[str, str] = {}
    bases = rule("R-KUTY-5", "allowed_bases", made_on)
    if basis not in bases.value:
        refusals["basis"] = _(
            "%(rule)s: %(day)s alkaen aktivointisuunnitelma laaditaan vain työttömyyden vuoksi "
            "toimeentulotukea saavalle; työttömyysetuutta saavan reitti kuntouttavaan työtoimintaan on "
            "TYM-suunnitelma."
        ) % {"rule": _ref(bases), "day": day_text(bases.effective_from)}
    elif basis == ActivationBasisValue.UNEMPLOYMENT_BENEFIT:
        young_limit = rule("R-KUTY-5", "young_age_limit", made_on)
        young = age is not None and age < int(young_limit.value)
        needed = rule("R-KUTY-5", "young_min_benefit_days" if young else "adult_min_benefit_days", made_on)
        if benefit_days is None or benefit_days < int(needed.value):
            refusals["benefit_days"] = _(
                "%(rule)s: työttömyysetuuden perusteella aktivointisuunnitelma laaditaan, kun etuutta on "
                "maksettu vähintään %(days)s päivää."
            ) % {"rule": _ref(needed), "days": needed.value}
    if next_review_on is not None:
        low = rule("R-KUTY-2", "activation_plan_review_min_months", made_on)
        high = rule("R-KUTY-2", "activation_plan_review_max_months", made_on)
        earliest = engine.add_months(made_on, int(low.value))
        latest = engine.add_months(made_on, int(high.value))
        if not earliest <= next_review_on <= latest:
            refusals["next_review_on"] = _(
                "%(rule)s: aktivointisuunnitelma päivitetään %(low)s–%(high)s kuukauden välein: "
                "%(earliest)s–%(latest)s."
            ) % {
                "rule": _ref(low),
                "low": low.value,
                "high": high.value,
                "earliest": day_text(earliest),
                "latest": day_text(latest),
            }
    return refusals


class ActivationBasisValue:
    # The stored values of models.ActivationBasis, without importing the models into the rules.
    SOCIAL_ASSISTANCE = "social_assistance"
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit"


# --- Integration (R-KOTO-1..3) -------------------------------------------------------------------------


@dataclass(frozen=True)
class IntegrationLimits:
    first_plan_last_day: date | None  # for the first plan only
    total_last_day: date  # R-KOTO-1: 2 years from the first plan
    extended_last_day: date  # R-KOTO-1: 3 years with a recorded reason
    total: Parameter
    extended: Parameter


def integration_limits(first_start: date) -> IntegrationLimits:
    first = rule("R-KOTO-1", "first_plan_max_months", first_start)
    total = rule("R-KOTO-1", "total_max_months", first_start)
    extended = rule("R-KOTO-1", "extended_total_max_months", first_start)
    return IntegrationLimits(
        first_plan_last_day=period_last_day(first_start, int(first.value)),
        total_last_day=period_last_day(first_start, int(total.value)),
        extended_last_day=period_last_day(first_start, int(extended.value)),
        total=total,
        extended=extended,
    )


def integration_plan_refusals(
    *,
    starts_on: date,
    ends_on: date,
    extension_reason: str,
    first_plan_start: date | None,
    previous_end: date | None,
    first_residence_permit_on: date | None,
) -> dict[str, str]:
    """R-KOTO-1: the first plan at most 1 year; all at most 2 years from the first plan's start, up to
    3 years with a recorded reason. R-KOTO-3: the first plan within 3 years of the first permit."""
    refusals: dict[str, str] = {}
    if ends_on < starts_on:
        return {"ends_on": _("Suunnitelma ei voi päättyä ennen kuin se alkaa.")}
    if previous_end is not None and starts_on <= previous_end:
        refusals["starts_on"] = _("Uusi suunnitelma alkaa edellisen päätyttyä (%(end)s).") % {
            "end": day_text(previous_end)
        }
    is_first = first_plan_start is None
    first_start = starts_on if is_first else first_plan_start
    assert first_start is not None
    limits = integration_limits(first_start)
    first = rule("R-KOTO-1", "first_plan_max_months", first_start)
    if is_first:
        if first_residence_permit_on is None:
            refusals["starts_on"] = _(
                "%(rule)s: kirjaa ensin osaamisen ja kotoutumisen palveluntarpeen arvio ja ensimmäisen "
                "oleskeluluvan päivä."
            ) % {"rule": "R-KOTO-3"}
        else:
            within = rule("R-KOTO-3", "first_plan_within_months", starts_on)
            deadline = period_last_day(first_residence_permit_on, int(within.value))
            if starts_on > deadline:
                refusals["starts_on"] = _(
                    "%(rule)s: ensimmäinen kotoutumissuunnitelma laaditaan %(months)s kuukauden kuluessa "
                    "ensimmäisestä oleskeluluvasta, viimeistään %(deadline)s."
                ) % {"rule": _ref(within), "months": within.value, "deadline": day_text(deadline)}
        assert limits.first_plan_last_day is not None
        if ends_on > limits.first_plan_last_day:
            refusals["ends_on"] = _(
                "%(rule)s: ensimmäinen kotoutumissuunnitelma on enintään %(months)s kuukautta: %(start)s "
                "alkava päättyy viimeistään %(latest)s."
            ) % {
                "rule": _ref(first),
                "months": first.value,
                "start": day_text(starts_on),
                "latest": day_text(limits.first_plan_last_day),
            }
            return refusals
    if ends_on > limits.extended_last_day:
        refusals["ends_on"] = _(
            "%(rule)s: kotoutumissuunnitelmat ovat yhteensä enintään %(months)s kuukautta ensimmäisen "
            "alusta, viimeistään %(latest)s."
        ) % {
            "rule": _ref(limits.extended),
            "months": limits.extended.value,
            "latest": day_text(limits.extended_last_day),
        }
    elif ends_on > limits.total_last_day and not extension_reason.strip():
        refusals["extension_reason"] = _(
            "%(rule)s: kotoutumissuunnitelmat ovat yhteensä enintään %(months)s kuukautta ensimmäisen alusta "
            "(%(latest)s); pidennys enintään %(extended)s kuukauteen vaatii kirjatun perusteen."
        ) % {
            "rule": _ref(limits.total),
            "months": limits.total.value,
            "latest": day_text(limits.total_last_day),
            "extended": limits.extended.value,
        }
    return refusals


# --- Employment services, social rehabilitation, disability activity, youth ----------------------------


def initial_interview_due(registered_on: date) -> engine.DueDate:
    """R-EMP-2: the initial interview within N working days of registration (the version in force on
    the registration day: 5 until 31.12.2025, 10 from 1.1.2026)."""
    try:
        return engine.due("R-EMP-2", "initial_interview_working_days", registered_on)
    except engine.RuleMissing as error:
        raise RuleNotInForce(
            _("%(rule)s: päivälle %(day)s ei ole voimassa olevaa sääntöä.")
            % {"rule": "R-EMP-2", "day": day_text(registered_on)}
        ) from error


def review_rule_of(kind: str, region: str) -> tuple[str, str | None]:
    """The rule that sets a plan's review rhythm, and the region whose rule it is (None: national)."""
    return {
        "employment_plan": ("R-EMP-1", None),
        "social_rehabilitation": ("R-SOC-2", region),
        "disability_activity": ("R-DIS-1", region),
    }.get(kind, ("", None))


def default_review(kind: str, made_on: date, region: str) -> engine.DueDate | None:
    """The next review of a plan made on `made_on`: the national or the region's rhythm, if any."""
    rule_id, rule_region = review_rule_of(kind, region)
    if not rule_id:
        return None
    try:
        return engine.due(rule_id, "review_interval_months", made_on, region=rule_region)
    except engine.RuleMissing:
        if rule_region is None:
            raise
        return None


def days_per_week_refusal(kind: str, days: int | None, on: date) -> str | None:
    """R-SOC-1: social rehabilitation at least one day a week."""
    if kind != "social_rehabilitation":
        return None
    low = rule("R-SOC-1", "min_days_per_week", on)
    high = rule("R-SOC-1", "max_days_per_week", on)
    if days is None or not low.value <= days <= high.value:
        return _(
            "%(rule)s: sosiaalista kuntoutusta on vähintään %(low)s päivä viikossa (enintään %(high)s)."
        ) % {
            "rule": _ref(low),
            "low": low.value,
            "high": high.value,
        }
    return None


def youth_refusal(age: int | None, on: date) -> str | None:
    """R-YOUTH-1: Ohjaamo is for people under 30 on the day; no unemployment requirement."""
    limit = rule("R-YOUTH-1", "age_limit", on)
    if age is None:
        return _("%(rule)s: asiakkaan syntymäaika puuttuu, ikää ei voi todeta.") % {"rule": _ref(limit)}
    if age >= int(limit.value):
        return _(
            "%(rule)s: Ohjaamon palvelut ovat alle %(limit)s-vuotiaille; asiakas on %(age)s-vuotias."
        ) % {
            "rule": _ref(limit),
            "limit": limit.value,
            "age": age,
        }
    return None


def youth_team_advice(*, unemployed_since: date | None, multi_sectoral_need: bool, on: date) -> str | None:
    """R-YOUTH-1: advise the youth team after about 5 months of unemployment or on multi-sectoral need.
    Advice only: the professional decides."""
    months = rule("R-YOUTH-1", "youth_team_after_unemployment_months", on)
    if multi_sectoral_need:
        return _("%(rule)s: monialainen tuen tarve – harkitse ohjausta nuorten tiimiin.") % {
            "rule": _ref(months)
        }
    if unemployed_since is not None and engine.add_months(unemployed_since, int(months.value)) <= on:
        return _(
            "%(rule)s: työttömyys on kestänyt noin %(months)s kuukautta tai kauemmin – harkitse ohjausta "
            "nuorten tiimiin."
        ) % {"rule": _ref(months), "months": months.value}
    return None
