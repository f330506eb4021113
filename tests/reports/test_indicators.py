"""Each indicator of the situational picture against the source rows, counted here independently.

The threshold of R-STAT-1 is lowered to 1 for these checks, so that the demo's small figures are compared
as they are; suppression itself is tested in test_suppression.py and test_pages.py.
"""

import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases import rules as case_rules
from yhteispolku.cases.models import ClientRelationship, Closure, Phase, PhaseTransition, Referral, Track
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.models import Consultation
from yhteispolku.organisations.models import Organisation
from yhteispolku.paths.models import KutySection
from yhteispolku.plans.models import AgreedService, Participation, PlanVersion
from yhteispolku.reports import refresh, selectors
from yhteispolku.reports.forms import default_period
from yhteispolku.reports.refresh import age_group, caseload_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(demo_statistics: dict[str, Client], monkeypatch: pytest.MonkeyPatch) -> selectors.Scope:
    monkeypatch.setattr(selectors, "threshold", lambda on: 1)
    return selectors.Scope(organisation_ids=frozenset(Organisation.objects.values_list("pk", flat=True)))


def _table(scope: selectors.Scope, slug: str) -> selectors.Table:
    first, last = default_period(timezone.localdate())
    return selectors.build_table(selectors.REPORTS[slug], scope, selectors.Filters(first, last))


def _in_period(day: date) -> bool:
    first, _last = default_period(timezone.localdate())
    return first <= day <= timezone.localdate()


def _derived(table: selectors.Table, key: str) -> selectors.DerivedCell:
    index = [figure.key for figure in table.derived_columns].index(key)
    return table.derived_totals[index]


def _column(table: selectors.Table, key: str) -> int:
    index = [column.key for column in table.columns].index(key)
    return table.column_totals[index].value


def test_time_from_referral_to_decision_and_to_the_first_plan(everything: selectors.Scope) -> None:
    days = [
        (timezone.localdate(r.decided_at) - timezone.localdate(r.created_at)).days
        for r in Referral.objects.exclude(status=Referral.Status.PENDING)
        if r.decided_at and _in_period(timezone.localdate(r.decided_at))
    ]
    assert days, "the demo decides referrals"
    table = _table(everything, "lahetteen-kasittelyaika")
    assert table.grand_total.value == len(days)
    assert _derived(table, "median").value == statistics.median(days)

    firsts: dict[int, PlanVersion] = {}
    for version in PlanVersion.objects.filter(in_force_from__isnull=False).order_by("in_force_from"):
        firsts.setdefault(version.plan_id, version)
    plan_days = [
        (timezone.localdate(v.in_force_from) - v.plan.relationship.started_on).days
        for v in firsts.values()
        if v.in_force_from and _in_period(timezone.localdate(v.in_force_from))
    ]
    assert plan_days, "Maija's plan came into force"
    table = _table(everything, "aika-ensimmaiseen-suunnitelmaan")
    assert table.grand_total.value == len(plan_days)
    assert _derived(table, "median").value == statistics.median(plan_days)


def test_mapping_within_its_target_and_plan_reviews(everything: selectors.Scope) -> None:
    on_time = late = 0
    for done in PhaseTransition.objects.filter(from_phase=Phase.MAPPING, to_phase=Phase.PLANNING):
        day = timezone.localdate(done.at)
        earlier = PhaseTransition.objects.filter(
            relationship=done.relationship, from_phase=Phase.MAPPING, to_phase=Phase.PLANNING, at__lt=done.at
        )
        if earlier.exists() or not _in_period(day):
            continue
        began = (
            PhaseTransition.objects.filter(
                relationship=done.relationship, to_phase=Phase.MAPPING, at__lte=done.at
            )
            .order_by("-at")
            .first()
        )
        began_on = timezone.localdate(began.at) if began else done.relationship.started_on
        if day <= case_rules.mapping_target(began_on).on:
            on_time += 1
        else:
            late += 1
    assert on_time + late, "Maija's mapping was done"
    table = _table(everything, "kartoitus-tavoiteajassa")
    assert _column(table, "mapping_on_time") == on_time
    assert _column(table, "mapping_late") == late
    assert _derived(table, "share").value == pytest.approx(100 * on_time / (on_time + late))

    reviewed = [
        v
        for v in PlanVersion.objects.filter(superseded_at__isnull=False)
        if _in_period(timezone.localdate(v.superseded_at))
    ]
    table = _table(everything, "suunnitelman-arvioinnit")
    assert _column(table, "review_on_time") == sum(
        1 for v in reviewed if timezone.localdate(v.superseded_at) <= v.next_review_on
    )
    assert table.grand_total.value == len(reviewed)

    today = timezone.localdate()
    overdue = [
        v
        for v in PlanVersion.objects.filter(status="in_force", next_review_on__lt=today)
        if v.plan.relationship.started_on <= today
        and (v.plan.relationship.ended_on is None or v.plan.relationship.ended_on > today)
    ]
    assert overdue, "Maija's review is overdue"
    table = _table(everything, "myohassa-olevat-arvioinnit")
    assert table.row_totals[-1].value == len(overdue)


def test_kuty_services_and_consultations(everything: selectors.Scope) -> None:
    today = timezone.localdate()
    month_start = today.replace(day=1)
    active = KutySection.objects.filter(starts_on__lte=today, ends_on__gte=month_start)
    participants = active.values("relationship").distinct().count()
    assert participants, "Maija takes part in KUTY"
    table = _table(everything, "kuntouttava-tyotoiminta")
    assert table.cells[-1][0].value == participants
    per_days = Counter(days for _id, days in {(s.relationship_id, s.days_per_week) for s in active})
    for i, column in enumerate(table.columns[1:], start=1):
        days = int(column.key.split(":")[1])
        assert table.cells[-1][i].value == per_days.get(days, 0)

    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    services = Counter()
    for service in AgreedService.objects.filter(
        version__in_force_from__lt=end, version__status__in=("in_force", "superseded")
    ).filter(Q(version__superseded_at__isnull=True) | Q(version__superseded_at__gte=end)):
        relationship = service.version.plan.relationship
        if relationship.started_on > today or (relationship.ended_on and relationship.ended_on <= today):
            continue
        latest = (
            Participation.objects.filter(plan=service.version.plan, lineage=service.lineage, on__lte=today)
            .order_by("-on", "-id")
            .first()
        )
        services[(str(service.service_type_id), latest.status if latest else "none")] += 1
    assert services, "Maija's plan agrees services"
    table = _table(everything, "palvelut-tyypeittain")
    shown = Counter()
    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            if cell.value:
                shown[(table.row_keys[r], table.columns[c].key)] = cell.value
    assert shown == services

    held = Counter(
        f"consultations:{c.kind}"
        for c in Consultation.objects.all()
        if _in_period(timezone.localdate(c.scheduled_at))
    )
    assert held, "Maija's consultations"
    table = _table(everything, "konsultaatiot")
    for key, count in held.items():
        assert _column(table, key) == count


def test_closures_durations_age_groups_feedback_and_the_two_year_goal(everything: selectors.Scope) -> None:
    closures = [c for c in Closure.objects.select_related("relationship__client") if c.relationship.ended_on]
    closures = [c for c in closures if _in_period(c.relationship.ended_on)]
    assert closures, "Mikael's relationship closed"
    table = _table(everything, "kesto-paattymisen-syyn-mukaan")
    rows = table.row_keys
    for reason in {c.reason for c in closures}:
        durations = [
            (c.relationship.ended_on - c.relationship.started_on).days for c in closures if c.reason == reason
        ]
        r = rows.index(reason)
        assert table.row_totals[r].value == len(durations)
        assert table.derived[r][0].value == statistics.median(durations)

    ended = [
        r
        for r in ClientRelationship.objects.select_related("client")
        if r.ended_on and _in_period(r.ended_on)
    ]
    table = _table(everything, "paattyneet-ikaryhmittain")
    by_age = Counter(
        age_group(r.client.birth_date.year if r.client.birth_date else None, r.ended_on) for r in ended
    )
    for column, total in zip(table.columns, table.column_totals, strict=True):
        assert total.value == by_age.get(column.key, 0)

    scores = [c.feedback_score for c in closures if c.feedback_score is not None]
    assert scores, "Mikael gave feedback"
    table = _table(everything, "asiakaspalaute")
    assert _derived(table, "average").value == pytest.approx(sum(scores) / len(scores))
    nps = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    assert _derived(table, "nps").value == pytest.approx(nps)

    tym = [c for c in closures if c.relationship.track == Track.TYM]
    within = [c for c in tym if c.relationship.ended_on <= case_rules.tym_goal(c.relationship.started_on).on]
    table = _table(everything, "kahden-vuoden-tavoite")
    assert _column(table, "within") == len(within)
    assert _column(table, "over") == len(tym) - len(within)
    work = [c for c in within if c.reason in ("employed", "education")]
    assert _derived(table, "work").value == pytest.approx(100 * len(work) / len(tym))


def test_open_relationships_per_professional_by_role(everything: selectors.Scope) -> None:
    today = timezone.localdate()
    table = _table(everything, "asiakkaita-ammattilaista-kohden")
    roles = table.row_keys
    checked = 0
    for role in roles:
        loads = []
        for user in User.objects.filter(role_id=role, is_active=True, organisation__isnull=False):
            open_ids = {
                m.relationship_id
                for m in user.team_memberships.select_related("relationship")
                if m.joined_on <= today
                and (m.left_on is None or m.left_on > today)
                and m.relationship.started_on <= today
                and (m.relationship.ended_on is None or m.relationship.ended_on > today)
            }
            loads.append(len(open_ids))
        r = roles.index(role)
        assert table.row_totals[r].value == len(loads), role
        buckets = Counter(caseload_bucket(n) for n in loads)
        for c, column in enumerate(table.columns):
            assert table.cells[r][c].value == buckets.get(column.key, 0), (role, column.key)
        if loads:
            assert table.derived[r][0].value == pytest.approx(sum(loads) / len(loads))
            checked += sum(loads)
    assert checked, "the demo professionals work with clients"


def test_the_full_rebuild_gives_the_figures_of_the_daily_refresh(everything: selectors.Scope) -> None:
    """The full rebuild takes the end-of-day state only at month ends and on its last day: the reports,
    which read the state only there, show the same figures."""
    slugs = ("avoimet-asiakkuudet", "asiakkaita-ammattilaista-kohden", "kuntouttava-tyotoiminta", "lahetteet")
    slugs += (
        "lahetteen-kasittelyaika",
        "palvelut-tyypeittain",
        "myohassa-olevat-arvioinnit",
        "asiakaspalaute",
    )
    daily = {slug: _table(everything, slug) for slug in slugs}
    refresh.full_rebuild(timezone.localdate())
    for slug in slugs:
        rebuilt = _table(everything, slug)
        assert rebuilt.display_rows() == daily[slug].display_rows(), slug


def test_every_indicator_name_fits_its_column(everything: selectors.Scope) -> None:
    """SQLite does not enforce a column's length; PostgreSQL does (the refresh would fail nationally)."""
    from yhteispolku.reports.models import Duration, Statistic

    limit = Statistic._meta.get_field("indicator").max_length
    names = set(selectors._caseload_indicators()) | set(selectors._closure_measures())
    names |= set(selectors._service_indicators()) | set(selectors._kuty_indicators())
    for report in selectors.REPORTS.values():
        names |= set(report.indicators) | set(report.measures())
    names |= set(Statistic.objects.values_list("indicator", flat=True))
    names |= set(Duration.objects.values_list("indicator", flat=True))
    from yhteispolku.cases.models import ClosureReason, OutcomeStatus

    names |= {
        f"{prefix}:{status}:{reason}"
        for prefix in ("outcome", "closed_outcome")
        for status in OutcomeStatus.values
        for reason in ClosureReason.values
    }
    assert max(len(name) for name in names) <= limit
