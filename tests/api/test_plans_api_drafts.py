"""Editing and removing a draft's services and tasks through the API (stale revision 409, fixed content
409), and the follow-up of participation in the plan in force."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import API, Maija, events_since, last_event_id, with_worker_pair
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.plans.models import AgreedService, ClientTask, Participation

Call = Callable[[User], HttpClient]


@pytest.fixture
def relationship(maija: Maija) -> ClientRelationship:
    return with_worker_pair(maija)


def post(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.post(url, body, content_type="application/json")


def put(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.put(url, body, content_type="application/json")


def service(revision: int, **fields: object) -> dict[str, object]:
    return {
        "revision": revision,
        "service_type": "job-coaching",
        "responsible_organisation": "satakunta-employment-area",
        "starts_on": str(timezone.localdate()),
        "intensity": "2 tapaamista viikossa",
        "description": "Työhönvalmennus",
        **fields,
    }


@pytest.fixture
def draft(maija: Maija, relationship: ClientRelationship, token_client: Call) -> dict[str, Any]:
    """Version 1 with one service and one task, as the API answers it."""
    api_client = token_client(maija.expert)
    base = f"{API}/plans/{relationship.code}"
    made = post(api_client, f"{base}/versions", {"based_on_version_number": 0, "goals": "Työhön."})
    assert made.status_code == 201, made.json()
    with_service = post(api_client, f"{base}/versions/1/services", service(made.json()["revision"]))
    assert with_service.status_code == 201, with_service.json()
    with_task = post(
        api_client,
        f"{base}/versions/1/tasks",
        {"revision": with_service.json()["revision"], "description": "Hakee töitä."},
    )
    assert with_task.status_code == 201, with_task.json()
    return {"url": f"{base}/versions/1", **with_task.json()}


def test_a_service_of_the_draft_is_changed_and_a_stale_change_is_a_409(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    url = f"{draft['url']}/services/{draft['services'][0]['code']}"
    before = last_event_id()
    changed = put(api_client, url, service(draft["revision"], intensity="3 tapaamista viikossa"))
    assert changed.status_code == 200, changed.json()
    assert changed.json()["services"][0]["intensity"] == "3 tapaamista viikossa"
    assert ("update", True) in {(e.action, e.allowed) for e in events_since(before, maija.client)}
    stale = put(api_client, url, service(draft["revision"], intensity="4 tapaamista viikossa"))
    assert stale.status_code == 409
    assert stale.json()["code"] == "plan_stale_version"
    ends_before = put(
        api_client,
        url,
        service(changed.json()["revision"], ends_on=str(timezone.localdate() - timedelta(days=1))),
    )
    assert ends_before.status_code == 400
    assert AgreedService.objects.get().intensity == "3 tapaamista viikossa"


def test_a_task_of_the_draft_is_changed(maija: Maija, draft: dict[str, Any], token_client: Call) -> None:
    url = f"{draft['url']}/tasks/{draft['tasks'][0]['code']}"
    changed = put(
        token_client(maija.expert), url, {"revision": draft["revision"], "description": "Hakee kolmea työtä."}
    )
    assert changed.status_code == 200, changed.json()
    assert [t["description"] for t in changed.json()["tasks"]] == ["Hakee kolmea työtä."]


def test_a_service_and_a_task_are_removed_with_the_revision(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    service_url = f"{draft['url']}/services/{draft['services'][0]['code']}"
    assert api_client.delete(f"{service_url}?revision={draft['revision'] + 5}").status_code == 409
    assert api_client.delete(service_url).status_code == 400  # the revision is required
    removed = api_client.delete(f"{service_url}?revision={draft['revision']}")
    assert removed.status_code == 200, removed.json()
    assert removed.json()["services"] == []
    task_url = f"{draft['url']}/tasks/{draft['tasks'][0]['code']}"
    removed = api_client.delete(f"{task_url}?revision={removed.json()['revision']}")
    assert removed.status_code == 200, removed.json()
    assert removed.json()["tasks"] == []
    assert not AgreedService.objects.exists()
    assert not ClientTask.objects.exists()
    assert api_client.delete(f"{service_url}?revision=0").status_code == 404


def test_a_confirmed_draft_is_fixed(maija: Maija, draft: dict[str, Any], token_client: Call) -> None:
    api_client = token_client(maija.expert)
    assert post(api_client, f"{draft['url']}/confirm", {}).status_code == 200
    url = f"{draft['url']}/services/{draft['services'][0]['code']}"
    response = put(api_client, url, service(draft["revision"]))
    assert response.status_code == 409
    assert response.json()["code"] == "plan_version_not_editable"


def test_an_outsider_cannot_change_a_draft_and_the_attempt_is_logged(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    before = last_event_id()
    url = f"{draft['url']}/services/{draft['services'][0]['code']}"
    assert token_client(maija.outsider).delete(f"{url}?revision={draft['revision']}").status_code == 404
    assert AgreedService.objects.exists()
    assert [e.allowed for e in events_since(before, maija.client)] == [False]


def test_participation_is_recorded_in_the_plan_in_force_only(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    url = f"{draft['url']}/services/{draft['services'][0]['code']}/participation"
    today = timezone.localdate()
    record = {"status": "started", "on": str(today), "note": "Aloitti valmennuksen."}
    not_in_force = post(api_client, url, record)
    assert not_in_force.status_code == 409
    assert post(api_client, f"{draft['url']}/confirm", {}).status_code == 200
    accepted = post(api_client, f"{draft['url']}/acceptance", {"accepted_on": str(today), "how": "in_person"})
    assert accepted.json()["status"] == "in_force"
    started = post(api_client, url, record)
    assert started.status_code == 201, started.json()
    assert started.json()["services"][0]["participation"] == "started"
    interrupted = post(api_client, url, {"status": "interrupted", "on": str(today), "note": "Sairastui."})
    assert interrupted.json()["services"][0]["participation"] == "interrupted"
    future = post(api_client, url, {"status": "completed", "on": str(today + timedelta(days=1))})
    assert future.status_code == 400
    unknown = post(api_client, url, {"status": "gone", "on": str(today)})
    assert unknown.status_code == 400
    assert [(p.status, p.note) for p in Participation.objects.order_by("id")] == [
        ("started", "Aloitti valmennuksen."),
        ("interrupted", "Sairastui."),
    ]


def test_the_responsible_authority_is_optional_and_follows_from_the_service_type(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    without = service(draft["revision"], service_type="rehabilitative-work-activity")
    del without["responsible_organisation"]
    without.update(ends_on=str(timezone.localdate() + timedelta(days=90)), intensity="3 päivää viikossa")
    added = post(api_client, f"{draft['url']}/services", without)
    assert added.status_code == 201, added.json()
    kuty = [s for s in added.json()["services"] if s["service_type"] == "rehabilitative-work-activity"]
    assert kuty[0]["responsible_organisation"] == "satakunta-wellbeing-county"


def test_a_responsible_authority_of_another_kind_is_a_400_with_the_reason(
    maija: Maija, draft: dict[str, Any], token_client: Call
) -> None:
    refused = post(
        token_client(maija.expert),
        f"{draft['url']}/services",
        service(draft["revision"], responsible_organisation="satakunta-wellbeing-county"),
    )
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["field"] == "responsible_organisation"
    assert "ei Satakunnan hyvinvointialue" in error["message"]
    assert AgreedService.objects.count() == 1
