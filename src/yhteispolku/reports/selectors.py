"""The situational picture's reports: who may see which organisations and units, and the tables.

Every figure comes from the statistics table (counts only); suppression is applied before anything is
shown, drawn or exported.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClosureReason, OutcomeStatus, Track
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.reports.models import Statistic
from yhteispolku.reports.refresh import AGE_GROUPS
from yhteispolku.reports.suppression import Cell, suppress, threshold, total_cell

logger = logging.getLogger("yhteispolku.reports")

STEERING_ROLE = "steering_group_member"
UNIT_ROLES = frozenset({"tym_coordinator", "unit_manager"})


@dataclass(frozen=True)
class Scope:
    """The organisations (steering group) or units (coordinators, unit managers) a viewer's reports cover."""

    organisation_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()

    def filter(self, statistics: QuerySet[Statistic]) -> QuerySet[Statistic]:
        if self.unit_ids:
            return statistics.filter(unit_id__in=self.unit_ids)
        return statistics.filter(organisation_id__in=self.organisation_ids)


def may_see_reports(actor: User) -> bool:
    return bool(actor.is_active and (actor.role_id == STEERING_ROLE or actor.role_id in UNIT_ROLES))


def scope_for(actor: User) -> Scope:
    """The steering group sees its own organisations' areas; unit managers and coordinators their unit."""
    if not may_see_reports(actor):
        logger.warning("reports refused: user %s (role %s)", actor.pk, actor.role_id)
        raise PermissionDenied(
            _("Tilannekuva on johtoryhmän, esihenkilöiden ja koordinaattoreiden käytössä.")
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
            ("feedback", "feedback_promoters", "feedback_detractors"),
            columns=_feedback_columns,
            partition=False,
        ),
        Report(
            "paattymisen-syyt",
            _("Päättyneet asiakkuudet syyn mukaan"),
            _("TYM-asiakkuuksien päättymiset kirjatun päättymisen syyn mukaan."),
            "indicators",
            tuple(f"closed_reason:{value}" for value in ClosureReason.values),
            columns=_reasons,
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

    def apply(self, statistics: QuerySet[Statistic]) -> QuerySet[Statistic]:
        conditions = {
            "organisation_id": self.organisation_id,
            "unit_id": self.unit_id,
            "track": self.track,
            "municipality": self.municipality,
            "age_group": self.age_group,
            "service_language": self.service_language,
        }
        return statistics.filter(**{key: value for key, value in conditions.items() if value})


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

    @property
    def show_column_totals(self) -> bool:
        """A month-end count summed over months means nothing."""
        return not self.report.snapshot

    def display_rows(self) -> list[tuple[date, list[str], str]]:
        return [
            (month, [cell.display(self.limit) for cell in row], total.display(self.limit))
            for month, row, total in zip(self.months, self.cells, self.row_totals, strict=True)
        ]

    def display_totals(self) -> tuple[list[str], str]:
        return [cell.display(self.limit) for cell in self.column_totals], self.grand_total.display(self.limit)


def build_table(report: Report, scope: Scope, filters: Filters, today: date | None = None) -> Table:
    """One GROUP BY query over the statistics table, then suppression."""
    today = today or timezone.localdate()
    month_list = months(filters.first_month, filters.last_month)
    if report.prefix:
        chosen = Statistic.objects.filter(indicator__startswith=report.prefix)
        if filters.closure_reason:
            chosen = chosen.filter(indicator__endswith=f":{filters.closure_reason}")
    else:
        chosen = Statistic.objects.filter(indicator__in=report.indicators)
    statistics = filters.apply(scope.filter(chosen))
    if report.snapshot:
        statistics = statistics.filter(day__in=[month_end(month, today) for month in month_list])
    else:
        last = month_end(month_list[-1], today)
        statistics = statistics.filter(day__gte=month_list[0], day__lte=last)
    key = report.dimension if report.kind == "by_dimension" else "indicator"
    rows = (
        statistics.annotate(month=TruncMonth("day")).values("month", key).order_by().annotate(n=Sum("value"))
    )
    columns = report.columns()
    index = {column.key: i for i, column in enumerate(columns)}
    month_index = {month: i for i, month in enumerate(month_list)}
    counts = [[0] * len(columns) for _month in month_list]
    for row in rows:
        month = row["month"]
        if hasattr(month, "date"):
            month = month.date()
        column = row[key].split(":")[1] if report.prefix else row[key]
        m, c = month_index.get(month), index.get(column)
        if m is not None and c is not None:
            counts[m][c] += int(row["n"] or 0)
    limit = threshold(today)
    cells = suppress(counts, limit)
    column_sums = [sum(counts[m][c] for m in range(len(month_list))) for c in range(len(columns))]
    # Totals over the period: a column's total is a row of its own beside the months, so protect it too.
    totals_cells = suppress([column_sums], limit)[0] if column_sums else []
    return Table(
        report=report,
        columns=columns,
        months=month_list,
        cells=cells,
        row_totals=[total_cell(sum(row), limit) for row in counts],
        column_totals=totals_cells,
        grand_total=total_cell(sum(column_sums), limit),
        limit=limit,
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
