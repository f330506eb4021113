"""R-LOG-2 for the access log's partitions: which months are past retention, and what still needs older ones.

The mechanics (create ahead, drop a month whole, record the cut) are the audit log's own
(`audit.partitions`); the retention period is rule data, and the privacy desk's open access-log requests
hold the months their answers must cover. The `audit-partitions` command lives here because this app may
read both the rules and the register (the audit app reads neither).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

from yhteispolku.audit.partitions import Hold, month_of
from yhteispolku.audit.selectors import CLIENT_LOG_YEARS
from yhteispolku.privacy.models import AccessLogRequest
from yhteispolku.rules.engine import Parameter, parameter

RULE_ID = "R-LOG-2"


def retention(today: date) -> Parameter:
    """The retention period in force today (years), with the rule version that gives it."""
    return parameter(RULE_ID, "retention_years", today)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_cut(today: date) -> date:
    """The first day of the oldest month that is kept: every month before it is wholly past retention."""
    return month_of(years_before(today, int(retention(today).value)))


def open_request_holds() -> list[Hold]:
    """An open access-log request needs the log of the two years before its receipt (R-LOG-1's period)."""
    oldest = AccessLogRequest.objects.filter(delivered_on__isnull=True).order_by("received_on", "id").first()
    if oldest is None:
        return []
    since = years_before(oldest.received_on, CLIENT_LOG_YEARS)
    return [
        Hold(
            datetime(since.year, since.month, since.day, tzinfo=UTC),
            _("avoin lokitietopyyntö %(reference)s (saapunut %(received)s)")
            % {"reference": oldest.reference, "received": f"{oldest.received_on:%d.%m.%Y}"},
        )
    ]
