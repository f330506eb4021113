"""Never a person: small cells hidden, and the cells a shown total would give away hidden with them.

A pure function over a table of counts (rows × columns, with row and column totals shown beside them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yhteispolku.rules.engine import parameter

SMALL = "<5"
HIDDEN = ".."


@dataclass(frozen=True)
class Cell:
    value: int
    primary: bool = False  # 1 … threshold-1
    secondary: bool = False  # hidden so that a total does not reveal a primary cell

    @property
    def hidden(self) -> bool:
        return self.primary or self.secondary

    def display(self, threshold: int = 5) -> str:
        if self.primary:
            return f"<{threshold}"
        if self.secondary:
            return HIDDEN
        return str(self.value)


def threshold(on: date) -> int:
    return int(parameter("R-STAT-1", "threshold", on).value)


def _small(value: int, limit: int) -> bool:
    return 0 < value < limit


def _protect_line(values: list[int], hidden: list[bool]) -> int | None:
    """Where exactly one cell of a line is hidden and the line's total is shown, the next cell to hide."""
    if sum(hidden) != 1:
        return None
    candidates = [(values[i], i) for i in range(len(values)) if not hidden[i] and values[i] > 0]
    if not candidates:
        return None
    return min(candidates)[1]


def suppress(table: list[list[int]], limit: int = 5) -> list[list[Cell]]:
    """Mark each cell shown, primary (1 … limit-1) or secondary (hidden to protect a primary one).

    Totals of rows and columns are shown beside the table (and are themselves shown as "<5" when small:
    see `total_cell`), so a line with a single hidden cell would give it away by subtraction; the smallest
    other non-zero cell of that line is hidden too, until no line has a single hidden cell.
    """
    rows = len(table)
    columns = len(table[0]) if rows else 0
    primary = [[_small(value, limit) for value in row] for row in table]
    hidden = [list(row) for row in primary]
    changed = True
    while changed:
        changed = False
        for r in range(rows):
            index = _protect_line(table[r], hidden[r])
            if index is not None:
                hidden[r][index] = True
                changed = True
        for c in range(columns):
            column = [table[r][c] for r in range(rows)]
            index = _protect_line(column, [hidden[r][c] for r in range(rows)])
            if index is not None:
                hidden[index][c] = True
                changed = True
    return [
        [
            Cell(table[r][c], primary=primary[r][c], secondary=hidden[r][c] and not primary[r][c])
            for c in range(columns)
        ]
        for r in range(rows)
    ]


def total_cell(value: int, limit: int = 5) -> Cell:
    return Cell(value, primary=_small(value, limit))
