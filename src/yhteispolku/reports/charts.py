"""Server-rendered SVG bar charts: no script, no inline style (the strict CSP), presentation attributes only.

The chart draws what the table beside it shows: a suppressed figure has no bar, only its "<5" or "..".
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from yhteispolku.reports.suppression import Cell

WIDTH = 640
HEIGHT = 260
LEFT = 8
BOTTOM = 40
TOP = 24


def bar_chart(*, chart_id: str, title: str, labels: list[str], cells: list[Cell], limit: int) -> SafeString:
    """A bar per label; each bar's value written above it, hidden values written as in the table."""
    count = max(len(cells), 1)
    slot = (WIDTH - LEFT * 2) / count
    shown = [cell.value for cell in cells if not cell.hidden]
    top = max(shown, default=0) or 1
    plot = HEIGHT - BOTTOM - TOP
    bars = []
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        x = LEFT + i * slot + slot * 0.15
        width = slot * 0.7
        height = 0.0 if cell.hidden else plot * cell.value / top
        y = TOP + plot - height
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{width:.1f}",
                f"{height:.1f}",
                f"{x + width / 2:.1f}",
                f"{y - 6:.1f}",
                cell.display(limit),
                f"{HEIGHT - BOTTOM + 16:.1f}",
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="#0000bf"></rect>'
        '<text x="{4}" y="{5}" text-anchor="middle" font-size="12" fill="#1a1a1a">{6}</text>'
        '<text x="{4}" y="{7}" text-anchor="middle" font-size="11" fill="#1a1a1a">{8}</text>',
        bars,
    )
    return format_html(
        '<svg class="report-chart" id="{}" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}"'
        ' width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1a1a1a"></line>{}</svg>',
        chart_id,
        chart_id,
        WIDTH,
        HEIGHT,
        chart_id,
        title,
        LEFT,
        HEIGHT - BOTTOM,
        WIDTH - LEFT,
        HEIGHT - BOTTOM,
        body,
    )


def month_label(month: date) -> str:
    return date_format(month, "n/Y")
