"""The client's own forms over the API (issue 13): the team reads what she filled in herself in Oma
Yhteispolku with the mapping page's selector, so her health answers and work-ability rating reach only
those the policy shows health data; marking a form read is once (409 after), and an outsider gets 404."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.assessments.services import self_assessment_save_by_client
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.cases.services import pre_information_save_by_client

Call = Callable[[User], HttpClient]


@pytest.fixture
def relationship(maija: Maija) -> ClientRelationship:
    relationship = ClientRelationship.objects.get(client=maija.client)
    pre_information_save_by_client(
        relationship=relationship, expected_version=0, situation="Haluan töihin.", health="Selkä kipeä."
    )
    self_assessment_save_by_client(
        relationship=relationship, expected_version=0, work_ability=5, strengths="Tarkka", health="Väsyn."
    )
    return relationship


def url(relationship: ClientRelationship, tail: str = "") -> str:
    return f"{API}/assessments/{relationship.code}/client-forms{tail}"


def test_the_worker_pair_reads_her_forms_without_her_health_answers(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    response = token_client(maija.expert).get(url(relationship))
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    assert body["pre_information"]["situation"] == "Haluan töihin."
    assert body["pre_information"]["health"] is None
    assert body["pre_information"]["withheld"] == ["health"]
    assert body["self_assessment"]["strengths"] == "Tarkka"
    assert (body["self_assessment"]["work_ability"], body["self_assessment"]["health"]) == (None, None)
    assert AccessEvent.objects.filter(
        client_code=maija.client.code,
        actor_username=maija.expert.username,
        object_type="assessments.selfassessment",
        category="health",
        allowed=False,
    ).exists()


def test_a_form_is_marked_read_once_and_an_outsider_gets_404(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.social_worker)
    first = api_client.post(url(relationship, "/itsearvio/read"))
    assert first.status_code == 200, first.json()
    assert first.json()["self_assessment"]["read_at"] is not None
    again = api_client.post(url(relationship, "/itsearvio/read"))
    assert again.status_code == 409
    assert again.json()["code"] == "own_form_already_read"
    assert api_client.post(url(relationship, "/muu/read")).status_code == 404
    assert token_client(maija.outsider).get(url(relationship)).status_code == 404
