"""R-UNEMP-1 and R-TYM-1 on both sides of each boundary, with the rule version named."""

from datetime import date
from decimal import Decimal

import pytest

from yhteispolku.advice.checks import is_unemployed
from yhteispolku.cases.services import referral_criteria_check
from yhteispolku.rules import engine

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)
NOTHING = {
    "employed": False,
    "fully_laid_off": False,
    "weekly_working_hours": None,
    "self_employed_full_time": False,
    "self_employment_days": None,
    "full_time_student": False,
    "student_entitled_to_benefit": False,
}


def unemployed(**facts: object) -> bool:
    return is_unemployed(on=DAY, **{**NOTHING, **facts}).holds  # type: ignore[arg-type]


def test_nobody_employed_studying_or_self_employed_is_unemployed() -> None:
    result = is_unemployed(on=DAY, **NOTHING)  # type: ignore[arg-type]
    assert (result.holds, result.version, result.reasons) == (True, "2025.1", [])


@pytest.mark.parametrize(
    ("hours", "expected"), [(Decimal("3.9"), True), (Decimal("4.0"), False), (None, False)]
)
def test_working_under_four_hours_a_week_still_counts_as_unemployed(
    hours: Decimal | None, expected: bool
) -> None:
    assert unemployed(employed=True, weekly_working_hours=hours) is expected


def test_a_fully_laid_off_employee_is_unemployed() -> None:
    assert unemployed(employed=True, fully_laid_off=True, weekly_working_hours=Decimal(37)) is True


@pytest.mark.parametrize(("days", "expected"), [(14, True), (15, False)])
def test_full_time_self_employment_up_to_two_weeks(days: int, expected: bool) -> None:
    assert unemployed(self_employed_full_time=True, self_employment_days=days) is expected


@pytest.mark.parametrize(("entitled", "expected"), [(True, True), (False, False)])
def test_a_full_time_student_only_when_entitled_to_benefit(entitled: bool, expected: bool) -> None:
    assert unemployed(full_time_student=True, student_entitled_to_benefit=entitled) is expected


def test_the_reasons_name_the_limits_of_the_rule() -> None:
    result = is_unemployed(on=DAY, **{**NOTHING, "employed": True, "weekly_working_hours": Decimal(20)})  # type: ignore[arg-type]
    assert result.reasons == [
        "on työsuhteessa eikä ole kokoaikaisesti lomautettu, ja työaika on vähintään 4 tuntia viikossa"
    ]


def test_before_380_2023_no_version_is_in_force() -> None:
    with pytest.raises(engine.RuleMissing, match="R-UNEMP-1"):
        is_unemployed(on=date(2024, 12, 31), **NOTHING)  # type: ignore[arg-type]


ANSWERS = {
    "work_capacity_limitations": True,
    "life_management_problems": False,
    "needs_multisectoral_support": True,
    "public_services_suffice": False,
    "need_not_long_or_intensive": False,
}


def test_the_tym_criteria_hold_with_one_obstacle_and_the_multisectoral_need() -> None:
    check = referral_criteria_check(ANSWERS, DAY)
    assert (check.holds, check.reference) == (True, "R-TYM-1 v2025.1")
    assert referral_criteria_check(
        {**ANSWERS, "work_capacity_limitations": False, "life_management_problems": True}, DAY
    ).holds


@pytest.mark.parametrize(
    ("change", "unmet"),
    [
        ({"work_capacity_limitations": False}, "työllistymisen esteenä pitää olla"),
        ({"needs_multisectoral_support": False}, "ratkaisujen pitää vaatia monialaista tukea"),
        ({"public_services_suffice": True}, "julkisilla työvoimapalveluilla"),
        ({"need_not_long_or_intensive": True}, "pitkäkestoista tai intensiivistä"),
    ],
)
def test_each_unmet_criterion_or_exclusion_is_named(change: dict[str, bool], unmet: str) -> None:
    check = referral_criteria_check({**ANSWERS, **change}, DAY)
    assert not check.holds
    assert [str(item) for item in check.unmet if unmet in str(item)]


def test_the_criteria_apply_from_2025_only() -> None:
    with pytest.raises(engine.RuleMissing, match="R-TYM-1"):
        referral_criteria_check(ANSWERS, date(2024, 12, 31))
