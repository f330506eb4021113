"""Employment services (R-EMP-1, R-EMP-2), social rehabilitation (R-SOC-1, the region's R-SOC-2),
disability work or day activity (the region's R-DIS-1) and youth one-stop guidance (R-YOUTH-1)."""

from datetime import date
from typing import Any

import pytest

from tests.paths.conftest import Persons
from yhteispolku.cases.models import Track
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.paths import deadlines, rules, services
from yhteispolku.paths.errors import InvalidPathData, WrongTrack
from yhteispolku.paths.models import ServicePlanKind
from yhteispolku.rules.engine import RuleMissing

pytestmark = pytest.mark.django_db


def goals(**changes: Any) -> dict[str, Any]:
    return {"made_on": date(2026, 3, 2), "goals": "Osallisuus ja arjen rytmi.", **changes}


@pytest.mark.parametrize(
    ("registered_on", "due_on", "version"),
    [
        (date(2025, 12, 1), date(2025, 12, 8), "2025.1"),  # Monday + 5 working days
        (date(2025, 12, 31), date(2026, 1, 9), "2025.1"),  # the version of the registration day
        (date(2026, 1, 2), date(2026, 1, 19), "2026.1"),  # 10 working days (6.1. Epiphany skipped)
    ],
)
def test_the_initial_interview_deadline_changes_on_1_1_2026(
    registered_on: date, due_on: date, version: str, persons: Persons
) -> None:
    due = rules.initial_interview_due(registered_on)
    assert (due.on, due.reference) == (due_on, f"R-EMP-2 v{version}")


def test_the_registration_gives_the_initial_interview_until_it_is_held(persons: Persons) -> None:
    relationship = persons.open(Track.EMPLOYMENT_SERVICES)
    services.jobseeker_registration_record(
        actor=persons.employment_expert,
        relationship=relationship,
        registered_on=date(2026, 3, 2),
        today=date(2026, 3, 3),
    )
    items = deadlines.employment_items([relationship.pk], date(2026, 3, 3))
    assert [(i.kind, i.due_on, i.rule_reference) for i in items] == [
        ("initial_interview", date(2026, 3, 16), "R-EMP-2 v2026.1")
    ]
    services.jobseeker_registration_record(
        actor=persons.employment_expert,
        relationship=relationship,
        registered_on=date(2026, 3, 2),
        interview_held_on=date(2026, 3, 5),
        today=date(2026, 3, 6),
    )
    assert deadlines.employment_items([relationship.pk], date(2026, 3, 6)) == []


def test_the_employment_plan_is_reviewed_every_three_months(persons: Persons) -> None:
    relationship = persons.open(Track.EMPLOYMENT_SERVICES)
    made = services.service_plan_create(
        actor=persons.employment_expert,
        relationship=relationship,
        data=goals(responsible_professional=persons.employment_expert),
    )
    assert (made.kind, made.next_review_on) == (ServicePlanKind.EMPLOYMENT_PLAN, date(2026, 6, 2))
    with pytest.raises(InvalidPathData) as refused:
        services.service_plan_create(
            actor=persons.employment_expert,
            relationship=relationship,
            data=goals(next_review_on=date(2026, 6, 3)),
        )
    assert refused.value.message_dict["next_review_on"][0].startswith("R-EMP-1 v2025.1")
    [item] = deadlines.employment_items([relationship.pk], date(2026, 3, 2))
    assert (item.kind, item.rule_reference, item.owner_id) == (
        "employment_plan_review",
        "R-EMP-1 v2025.1",
        persons.employment_expert.pk,
    )


@pytest.mark.parametrize(("days", "allowed"), [(None, False), (0, False), (1, True), (5, True)])
def test_social_rehabilitation_at_least_one_day_a_week(
    persons: Persons, days: int | None, allowed: bool
) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    if allowed:
        made = services.service_plan_create(
            actor=persons.social_worker, relationship=relationship, data=goals(days_per_week=days)
        )
        assert made.days_per_week == days
    else:
        with pytest.raises(InvalidPathData) as refused:
            services.service_plan_create(
                actor=persons.social_worker, relationship=relationship, data=goals(days_per_week=days)
            )
        assert refused.value.message_dict["days_per_week"][0].startswith("R-SOC-1 v2015.1")


def test_the_regions_own_rhythm_sets_the_social_rehabilitation_review(persons: Persons) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    made = services.service_plan_create(
        actor=persons.social_worker, relationship=relationship, data=goals(days_per_week=2)
    )
    assert made.next_review_on == date(2026, 9, 2)
    [item] = deadlines.employment_items([relationship.pk], date(2026, 3, 2))
    assert (item.kind, item.rule_reference) == ("social_rehabilitation_review", "R-SOC-2 v2025.1")


def test_disability_activity_reviewed_by_the_regions_rule_or_the_agreed_date(
    persons: Persons, organisation_and_unit: Any, make_professional: Any
) -> None:
    relationship = persons.open(Track.DISABILITY_WORK_ACTIVITY)
    made = services.service_plan_create(
        actor=persons.social_worker, relationship=relationship, data=goals(days_per_week=3)
    )
    assert made.next_review_on == date(2027, 3, 2)  # R-DIS-1 of Satakunta: 12 months
    [item] = deadlines.employment_items([relationship.pk], date(2026, 3, 2))
    assert item.rule_reference == "R-DIS-1 v2025.1"
    # Keusote has no rhythm of its own: the professional agrees the date and it carries no rule.
    keusote_worker = make_professional("social_worker", "keusote", "keusote-social")
    other = persons.open(Track.DISABILITY_WORK_ACTIVITY, "keusote-social")
    other.team.create(user=keusote_worker, team_role="member", joined_on=date(2026, 1, 1))
    with pytest.raises(RuleMissing):
        rules.engine.parameter("R-DIS-1", "review_interval_months", date(2026, 3, 2), region="keusote")
    agreed = services.service_plan_create(
        actor=keusote_worker,
        relationship=other,
        data=goals(days_per_week=3, next_review_on=date(2026, 10, 1)),
    )
    [agreed_item] = deadlines.employment_items([other.pk], date(2026, 3, 2))
    assert (agreed.next_review_on, agreed_item.rule_id) == (date(2026, 10, 1), "")
    assert Organisation.objects.get(slug="keusote") == Unit.objects.get(slug="keusote-social").organisation


def test_a_service_plan_belongs_to_its_track(persons: Persons) -> None:
    relationship = persons.open(Track.WORK_ABILITY_SUPPORT)
    with pytest.raises(WrongTrack):
        services.service_plan_create(actor=persons.employment_expert, relationship=relationship, data=goals())


@pytest.mark.parametrize(("today", "allowed"), [(date(2029, 1, 1), True), (date(2029, 1, 2), False)])
def test_youth_one_stop_is_for_people_under_thirty_on_the_day(
    persons: Persons, today: date, allowed: bool
) -> None:
    persons.open(Track.EMPLOYMENT_SERVICES)
    persons.client.birth_date = date(1999, 1, 2)  # 30th birthday on 2.1.2029
    persons.client.save()
    if allowed:
        opened = services.relationship_open(
            actor=persons.employment_expert, client=persons.client, track=Track.YOUTH_ONE_STOP, today=today
        )
        assert opened.track == Track.YOUTH_ONE_STOP
    else:
        with pytest.raises(InvalidPathData) as refused:
            services.relationship_open(
                actor=persons.employment_expert,
                client=persons.client,
                track=Track.YOUTH_ONE_STOP,
                today=today,
            )
        assert refused.value.message_dict["track"][0] == (
            "R-YOUTH-1 v2025.1: Ohjaamon palvelut ovat alle 30-vuotiaille; asiakas on 30-vuotias."
        )


def test_youth_guidance_needs_no_unemployment_and_advises_the_youth_team(persons: Persons) -> None:
    assert (
        rules.youth_team_advice(unemployed_since=None, multi_sectoral_need=False, on=date(2026, 3, 2)) is None
    )
    assert (
        rules.youth_team_advice(
            unemployed_since=date(2025, 10, 3), multi_sectoral_need=False, on=date(2026, 3, 2)
        )
        is None
    )
    advice = rules.youth_team_advice(
        unemployed_since=date(2025, 10, 2), multi_sectoral_need=False, on=date(2026, 3, 2)
    )
    assert advice is not None
    assert advice.startswith("R-YOUTH-1 v2025.1")
    assert rules.youth_team_advice(unemployed_since=None, multi_sectoral_need=True, on=date(2026, 3, 2))


def test_tym_opens_only_through_a_referral(persons: Persons) -> None:
    persons.open(Track.EMPLOYMENT_SERVICES)
    with pytest.raises(InvalidPathData):
        services.relationship_open(actor=persons.employment_expert, client=persons.client, track=Track.TYM)
