"""The dates and checklists of applications, read from the rule data (`rules/data/*.toml`).

- R-KELA-4: the decision is expected within 7 days to 3 months of submission, by benefit.
- R-APPEAL-1: an appeal is due 30 days from receipt of the decision; a decision sent by letter is deemed
  received on the seventh day after sending (hallintolaki 434/2003 59 §). Moved to a working day.
- R-KELA-3: for a granted Kela work trial a placement must be found within a month of the decision.
- R-KELA-1 indicators and R-KELA-2 criteria: the codes of the checklists the professional records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from yhteispolku.applications.models import Benefit, Decision
from yhteispolku.rules import engine
from yhteispolku.rules.engine import DueDate, RuleMissing

DECISION_RULE = "R-KELA-4"
APPEAL_RULE = "R-APPEAL-1"
PLACEMENT_RULE = "R-KELA-3"
COOPERATION_RULE = "R-KELA-1"
VOCATIONAL_RULE = "R-KELA-2"

# The R-KELA-4 parameter of each benefit Kela decides; its name carries its unit.
DECISION_PARAMETERS = {
    Benefit.AKSE: "akse_months",
    Benefit.TAITO: "taito_months",
    Benefit.KELA_WORK_TRIAL: "kela_work_trial_months",
    Benefit.JOB_COACHING: "job_coaching_months",
    Benefit.EDUCATION_TRIAL: "education_trial_months",
    Benefit.EDUCATION: "education_months",
    Benefit.REHABILITATION_ALLOWANCE: "rehabilitation_allowance_months",
    Benefit.BASIC_SOCIAL_ASSISTANCE: "basic_social_assistance_working_days",
    Benefit.OTHER_KELA: "other_kela_months",
}
APPEALABLE = frozenset({Decision.REJECTED, Decision.PARTLY_GRANTED})


def expected_decision(benefit: str, submitted_on: date) -> DueDate | None:
    """R-KELA-4: by when the decision is expected; None for benefits Kela does not decide."""
    name = DECISION_PARAMETERS.get(benefit)  # type: ignore[call-overload]
    return engine.due(DECISION_RULE, name, submitted_on) if name else None


@dataclass(frozen=True)
class AppealDeadline:
    received_on: date
    deemed: bool  # True when the receipt is the presumed seventh day, not a recorded date
    due: DueDate


def appeal_deadline(decided_on: date, received_on: date | None = None) -> AppealDeadline:
    """R-APPEAL-1: 30 days from receipt of the decision, the receipt deemed on the 7th day after sending."""
    deemed = received_on is None
    if received_on is None:
        days = engine.parameter(APPEAL_RULE, "deemed_received_days", on=decided_on)
        received_on = decided_on + timedelta(days=int(days.value))
    return AppealDeadline(
        received_on=received_on,
        deemed=deemed,
        due=engine.due(APPEAL_RULE, "appeal_days", received_on, on=decided_on),
    )


def placement_due(decided_on: date) -> DueDate:
    """R-KELA-3: the work-trial placement must be found within a month of the decision granting it."""
    return engine.due(PLACEMENT_RULE, "placement_months", decided_on)


@dataclass(frozen=True)
class CoachMeetingCount:
    """R-KELA-3: the coach meetings of a work trial, used and remaining against the limit in force."""

    used: int
    limit: int
    reference: str

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


def coach_meeting_count(used: int, on: date) -> CoachMeetingCount:
    found = engine.parameter(PLACEMENT_RULE, "coach_meetings", on=on)
    return CoachMeetingCount(used=used, limit=int(found.value), reference=found.reference)


def checklist(rule_id: str, name: str, on: date) -> tuple[list[str], str]:
    """The codes of a checklist in the rule version in force, and that version."""
    try:
        found = engine.parameter(rule_id, name, on=on)
    except RuleMissing:
        return [], ""
    return [str(code) for code in found.value], found.version
