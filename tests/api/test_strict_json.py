"""A JSON body is read by its schema's JSON types (api/strict.py): no number is taken for a date, no string
for an integer, no integer for a boolean; the refusal is the API's 400 with the field."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import Consultation

pytestmark = pytest.mark.django_db


def post(client: HttpClient, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/collaboration/anonymous/consultations", body, content_type="application/json")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("scheduled_at", 0, "string_type"),
        ("scheduled_at", True, "string_type"),
        ("kind", 1, "string_type"),
        ("kind", "no-such-kind", "enum"),
        ("participants", "abc", "list_type"),
        ("participants", [7], "string_type"),
    ],
)
def test_a_value_of_another_json_type_is_refused(
    maija: Maija, token_client: Callable[[User], HttpClient], field: str, value: Any, code: str
) -> None:
    body = {"kind": "network_meeting", "mode": "remote", "scheduled_at": "2026-12-01T10:00:00Z"}
    response = post(token_client(maija.expert), {**body, field: value})
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["code"] == "invalid_input"
    fields = [(error["field"].split(".")[0], error["code"]) for error in answer["errors"]]
    assert fields == [(field, code)]
    assert not Consultation.objects.exists()


def test_the_same_body_with_its_json_types_is_accepted(
    maija: Maija, token_client: Callable[[User], HttpClient]
) -> None:
    body = {"kind": "network_meeting", "mode": "remote", "scheduled_at": "2026-12-01T10:00:00Z"}
    response = post(token_client(maija.expert), body)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "moment", ["0328-11-23T14:54:23-18:21", "2026-12-01T10:00:00+15:00", "0001-01-01T00:00:00"]
)
def test_a_moment_the_database_cannot_store_is_a_400_not_a_500(
    maija: Maija, token_client: Callable[[User], HttpClient], moment: str
) -> None:
    """Found by the fuzzing on PostgreSQL: an offset beyond ±15:59 was a DataError (500)."""
    body = {"kind": "network_meeting", "mode": "remote", "scheduled_at": moment}
    response = post(token_client(maija.expert), body)
    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == ["scheduled_at"]
    assert not Consultation.objects.exists()
