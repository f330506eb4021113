"""The plan's review dates (R-TYM-2, R-TYM-4), read from the rule data.

R-TYM-2 (seeds 001, 002): the multi-sectoral plan is reviewed every 3 months or when the situation
changes: the default next review, moved to a working day. R-TYM-4 (1369/2014, repealed: "as needed, at
least every 6 months"): the latest review date a version may carry.

Both count from the day the version comes into force (every authority has confirmed its commitments and
the client's acceptance is recorded), not from the day it was drafted: a draft carries the dates counted
from its drafting day, and when it comes into force a default review is counted again from that day
(`review_on_entry_into_force`). The rule version in force on the day counted from is the one applied.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from yhteispolku.rules import engine
from yhteispolku.rules.engine import DueDate, Parameter

DEFAULT_RULE_ID = "R-TYM-2"
MAXIMUM_RULE_ID = "R-TYM-4"


def default_next_review(on: date) -> DueDate:
    """R-TYM-2: the next review of a plan version in force from `on` (a draft: drafted on `on`)."""
    return engine.due(DEFAULT_RULE_ID, "plan_review_interval_months", on)


def review_maximum(on: date) -> Parameter:
    """R-TYM-4: how many months ahead the next review may be set at most."""
    return engine.parameter(MAXIMUM_RULE_ID, "max_review_months", on=on)


def latest_next_review(on: date) -> date:
    """R-TYM-4: the latest review date a plan version in force from `on` may carry.

    A limit, not a deadline of its own: a date up to the limit is allowed, so it is not moved forward
    to a working day (that would allow a date past the legal maximum).
    """
    return engine.add_months(on, int(review_maximum(on).value))


def counted_from(created_on: date, in_force_from: datetime | None) -> date:
    """The day a version's review is counted from: the day it came into force, a draft's drafting day
    (a superseded version keeps the day it came into force, if it ever did)."""
    return timezone.localdate(in_force_from) if in_force_from is not None else created_on


def review_on_entry_into_force(next_review_on: date, created_on: date, in_force_on: date) -> date:
    """The next review of a version that comes into force on `in_force_on` (drafted on `created_on`).

    A review left at R-TYM-2's default is counted again from the in-force day; a review the team set
    earlier stays, but never later than R-TYM-4's maximum from the in-force day (only a new rule version
    between the two days can make it so; the version comes into force with the date clamped).
    """
    if next_review_on == default_next_review(created_on).on:
        return default_next_review(in_force_on).on
    return min(next_review_on, latest_next_review(in_force_on))


def review_rule(next_review_on: date, counted_from: date) -> tuple[str, str]:
    """The rule (id, version) behind a version's next review, counted from `counted_from` (its in-force
    day, a draft's drafting day): R-TYM-2 when it is the default, else the R-TYM-4 limit within which
    the team set it."""
    default = default_next_review(counted_from)
    if next_review_on == default.on:
        return default.rule_id, default.version
    maximum = review_maximum(counted_from)
    return maximum.rule_id, maximum.version


def review_reference(next_review_on: date, counted_from: date) -> str:
    """The same as a page shows it: "R-TYM-2 v2025.1"."""
    rule_id, version = review_rule(next_review_on, counted_from)
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
