from datetime import date

import pytest

from yhteispolku.rules import engine
from yhteispolku.rules.models import Rule, RuleVersion

pytestmark = pytest.mark.django_db


def test_the_shipped_rules_are_in_the_database_after_migrate():
    assert Rule.objects.filter(rule_id="R-TYM-2", region="").exists()
    found = engine.parameter("R-TYM-2", "mapping_target_months", on=date(2026, 3, 1))
    assert (found.value, found.version, found.reference) == (3, "2025.1", "R-TYM-2 v2025.1")


def test_the_version_in_force_is_chosen_by_the_date():
    assert engine.parameter("R-TYM-2", "goal_months", on=date(2024, 12, 31)).version == "2015.1"
    assert engine.parameter("R-TYM-2", "goal_months", on=date(2025, 1, 1)).version == "2025.1"


def test_a_new_version_takes_effect_on_its_date_and_not_the_day_before():
    rule = Rule.objects.get(rule_id="R-TYM-4", region="")
    rule.versions.update(effective_to=date(2027, 6, 30))
    RuleVersion.objects.create(
        rule=rule,
        version="2027.1",
        effective_from=date(2027, 7, 1),
        parameters={"default_review_months": 2, "max_review_months": 4},
    )
    assert engine.parameter("R-TYM-4", "max_review_months", on=date(2027, 6, 30)).value == 6
    changed = engine.parameter("R-TYM-4", "max_review_months", on=date(2027, 7, 1))
    assert (changed.value, changed.version) == (4, "2027.1")


def test_no_version_in_force_is_an_error_not_a_guess():
    with pytest.raises(engine.RuleMissing, match="R-TYM-2"):
        engine.parameter("R-TYM-2", "goal_months", on=date(2014, 12, 31))
    with pytest.raises(engine.RuleMissing, match="no parameter"):
        engine.parameter("R-TYM-2", "no_such_parameter", on=date(2026, 1, 1))


def test_a_regional_policy_applies_only_to_its_region_and_its_period():
    found = engine.parameter(
        "R-POLICY-1", "pay_subsidy_min_age", date(2025, 6, 1), "satakunta-employment-area"
    )
    assert (found.value, found.region) == (55, "satakunta-employment-area")
    with pytest.raises(engine.RuleMissing):
        engine.parameter("R-POLICY-1", "pay_subsidy_min_age", date(2025, 6, 1))  # not a national rule
    with pytest.raises(engine.RuleMissing):
        engine.parameter("R-POLICY-1", "pay_subsidy_min_age", date(2026, 1, 1), "satakunta-employment-area")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 18), date(2026, 6, 18)),  # Thursday before Midsummer: a working day
        (date(2026, 6, 19), date(2026, 6, 22)),  # Midsummer Eve (150/1930 §5) → Monday
        (date(2026, 6, 20), date(2026, 6, 22)),  # Midsummer Day, a Saturday
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Eve, Christmas, Boxing Day, Sunday
        (date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday through Easter Monday
        (date(2026, 12, 6), date(2026, 12, 7)),  # Independence Day, a Sunday
        (date(2026, 11, 23), date(2026, 11, 23)),  # an ordinary Monday
    ],
)
def test_due_dates_move_off_weekends_and_finnish_holidays(day, expected):
    assert engine.next_working_day(day) == expected


def test_due_adds_the_period_of_the_version_in_force_and_says_so():
    # 19.3.2026 + 3 months = Midsummer Eve 19.6.2026 → Monday 22.6.
    found = engine.due("R-TYM-2", "mapping_target_months", date(2026, 3, 19))
    assert (found.on, found.unadjusted, found.moved) == (date(2026, 6, 22), date(2026, 6, 19), True)
    assert found.reference == "R-TYM-2 v2025.1"
    plain = engine.due("R-TYM-2", "mapping_target_months", date(2026, 3, 18))
    assert (plain.on, plain.moved) == (date(2026, 6, 18), False)


def test_month_arithmetic_keeps_the_month_end():
    assert engine.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert engine.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_working_days_are_counted_over_holidays():
    # Registration on Tuesday 23.12.2025: 24.–26. are holidays, 27.–28. a weekend, 1.1. a holiday:
    # the working days are 29., 30., 31.12., 2.1. and 5.1.
    assert engine.add_working_days(date(2025, 12, 23), 5) == date(2026, 1, 5)
