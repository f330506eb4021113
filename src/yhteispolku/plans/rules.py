"""The plan's review dates (R-TYM-2, R-TYM-4), read from the rule data.

R-TYM-2 (seeds 001, 002): the multi-sectoral plan is reviewed every 3 months or when the situation
changes: the default next review, moved to a working day. R-TYM-4 (1369/2014, repealed: "as needed, at
least every 6 months"): the latest review date a version may carry. The version in force on the day the
plan version is made is the one applied.
"""

from __future__ import annotations

from datetime import date

from yhteispolku.rules import engine
from yhteispolku.rules.engine import DueDate, Parameter

DEFAULT_RULE_ID = "R-TYM-2"
MAXIMUM_RULE_ID = "R-TYM-4"


def default_next_review(on: date) -> DueDate:
    """R-TYM-2: the next review of a plan version made on `on`."""
    return engine.due(DEFAULT_RULE_ID, "plan_review_interval_months", on)


def review_maximum(on: date) -> Parameter:
    """R-TYM-4: how many months ahead the next review may be set at most."""
    return engine.parameter(MAXIMUM_RULE_ID, "max_review_months", on=on)


def latest_next_review(on: date) -> date:
    """R-TYM-4: the latest review date a plan version made on `on` may carry.

    A limit, not a deadline of its own: a date up to the limit is allowed, so it is not moved forward
    to a working day (that would allow a date past the legal maximum).
    """
    return engine.add_months(on, int(review_maximum(on).value))


def review_rule(next_review_on: date, made_on: date) -> tuple[str, str]:
    """The rule (id, version) behind a version's next review: R-TYM-2 when it is the default, else the
    R-TYM-4 limit within which the team set it."""
    default = default_next_review(made_on)
    if next_review_on == default.on:
        return default.rule_id, default.version
    maximum = review_maximum(made_on)
    return maximum.rule_id, maximum.version


def review_reference(next_review_on: date, made_on: date) -> str:
    """The same as a page shows it: "R-TYM-2 v2025.1"."""
    rule_id, version = review_rule(next_review_on, made_on)
    return f"{rule_id} v{version}"


# R-POLICY-1 (seed 000): a region's own policy, e.g. pay subsidy only for people aged 55 or over in 2025.
# The region is the employment area responsible for the service; a region with no version in force on
# the service's start has no such policy.
POLICY_RULE_ID = "R-POLICY-1"
PAY_SUBSIDY_SERVICE = "pay-subsidy"


def pay_subsidy_minimum_age(region: str, starts_on: date) -> Parameter | None:
    try:
        return engine.parameter(POLICY_RULE_ID, "pay_subsidy_min_age", on=starts_on, region=region)
    except engine.RuleMissing:
        return None
