"""The checks themselves: pure functions of the facts and the rule version in force. They advise; they
decide nothing (the professional records the decision, `services.advice_decision_record`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yhteispolku.advice.models import Check, UnemploymentFacts
from yhteispolku.cases.models import Referral
from yhteispolku.cases.services import referral_criteria_check
from yhteispolku.rules import engine

UNEMPLOYED = Check.UNEMPLOYED.value
TYM_CRITERIA = Check.TYM_CRITERIA.value


@dataclass(frozen=True)
class Advice:
    check: str  # the rule id: R-UNEMP-1, R-TYM-1
    rule_version: str  # "" when no version is in force for the facts' day
    holds: bool | None  # None: the check cannot advise (no facts, or no rule version for their day)
    reasons: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # what the check read, in words
    on: date | None = None  # the day of the facts

    @property
    def title(self) -> str:
        return str(Check(self.check).label)

    @property
    def reference(self) -> str:
        return f"{self.check} v{self.rule_version}" if self.rule_version else self.check

    @property
    def outcome(self) -> str:
        return "" if self.holds is None else ("holds" if self.holds else "does_not_hold")

    def facts_record(self) -> dict[str, object]:
        """What a decision keeps of the advice it saw."""
        return {
            "rule": self.reference,
            "on": self.on.isoformat() if self.on else None,
            "facts": dict(self.facts),
            "reasons": self.reasons,
        }


def _yes(value: bool) -> str:
    return _("kyllä") if value else _("ei")


@dataclass(frozen=True)
class UnemploymentResult:
    holds: bool
    reasons: list[str]
    version: str


def is_unemployed(
    *,
    on: date,
    employed: bool,
    fully_laid_off: bool,
    weekly_working_hours: Decimal | None,
    self_employed_full_time: bool,
    self_employment_days: int | None,
    full_time_student: bool,
    student_entitled_to_benefit: bool,
) -> UnemploymentResult:
    """R-UNEMP-1 (380/2023 §3(4)) with the limits of the rule version in force on `on`.

    Not unemployed: employed, unless fully laid off or working under the weekly hours limit; full-time
    self-employed for longer than the days limit; a full-time student, unless entitled to benefit.
    Raises `engine.RuleMissing` when no version is in force that day.
    """
    hours_limit = engine.parameter(UNEMPLOYED, "weekly_hours_under", on)
    days_limit = engine.parameter(UNEMPLOYED, "self_employment_max_days", on)
    student_rule = engine.parameter(UNEMPLOYED, "student_entitled_to_benefit_counts", on)
    reasons: list[str] = []
    if employed and not fully_laid_off:
        limit = Decimal(str(hours_limit.value))
        if weekly_working_hours is None or weekly_working_hours >= limit:
            reasons.append(
                _(
                    "on työsuhteessa eikä ole kokoaikaisesti lomautettu, ja työaika on vähintään "
                    "%(hours)s tuntia viikossa"
                )
                % {"hours": hours_limit.value}
            )
    if self_employed_full_time and (
        self_employment_days is None or self_employment_days > int(days_limit.value)
    ):
        reasons.append(
            _("työllistyy päätoimisesti yritystoiminnassa tai omassa työssään yli %(days)s päivää")
            % {"days": days_limit.value}
        )
    if full_time_student and not (student_rule.value and student_entitled_to_benefit):
        reasons.append(_("on päätoiminen opiskelija ilman oikeutta työttömyysetuuteen"))
    return UnemploymentResult(holds=not reasons, reasons=reasons, version=hours_limit.version)


def unemployment_advice(facts: UnemploymentFacts | None) -> Advice:
    if facts is None:
        return Advice(UNEMPLOYED, "", None, [_("Tietoja ei ole kirjattu: kirjaa työllistymistilanne.")])
    shown = [
        (_("tilanne päivänä"), date_format(facts.on, "j.n.Y")),
        (_("työsuhteessa"), _yes(facts.employed)),
        (_("kokoaikaisesti lomautettu"), _yes(facts.fully_laid_off)),
        (
            _("työaika viikossa"),
            f"{facts.weekly_working_hours} h" if facts.weekly_working_hours is not None else "–",
        ),
        (_("päätoiminen yrittäjä"), _yes(facts.self_employed_full_time)),
        (
            _("yritystoiminnan kesto"),
            str(facts.self_employment_days) if facts.self_employment_days is not None else "–",
        ),
        (_("päätoiminen opiskelija"), _yes(facts.full_time_student)),
        (_("opiskelijan oikeus työttömyysetuuteen"), _yes(facts.student_entitled_to_benefit)),
    ]
    try:
        result = is_unemployed(
            on=facts.on,
            employed=facts.employed,
            fully_laid_off=facts.fully_laid_off,
            weekly_working_hours=facts.weekly_working_hours,
            self_employed_full_time=facts.self_employed_full_time,
            self_employment_days=facts.self_employment_days,
            full_time_student=facts.full_time_student,
            student_entitled_to_benefit=facts.student_entitled_to_benefit,
        )
    except engine.RuleMissing:
        return Advice(
            UNEMPLOYED, "", None, [_("Säännöllä ei ole versiota tietojen päivälle.")], shown, facts.on
        )
    return Advice(UNEMPLOYED, result.version, result.holds, result.reasons, shown, facts.on)


def tym_criteria_advice(referral: Referral | None) -> Advice:
    """R-TYM-1 from the referral's answers, by the rule version in force on the day it was made."""
    if referral is None:
        return Advice(
            TYM_CRITERIA, "", None, [_("Asiakkuudella ei ole lähetettä, josta kriteerit luettaisiin.")]
        )
    on = timezone.localdate(referral.created_at)
    answers = {
        name: bool(getattr(referral, name))
        for name in (
            "work_capacity_limitations",
            "life_management_problems",
            "needs_multisectoral_support",
            "public_services_suffice",
            "need_not_long_or_intensive",
        )
    }
    try:
        check = referral_criteria_check(answers, on)
    except engine.RuleMissing:
        return Advice(TYM_CRITERIA, "", None, [_("Säännöllä ei ole versiota lähetteen päivälle.")], [], on)
    shown = [
        (str(Referral._meta.get_field(name).verbose_name), _yes(value))  # type: ignore[union-attr]
        for name, value in check.answers.items()
    ]
    return Advice(TYM_CRITERIA, check.version, check.holds, [str(item) for item in check.unmet], shown, on)
