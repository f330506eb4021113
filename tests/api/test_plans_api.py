"""The plan endpoints, persona by persona: allowed, refused or invisible, audited; stale edits are 409."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import API, Maija, events_since, last_event_id, with_worker_pair
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.plans.models import PlanVersion

Call = Callable[[User], HttpClient]


@pytest.fixture
def relationship(maija: Maija) -> ClientRelationship:
    return with_worker_pair(maija)


def plan_url(relationship: ClientRelationship, tail: str = "") -> str:
    return f"{API}/plans/{relationship.code}{tail}"


def post(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.post(url, body, content_type="application/json")


def first_version(api_client: HttpClient, relationship: ClientRelationship) -> Any:
    response = post(
        api_client, plan_url(relationship, "/versions"), {"based_on_version_number": 0, "goals": "Työhön."}
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_team_makes_and_reads_a_version_and_it_is_logged(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    before = last_event_id()
    version = first_version(api_client, relationship)
    assert version["number"] == 1
    assert version["status"] == "draft"
    body = api_client.get(plan_url(relationship)).json()
    assert body["latest_number"] == 1
    assert body["draft"] == 1
    assert [v["goals"] for v in body["versions"]] == ["Työhön."]
    assert api_client.get(plan_url(relationship, "/versions/1")).json()["code"] == version["code"]
    events = events_since(before, maija.client)
    assert {(e.action, e.allowed) for e in events} >= {("create", True), ("view", True)}
    assert all(e.allowed for e in events)


def test_a_stale_based_on_version_is_a_409(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    first_version(token_client(maija.expert), relationship)
    response = post(
        token_client(maija.social_worker), plan_url(relationship, "/versions"), {"based_on_version_number": 0}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "plan_stale_version"
    assert PlanVersion.objects.count() == 1


def test_without_the_worker_pair_there_is_no_plan(maija: Maija, token_client: Call) -> None:
    relationship = ClientRelationship.objects.get(client=maija.client)
    response = post(
        token_client(maija.expert), plan_url(relationship, "/versions"), {"based_on_version_number": 0}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "plan_needs_worker_pair"


def test_tasks_and_services_are_added_with_the_revision(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    version = first_version(api_client, relationship)
    url = plan_url(relationship, "/versions/1")
    task = post(api_client, f"{url}/tasks", {"revision": version["revision"], "description": "Hakee töitä."})
    assert task.status_code == 201, task.json()
    assert [t["description"] for t in task.json()["tasks"]] == ["Hakee töitä."]
    stale = post(api_client, f"{url}/tasks", {"revision": version["revision"], "description": "Toinen."})
    assert stale.status_code == 409
    assert stale.json()["code"] == "plan_stale_version"
    service = post(
        api_client,
        f"{url}/services",
        {
            "revision": task.json()["revision"],
            "service_type": "job-coaching",
            "responsible_organisation": "satakunta-employment-area",
            "starts_on": str(timezone.localdate()),
            "intensity": "2 tapaamista viikossa",
            "description": "Työhönvalmennus",
        },
    )
    assert service.status_code == 201, service.json()
    assert service.json()["pending_confirmations"] == ["satakunta-employment-area"]


def test_an_unknown_service_type_is_a_400_on_the_field(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    first_version(api_client, relationship)
    response = post(
        api_client,
        plan_url(relationship, "/versions/1/services"),
        {
            "revision": 0,
            "service_type": "no-such-service",
            "responsible_organisation": "satakunta-employment-area",
            "starts_on": str(timezone.localdate()),
        },
    )
    assert response.status_code == 400
    assert "service_type" in [e["field"] for e in response.json()["errors"]]


def test_confirmation_and_acceptance_put_the_plan_in_force(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    version = first_version(api_client, relationship)
    url = plan_url(relationship, "/versions/1")
    nothing = post(api_client, f"{url}/confirm", {})
    assert nothing.status_code == 409
    assert nothing.json()["code"] == "plan_nothing_to_confirm"
    service = {
        "revision": version["revision"],
        "service_type": "job-coaching",
        "responsible_organisation": "satakunta-employment-area",
        "starts_on": str(timezone.localdate()),
        "intensity": "2 tapaamista viikossa",
        "description": "Työhönvalmennus",
    }
    assert post(api_client, f"{url}/services", service).status_code == 201
    today = str(timezone.localdate())
    accepted = post(api_client, f"{url}/acceptance", {"accepted_on": today, "how": "in_person"})
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["acceptance"]["how"] == "in_person"
    again = post(api_client, f"{url}/acceptance", {"accepted_on": today, "how": "in_person"})
    assert again.status_code == 409
    confirmed = post(api_client, f"{url}/confirm", {})
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["status"] == "in_force"
    assert api_client.get(plan_url(relationship)).json()["in_force"] == 1


def test_an_outsider_is_refused_and_the_attempt_is_logged(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    for call in (
        lambda c: c.get(plan_url(relationship)),
        lambda c: post(c, plan_url(relationship, "/versions"), {"based_on_version_number": 0}),
    ):
        before = last_event_id()
        response = call(token_client(maija.outsider))
        assert response.status_code in (403, 404)
        assert response.json()["code"] in ("access_denied", "not_found")
        assert [e.allowed for e in events_since(before, maija.client)] == [False]
    assert not PlanVersion.objects.exists()


def test_the_dpo_is_refused_with_the_policys_reason(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    before = last_event_id()
    response = token_client(maija.dpo).get(plan_url(relationship))
    assert response.status_code == 403
    assert response.json()["reason"]
    assert not events_since(before, maija.client)[-1].allowed


def test_an_unknown_version_is_a_404_after_the_policy(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    before = last_event_id()
    response = token_client(maija.expert).get(plan_url(relationship, "/versions/7"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert events_since(before, maija.client)


def test_anonymous_is_401(relationship: ClientRelationship) -> None:
    response = HttpClient().get(plan_url(relationship))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
