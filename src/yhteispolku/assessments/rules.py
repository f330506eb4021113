"""The mapping's duration, until the rules app holds durations as versioned rule data.

R-TYM-2 (seeds 001 and 002, SPEC §4): the multi-sectoral mapping takes about 3 months from its start.
A later issue moves this value into rule data with effective dates; `cases.rules` keeps its own copy
for the case page until then.
"""

from __future__ import annotations

import calendar
from datetime import date

RULE_ID = "R-TYM-2"
MAPPING_TARGET_MONTHS = 3


def _add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (30.11. + 3 = 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mapping_target(mapping_started_on: date) -> date:
    """R-TYM-2: the day by which the multi-sectoral mapping should be done."""
    return _add_months(mapping_started_on, MAPPING_TARGET_MONTHS)
