"""The situational picture's pages: the index, one page per report, and its CSV and XLSX downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yhteispolku.accounts.models import User
from yhteispolku.reports import charts, selectors
from yhteispolku.reports.forms import ReportFilterForm
from yhteispolku.reports.refresh import last_refresh


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _situation() -> str:
    done = last_refresh()
    if done is None:
        return _("Tilastoja ei ole vielä päivitetty.")
    at = timezone.localtime(done.finished_at)
    return _("Tilanne %(date)s klo %(time)s") % {
        "date": date_format(at, "d.m.Y"),
        "time": date_format(at, "H.i"),
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    scope = selectors.scope_for(_actor(request), request)
    context = {
        "reports": list(selectors.REPORTS.values()),
        "situation": _situation(),
        "figures": selectors.key_figures(scope),
    }
    return render(request, "reports/index.html", context)


def _table(request: HttpRequest, slug: str) -> tuple[ReportFilterForm, selectors.Table | None]:
    report = selectors.REPORTS.get(slug)
    if report is None:
        raise Http404()
    scope = selectors.scope_for(_actor(request), request)
    form = ReportFilterForm(
        request.GET or None,
        scope=scope,
        organisations=list(selectors.visible_organisations(scope)),
        units=list(selectors.visible_units(scope).select_related("organisation")),
        actor=_actor(request),
        request=request,
    )
    if form.is_bound and not form.is_valid():
        return form, None
    filters = form.filters() if form.is_bound else form.default_filters()
    return form, selectors.build_table(report, scope, filters)


def _rows(table: selectors.Table) -> list[list[str]]:
    """Exactly the figures the page shows: the header, a row per month, the totals."""
    total = [str(_("Yhteensä"))] if table.report.partition else []
    first = str(table.report.row_label or _("Kuukausi"))
    labels = [str(column.label) for column in table.columns] + [str(f.label) for f in table.derived_columns]
    rows = [[first, *labels, *total]]
    for label, cells, row_total in table.display_rows():
        rows.append([label, *cells, *([row_total] if total else [])])
    if table.show_column_totals:
        totals, grand = table.display_totals()
        rows.append([str(_("Yhteensä")), *totals, *([grand] if total else [])])
    return rows


def _chart_caption(table: selectors.Table) -> str:
    if table.report.chart:
        figure = next(f for f in table.derived_columns if f.key == table.report.chart)
        what = str(figure.label)
    elif table.report.partition:
        what = _("yhteensä")
    else:
        what = str(table.columns[0].label)
    return _("Kuvio: %(what)s. Samat luvut ovat alla olevassa taulukossa.") % {"what": what}


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    form, table = _table(request, slug)
    context: dict[str, Any] = {
        "report": selectors.REPORTS[slug],
        "form": form,
        "table": table,
        "situation": _situation(),
        "query": request.GET.urlencode(),
        "filter_fields": [form[name] for name in selectors.REPORTS[slug].filter_fields],
    }
    if table is not None:
        rows = _rows(table)
        context["header"], context["body"] = rows[0], rows[1:]
        context["has_totals_row"] = table.show_column_totals
        context["chart_caption"] = _chart_caption(table)
        draw = charts.bar_chart if table.report.rows is None else charts.horizontal_bar_chart
        context["chart"] = draw(
            chart_id=f"chart-{slug}",
            title=str(table.report.title),
            labels=table.row_labels,
            # A derived figure (a median, a share), the row's total, or the first column (received, started).
            cells=table.chart_cells(),
            limit=table.limit,
        )
    return render(request, "reports/report.html", context, status=200 if table is not None else 400)


@login_required
@require_GET
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404()
    form, table = _table(request, slug)
    if table is None:
        return render(
            request,
            "reports/report.html",
            {
                "report": selectors.REPORTS[slug],
                "form": form,
                "table": None,
                "situation": _situation(),
                "filter_fields": [form[name] for name in selectors.REPORTS[slug].filter_fields],
            },
            status=400,
        )
    rows = _rows(table)
    filename = f"{slug}-{table.months[0]:%Y-%m}-{table.months[-1]:%Y-%m}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 with the byte-order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_situation()])
        writer.writerows(rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = slug[:31]
        sheet.append([_situation()])
        for row in rows:
            sheet.append([int(value) if value.isdigit() else value for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
