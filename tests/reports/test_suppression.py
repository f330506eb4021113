"""Never a person: small cells are shown as "<5", and a total never gives a hidden cell away."""

from datetime import date

import pytest

from yhteispolku.reports.suppression import Cell, suppress, threshold, total_cell


def shown(table: list[list[Cell]]) -> list[list[str]]:
    return [[cell.display() for cell in row] for row in table]


def test_a_row_where_one_cell_is_3_hides_the_smallest_other_cell_so_the_total_does_not_reveal_it() -> None:
    # Row total 3 + 7 + 20 = 30 is shown: with only the 3 hidden, 30 - 7 - 20 would give it away.
    cells = suppress([[3, 7, 20]])
    assert shown(cells) == [["<5", "..", "20"]]
    assert total_cell(30).display() == "30"


def test_columns_are_protected_too_and_the_protection_repeats_until_no_line_has_one_hidden_cell() -> None:
    cells = suppress([[3, 7, 20], [10, 12, 30], [11, 9, 40]])
    hidden = [[cell.hidden for cell in row] for row in cells]
    for row in hidden:
        assert sum(row) != 1
    for column in zip(*hidden, strict=True):
        assert sum(column) != 1
    assert cells[0][0].display() == "<5"


def test_zero_and_large_cells_are_shown_and_a_small_total_is_less_than_five() -> None:
    assert shown(suppress([[0, 5, 120]])) == [["0", "5", "120"]]
    assert total_cell(4).display() == "<5"
    assert total_cell(0).display() == "0"


def test_two_small_cells_protect_each_other() -> None:
    assert shown(suppress([[1, 2, 50]])) == [["<5", "<5", "50"]]


@pytest.mark.django_db
def test_the_threshold_is_rule_data() -> None:
    assert threshold(date(2025, 6, 1)) == 5


def test_a_median_over_fewer_events_than_the_threshold_is_not_shown() -> None:
    import random
    import statistics
    from collections import Counter

    from yhteispolku.reports.selectors import Derived, _derived_cell, _median, median_of

    rng = random.Random(12)
    for _round in range(50):
        days = [rng.randrange(0, 400) for _n in range(rng.randrange(1, 40))]
        assert median_of(Counter(days)) == (statistics.median(days), len(days))
    figure = Derived("median", "mediaani", _median(), "days")
    four = {"m": Counter({10: 2, 30: 2})}
    five = {"m": Counter({10: 2, 30: 3})}
    assert _derived_cell(figure, {}, four, 5).display(5) == ".."
    assert _derived_cell(figure, {}, five, 5).display(5) == "30"
    assert _derived_cell(figure, {}, {}, 5).display(5) == "–"
