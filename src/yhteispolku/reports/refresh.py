"""Refresh the statistics table from the relationships: a handful of GROUP BY queries per day.

Only counts are stored, by day and dimension; a client's id never leaves the query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from yhteispolku.cases.models import ClientRelationship, Closure, OutcomeFollowUp, Referral
from yhteispolku.reports.models import Refresh, Statistic

# Age at the end of the year of the day, in the national reports' groups.
AGE_GROUPS = ((0, 24, "-24"), (25, 29, "25-29"), (30, 54, "30-54"), (55, 200, "55-"))


def age_group(birth_year: int | None, day: date) -> str:
    if birth_year is None:
        return ""
    age = day.year - birth_year
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return ""


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


DIMENSIONS = {
    "organisation_id": "responsible_organisation_id",
    "unit_id": "responsible_unit_id",
    "municipality": "client__home_municipality_id",
    "track": "track",
    "service_language": "client__service_language",
}


def _grouped(
    queryset: QuerySet[Any], prefix: str, extra: dict[str, Any] | None = None
) -> Iterable[dict[str, Any]]:
    """The relationships (reached through `prefix`) counted per dimension."""
    # Aliases apart from the model's own field names (Django refuses an annotation named like a field).
    fields: dict[str, Any] = {f"d_{name}": F(prefix + path) for name, path in DIMENSIONS.items()}
    fields["d_birth_year"] = ExtractYear(prefix + "client__birth_date")
    return queryset.values(**fields).order_by().annotate(n=Count("pk"), **(extra or {}))


def _rows(day: date, indicator: str, grouped: Iterable[dict[str, Any]], field: str = "n") -> list[Statistic]:
    merged: dict[tuple[Any, ...], int] = {}
    for row in grouped:
        key = (
            row["d_organisation_id"],
            row["d_unit_id"],
            row["d_municipality"] or "",
            row["d_track"],
            age_group(row["d_birth_year"], day),
            row["d_service_language"] or "",
        )
        merged[key] = merged.get(key, 0) + int(row[field] or 0)
    return [
        Statistic(
            day=day,
            organisation_id=key[0],
            unit_id=key[1],
            municipality=key[2],
            track=key[3],
            age_group=key[4],
            service_language=key[5],
            indicator=indicator,
            value=value,
        )
        for key, value in merged.items()
        if value
    ]


def day_statistics(day: date) -> list[Statistic]:
    start, end = _day_bounds(day)
    relationships = ClientRelationship.objects.all()
    rows: list[Statistic] = []
    rows += _rows(
        day,
        "open",
        _grouped(
            relationships.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day), ""
        ),
    )
    rows += _rows(day, "new", _grouped(relationships.filter(started_on=day), ""))
    rows += _rows(day, "closed", _grouped(relationships.filter(ended_on=day), ""))
    referrals = Referral.objects.all()
    rows += _rows(
        day,
        "referrals",
        _grouped(referrals.filter(created_at__gte=start, created_at__lt=end), "relationship__"),
    )
    decided = referrals.filter(decided_at__gte=start, decided_at__lt=end)
    for status in (Referral.Status.ACCEPTED, Referral.Status.DECLINED):
        rows += _rows(day, f"referrals_{status}", _grouped(decided.filter(status=status), "relationship__"))
    closures = Closure.objects.filter(relationship__ended_on=day)
    for reason in closures.values_list("reason", flat=True).distinct().order_by():
        rows += _rows(
            day, f"closed_reason:{reason}", _grouped(closures.filter(reason=reason), "relationship__")
        )
    scored = closures.filter(feedback_score__isnull=False)
    feedback = list(
        _grouped(
            scored,
            "relationship__",
            {
                "total": Sum("feedback_score"),
                "promoters": Count("pk", filter=Q(feedback_score__gte=9)),
                "detractors": Count("pk", filter=Q(feedback_score__lte=6)),
            },
        )
    )
    rows += _rows(day, "feedback", feedback)
    rows += _rows(day, "feedback_sum", feedback, "total")
    rows += _rows(day, "feedback_promoters", feedback, "promoters")
    rows += _rows(day, "feedback_detractors", feedback, "detractors")
    # Outcomes after closure (3, 6 and 12 months), on the day the situation was recorded, with the reason.
    outcomes = OutcomeFollowUp.objects.filter(recorded_on=day).exclude(status="")
    combinations = outcomes.values_list("status", "relationship__closure__reason").distinct().order_by()
    for outcome, reason in combinations:
        recorded = outcomes.filter(status=outcome, relationship__closure__reason=reason)
        rows += _rows(day, f"outcome:{outcome}:{reason or ''}", _grouped(recorded, "relationship__"))
    return rows


def refresh(first_day: date, last_day: date) -> Refresh:
    """Recompute the days from first_day to last_day (inclusive), each replaced whole in one transaction."""
    total = 0
    day = first_day
    with transaction.atomic():
        while day <= last_day:
            Statistic.objects.filter(day=day).delete()
            created = Statistic.objects.bulk_create(day_statistics(day), batch_size=2000)
            total += len(created)
            day += timedelta(days=1)
        return Refresh.objects.create(
            finished_at=timezone.now(), first_day=first_day, last_day=last_day, rows=total
        )


def first_day_with_data() -> date | None:
    first = ClientRelationship.objects.order_by("started_on").values_list("started_on", flat=True).first()
    return first


def full_rebuild(today: date | None = None) -> Refresh:
    today = today or timezone.localdate()
    first = first_day_with_data() or today
    Statistic.objects.all().delete()
    return refresh(first, today)


def last_refresh() -> Refresh | None:
    return Refresh.objects.first()
