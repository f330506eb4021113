"""Rehabilitative work activity: the KUTY section's six items and limits (R-KUTY-1..4), the activation
plan (R-KUTY-2, R-KUTY-5) and their due dates."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.paths.conftest import Persons
from yhteispolku.cases.models import Track
from yhteispolku.paths import deadlines, rules, services
from yhteispolku.paths.errors import AlreadyConfirmed, InvalidPathData, StaleEdit, WrongTrack
from yhteispolku.paths.models import ActivationBasis, KutySection
from yhteispolku.rules.models import Rule, RuleVersion

pytestmark = pytest.mark.django_db


def section(starts_on: date = date(2026, 2, 2), **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "goal": "Työ- ja toimintakyvyn selvittäminen, arjen rytmi.",
        "description": "Kierrätyskeskuksen lajittelutyöt.",
        "place": "Porin kierrätyskeskus",
        "hours_per_day": Decimal("4"),
        "days_per_week": 3,
        "starts_on": starts_on,
        "ends_on": rules.period_last_day(starts_on, 6),
        "support_and_guidance": "Ohjaaja paikalla päivittäin, viikkopalaveri sosiaaliohjaajan kanssa.",
        "other_services": "Työhönvalmennus, terveysaseman lääkäri.",
        "effects_assessed_by": starts_on + timedelta(days=80),
    }
    data.update(changes)
    return data


def refusal(data: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    return rules.kuty_section_refusals(data, **kwargs)


def test_a_complete_section_passes(persons: Persons) -> None:
    assert refusal(section()) == {}


@pytest.mark.parametrize(
    "field",
    ["goal", "description", "place", "hours_per_day", "days_per_week", "starts_on", "ends_on",
     "support_and_guidance", "other_services", "effects_assessed_by"],
)  # fmt: skip
def test_a_section_missing_any_of_the_six_items_is_refused_naming_r_kuty_1(
    persons: Persons, field: str
) -> None:
    data = section()
    data[field] = "" if isinstance(data[field], str) else None
    refused = refusal(data)
    assert refused[field].startswith("R-KUTY-1 v2015.1: kirjaa")


@pytest.mark.parametrize(("days", "allowed"), [(0, False), (1, True), (4, True), (5, False)])
def test_one_to_four_days_a_week(persons: Persons, days: int, allowed: bool) -> None:
    refused = refusal(section(days_per_week=days))
    assert ("days_per_week" not in refused) is allowed
    if not allowed:
        assert refused["days_per_week"].startswith(
            "R-KUTY-2 v2015.1: kuntouttavaa työtoimintaa on 1–4 päivää"
        )


@pytest.mark.parametrize(("hours", "allowed"), [("3.9", False), ("4", True), ("8", True), ("8.5", False)])
def test_four_to_eight_hours_a_day(persons: Persons, hours: str, allowed: bool) -> None:
    refused = refusal(section(hours_per_day=Decimal(hours), days_per_week=1))
    assert ("hours_per_day" not in refused) is allowed
    if not allowed:
        assert refused["hours_per_day"].startswith("R-KUTY-3 v2015.1")


def test_hours_between_whole_numbers_follow_the_limit_exactly(persons: Persons) -> None:
    # The form and the model keep two decimals, so 3.99 h reaches the rule as it was typed.
    assert "hours_per_day" in refusal(section(hours_per_day=Decimal("3.99")))
    assert "hours_per_day" not in refusal(section(hours_per_day=Decimal("4.00")))


def test_thirty_two_hours_a_week_is_the_most(persons: Persons) -> None:
    assert refusal(section(hours_per_day=Decimal("8"), days_per_week=4)) == {}
    limit = Rule.objects.get(rule_id="R-KUTY-3", region="")
    RuleVersion.objects.filter(rule=limit).update(effective_to=date(2026, 12, 31))
    RuleVersion.objects.create(
        rule=limit,
        version="2027.1",
        effective_from=date(2027, 1, 1),
        parameters={**limit.versions.get().parameters, "max_hours_per_week": 30},
    )
    refused = refusal(section(date(2027, 1, 4), hours_per_day=Decimal("8"), days_per_week=4))
    assert (
        refused["hours_per_day"]
        == "R-KUTY-3 v2027.1: kuntouttavaa työtoimintaa on enintään 30 tuntia viikossa."
    )


def test_a_period_lasts_at_least_three_months(persons: Persons) -> None:
    start = date(2026, 2, 2)
    assert "ends_on" not in refusal(section(start, ends_on=date(2026, 5, 1)))  # 3 months: 2.2.–1.5.
    refused = refusal(section(start, ends_on=date(2026, 4, 30), effects_assessed_by=date(2026, 4, 1)))
    assert refused["ends_on"] == (
        "R-KUTY-2 v2015.1: jakso kestää vähintään 3 kuukautta: 2.2.2026 alkava jakso päättyy "
        "aikaisintaan 1.5.2026."
    )


def test_a_period_lasts_at_most_twenty_four_months(persons: Persons) -> None:
    start = date(2026, 2, 2)
    assert "ends_on" not in refusal(section(start, ends_on=date(2028, 2, 1)))
    assert refusal(section(start, ends_on=date(2028, 2, 2)))["ends_on"].startswith("R-KUTY-3 v2015.1")


def test_the_effects_are_assessed_within_the_period(persons: Persons) -> None:
    data = section()
    assert "effects_assessed_by" in refusal(
        {**data, "effects_assessed_by": data["ends_on"] + timedelta(days=1)}
    )
    assert "effects_assessed_by" not in refusal({**data, "effects_assessed_by": data["ends_on"]})


def test_paid_work_over_eight_hours_a_week_excludes_kuty(persons: Persons) -> None:
    assert "paid_work_hours_per_week" not in refusal(section(paid_work_hours_per_week=Decimal("8")))
    refused = refusal(section(paid_work_hours_per_week=Decimal("8.5"), full_time_student=True))
    assert refused["paid_work_hours_per_week"].startswith("R-KUTY-4 v2021.1")
    assert refused["full_time_student"].startswith("R-KUTY-4 v2021.1")


def test_the_social_worker_attaches_the_section_to_the_tym_plans_kuty(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    created = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(kuty.starts_on),
        agreed_service=kuty,
    )
    assert created.agreed_service == kuty
    assert created.owner_organisation == persons.county


def test_a_section_missing_an_item_is_not_saved(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    with pytest.raises(InvalidPathData) as refused:
        services.kuty_section_create(
            actor=persons.social_worker,
            relationship=relationship,
            data=section(kuty.starts_on, support_and_guidance=" "),
            agreed_service=kuty,
        )
    assert refused.value.message_dict["support_and_guidance"] == [
        "R-KUTY-1 v2015.1: kirjaa (4) annettava tuki ja ohjaus."
    ]
    assert not KutySection.objects.exists()


def test_the_employment_expert_cannot_write_the_social_services_kuty_section(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    with pytest.raises(PermissionDenied):
        services.kuty_section_create(
            actor=persons.employment_expert,
            relationship=relationship,
            data=section(kuty.starts_on),
            agreed_service=kuty,
        )


def test_a_continuation_starts_after_the_period_and_lasts_three_months(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    first = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(kuty.starts_on),
        agreed_service=kuty,
    )
    start = first.ends_on + timedelta(days=1)
    short = section(
        start,
        ends_on=rules.period_last_day(start, 3) - timedelta(days=1),
        effects_assessed_by=start + timedelta(days=30),
    )
    with pytest.raises(InvalidPathData):
        services.kuty_section_create(
            actor=persons.social_worker,
            relationship=relationship,
            data=short,
            agreed_service=kuty,
            continues=first,
        )
    following = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(
            start, ends_on=rules.period_last_day(start, 3), effects_assessed_by=start + timedelta(days=60)
        ),
        agreed_service=kuty,
        continues=first,
    )
    # Only the period under way is due: the first one's dates are behind the continuation.
    items = deadlines.kuty_items([relationship.pk], timezone.localdate())
    assert {item.due_on for item in items if item.kind == "kuty_period_end"} == {
        rules.engine.next_working_day(following.ends_on)
    }


def test_a_stale_edit_of_a_section_is_a_conflict(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    created = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(kuty.starts_on),
        agreed_service=kuty,
    )
    services.kuty_section_update(
        actor=persons.social_worker,
        section=created,
        data=section(kuty.starts_on, days_per_week=2),
        expected_revision=0,
    )
    with pytest.raises(StaleEdit):
        services.kuty_section_update(
            actor=persons.social_worker, section=created, data=section(kuty.starts_on), expected_revision=0
        )
    created.refresh_from_db()
    assert (created.days_per_week, created.revision) == (2, 1)


def test_the_section_gives_the_effects_assessment_and_period_end_with_their_rules(persons: Persons) -> None:
    relationship, kuty = persons.tym_with_kuty()
    created = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(kuty.starts_on),
        agreed_service=kuty,
    )
    items = {item.kind: item for item in deadlines.kuty_items([relationship.pk], timezone.localdate())}
    effects = items["kuty_effects_assessment"]
    assert effects.due_on == rules.engine.next_working_day(created.effects_assessed_by)
    assert (effects.rule_reference, effects.client_name) == ("R-KUTY-1 v2015.1", "Pauliina Polkunen")
    assert items["kuty_period_end"].rule_reference == "R-KUTY-2 v2015.1"
    assert items["kuty_24_month_review"].due_on == rules.engine.next_working_day(
        rules.engine.add_months(created.starts_on, 24)
    )
    assert effects.url == f"/polut/{relationship.code}/"


# --- The activation plan ----------------------------------------------------------------------------------


def activation(made_on: date, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "made_on": made_on,
        "basis": ActivationBasis.SOCIAL_ASSISTANCE,
        "goals": "Arjen rytmi ja työkyvyn selvittäminen kuntouttavassa työtoiminnassa.",
        "next_review_on": rules.engine.add_months(made_on, 6),
    }
    data.update(changes)
    return data


def test_the_2025_rule_lets_the_long_term_unemployed_on_benefit_have_an_activation_plan(
    persons: Persons,
) -> None:
    relationship = persons.open(Track.KUTY)
    made = services.activation_plan_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=activation(date(2025, 12, 31), basis=ActivationBasis.UNEMPLOYMENT_BENEFIT, benefit_days=500),
    )
    assert (made.number, made.in_force) == (1, False)


def test_from_2026_an_activation_plan_only_for_social_assistance_because_of_unemployment(
    persons: Persons,
) -> None:
    relationship = persons.open(Track.KUTY)
    with pytest.raises(InvalidPathData) as refused:
        services.activation_plan_create(
            actor=persons.social_worker,
            relationship=relationship,
            data=activation(date(2026, 1, 1), basis=ActivationBasis.UNEMPLOYMENT_BENEFIT, benefit_days=900),
        )
    assert refused.value.message_dict["basis"][0].startswith("R-KUTY-5 v2026.1: 1.1.2026 alkaen")
    services.activation_plan_create(
        actor=persons.social_worker, relationship=relationship, data=activation(date(2026, 1, 1))
    )


@pytest.mark.parametrize(("days", "allowed"), [(499, False), (500, True)])
def test_the_2025_benefit_day_threshold_for_those_25_and_over(
    persons: Persons, days: int, allowed: bool
) -> None:
    found = rules.activation_plan_refusals(
        made_on=date(2025, 6, 1),
        next_review_on=date(2025, 12, 1),
        basis="unemployment_benefit",
        benefit_days=days,
        age=26,
    )
    assert ("benefit_days" not in found) is allowed
    young = rules.activation_plan_refusals(
        made_on=date(2025, 6, 1),
        next_review_on=date(2025, 12, 1),
        basis="unemployment_benefit",
        benefit_days=180,
        age=24,
    )
    assert young == {}


@pytest.mark.parametrize(
    ("months", "days", "allowed"), [(3, -1, False), (3, 0, True), (12, 0, True), (12, 1, False)]
)
def test_the_activation_plan_is_updated_in_three_to_twelve_months(
    months: int, days: int, allowed: bool, persons: Persons
) -> None:
    made_on = date(2026, 3, 2)
    review = rules.engine.add_months(made_on, months) + timedelta(days=days)
    found = rules.activation_plan_refusals(
        made_on=made_on, next_review_on=review, basis="social_assistance", benefit_days=None, age=30
    )
    assert ("next_review_on" not in found) is allowed
    if not allowed:
        assert found["next_review_on"].startswith("R-KUTY-2 v2015.1")


def test_both_authorities_confirm_the_activation_plan(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    plan = services.activation_plan_create(
        actor=persons.social_worker, relationship=relationship, data=activation(date(2026, 3, 2))
    )
    services.activation_plan_confirm(actor=persons.social_worker, plan=plan, expected_revision=0)
    with pytest.raises(AlreadyConfirmed):
        services.activation_plan_confirm(actor=persons.social_worker, plan=plan, expected_revision=1)
    with pytest.raises(StaleEdit):
        services.activation_plan_confirm(actor=persons.employment_expert, plan=plan, expected_revision=0)
    plan = services.activation_plan_confirm(actor=persons.employment_expert, plan=plan, expected_revision=1)
    assert plan.confirmed_by_both
    assert not plan.in_force  # the client has not accepted it yet
    assert plan.employment_confirmed_by == persons.employment_expert


def test_the_activation_plan_belongs_to_a_kuty_relationship(persons: Persons) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    with pytest.raises(WrongTrack):
        services.activation_plan_create(
            actor=persons.social_worker, relationship=relationship, data=activation(date(2026, 3, 2))
        )


def test_the_activation_plan_and_its_kuty_give_their_due_dates(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    plan = services.activation_plan_create(
        actor=persons.social_worker, relationship=relationship, data=activation(date(2026, 3, 2))
    )
    services.activation_plan_confirm(actor=persons.social_worker, plan=plan, expected_revision=0)
    services.activation_plan_confirm(actor=persons.employment_expert, plan=plan, expected_revision=1)
    plan = services.activation_plan_accept(
        actor=persons.social_worker,
        plan=plan,
        accepted_on=date(2026, 3, 2),
        how="in_person",
        expected_revision=2,
    )
    services.kuty_jobseeker_check_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={"checked_on": date(2026, 3, 2), "unemployed_since": date(2025, 9, 1)},
    )
    services.kuty_decision_create(
        actor=persons.social_worker,
        relationship=relationship,
        activation_plan=plan,
        data={"decided_on": date(2026, 3, 3), "starts_on": date(2026, 3, 9), "ends_on": date(2027, 3, 8)},
    )
    services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(date(2026, 3, 9)),
        activation_plan=plan,
    )
    review = deadlines.activation_plan_items([relationship.pk], date(2026, 3, 2))
    assert [(item.due_on, item.rule_reference) for item in review] == [(date(2026, 9, 2), "R-KUTY-2 v2015.1")]
    kinds = {item.kind for item in deadlines.kuty_items([relationship.pk], date(2026, 3, 2))}
    assert kinds == {"kuty_effects_assessment", "kuty_period_end", "kuty_24_month_review"}
