"""The plan's review intervals (R-TYM-2, R-TYM-4), in one place until rule data with effective dates lands.

A later issue moves these values into the rule sets of `rules/`; until then nothing else in the code
may hold its own copy of them.
"""

from __future__ import annotations

import calendar
from datetime import date

# R-TYM-2 (seeds 001, 002): the multi-sectoral plan is reviewed every 3 months or when the situation
# changes. R-TYM-4 ships 3 months as the regional default.
PLAN_REVIEW_INTERVAL_MONTHS = 3
# R-TYM-4 (1369/2014, repealed): "as needed, at least every 6 months", the legal maximum.
PLAN_REVIEW_MAX_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31.1. + 1 = 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(on: date) -> date:
    """R-TYM-2: the next review of a plan version made on `on`."""
    return add_months(on, PLAN_REVIEW_INTERVAL_MONTHS)


def latest_next_review(on: date) -> date:
    """R-TYM-4: the latest review date a plan version made on `on` may carry."""
    return add_months(on, PLAN_REVIEW_MAX_MONTHS)
