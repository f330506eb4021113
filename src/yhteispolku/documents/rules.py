"""R-KELA-1's freshness of a B statement, read from the rule data (`rules/data/R-KELA-1.toml`).

A B statement (SV 7) for Kela rehabilitation is fresh while it is at most `b_statement_max_age_months`
old: dated 1.3.2025 it is fresh on 1.3.2026 and stale on 2.3.2026 (12 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yhteispolku.rules import engine

RULE_ID = "R-KELA-1"
MAX_AGE = "b_statement_max_age_months"


@dataclass(frozen=True)
class Freshness:
    dated_on: date
    fresh_until: date
    fresh: bool
    rule_id: str
    rule_version: str
    max_age_months: int

    @property
    def reference(self) -> str:
        return f"{self.rule_id} v{self.rule_version}"


def b_statement_freshness(dated_on: date, today: date) -> Freshness:
    """Whether a B statement dated `dated_on` is still fresh on `today` (the rule version in force today)."""
    found = engine.parameter(RULE_ID, MAX_AGE, on=today)
    months = int(found.value)
    fresh_until = engine.add_months(dated_on, months)
    return Freshness(
        dated_on=dated_on,
        fresh_until=fresh_until,
        fresh=today <= fresh_until,
        rule_id=found.rule_id,
        rule_version=found.version,
        max_age_months=months,
    )
