"""The worklist's items from network work: follow-ups for their owner, the review with the client by
R-CONS-1's period, the client's open to-dos — in a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.access.conftest import join_team, new_client, open_relationship
from tests.collaboration.conftest import Network
from yhteispolku.cases.models import Phase
from yhteispolku.collaboration import deadlines, services
from yhteispolku.organisations.models import Unit
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import due_items, sources

pytestmark = pytest.mark.django_db


def all_items(ids: list[int], today: object) -> list:  # type: ignore[type-arg]
    return [
        *deadlines.follow_up_items(ids, today),  # type: ignore[arg-type]
        *deadlines.review_items(ids, today),  # type: ignore[arg-type]
        *deadlines.client_todo_items(ids, today),  # type: ignore[arg-type]
    ]


def fill(network: Network, relationship: object = None) -> None:
    relationship = relationship or network.relationship
    consultation = network.consultation(relationship=relationship)
    services.follow_up_add(
        actor=network.social_worker,
        consultation=consultation,
        description="Saate lääkärille",
        owner=network.kela_advisor,
        due_on=network.today + timedelta(days=3),
    )
    services.client_todo_add(
        actor=network.social_worker,
        relationship=relationship,  # type: ignore[arg-type]
        kind="medical_statement",
        description="B-lausunto",
        deliver_to=network.kela,
        due_on=network.today + timedelta(days=5),
    )


def test_the_sources_are_registered() -> None:
    registered = sources()
    assert {deadlines.follow_up_items, deadlines.review_items, deadlines.client_todo_items} <= set(registered)


def test_open_items_come_with_owner_rule_and_link(network: Network) -> None:
    fill(network)
    items = {item.kind: item for item in due_items([network.relationship.pk], network.today)}
    follow_up = items["consultation_follow_up"]
    assert follow_up.owner_id == network.kela_advisor.pk
    assert follow_up.rule_id == ""
    assert follow_up.due_on == network.today + timedelta(days=3)
    assert "Saate" not in follow_up.label  # no free text on a list
    review = items["consultation_review_with_client"]
    consultation_day = network.today - timedelta(days=2)
    expected = engine.due("R-CONS-1", "review_with_client_working_days", consultation_day)
    assert (review.due_on, review.rule_id, review.rule_version) == (expected.on, "R-CONS-1", "2025.1")
    assert review.owner_id is None
    assert review.url.startswith(f"/verkostotyo/{network.relationship.code}/konsultaatiot/")
    todo = items["client_todo"]
    assert todo.client_name == network.client.full_name
    assert "Kela" in todo.label


def test_done_items_leave_the_worklist(network: Network) -> None:
    fill(network)
    consultation = network.relationship.consultations.get()
    services.follow_up_done(
        actor=network.kela_advisor, follow_up=consultation.follow_ups.get(), done_on=network.today
    )
    services.consultation_reviewed(
        actor=network.social_worker, consultation=consultation, reviewed_on=network.today
    )
    services.client_todo_close(
        actor=network.social_worker,
        todo=network.relationship.client_todos.get(),
        status="cancelled",
        on=network.today,
    )
    assert all_items([network.relationship.pk], network.today) == []


def test_the_sources_read_in_a_constant_number_of_queries(network: Network) -> None:
    fill(network)
    engine.due("R-CONS-1", "review_with_client_working_days", network.today)  # the rule cache is warm
    with CaptureQueriesContext(connection) as one:
        assert len(all_items([network.relationship.pk], network.today)) == 3
    ids = [network.relationship.pk]
    for _ in range(4):
        client = new_client(network.employment_area)
        relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.WORK)
        join_team(relationship, network.social_worker)
        join_team(relationship, network.kela_advisor)
        fill(network, relationship)
        ids.append(relationship.pk)
    with CaptureQueriesContext(connection) as many:
        assert len(all_items(ids, network.today)) == 15
    assert len(many.captured_queries) == len(one.captured_queries) == 3
