"""The situational picture's reports: who may see which organisations and units, and the tables.

Every figure comes from the statistics table (counts only); suppression is applied before anything is
shown, drawn or exported.
"""

from __future__ import annotations

import calendar
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import Role, User
from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import ClosureReason, OutcomeStatus, Track
from yhteispolku.collaboration.models import ConsultationKind
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans.models import ParticipationStatus, ServiceType
from yhteispolku.reports import charts
from yhteispolku.reports.models import Duration, Statistic
from yhteispolku.reports.refresh import (
    AGE_GROUPS,
    CASELOAD_BUCKETS,
    CASEWORK_SECTORS,
    CLOSURE_DURATION,
    FIRST_PLAN,
    MAPPING,
    NO_PARTICIPATION,
    REFERRAL_DECISION,
)
from yhteispolku.reports.suppression import HIDDEN, Cell, suppress, threshold, total_cell

logger = logging.getLogger("yhteispolku.reports")

STEERING_ROLE = "steering_group_member"
UNIT_ROLES = frozenset({"tym_coordinator", "unit_manager"})


@dataclass(frozen=True)
class Scope:
    """The organisations (steering group) or units (coordinators, unit managers) a viewer's reports cover."""

    organisation_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()

    def filter(self, statistics: QuerySet[Any]) -> QuerySet[Any]:
        if self.unit_ids:
            return statistics.filter(unit_id__in=self.unit_ids)
        return statistics.filter(organisation_id__in=self.organisation_ids)


def may_see_reports(actor: User) -> bool:
    return bool(actor.is_active and (actor.role_id == STEERING_ROLE or actor.role_id in UNIT_ROLES))


REPORT_OBJECT_TYPE = "reports.report"


@dataclass(frozen=True)
class Refusal:
    """Why a report was refused, in the viewer's language (the 403 page shows `message`)."""

    reason: str
    message: str | Promise


class ReportRefused(PermissionDenied):
    def __init__(self, decision: Refusal) -> None:
        super().__init__(str(decision.message))
        self.decision = decision


def refuse(
    actor: User,
    reason: str,
    message: str | Promise,
    *,
    object_id: str = "",
    request: HttpRequest | None = None,
) -> NoReturn:
    """A refused report (a role without the situational picture, a dimension outside the viewer's scope):
    an entry in the access log, as every denial, then 403 with the reason."""
    logger.warning("reports refused: user %s (role %s): %s %s", actor.pk, actor.role_id, reason, object_id)
    record_access(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=Purpose.OTHER,
        allowed=False,
        object_type=REPORT_OBJECT_TYPE,
        object_id=object_id[:100],
        reason=reason,
        request=request,
    )
    raise ReportRefused(Refusal(reason, message))


def scope_for(actor: User, request: HttpRequest | None = None) -> Scope:
    """The steering group sees its own organisations' areas; unit managers and coordinators their unit."""
    if not may_see_reports(actor):
        refuse(
            actor,
            "not_a_reports_role",
            _("Tilannekuva on johtoryhmän, esihenkilöiden ja koordinaattoreiden käytössä."),
            object_id=request.path if request is not None else "",
            request=request,
        )
    if actor.role_id == STEERING_ROLE:
        municipalities = Organisation.municipalities.through.objects.filter(
            organisation_id=actor.organisation_id or 0
        )
        ids = set(
            Organisation.objects.filter(
                municipalities__in=municipalities.values("municipality_id"),
                kind__in=Organisation.AUTHORITY_KINDS,
            ).values_list("pk", flat=True)
        )
        ids.add(actor.organisation_id)  # type: ignore[arg-type]
        return Scope(organisation_ids=frozenset(ids))
    units = set(
        Unit.objects.filter(Q(pk=actor.unit_id) | Q(parent_id=actor.unit_id)).values_list("pk", flat=True)
    )
    return Scope(organisation_ids=frozenset({actor.organisation_id}), unit_ids=frozenset(units))  # type: ignore[arg-type]


def scope_municipalities(scope: Scope) -> set[str]:
    """The home municipalities in the areas of the scope's organisations (Kela's area is the country)."""
    return set(
        Organisation.municipalities.through.objects.filter(
            organisation_id__in=scope.organisation_ids
        ).values_list("municipality_id", flat=True)
    )


def visible_organisations(scope: Scope) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=scope.organisation_ids)


def visible_units(scope: Scope) -> QuerySet[Unit]:
    if scope.unit_ids:
        return Unit.objects.filter(pk__in=scope.unit_ids)
    return Unit.objects.filter(organisation_id__in=scope.organisation_ids)


# --- report definitions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise


# The filters of the form; a report about professionals has no client dimensions.
FILTER_FIELDS = (
    "organisation",
    "unit",
    "employment_area",
    "wellbeing_county",
    "municipality",
    "track",
    "age_group",
    "service_language",
)
ORGANISATION_FIELDS = ("organisation", "unit")


@dataclass(frozen=True)
class Derived:
    """A figure computed from a row's counts and duration histograms: (value, the count behind it)."""

    key: str
    label: str | Promise
    compute: Callable[[dict[str, int], dict[str, Counter[int]]], tuple[float | None, int]]
    style: str = "number"  # "number" (one decimal), "days" (whole), "percent", "signed"


@dataclass(frozen=True)
class Report:
    slug: str
    title: Promise
    description: Promise
    kind: str  # "by_dimension": one indicator split by a dimension; "indicators": several indicators
    indicators: tuple[str, ...]
    dimension: str = ""
    columns: Callable[[], list[Column]] = field(default=lambda: [])
    snapshot: bool = False  # the value at the month's end, not the month's sum
    prefix: str = ""  # indicators "<prefix><column>:<closure reason>" (the outcomes after closure)
    partition: bool = True  # the columns split one count, so a month's total means something
    # Rows other than months (roles, service types, closure reasons): the period is summed, or for a
    # snapshot taken at its last month's end.
    rows: Callable[[], list[Column]] | None = None
    # Where a statistics row (its indicator and dimension value) goes: (row key, column key), or None.
    locate: Callable[[str, str], tuple[str, str] | None] | None = None
    indicator_list: Callable[[], tuple[str, ...]] | None = None  # indicators known only at query time
    measures: Callable[[], tuple[str, ...]] = field(default=lambda: ())  # duration histograms read
    derived: Callable[[], list[Derived]] = field(default=lambda: [])  # medians, averages, shares
    chart: str = ""  # a derived column's key to draw instead of the total (or first column)
    fields: tuple[str, ...] = ()  # the filters offered (empty: all of FILTER_FIELDS)
    row_label: str | Promise = ""  # the first column's heading when rows are not months
    hide_empty_rows: bool = False  # a long category list (the service catalogue): rows with figures only

    @property
    def filter_fields(self) -> tuple[str, ...]:
        return self.fields or FILTER_FIELDS


def _tracks() -> list[Column]:
    return [Column(value, label) for value, label in Track.choices]


def _age_groups() -> list[Column]:
    labels = {
        "-24": _("alle 25 v."),
        "25-29": _("25–29 v."),
        "30-54": _("30–54 v."),
        "55-": _("55 v. tai yli"),
    }
    return [Column(label, labels[label]) for *_bounds, label in AGE_GROUPS] + [Column("", _("ei tiedossa"))]


def _reasons() -> list[Column]:
    return [Column(f"closed_reason:{value}", label) for value, label in ClosureReason.choices]


def _referral_columns() -> list[Column]:
    return [
        Column("referrals", _("saapuneet lähetteet")),
        Column("referrals_accepted", _("hyväksytyt")),
        Column("referrals_declined", _("hylätyt")),
    ]


def _outcome_columns() -> list[Column]:
    return [Column(value, label) for value, label in OutcomeStatus.choices]


def _feedback_columns() -> list[Column]:
    return [
        Column("feedback", _("vastauksia")),
        Column("feedback_promoters", _("suosittelijoita (9–10)")),
        Column("feedback_detractors", _("arvostelijoita (0–6)")),
    ]


def _flow_columns() -> list[Column]:
    return [
        Column("new", _("alkaneet")),
        Column("closed", _("päättyneet")),
    ]


# --- helpers of the process reports -----------------------------------------------------------------------


def _day_buckets(*bounds: int) -> list[tuple[int, int | None, str]]:
    """Day buckets from upper bounds: (0, b1), (b1+1, b2) … (bn+1, None)."""
    buckets: list[tuple[int, int | None, str]] = []
    low = 0
    for high in bounds:
        buckets.append((low, high, f"{low}-{high}"))
        low = high + 1
    buckets.append((low, None, f"{low}-"))
    return buckets


REFERRAL_BUCKETS = _day_buckets(7, 14, 30, 60)
PLAN_BUCKETS = _day_buckets(30, 60, 90, 180)
CLOSURE_BUCKETS = _day_buckets(182, 365, 730)


def _bucket_of(buckets: list[tuple[int, int | None, str]], days: int) -> str:
    for low, high, key in buckets:
        if days >= low and (high is None or days <= high):
            return key
    return buckets[-1][2]


def _bucket_columns(buckets: list[tuple[int, int | None, str]]) -> Callable[[], list[Column]]:
    def columns() -> list[Column]:
        result = []
        for low, high, key in buckets:
            if high is None:
                label = gettext("yli %(days)s pv") % {"days": low - 1}
            else:
                label = gettext("%(low)s–%(high)s pv") % {"low": low, "high": high}
            result.append(Column(key, label))
        return result

    return columns


def _duration_locate(
    buckets: list[tuple[int, int | None, str]], by_reason: bool = False
) -> Callable[[str, str], tuple[str, str] | None]:
    def locate(indicator: str, value: str) -> tuple[str, str] | None:
        row = indicator.split(":", 1)[1] if by_reason and ":" in indicator else ""
        return row, _bucket_of(buckets, int(value)) if value.isdigit() else value

    return locate


def median_of(histogram: Counter[int]) -> tuple[float | None, int]:
    """The median of a histogram {days: count} and the number of events behind it."""
    total = sum(histogram.values())
    if not total:
        return None, 0
    ordered = sorted(histogram.items())

    def nth(position: int) -> int:
        seen = 0
        for days, count in ordered:
            seen += count
            if seen > position:
                return days
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2)), total
    return (nth(total // 2 - 1) + nth(total // 2)) / 2, total


def _median(
    measure: str = "",
) -> Callable[[dict[str, int], dict[str, Counter[int]]], tuple[float | None, int]]:
    def compute(counts: dict[str, int], histograms: dict[str, Counter[int]]) -> tuple[float | None, int]:
        merged: Counter[int] = Counter()
        for key, histogram in histograms.items():
            if not measure or key == measure:
                merged.update(histogram)
        return median_of(merged)

    return compute


def _share(
    part: tuple[str, ...], whole: tuple[str, ...]
) -> Callable[[dict[str, int], dict[str, Counter[int]]], tuple[float | None, int]]:
    def compute(counts: dict[str, int], histograms: dict[str, Counter[int]]) -> tuple[float | None, int]:
        total = sum(counts.get(key, 0) for key in whole)
        if not total:
            return None, 0
        return 100 * sum(counts.get(key, 0) for key in part) / total, total

    return compute


def _feedback_average(
    counts: dict[str, int], histograms: dict[str, Counter[int]]
) -> tuple[float | None, int]:
    answers = counts.get("feedback", 0)
    return (counts.get("feedback_sum", 0) / answers if answers else None), answers


def _net_promoter(counts: dict[str, int], histograms: dict[str, Counter[int]]) -> tuple[float | None, int]:
    answers = counts.get("feedback", 0)
    if not answers:
        return None, 0
    return 100 * (
        counts.get("feedback_promoters", 0) - counts.get("feedback_detractors", 0)
    ) / answers, answers


def _caseload_average(
    counts: dict[str, int], histograms: dict[str, Counter[int]]
) -> tuple[float | None, int]:
    people = sum(value for key, value in counts.items() if key.startswith("caseload:"))
    total = sum(value for key, value in counts.items() if key.startswith("caseload_sum:"))
    return (total / people if people else None), people


def _casework_roles() -> list[Column]:
    roles = Role.objects.filter(sector__in=CASEWORK_SECTORS).order_by("sort_order", "code")
    return [Column(role.code, role.name) for role in roles]


def _caseload_indicators() -> tuple[str, ...]:
    roles = [column.key for column in _casework_roles()]
    return tuple(
        f"caseload:{role}:{label}" for role in roles for *_bounds, label in CASELOAD_BUCKETS
    ) + tuple(f"caseload_sum:{role}" for role in roles)


def _caseload_columns() -> list[Column]:
    return [
        Column(label, gettext("yli %(n)s") % {"n": low - 1} if high is None else f"{low}–{high}")
        for low, high, label in CASELOAD_BUCKETS
    ]


def _caseload_locate(indicator: str, value: str) -> tuple[str, str] | None:
    parts = indicator.split(":")
    return (parts[1], parts[2] if len(parts) == 3 else "")


def _caseload_derived() -> list[Derived]:
    return [Derived("average", _("keskimäärin asiakkuuksia"), _caseload_average)]


def _participation_statuses() -> list[Column]:
    return [Column(NO_PARTICIPATION, _("ei osallistumismerkintää"))] + [
        Column(value, label) for value, label in ParticipationStatus.choices
    ]


def _service_types() -> list[Column]:
    return [Column(str(service.pk), service.name) for service in ServiceType.objects.all()]


def _service_indicators() -> tuple[str, ...]:
    statuses = [column.key for column in _participation_statuses()]
    return tuple(f"services:{service.key}:{status}" for service in _service_types() for status in statuses)


def _service_locate(indicator: str, value: str) -> tuple[str, str] | None:
    _name, service, status = indicator.split(":")
    return service, status


def _consultation_columns() -> list[Column]:
    return [Column(f"consultations:{value}", label) for value, label in ConsultationKind.choices]


KUTY_DAYS = (1, 2, 3, 4)


def _kuty_columns() -> list[Column]:
    return [Column("kuty_participants", _("osallistujia"))] + [
        Column(f"kuty_days:{days}", gettext("%(days)s pv/vko") % {"days": days}) for days in KUTY_DAYS
    ]


def _kuty_indicators() -> tuple[str, ...]:
    return ("kuty_participants", *(f"kuty_days:{days}" for days in range(0, 8)))


def _closure_reasons_rows() -> list[Column]:
    return [Column(value, label) for value, label in ClosureReason.choices]


def _closure_measures() -> tuple[str, ...]:
    return tuple(CLOSURE_DURATION + value for value in ClosureReason.values)


def _goal_columns() -> list[Column]:
    return [
        Column("within", _("päättyi 2 vuoden kuluessa")),
        Column("over", _("päättyi yli 2 vuoden jälkeen")),
    ]


def _goal_locate(indicator: str, value: str) -> tuple[str, str] | None:
    return "", "within" if indicator.startswith("goal_within") else "over"


GOAL_INDICATORS = ("goal_within", "goal_within_work", "goal_over", "goal_over_work")


def _goal_derived() -> list[Derived]:
    return [
        Derived(
            "within",
            _("osuus 2 vuoden kuluessa"),
            _share(("goal_within", "goal_within_work"), GOAL_INDICATORS),
            "percent",
        ),
        Derived(
            "work",
            _("työhön tai koulutukseen 2 vuoden kuluessa"),
            _share(("goal_within_work",), GOAL_INDICATORS),
            "percent",
        ),
    ]


REPORTS: dict[str, Report] = {
    report.slug: report
    for report in (
        Report(
            "avoimet-asiakkuudet",
            _("Asiakkaat palvelupoluittain"),
            _("Avoimet asiakkuudet kunkin kuukauden lopussa (kuukausi kesken: viimeisin päivitys)."),
            "by_dimension",
            ("open",),
            "track",
            _tracks,
            snapshot=True,
        ),
        Report(
            "alkaneet-asiakkuudet",
            _("Alkaneet asiakkuudet palvelupoluittain"),
            _("Kuukauden aikana alkaneet asiakkuudet."),
            "by_dimension",
            ("new",),
            "track",
            _tracks,
        ),
        Report(
            "paattyneet-asiakkuudet",
            _("Päättyneet asiakkuudet palvelupoluittain"),
            _("Kuukauden aikana päättyneet asiakkuudet."),
            "by_dimension",
            ("closed",),
            "track",
            _tracks,
        ),
        Report(
            "alkaneet-ikaryhmittain",
            _("Alkaneet asiakkuudet ikäryhmittäin"),
            _("Kuukauden aikana alkaneet asiakkuudet asiakkaan iän mukaan."),
            "by_dimension",
            ("new",),
            "age_group",
            _age_groups,
        ),
        Report(
            "asiakasvirta",
            _("Alkaneet ja päättyneet asiakkuudet"),
            _("Kuukauden aikana alkaneet ja päättyneet asiakkuudet."),
            "indicators",
            ("new", "closed"),
            columns=_flow_columns,
            partition=False,
        ),
        Report(
            "lahetteet",
            _("Lähetteet ja päätökset"),
            _("Kuukauden aikana saapuneet lähetteet ja niistä tehdyt päätökset."),
            "indicators",
            ("referrals", "referrals_accepted", "referrals_declined"),
            columns=_referral_columns,
            partition=False,
        ),
        Report(
            "asiakaspalaute",
            _("Asiakaspalaute"),
            _(
                "Päättymisen yhteydessä annetut palautteet (0–10): vastausten määrä, suosittelijat (9–10) "
                "ja arvostelijat (0–6). Suositteluindeksi on suosittelijoiden ja arvostelijoiden "
                "osuuksien erotus."
            ),
            "indicators",
            ("feedback", "feedback_promoters", "feedback_detractors", "feedback_sum"),
            columns=_feedback_columns,
            partition=False,
            derived=lambda: [
                Derived("average", _("keskiarvo (0–10)"), _feedback_average),
                Derived("nps", _("suositteluindeksi"), _net_promoter, "signed"),
            ],
            chart="average",
        ),
        Report(
            "asiakkaita-ammattilaista-kohden",
            _("Asiakkuudet ammattilaista kohden"),
            _(
                "Ammattilaisten määrä sen mukaan, monessako avoimessa asiakkuudessa he ovat asiakastiimissä "
                "jakson viimeisen kuukauden lopussa, ammattiryhmittäin, ja keskimääräinen asiakasmäärä. "
                "Ammattilaisia ei nimetä."
            ),
            "indicators",
            (),
            columns=_caseload_columns,
            snapshot=True,
            rows=_casework_roles,
            locate=_caseload_locate,
            indicator_list=_caseload_indicators,
            derived=_caseload_derived,
            chart="average",
            fields=ORGANISATION_FIELDS,
            row_label=_("Ammattiryhmä"),
        ),
        Report(
            "lahetteen-kasittelyaika",
            _("Aika lähetteestä päätökseen"),
            _("Kuukauden aikana päätetyt lähetteet käsittelyajan mukaan (päivää) ja käsittelyajan mediaani."),
            "indicators",
            (),
            columns=_bucket_columns(REFERRAL_BUCKETS),
            locate=_duration_locate(REFERRAL_BUCKETS),
            measures=lambda: (REFERRAL_DECISION,),
            derived=lambda: [Derived("median", _("mediaani (pv)"), _median(), "days")],
            chart="median",
        ),
        Report(
            "aika-ensimmaiseen-suunnitelmaan",
            _("Aika ensimmäiseen suunnitelmaan"),
            _(
                "Kuukauden aikana voimaan tulleet ensimmäiset suunnitelmat ajan mukaan asiakkuuden alusta "
                "(päivää) ja ajan mediaani."
            ),
            "indicators",
            (),
            columns=_bucket_columns(PLAN_BUCKETS),
            locate=_duration_locate(PLAN_BUCKETS),
            measures=lambda: (FIRST_PLAN,),
            derived=lambda: [Derived("median", _("mediaani (pv)"), _median(), "days")],
            chart="median",
        ),
        Report(
            "kartoitus-tavoiteajassa",
            _("Monialainen kartoitus tavoiteajassa"),
            _(
                "Kuukauden aikana valmistuneet monialaiset kartoitukset: valmistuiko kartoitus R-TYM-2:n "
                "tavoiteajassa (noin 3 kuukautta), osuus ajallaan ja kartoituksen keston mediaani."
            ),
            "indicators",
            ("mapping_on_time", "mapping_late"),
            columns=lambda: [
                Column("mapping_on_time", _("tavoiteajassa")),
                Column("mapping_late", _("myöhässä")),
            ],
            measures=lambda: (MAPPING,),
            derived=lambda: [
                Derived(
                    "share",
                    _("osuus tavoiteajassa"),
                    _share(("mapping_on_time",), ("mapping_on_time", "mapping_late")),
                    "percent",
                ),
                Derived("median", _("keston mediaani (pv)"), _median(), "days"),
            ],
            chart="share",
        ),
        Report(
            "suunnitelman-arvioinnit",
            _("Suunnitelman arvioinnit ajallaan"),
            _(
                "Kuukauden aikana tehdyt suunnitelman arvioinnit (uusi versio voimaan): tehtiinkö arviointi "
                "viimeistään sovittuna arviointipäivänä."
            ),
            "indicators",
            ("review_on_time", "review_late"),
            columns=lambda: [
                Column("review_on_time", _("ajallaan")),
                Column("review_late", _("myöhässä")),
            ],
            derived=lambda: [
                Derived(
                    "share",
                    _("osuus ajallaan"),
                    _share(("review_on_time",), ("review_on_time", "review_late")),
                    "percent",
                )
            ],
            chart="share",
        ),
        Report(
            "myohassa-olevat-arvioinnit",
            _("Erääntyneet suunnitelman arvioinnit"),
            _("Voimassa olevat suunnitelmat, joiden arviointipäivä on ohitettu, kunkin kuukauden lopussa."),
            "by_dimension",
            ("review_overdue",),
            "track",
            _tracks,
            snapshot=True,
        ),
        Report(
            "kuntouttava-tyotoiminta",
            _("Kuntouttavan työtoiminnan osallistujat"),
            _(
                "Kuukauden aikana kuntouttavaan työtoimintaan osallistuneet asiakkaat ja heidän jaksonsa "
                "päivinä viikossa (asiakas, jolla on kuukaudessa kaksi erilaista jaksoa, näkyy molemmissa)."
            ),
            "indicators",
            (),
            columns=_kuty_columns,
            snapshot=True,
            indicator_list=_kuty_indicators,
            partition=False,
        ),
        Report(
            "palvelut-tyypeittain",
            _("Sovitut palvelut tyypeittäin ja tilanteen mukaan"),
            _(
                "Voimassa olevien suunnitelmien sovitut palvelut jakson viimeisen kuukauden lopussa palvelun "
                "ja viimeisimmän osallistumismerkinnän mukaan."
            ),
            "indicators",
            (),
            columns=_participation_statuses,
            snapshot=True,
            rows=_service_types,
            hide_empty_rows=True,
            locate=_service_locate,
            indicator_list=_service_indicators,
            row_label=_("Palvelu"),
        ),
        Report(
            "konsultaatiot",
            _("Konsultaatiot lajeittain"),
            _("Kuukauden aikana pidetyt konsultaatiot lajin mukaan (myös anonyymit konsultaatiot)."),
            "indicators",
            tuple(f"consultations:{value}" for value in ConsultationKind.values),
            columns=_consultation_columns,
        ),
        Report(
            "paattyneet-ikaryhmittain",
            _("Päättyneet asiakkuudet ikäryhmittäin"),
            _("Kuukauden aikana päättyneet asiakkuudet asiakkaan iän mukaan."),
            "by_dimension",
            ("closed",),
            "age_group",
            _age_groups,
        ),
        Report(
            "kesto-paattymisen-syyn-mukaan",
            _("Asiakkuuksien kesto päättymisen syyn mukaan"),
            _(
                "Jakson aikana päättyneet asiakkuudet keston (päivää) ja päättymisen syyn mukaan, "
                "ja keston mediaani."
            ),
            "indicators",
            (),
            columns=_bucket_columns(CLOSURE_BUCKETS),
            rows=_closure_reasons_rows,
            locate=_duration_locate(CLOSURE_BUCKETS, by_reason=True),
            measures=_closure_measures,
            derived=lambda: [Derived("median", _("keston mediaani (pv)"), _median(), "days")],
            chart="median",
            row_label=_("Päättymisen syy"),
        ),
        Report(
            "kahden-vuoden-tavoite",
            _("TYM:n kahden vuoden tavoite"),
            _(
                "Kuukauden aikana päättyneet TYM-asiakkuudet: päättyikö asiakkuus R-TYM-2:n kahden vuoden "
                "tavoiteajassa, ja osuus, joka päättyi tavoiteajassa työhön tai koulutukseen."
            ),
            "indicators",
            GOAL_INDICATORS,
            columns=_goal_columns,
            locate=_goal_locate,
            derived=_goal_derived,
            chart="within",
        ),
        Report(
            "paattymisen-syyt",
            _("Päättyneet asiakkuudet syyn mukaan"),
            _(
                "Asiakkuuksien päättymiset kirjatun päättymisen syyn mukaan: TYM ja muut palvelupolut "
                "omilla syillään. Palvelupolun voi rajata."
            ),
            "indicators",
            tuple(f"closed_reason:{value}" for value in ClosureReason.values),
            columns=_reasons,
        ),
        Report(
            "tilanne-paattyessa",
            _("Asiakkaan tilanne asiakkuuden päättyessä"),
            _(
                "Muiden palvelupolkujen kuin TYM:n päättyneet asiakkuudet päättämisessä kirjatun asiakkaan "
                "tilanteen mukaan. Palvelupolun ja päättymisen syyn voi rajata."
            ),
            "indicators",
            (),
            columns=_outcome_columns,
            prefix="closed_outcome:",
        ),
        Report(
            "tilanne-paattymisen-jalkeen",
            _("Tilanne asiakkuuden päättymisen jälkeen"),
            _(
                "Seurannoissa 3, 6 ja 12 kuukautta päättymisen jälkeen kirjattu tilanne "
                "kirjauskuukauden mukaan. Palvelupolun ja päättymisen syyn voi rajata."
            ),
            "indicators",
            (),
            columns=_outcome_columns,
            prefix="outcome:",
        ),
    )
}


# --- the period and filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    first_month: date
    last_month: date
    organisation_id: int | None = None
    unit_id: int | None = None
    track: str = ""
    municipality: str = ""
    age_group: str = ""
    service_language: str = ""
    closure_reason: str = ""
    # The home municipalities of a chosen employment area and/or wellbeing county (None: no such choice).
    area_municipalities: frozenset[str] | None = None

    def apply(self, statistics: QuerySet[Any], fields: tuple[str, ...] = FILTER_FIELDS) -> QuerySet[Any]:
        conditions = {
            "organisation_id": self.organisation_id if "organisation" in fields else None,
            "unit_id": self.unit_id if "unit" in fields else None,
            "track": self.track if "track" in fields else "",
            "municipality": self.municipality if "municipality" in fields else "",
            "age_group": self.age_group if "age_group" in fields else "",
            "service_language": self.service_language if "service_language" in fields else "",
        }
        statistics = statistics.filter(**{key: value for key, value in conditions.items() if value})
        if self.area_municipalities is not None and "employment_area" in fields:
            statistics = statistics.filter(municipality__in=self.area_municipalities)
        return statistics


def months(first: date, last: date) -> list[date]:
    result = []
    month = first.replace(day=1)
    while month <= last:
        result.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return result


def month_end(month: date, today: date) -> date:
    return min(month.replace(day=calendar.monthrange(month.year, month.month)[1]), today)


# --- the table ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedCell:
    """A median, average or share: shown only when at least the threshold of events stand behind it."""

    value: float
    text: str
    hidden: bool = False
    empty: bool = False

    def display(self, threshold: int = 5) -> str:
        if self.empty:
            return "–"
        return HIDDEN if self.hidden else self.text


def _derived_cell(
    figure: Derived, counts: dict[str, int], histograms: dict[str, Counter[int]], limit: int
) -> DerivedCell:
    value, behind = figure.compute(counts, histograms)
    if value is None or behind == 0:
        return DerivedCell(0.0, "", empty=True)
    if behind < limit:
        return DerivedCell(0.0, "", hidden=True)
    if figure.style == "days":
        text = str(round(value))
    elif figure.style == "percent":
        text = f"{formats.number_format(value, 0)} %"
    elif figure.style == "signed":
        text = f"{'+' if value > 0 else ''}{formats.number_format(value, 0)}"
    else:
        text = formats.number_format(value, 1)
    return DerivedCell(value, text)


@dataclass
class Table:
    report: Report
    columns: list[Column]
    months: list[date]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    limit: int
    row_labels: list[str] = field(default_factory=list)
    row_keys: list[str] = field(default_factory=list)
    derived_columns: list[Derived] = field(default_factory=list)
    derived: list[list[DerivedCell]] = field(default_factory=list)
    derived_totals: list[DerivedCell] = field(default_factory=list)

    @property
    def show_column_totals(self) -> bool:
        """A month-end count summed over months means nothing; a category table is one point in time."""
        return not self.report.snapshot or self.report.rows is not None

    def display_rows(self) -> list[tuple[str, list[str], str]]:
        return [
            (
                label,
                [cell.display(self.limit) for cell in row] + [cell.display(self.limit) for cell in derived],
                total.display(self.limit),
            )
            for label, row, derived, total in zip(
                self.row_labels, self.cells, self.derived, self.row_totals, strict=True
            )
        ]

    def display_totals(self) -> tuple[list[str], str]:
        totals = [cell.display(self.limit) for cell in self.column_totals]
        totals += [cell.display(self.limit) for cell in self.derived_totals]
        return totals, self.grand_total.display(self.limit)

    def chart_cells(self) -> list[Any]:
        """What the chart draws per row: a derived figure, the row's total, or its first column."""
        if self.report.chart:
            index = [figure.key for figure in self.derived_columns].index(self.report.chart)
            return [row[index] for row in self.derived]
        if self.report.partition:
            return list(self.row_totals)
        return [row[0] for row in self.cells]


def _indicators(report: Report, filters: Filters) -> QuerySet[Statistic]:
    if report.prefix:
        chosen = Statistic.objects.filter(indicator__startswith=report.prefix)
        if filters.closure_reason:
            chosen = chosen.filter(indicator__endswith=f":{filters.closure_reason}")
        return chosen
    indicators = report.indicator_list() if report.indicator_list else report.indicators
    return Statistic.objects.filter(indicator__in=indicators)


def _period(statistics: QuerySet[Any], report: Report, month_list: list[date], today: date) -> QuerySet[Any]:
    if report.snapshot:
        ends = [month_end(month, today) for month in month_list]
        return statistics.filter(day__in=ends[-1:] if report.rows is not None else ends)
    return statistics.filter(day__gte=month_list[0], day__lte=month_end(month_list[-1], today))


def _default_locate(report: Report) -> Callable[[str, str], tuple[str, str] | None]:
    def locate(indicator: str, value: str) -> tuple[str, str] | None:
        if report.kind == "by_dimension":
            return "", value
        return "", indicator.split(":")[1] if report.prefix else indicator

    return locate


def _month_key(value: Any) -> date:
    return value.date() if hasattr(value, "date") else value


def build_table(report: Report, scope: Scope, filters: Filters, today: date | None = None) -> Table:
    """One GROUP BY query over the statistics table (and one over the histograms), then suppression."""
    today = today or timezone.localdate()
    month_list = months(filters.first_month, filters.last_month)
    by_month = report.rows is None
    row_columns = [Column(month.isoformat(), charts.month_label(month)) for month in month_list]
    if not by_month:
        assert report.rows is not None
        row_columns = report.rows()
    row_index = {column.key: i for i, column in enumerate(row_columns)}
    columns = report.columns()
    index = {column.key: i for i, column in enumerate(columns)}
    locate = report.locate or _default_locate(report)
    counts = [[0] * len(columns) for _row in row_columns]
    histograms: list[dict[str, Counter[int]]] = [{} for _row in row_columns]
    raw: list[dict[str, int]] = [{} for _row in row_columns]

    def place(month: date, row_key: str) -> int | None:
        return row_index.get(month.isoformat()) if by_month else row_index.get(row_key)

    statistics = _period(
        filters.apply(scope.filter(_indicators(report, filters)), report.filter_fields),
        report,
        month_list,
        today,
    )
    dimension = report.dimension or "indicator"
    grouped = (
        statistics.annotate(month=TruncMonth("day"))
        .values("month", "indicator", dimension)
        .order_by()
        .annotate(n=Sum("value"))
    )
    for row in grouped:
        located = locate(row["indicator"], str(row[dimension]))
        if located is None:
            continue
        r = place(_month_key(row["month"]), located[0])
        if r is None:
            continue
        value = int(row["n"] or 0)
        raw[r][row["indicator"]] = raw[r].get(row["indicator"], 0) + value
        c = index.get(located[1])
        if c is not None:
            counts[r][c] += value
    measures = report.measures()
    if measures:
        durations = _period(
            filters.apply(
                scope.filter(Duration.objects.filter(indicator__in=measures)), report.filter_fields
            ),
            report,
            month_list,
            today,
        )
        for row in (
            durations.annotate(month=TruncMonth("day"))
            .values("month", "indicator", "days")
            .order_by()
            .annotate(n=Sum("value"))
        ):
            located = locate(row["indicator"], str(row["days"]))
            r = place(_month_key(row["month"]), located[0] if located else "")
            if r is None:
                continue
            histograms[r].setdefault(row["indicator"], Counter())[row["days"]] += int(row["n"] or 0)
            if located is not None and located[1] in index:
                counts[r][index[located[1]]] += int(row["n"] or 0)
    if report.hide_empty_rows:
        kept = [r for r in range(len(row_columns)) if any(counts[r])]
        row_columns = [row_columns[r] for r in kept]
        counts, raw, histograms = (
            [counts[r] for r in kept],
            [raw[r] for r in kept],
            [histograms[r] for r in kept],
        )
    limit = threshold(today)
    cells = suppress(counts, limit)
    column_sums = [sum(counts[m][c] for m in range(len(row_columns))) for c in range(len(columns))]
    # Totals over the period: a column's total is a row of its own beside the months, so protect it too.
    totals_cells = suppress([column_sums], limit)[0] if column_sums else []
    figures = report.derived()
    all_raw: dict[str, int] = {}
    all_histograms: dict[str, Counter[int]] = {}
    for r in range(len(row_columns)):
        for key, value in raw[r].items():
            all_raw[key] = all_raw.get(key, 0) + value
        for key, histogram in histograms[r].items():
            all_histograms.setdefault(key, Counter()).update(histogram)
    return Table(
        report=report,
        columns=columns,
        months=month_list,
        cells=cells,
        row_totals=[total_cell(sum(row), limit) for row in counts],
        column_totals=totals_cells,
        grand_total=total_cell(sum(column_sums), limit),
        limit=limit,
        row_labels=[str(column.label) for column in row_columns],
        row_keys=[column.key for column in row_columns],
        derived_columns=figures,
        derived=[
            [_derived_cell(f, raw[r], histograms[r], limit) for f in figures] for r in range(len(row_columns))
        ],
        derived_totals=[_derived_cell(f, all_raw, all_histograms, limit) for f in figures],
    )


# --- the front page's key figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    label: str | Promise
    value: str


def key_figures(scope: Scope, today: date | None = None) -> list[KeyFigure]:
    """Open relationships per track on the latest refreshed day (suppressed like any table)."""
    today = today or timezone.localdate()
    statistics = scope.filter(Statistic.objects.filter(indicator="open", day__lte=today))
    latest = statistics.order_by("-day").values_list("day", flat=True).first()
    if latest is None:
        return []
    by_track = dict(
        statistics.filter(day=latest)
        .values("track")
        .order_by()
        .annotate(n=Sum("value"))
        .values_list("track", "n")
    )
    labels = dict(Track.choices)
    tracks = [track for track in Track.values if by_track.get(track)]
    limit = threshold(today)
    cells = suppress([[int(by_track[track]) for track in tracks]], limit)[0] if tracks else []
    figures = [
        KeyFigure(_("Avoimet asiakkuudet yhteensä"), total_cell(sum(by_track.values()), limit).display(limit))
    ]
    figures += [
        KeyFigure(labels[track], cell.display(limit)) for track, cell in zip(tracks, cells, strict=True)
    ]
    return figures
