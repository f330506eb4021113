"""Server-rendered SVG bar charts: no script, no inline style (the strict CSP), presentation attributes only.

The chart draws what the table beside it shows: a suppressed figure has no bar, only its "<5" or "..".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class Drawable(Protocol):
    """A table cell the chart draws: a count or a derived figure, hidden as the table hides it."""

    @property
    def value(self) -> int | float: ...

    @property
    def hidden(self) -> bool: ...

    def display(self, threshold: int = 5) -> str: ...


WIDTH = 640
HEIGHT = 260
LEFT = 8
BOTTOM = 40
TOP = 24


def bar_chart(
    *, chart_id: str, title: str, labels: list[str], cells: Sequence[Drawable], limit: int
) -> SafeString:
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


LABEL_WIDTH = 300
ROW_HEIGHT = 24


def horizontal_bar_chart(
    *, chart_id: str, title: str, labels: list[str], cells: Sequence[Drawable], limit: int
) -> SafeString:
    """A bar per category (role, service, closure reason), the label on its left, the value at its end."""
    shown = [cell.value for cell in cells if not cell.hidden]
    top = max(shown, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 60
    height = TOP + ROW_HEIGHT * max(len(cells), 1) + 8
    bars = []
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        y = TOP + i * ROW_HEIGHT
        width = 0.0 if cell.hidden else plot * cell.value / top
        short = label if len(label) <= 46 else label[:45] + "…"
        bars.append(
            (
                f"{y + 16:.1f}",
                short,
                LABEL_WIDTH,
                f"{y + 4:.1f}",
                f"{width:.1f}",
                f"{LABEL_WIDTH + width + 6:.1f}",
                cell.display(limit),
            )
        )
    body = format_html_join(
        "",
        '<text x="4" y="{0}" font-size="11" fill="#1a1a1a">{1}</text>'
        '<rect x="{2}" y="{3}" width="{4}" height="16" fill="#0000bf"></rect>'
        '<text x="{5}" y="{0}" font-size="12" fill="#1a1a1a">{6}</text>',
        bars,
    )
    return format_html(
        '<svg class="report-chart" id="{}" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}"'
        ' width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1a1a1a"></line>{}</svg>',
        chart_id,
        chart_id,
        WIDTH,
        height,
        chart_id,
        title,
        LABEL_WIDTH,
        TOP - 4,
        LABEL_WIDTH,
        height - 4,
        body,
    )


def month_label(month: date) -> str:
    return date_format(month, "n/Y")
