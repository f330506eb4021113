"""The dates of applications from the rule data: R-KELA-4, R-APPEAL-1 and R-KELA-3, on both sides of
each boundary and across weekends and Finnish public holidays."""

from datetime import date

import pytest

from tests.applications.conftest import record_application
from tests.assessments.conftest import Team
from yhteispolku.applications import rules, selectors
from yhteispolku.applications.models import Benefit


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("benefit", "submitted_on", "expected"),
    [
        ("taito", date(2026, 1, 15), date(2026, 4, 15)),  # 3 months
        ("akse", date(2026, 1, 15), date(2026, 4, 15)),
        ("kela_work_trial", date(2026, 1, 15), date(2026, 4, 15)),
        ("rehabilitation_allowance", date(2026, 1, 15), date(2026, 2, 16)),  # 15.2. is a Sunday
        # 7 working days: 6.1. (Epiphany) is not one.
        ("basic_social_assistance", date(2026, 1, 2), date(2026, 1, 14)),
    ],
)
def test_r_kela_4_expected_decision_by_benefit(benefit: str, submitted_on: date, expected: date) -> None:
    due = rules.expected_decision(benefit, submitted_on)
    assert due is not None
    assert due.on == expected
    assert (due.rule_id, due.version) == ("R-KELA-4", "2025.1")


@pytest.mark.django_db
def test_every_kela_benefit_has_an_expected_decision_within_seven_days_and_three_months() -> None:
    submitted = date(2026, 2, 2)
    for benefit in Benefit:
        due = rules.expected_decision(benefit, submitted)
        if benefit in (Benefit.OTHER_EMPLOYMENT, Benefit.OTHER_SOCIAL):
            assert due is None
            continue
        assert due is not None
        assert 7 <= (due.unadjusted - submitted).days <= 92


@pytest.mark.django_db
def test_r_appeal_1_receipt_on_the_seventh_day_and_thirty_days_from_it() -> None:
    appeal = rules.appeal_deadline(date(2026, 3, 2))
    assert appeal.deemed
    assert appeal.received_on == date(2026, 3, 9)
    assert appeal.due.on == date(2026, 4, 8)
    assert appeal.due.reference == "R-APPEAL-1 v2004.1"


@pytest.mark.django_db
def test_r_appeal_1_a_deadline_on_a_sunday_moves_to_monday() -> None:
    appeal = rules.appeal_deadline(date(2026, 3, 6))
    assert appeal.due.unadjusted == date(2026, 4, 12)
    assert appeal.due.on == date(2026, 4, 13)


@pytest.mark.django_db
def test_r_appeal_1_a_deadline_on_easter_monday_moves_to_tuesday() -> None:
    appeal = rules.appeal_deadline(date(2026, 2, 28))
    assert appeal.due.unadjusted == date(2026, 4, 6)
    assert appeal.due.on == date(2026, 4, 7)


@pytest.mark.django_db
def test_r_appeal_1_a_recorded_receipt_replaces_the_presumed_one() -> None:
    appeal = rules.appeal_deadline(date(2026, 3, 2), received_on=date(2026, 3, 4))
    assert not appeal.deemed
    assert appeal.due.unadjusted == date(2026, 4, 3)
    # 3.4.2026 is Good Friday: the deadline is the next working day after Easter Monday.
    assert appeal.due.on == date(2026, 4, 7)


@pytest.mark.django_db
def test_r_kela_3_the_placement_is_due_a_month_after_the_decision() -> None:
    assert rules.placement_due(date(2026, 1, 14)).on == date(2026, 2, 16)  # 14.2. is a Saturday
    assert rules.placement_due(date(2026, 1, 30)).on == date(2026, 3, 2)  # 28.2. is a Saturday
    assert rules.placement_due(date(2026, 3, 10)).on == date(2026, 4, 10)


@pytest.mark.django_db
def test_the_checklists_come_from_the_rule_data() -> None:
    indicators, version = rules.checklist("R-KELA-1", "indicators", date(2026, 1, 1))
    assert "long_term_illness" in indicators
    assert version == "2025.1"
    criteria, _version = rules.checklist("R-KELA-2", "criteria", date(2026, 1, 1))
    assert "pension_provider_rejected" in criteria
    assert rules.checklist("R-KELA-2", "criteria", date(2020, 1, 1)) == ([], "")


@pytest.mark.django_db
def test_r_kela_4_overdue_only_after_the_expected_day(team: Team) -> None:
    record_application(team, "taito", submitted_on=date(2026, 1, 15))  # expected by 15.4.2026
    context = selectors.client_applications_get(actor=team.kela_advisor, code=team.client.code)

    def overdue_on(day: date) -> bool:
        shown, _visible = selectors.applications_for(actor=team.kela_advisor, context=context, today=day)
        return shown[0].overdue

    assert not overdue_on(date(2026, 4, 15))
    assert overdue_on(date(2026, 4, 16))
