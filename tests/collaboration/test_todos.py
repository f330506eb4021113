"""The client's to-do list (seed 001, "Asiakkaan vastuulla on toimittaa")."""

from datetime import timedelta

import pytest

from tests.collaboration.conftest import Network
from yhteispolku.collaboration import services
from yhteispolku.collaboration.errors import AlreadyDone, InvalidInput
from yhteispolku.collaboration.models import ClientTodo

pytestmark = pytest.mark.django_db


def add(network: Network, **fields: object) -> ClientTodo:
    data: dict[str, object] = {
        "actor": network.social_worker,
        "relationship": network.relationship,
        "kind": "medical_statement",
        "description": "B-lausunto Kelan ammatillista kuntoutusta varten",
        "deliver_to": network.kela,
        "due_on": network.today + timedelta(days=30),
    }
    data.update(fields)
    return services.client_todo_add(**data)  # type: ignore[arg-type]


def test_a_todo_says_what_to_whom_and_by_when(network: Network) -> None:
    todo = add(network)
    assert (todo.kind, todo.deliver_to, todo.status) == ("medical_statement", network.kela, "open")
    assert not todo.is_overdue(network.today)
    assert todo.is_overdue(network.today + timedelta(days=31))


def test_a_todo_without_recipient_or_date_is_refused_field_by_field(network: Network) -> None:
    with pytest.raises(InvalidInput) as refused:
        add(network, deliver_to=None, due_on=None, description=" ")
    assert set(refused.value.message_dict) == {"deliver_to", "due_on", "description"}


def test_a_todo_is_delivered_or_cancelled_once(network: Network) -> None:
    todo = add(network)
    services.client_todo_close(actor=network.employment_expert, todo=todo, status="done", on=network.today)
    assert (todo.status, todo.closed_on) == ("done", network.today)
    assert not todo.is_overdue(network.today + timedelta(days=60))
    with pytest.raises(AlreadyDone):
        services.client_todo_close(
            actor=network.employment_expert, todo=todo, status="cancelled", on=network.today
        )
    with pytest.raises(InvalidInput):
        services.client_todo_close(
            actor=network.employment_expert, todo=add(network), status="open", on=network.today
        )
