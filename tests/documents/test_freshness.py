"""R-KELA-1: a B statement for Kela rehabilitation is at most 12 months old (rule data R-KELA-1.toml)."""

from datetime import date

import pytest

from yhteispolku.documents.rules import b_statement_freshness
from yhteispolku.rules import engine


@pytest.mark.django_db
def test_a_b_statement_exactly_twelve_months_old_is_fresh() -> None:
    freshness = b_statement_freshness(date(2025, 3, 1), today=date(2026, 3, 1))
    assert freshness.fresh
    assert freshness.fresh_until == date(2026, 3, 1)
    assert freshness.rule_id == "R-KELA-1"
    assert freshness.reference == "R-KELA-1 v2025.1"


@pytest.mark.django_db
def test_a_b_statement_twelve_months_and_a_day_old_is_stale() -> None:
    assert not b_statement_freshness(date(2025, 3, 1), today=date(2026, 3, 2)).fresh


@pytest.mark.django_db
def test_a_statement_of_the_29th_of_february_is_fresh_until_the_28th() -> None:
    assert b_statement_freshness(date(2024, 2, 29), today=date(2025, 2, 28)).fresh
    assert not b_statement_freshness(date(2024, 2, 29), today=date(2025, 3, 1)).fresh


@pytest.mark.django_db
def test_the_limit_is_the_rule_data_not_a_constant() -> None:
    parameter = engine.parameter("R-KELA-1", "b_statement_max_age_months", on=date(2026, 1, 1))
    assert parameter.value == 12
    assert b_statement_freshness(date(2025, 1, 1), date(2026, 1, 1)).max_age_months == parameter.value
