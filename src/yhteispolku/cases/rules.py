"""The TYM durations the case pages compute with, until the rules app holds them as versioned data.

R-TYM-2 (seeds 001 and 002, SPEC §4): the multi-sectoral mapping takes about 3 months, and the TYM
client relationship aims to end within 2 years. The warning window (3 months before the 2 years)
is the regional practice the case page follows. A later issue moves these values to rule data with
effective dates; until then this module is their only home.
"""

from __future__ import annotations

import calendar
from datetime import date

RULE_ID = "R-TYM-2"
MAPPING_TARGET_MONTHS = 3
TYM_GOAL_MONTHS = 24
TYM_GOAL_WARNING_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31.1. + 1 = 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mapping_target(mapping_started_on: date) -> date:
    return add_months(mapping_started_on, MAPPING_TARGET_MONTHS)


def tym_goal(started_on: date) -> date:
    return add_months(started_on, TYM_GOAL_MONTHS)


def tym_goal_warning_from(started_on: date) -> date:
    return add_months(started_on, TYM_GOAL_MONTHS - TYM_GOAL_WARNING_MONTHS)
