"""Refresh the statistics table from the relationships: a handful of GROUP BY queries per day.

Only counts are stored, by day and dimension; a client's id never leaves the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone

from yhteispolku.cases.models import ClientRelationship, Closure, OutcomeFollowUp, Referral
from yhteispolku.reports.models import Duration, Refresh, Statistic

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
    queryset: QuerySet[Any],
    prefix: str,
    extra: dict[str, Any] | None = None,
    keys: dict[str, Any] | None = None,
    count: Any = None,
) -> Iterable[dict[str, Any]]:
    """The relationships (reached through `prefix`) counted per dimension (and per `keys`, e.g. a date)."""
    # Aliases apart from the model's own field names (Django refuses an annotation named like a field).
    fields: dict[str, Any] = {f"d_{name}": F(prefix + path) for name, path in DIMENSIONS.items()}
    fields["d_birth_year"] = ExtractYear(prefix + "client__birth_date")
    fields.update(keys or {})
    return queryset.values(**fields).order_by().annotate(n=count or Count("pk"), **(extra or {}))


def _key(row: dict[str, Any], day: date) -> tuple[Any, ...]:
    return (
        row["d_organisation_id"],
        row["d_unit_id"],
        row["d_municipality"] or "",
        row["d_track"],
        age_group(row["d_birth_year"], day),
        row["d_service_language"] or "",
    )


def _make(model: type[Any], day: date, key: tuple[Any, ...], indicator: str, value: int, **extra: Any) -> Any:
    return model(
        day=day,
        organisation_id=key[0],
        unit_id=key[1],
        municipality=key[2],
        track=key[3],
        age_group=key[4],
        service_language=key[5],
        indicator=indicator,
        value=value,
        **extra,
    )


def _rows(day: date, indicator: str, grouped: Iterable[dict[str, Any]], field: str = "n") -> list[Statistic]:
    return _counted(day, grouped, lambda row: indicator, field)


def _counted(
    day: date,
    grouped: Iterable[dict[str, Any]],
    indicator_of: Callable[[dict[str, Any]], str | None],
    field: str = "n",
) -> list[Statistic]:
    """Counts per dimension combination and indicator (`indicator_of` names a row's indicator, or None)."""
    merged: dict[tuple[Any, ...], int] = {}
    for row in grouped:
        indicator = indicator_of(row)
        if indicator is None:
            continue
        key = (*_key(row, day), indicator)
        merged[key] = merged.get(key, 0) + int(row[field] or 0)
    return [_make(Statistic, day, key[:6], key[6], value) for key, value in merged.items() if value]


def _histogram(
    day: date,
    grouped: Iterable[dict[str, Any]],
    measure_of: Callable[[dict[str, Any]], str | None],
    days_of: Callable[[dict[str, Any]], int | None],
) -> list[Duration]:
    """Duration histograms per dimension combination: how many events took how many days."""
    merged: dict[tuple[Any, ...], int] = {}
    for row in grouped:
        measure, days = measure_of(row), days_of(row)
        if measure is None or days is None:
            continue
        key = (*_key(row, day), measure, max(days, 0))
        merged[key] = merged.get(key, 0) + int(row["n"] or 0)
    return [
        _make(Duration, day, key[:6], key[6], value, days=key[7]) for key, value in merged.items() if value
    ]


def day_statistics(day: date, snapshot: bool = True) -> list[Statistic]:
    start, end = _day_bounds(day)
    relationships = ClientRelationship.objects.all()
    rows: list[Statistic] = []
    if snapshot:
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
    # The client's situation at closure, recorded by the closing of a track beside TYM (cases.closing).
    ended = closures.exclude(outcome="")
    for outcome, reason in ended.values_list("outcome", "reason").distinct().order_by():
        rows += _rows(
            day,
            f"closed_outcome:{outcome}:{reason}",
            _grouped(ended.filter(outcome=outcome, reason=reason), "relationship__"),
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


# --- the indicators beyond the relationship counts ---------------------------------------------------

# Open relationships per professional (the national reports' "active clients per official").
CASELOAD_BUCKETS = ((0, 50, "0-50"), (51, 100, "51-100"), (101, 150, "101-150"), (151, None, "151-"))
CASEWORK_SECTORS = ("employment", "social", "health", "kela")
# Durations from referral to decision (days), the buckets of the report.
REFERRAL_DECISION = "referral_decision"
FIRST_PLAN = "first_plan"
MAPPING = "mapping"
CLOSURE_DURATION = "closure_duration:"  # + closure reason
GOAL_REASONS = ("employed", "education")  # the 2-year goal: ended in work or education
NO_PARTICIPATION = "none"


def caseload_bucket(count: int) -> str:
    for low, high, label in CASELOAD_BUCKETS:
        if count >= low and (high is None or count <= high):
            return label
    return CASELOAD_BUCKETS[-1][2]


def _open_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def _caseloads(day: date) -> list[Statistic]:
    """Per professional of a casework role: the relationships open at the day's end on whose team they
    are; stored as how many professionals fall in each bucket, and the sum (for the average), by role."""
    from yhteispolku.accounts.models import User

    membership = (
        Q(team_memberships__joined_on__lte=day)
        & (Q(team_memberships__left_on__isnull=True) | Q(team_memberships__left_on__gt=day))
        & _open_on(day, "team_memberships__relationship__")
    )
    professionals = (
        User.objects.filter(is_active=True, organisation__isnull=False, role__sector__in=CASEWORK_SECTORS)
        .annotate(n=Count("team_memberships__relationship", filter=membership, distinct=True))
        .values_list("organisation_id", "unit_id", "role_id", "n")
        .order_by()
    )
    merged: dict[tuple[Any, ...], int] = {}
    for organisation_id, unit_id, role_id, count in professionals:
        for indicator, value in (
            (f"caseload:{role_id}:{caseload_bucket(count)}", 1),
            (f"caseload_sum:{role_id}", count),
        ):
            key = (organisation_id, unit_id, indicator)
            merged[key] = merged.get(key, 0) + value
    return [
        Statistic(
            day=day,
            organisation_id=key[0],
            unit_id=key[1],
            municipality="",
            track="",
            age_group="",
            service_language="",
            indicator=key[2],
            value=value,
        )
        for key, value in merged.items()
        if value or key[2].startswith("caseload:")
    ]


def _local_date(value: datetime | None) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def _days(later: date, earlier: Any) -> int | None:
    earlier = _local_date(earlier) if isinstance(earlier, datetime) else earlier
    return (later - earlier).days if earlier else None


def _process_statistics(day: date, snapshot: bool = True) -> tuple[list[Statistic], list[Duration]]:
    """Time from referral to decision, to the first plan, the mapping against its R-TYM-2 target, the
    plan reviews, the durations at closure and the 2-year goal (R-TYM-2)."""
    from yhteispolku.cases import rules as case_rules
    from yhteispolku.cases.models import Phase, PhaseTransition, Track
    from yhteispolku.plans.models import PlanVersion

    start, end = _day_bounds(day)
    rows: list[Statistic] = []
    durations: list[Duration] = []
    # Referral → decision: days from the day it arrived to the day it was decided.
    decided = Referral.objects.filter(decided_at__gte=start, decided_at__lt=end).exclude(status="pending")
    grouped = list(_grouped(decided, "relationship__", keys={"k_from": TruncDate("created_at")}))
    durations += _histogram(
        day, grouped, lambda row: REFERRAL_DECISION, lambda row: _days(day, row["k_from"])
    )
    # The first plan in force: days from the relationship's start.
    earlier = PlanVersion.objects.filter(
        plan_id=OuterRef("plan_id"), in_force_from__isnull=False, in_force_from__lt=OuterRef("in_force_from")
    )
    first = PlanVersion.objects.filter(in_force_from__gte=start, in_force_from__lt=end).filter(
        ~Exists(earlier)
    )
    grouped = list(
        _grouped(first, "plan__relationship__", keys={"k_from": F("plan__relationship__started_on")})
    )
    durations += _histogram(day, grouped, lambda row: FIRST_PLAN, lambda row: _days(day, row["k_from"]))
    rows += _rows(day, "first_plan", grouped)
    # The mapping done (mapping → planning the first time): days from its start, on time against R-TYM-2.
    done = PhaseTransition.objects.filter(
        from_phase=Phase.MAPPING, to_phase=Phase.PLANNING, at__gte=start, at__lt=end
    ).filter(
        ~Exists(
            PhaseTransition.objects.filter(
                relationship_id=OuterRef("relationship_id"),
                from_phase=Phase.MAPPING,
                to_phase=Phase.PLANNING,
                at__lt=OuterRef("at"),
            )
        )
    )
    began = (
        PhaseTransition.objects.filter(
            relationship_id=OuterRef("relationship_id"), to_phase=Phase.MAPPING, at__lte=OuterRef("at")
        )
        .order_by("-at")
        .values("at")[:1]
    )
    grouped = list(
        _grouped(
            done,
            "relationship__",
            keys={"k_began": TruncDate(Subquery(began)), "k_start": F("relationship__started_on")},
        )
    )
    targets: dict[date, date] = {}

    def mapping_began(row: dict[str, Any]) -> date:
        began_on = _local_date(row["k_began"]) if isinstance(row["k_began"], datetime) else row["k_began"]
        return began_on or row["k_start"]

    def on_time(row: dict[str, Any]) -> str:
        began_on = mapping_began(row)
        if began_on not in targets:
            targets[began_on] = case_rules.mapping_target(began_on).on
        return "mapping_on_time" if day <= targets[began_on] else "mapping_late"

    rows += _counted(day, grouped, on_time)
    durations += _histogram(day, grouped, lambda row: MAPPING, lambda row: _days(day, mapping_began(row)))
    # Plan reviews: a version replaced on the day was reviewed on time when not after its review date.
    replaced = PlanVersion.objects.filter(superseded_at__gte=start, superseded_at__lt=end)
    grouped = list(_grouped(replaced, "plan__relationship__", keys={"k_due": F("next_review_on")}))
    rows += _counted(day, grouped, lambda row: "review_on_time" if day <= row["k_due"] else "review_late")
    # Reviews overdue at the day's end: the version in force has passed its review date.
    overdue = PlanVersion.objects.filter(
        in_force_from__lt=end, next_review_on__lt=day, status__in=("in_force", "superseded")
    ).filter(
        (Q(superseded_at__isnull=True) | Q(superseded_at__gte=end)) & _open_on(day, "plan__relationship__")
    )
    if snapshot:
        rows += _rows(day, "review_overdue", _grouped(overdue, "plan__relationship__"))
    # Closures: the duration by reason, and the TYM 2-year goal (R-TYM-2) by the rule in force at the start.
    closed = Closure.objects.filter(relationship__ended_on=day)
    grouped = list(
        _grouped(
            closed, "relationship__", keys={"k_start": F("relationship__started_on"), "k_reason": F("reason")}
        )
    )
    durations += _histogram(
        day, grouped, lambda row: CLOSURE_DURATION + row["k_reason"], lambda row: _days(day, row["k_start"])
    )
    goals: dict[date, date] = {}

    def goal(row: dict[str, Any]) -> str | None:
        if row["d_track"] != Track.TYM:
            return None
        if row["k_start"] not in goals:
            goals[row["k_start"]] = case_rules.tym_goal(row["k_start"]).on
        within = day <= goals[row["k_start"]]
        work = row["k_reason"] in GOAL_REASONS
        return f"goal_{'within' if within else 'over'}{'_work' if work else ''}"

    rows += _counted(day, grouped, goal)
    return rows, durations


def _service_statistics(day: date, snapshot: bool = True) -> list[Statistic]:
    """Agreed services of the plans in force at the day's end, by type and the latest participation;
    KUTY participants (month to date) and their days per week."""
    from yhteispolku.paths.models import KutySection
    from yhteispolku.plans.models import AgreedService, Participation

    _start, end = _day_bounds(day)
    rows: list[Statistic] = []
    if not snapshot:
        return rows
    latest = (
        Participation.objects.filter(
            plan_id=OuterRef("version__plan_id"), lineage=OuterRef("lineage"), on__lte=day
        )
        .order_by("-on", "-id")
        .values("status")[:1]
    )
    services = AgreedService.objects.filter(
        version__in_force_from__lt=end, version__status__in=("in_force", "superseded")
    ).filter(
        (Q(version__superseded_at__isnull=True) | Q(version__superseded_at__gte=end))
        & _open_on(day, "version__plan__relationship__")
    )
    grouped = _grouped(
        services,
        "version__plan__relationship__",
        keys={"k_type": F("service_type_id"), "k_status": Subquery(latest)},
    )
    rows += _counted(
        day, grouped, lambda row: f"services:{row['k_type']}:{row['k_status'] or NO_PARTICIPATION}"
    )
    # KUTY: participants with a period on any day of the month so far (the month's end gives the month).
    month_start = day.replace(day=1)
    sections = KutySection.objects.filter(starts_on__lte=day, ends_on__gte=month_start)
    participants = Count("relationship", distinct=True)
    rows += _rows(day, "kuty_participants", _grouped(sections, "relationship__", count=participants))
    grouped = _grouped(sections, "relationship__", keys={"k_days": F("days_per_week")}, count=participants)
    rows += _counted(day, grouped, lambda row: f"kuty_days:{row['k_days']}")
    return rows


def _consultations(day: date) -> list[Statistic]:
    """Consultations held on the day, by kind; an anonymous one counts for the organising organisation."""
    from yhteispolku.collaboration.models import Consultation

    start, end = _day_bounds(day)
    rows: list[Statistic] = []
    # Consultations held on the day, by kind; an anonymous one counts for the organising organisation.
    held = Consultation.objects.filter(scheduled_at__gte=start, scheduled_at__lt=end)
    grouped = _grouped(held.filter(relationship__isnull=False), "relationship__", keys={"k_kind": F("kind")})
    rows += _counted(day, grouped, lambda row: f"consultations:{row['k_kind']}")
    anonymous = (
        held.filter(relationship__isnull=True)
        .values("organisation_id", "organiser__unit_id", "kind")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in anonymous:
        rows.append(
            Statistic(
                day=day,
                organisation_id=row["organisation_id"],
                unit_id=row["organiser__unit_id"],
                municipality="",
                track="",
                age_group="",
                service_language="",
                indicator=f"consultations:{row['kind']}",
                value=row["n"],
            )
        )
    return rows


def all_statistics(day: date, snapshot: bool = True) -> tuple[list[Statistic], list[Duration]]:
    """Every aggregate of the day: a fixed number of GROUP BY queries, whatever the number of clients.

    Without `snapshot` only the day's events are counted, not the state at its end (open relationships,
    caseloads, overdue reviews, services in force, KUTY participants): the reports read the state at each
    month's end and on the last refreshed day only, so a full rebuild skips it on the other days.
    """
    process, durations = _process_statistics(day, snapshot)
    rows = day_statistics(day, snapshot) + process + _service_statistics(day, snapshot) + _consultations(day)
    if snapshot:
        rows += _caseloads(day)
    return rows, durations


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def refresh(first_day: date, last_day: date, *, every_day: bool = True) -> Refresh:
    """Recompute the days from first_day to last_day (inclusive), each replaced whole in one transaction.

    `every_day=False` (the full rebuild) takes the end-of-day state only at month ends and on the last day.
    """
    total = 0
    day = first_day
    with transaction.atomic():
        while day <= last_day:
            Statistic.objects.filter(day=day).delete()
            Duration.objects.filter(day=day).delete()
            statistics, durations = all_statistics(day, every_day or is_month_end(day) or day == last_day)
            created = Statistic.objects.bulk_create(statistics, batch_size=2000)
            Duration.objects.bulk_create(durations, batch_size=2000)
            total += len(created) + len(durations)
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
    Duration.objects.all().delete()
    return refresh(first, today, every_day=False)


def last_refresh() -> Refresh | None:
    return Refresh.objects.first()
