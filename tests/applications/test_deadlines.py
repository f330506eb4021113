"""The applications' worklist items (rules.deadlines): what is due, with the rule behind each date, in a
constant number of queries however many relationships and applications."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from yhteispolku.applications import rules, services
from yhteispolku.applications.deadlines import application_due_items
from yhteispolku.organisations.models import Unit
from yhteispolku.rules.deadlines import sources


def test_the_source_is_registered() -> None:
    assert application_due_items in sources()


@pytest.mark.django_db
def test_expected_decisions_and_open_information_requests_are_due(team: Team) -> None:
    application = record_application(team, "taito", submitted_on=days_ago(100))
    services.information_request_record(
        actor=team.kela_advisor,
        application=application,
        requested_on=days_ago(10),
        due_on=days_ago(-4),
        description="Selvitys.",
    )
    answered = services.information_request_record(
        actor=team.kela_advisor,
        application=application,
        requested_on=days_ago(20),
        due_on=days_ago(15),
        description="Vanha.",
    )
    services.information_request_answer(
        actor=team.kela_advisor, information_request=answered, answered_on=days_ago(16)
    )
    items = {item.kind: item for item in application_due_items([team.relationship.pk], days_ago(0))}
    assert set(items) == {"application_decision_expected", "information_request_due"}
    expected = rules.expected_decision("taito", days_ago(100))
    assert expected is not None
    decision = items["application_decision_expected"]
    assert (decision.due_on, decision.rule_id, decision.rule_version) == (expected.on, "R-KELA-4", "2025.1")
    assert decision.due_on < days_ago(0)  # passed: more than three months ago
    assert items["information_request_due"].due_on == days_ago(-4)
    assert decision.client_name == team.client.full_name
    assert decision.relationship_id == team.relationship.pk
    assert str(team.client.code) in decision.url


@pytest.mark.django_db
def test_a_negative_decision_has_an_appeal_deadline_until_it_passes(team: Team) -> None:
    application = record_application(team, "taito", submitted_on=days_ago(30))
    services.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=1,
        decision="rejected",
        decided_on=days_ago(10),
    )
    items = application_due_items([team.relationship.pk], days_ago(0))
    assert [(item.kind, item.rule_id) for item in items] == [("appeal_deadline", "R-APPEAL-1")]
    due = items[0].due_on
    assert application_due_items([team.relationship.pk], due)  # the last day still shows
    assert not application_due_items([team.relationship.pk], due + timedelta(days=1))


@pytest.mark.django_db
def test_a_granted_work_trial_needs_its_placement(team: Team) -> None:
    application = record_application(team, "kela_work_trial", submitted_on=days_ago(30))
    services.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=1,
        decision="granted",
        decided_on=days_ago(5),
    )
    items = application_due_items([team.relationship.pk], days_ago(0))
    assert [(item.kind, item.rule_id) for item in items] == [("work_trial_placement_due", "R-KELA-3")]
    assert items[0].due_on == rules.placement_due(days_ago(5)).on
    services.application_update(
        actor=team.kela_advisor,
        application=application,
        expected_revision=2,
        submitted_on=days_ago(30),
        placement_found_on=days_ago(1),
    )
    assert not application_due_items([team.relationship.pk], days_ago(0))


@pytest.mark.django_db
def test_the_source_is_constant_in_queries(team: Team) -> None:
    unit = Unit.objects.get(slug="satakunta-ea-tym")

    def another_client() -> int:
        client = new_client(team.employment_area, first_names="Toinen")
        relationship = open_relationship(client, unit)
        join_team(relationship, team.kela_advisor)
        give_consent(client, [team.employment_area, team.county, team.kela], team.employment_expert)
        application = services.application_record(
            actor=team.kela_advisor, client=client, benefit="akse", submitted_on=days_ago(10)
        )
        services.information_request_record(
            actor=team.kela_advisor,
            application=application,
            requested_on=days_ago(5),
            due_on=days_ago(-5),
            description="Selvitys.",
        )
        return relationship.pk

    ids = [team.relationship.pk, another_client()]
    with CaptureQueriesContext(connection) as few:
        list(application_due_items(ids, days_ago(0)))
    ids += [another_client() for _ in range(5)]
    with CaptureQueriesContext(connection) as many:
        items = list(application_due_items(ids, days_ago(0)))
    assert len(items) == 12
    assert len(many) == len(few)
