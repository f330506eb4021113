"""Integration: the assessment, the plans within R-KOTO-1, the first plan's deadline (R-KOTO-3), the
residence permit needed for employment-authority clientship (R-KOTO-2) and the routing afterwards."""

from datetime import date, timedelta
from typing import Any

import pytest

from tests.paths.conftest import Persons
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Unit
from yhteispolku.paths import deadlines, rules, services
from yhteispolku.paths.errors import InvalidPathData, TrackAlreadyOpen
from yhteispolku.paths.models import IntegrationPlan

pytestmark = pytest.mark.django_db

PERMIT = date(2025, 3, 1)
FIRST = date(2025, 4, 1)


def assessed(persons: Persons, permit_on: date = PERMIT) -> ClientRelationship:
    relationship = persons.open(Track.INTEGRATION, started_on=date(2025, 3, 15))
    services.integration_assessment_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={
            "assessed_on": date(2025, 3, 20),
            "first_residence_permit_on": permit_on,
            "skills": "Sähköasentaja, ammattikoulu Syyriassa.",
            "language_skills": "Arabia äidinkielenä, englanti hyvä, suomi alkeet.",
            "service_needs": "Kotoutumiskoulutus, nopea polku.",
        },
    )
    return relationship


def plan(
    persons: Persons, relationship: ClientRelationship, starts_on: date, ends_on: date, reason: str = ""
) -> IntegrationPlan:
    data: dict[str, Any] = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "goals": "Suomen kielen taito A2, työharjoittelu.",
        "extension_reason": reason,
    }
    return services.integration_plan_create(
        actor=persons.employment_expert, relationship=relationship, data=data
    )


def test_the_first_plan_lasts_at_most_a_year(persons: Persons) -> None:
    relationship = assessed(persons)
    with pytest.raises(InvalidPathData) as refused:
        plan(persons, relationship, FIRST, date(2026, 4, 1))  # one year and one day
    assert refused.value.message_dict["ends_on"] == [
        "R-KOTO-1 v2025.1: ensimmäinen kotoutumissuunnitelma on enintään 12 kuukautta: 1.4.2025 alkava "
        "päättyy viimeistään 31.3.2026."
    ]
    assert plan(persons, relationship, FIRST, date(2026, 3, 31)).number == 1  # exactly one year


def test_all_plans_together_at_most_two_years_unless_a_reason_is_recorded(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    with pytest.raises(InvalidPathData) as refused:
        plan(persons, relationship, date(2026, 4, 1), date(2027, 4, 1))  # two years and a day
    assert refused.value.message_dict["extension_reason"][0].startswith(
        "R-KOTO-1 v2025.1: kotoutumissuunnitelmat ovat yhteensä enintään 24 kuukautta ensimmäisen alusta "
        "(31.3.2027)"
    )
    second = plan(persons, relationship, date(2026, 4, 1), date(2027, 3, 31))  # exactly two years
    assert second.number == 2


def test_with_a_recorded_reason_up_to_three_years(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    plan(persons, relationship, date(2026, 4, 1), date(2027, 3, 31))
    with pytest.raises(InvalidPathData) as refused:
        plan(persons, relationship, date(2027, 4, 1), date(2028, 4, 1), reason="Työkyvyn selvittely kesken.")
    assert refused.value.message_dict["ends_on"][0].startswith(
        "R-KOTO-1 v2025.1: kotoutumissuunnitelmat ovat yhteensä enintään 36"
    )
    third = plan(
        persons, relationship, date(2027, 4, 1), date(2028, 3, 31), reason="Työkyvyn selvittely kesken."
    )
    items = {item.kind: item for item in deadlines.integration_items([relationship.pk], date(2027, 4, 1))}
    assert items["integration_plan_end"].due_on == date(2028, 3, 31)
    assert items["integration_three_year_limit"].due_on == date(2028, 3, 31)
    assert items["integration_three_year_limit"].rule_reference == "R-KOTO-1 v2025.1"
    assert third.extension_reason


def test_the_two_year_limit_is_due_without_an_extension(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    items = {item.kind: item for item in deadlines.integration_items([relationship.pk], date(2025, 5, 1))}
    assert items["integration_two_year_limit"].due_on == date(2027, 3, 31)
    assert items["integration_plan_end"].due_on == date(2026, 3, 31)


def test_the_first_plan_within_three_years_of_the_first_residence_permit(persons: Persons) -> None:
    relationship = assessed(persons, permit_on=date(2022, 3, 1))
    with pytest.raises(InvalidPathData) as refused:
        plan(persons, relationship, date(2025, 3, 1), date(2025, 12, 31))
    assert refused.value.message_dict["starts_on"][0].startswith("R-KOTO-3 v2025.1")
    assert plan(persons, relationship, date(2025, 2, 28), date(2025, 12, 31)).number == 1


def test_after_the_assessment_services_are_due_within_six_months(persons: Persons) -> None:
    relationship = assessed(persons)
    [due] = deadlines.integration_items([relationship.pk], date(2025, 3, 20))
    assert (due.kind, due.due_on, due.rule_reference) == (
        "integration_services_due",
        date(2025, 9, 22),
        "R-KOTO-3 v2025.1",
    )
    plan(persons, relationship, FIRST, date(2025, 12, 31))
    assert "integration_services_due" not in {
        i.kind for i in deadlines.integration_items([relationship.pk], FIRST)
    }


def test_a_plan_needs_the_assessment_first(persons: Persons) -> None:
    relationship = persons.open(Track.INTEGRATION)
    with pytest.raises(InvalidPathData) as refused:
        plan(persons, relationship, FIRST, date(2025, 12, 31))
    assert refused.value.message_dict["starts_on"][0].startswith("R-KOTO-3")


def test_employment_authority_clientship_needs_a_residence_permit(persons: Persons) -> None:
    persons.open(Track.EMPLOYMENT_SERVICES)  # the expert works with the client already
    with pytest.raises(InvalidPathData) as refused:
        services.relationship_open(
            actor=persons.employment_expert, client=persons.client, track=Track.INTEGRATION
        )
    assert refused.value.message_dict["track"][0].startswith("R-KOTO-2 v2025.1")
    persons.client.residence_permit_type = Client.ResidencePermitType.CONTINUOUS
    persons.client.save()
    opened = services.relationship_open(
        actor=persons.employment_expert, client=persons.client, track=Track.INTEGRATION
    )
    assert opened.responsible_unit == persons.employment_expert.unit
    assert opened.team.get().user == persons.employment_expert
    with pytest.raises(TrackAlreadyOpen):
        services.relationship_open(
            actor=persons.employment_expert, client=persons.client, track=Track.INTEGRATION
        )


def test_an_expired_permit_does_not_count_and_the_refusal_says_where_to_record_it(persons: Persons) -> None:
    persons.open(Track.EMPLOYMENT_SERVICES)
    persons.client.residence_permit_type = Client.ResidencePermitType.TEMPORARY
    persons.client.residence_permit_valid_from = date(2024, 1, 1)
    persons.client.residence_permit_valid_until = date(2025, 5, 31)
    persons.client.save()
    with pytest.raises(InvalidPathData) as refused:
        services.relationship_open(
            actor=persons.employment_expert,
            client=persons.client,
            track=Track.INTEGRATION,
            today=date(2025, 6, 1),
        )
    message = refused.value.message_dict["track"][0]
    assert message.startswith("R-KOTO-2 v2025.1")
    assert "Muokkaa perustietoja" in message
    services.relationship_open(
        actor=persons.employment_expert,
        client=persons.client,
        track=Track.INTEGRATION,
        today=date(2025, 5, 31),
    )


def test_a_registered_right_of_residence_is_enough(persons: Persons) -> None:
    persons.open(Track.EMPLOYMENT_SERVICES)
    persons.client.right_of_residence_registered = True
    persons.client.save()
    services.relationship_open(
        actor=persons.employment_expert, client=persons.client, track=Track.INTEGRATION
    )


def test_after_the_integration_period_the_case_is_routed_by_need(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    data = {
        "routed_on": date(2026, 3, 31),
        "to_unit": Unit.objects.get(slug="satakunta-ea-tym"),
        "to_track": Track.EMPLOYMENT_SERVICES,
        "needs": "Työnhaku ammattiin, suomen kieli B1.",
    }
    with pytest.raises(InvalidPathData):
        services.integration_routing_record(
            actor=persons.employment_expert, relationship=relationship, data=data
        )
    routed = services.integration_routing_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={**data, "routed_on": date(2026, 4, 1)},
    )
    assert routed.to_track == Track.EMPLOYMENT_SERVICES
    # Once routed, the integration limits are no longer due.
    assert deadlines.integration_items([relationship.pk], date(2026, 4, 1)) == []


def test_period_last_day_counts_the_last_day(persons: Persons) -> None:
    assert rules.period_last_day(date(2026, 1, 1), 12) == date(2026, 12, 31)
    assert rules.period_last_day(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert date(2026, 1, 1) + timedelta(days=364) == rules.period_last_day(date(2026, 1, 1), 12)


def test_a_professional_without_a_relation_cannot_open_a_track(persons: Persons) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        services.relationship_open(actor=persons.outsider, client=persons.client, track=Track.KUTY)
