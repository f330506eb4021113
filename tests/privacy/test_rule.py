"""R-LOG-1 as rule data: one month from receipt, extendable by two months, moved off weekends and holidays."""

from datetime import date

import pytest

from yhteispolku.privacy import rules
from yhteispolku.rules.engine import parameter

pytestmark = pytest.mark.django_db


def test_the_rule_is_loaded_with_its_periods() -> None:
    assert parameter("R-LOG-1", "answer_months", date(2026, 3, 2)).value == 1
    assert parameter("R-LOG-1", "extension_months", date(2026, 3, 2)).value == 2


def test_the_answer_is_due_one_month_from_receipt_on_a_working_day() -> None:
    due = rules.answer_due(date(2026, 3, 2))
    assert (due.on, due.moved) == (date(2026, 4, 2), False)
    assert due.reference == "R-LOG-1 v2018.1"


def test_an_answer_date_on_a_sunday_moves_to_monday() -> None:
    due = rules.answer_due(date(2026, 1, 15))  # 15.2.2026 is a Sunday
    assert due.unadjusted == date(2026, 2, 15)
    assert due.on == date(2026, 2, 16)


def test_an_answer_date_on_a_saturday_and_a_holiday_moves_past_both() -> None:
    # 2.5.2026 is a Saturday; 1.5. (May Day) falls on the Friday before: the next working day is 4.5.
    due = rules.answer_due(date(2026, 4, 2))
    assert due.unadjusted == date(2026, 5, 2)
    assert due.on == date(2026, 5, 4)


def test_the_end_of_a_longer_month_is_the_last_day_of_a_shorter_one() -> None:
    assert rules.answer_due(date(2026, 1, 31)).unadjusted == date(2026, 2, 28)


def test_the_extension_adds_two_months_to_the_month_and_moves_off_a_weekend() -> None:
    assert rules.extended_due(date(2026, 1, 15)).on == date(2026, 4, 15)
    extended = rules.extended_due(date(2026, 3, 6))  # 6.6.2026 is a Saturday
    assert (extended.unadjusted, extended.on) == (date(2026, 6, 6), date(2026, 6, 8))
