"""The mapping endpoints, persona by persona: allowed, refused or invisible, audited; repeats are 409."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import API, Maija, events_since, last_event_id
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import MappingAction, SectorAssessment
from yhteispolku.cases.models import ClientRelationship

Call = Callable[[User], HttpClient]


@pytest.fixture
def relationship(maija: Maija) -> ClientRelationship:
    return ClientRelationship.objects.get(client=maija.client)


def mapping_url(relationship: ClientRelationship, tail: str = "") -> str:
    return f"{API}/assessments/{relationship.code}{tail}"


def post(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.post(url, body, content_type="application/json")


def today() -> str:
    return str(timezone.localdate())


def record_action(api_client: HttpClient, relationship: ClientRelationship, responsible: User) -> Any:
    response = post(
        api_client,
        mapping_url(relationship, "/actions"),
        {"kind": "kela_consultation", "planned_on": today(), "responsible": str(responsible.code)},
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_sector_records_its_assessment_and_reads_the_mapping_audited(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    before = last_event_id()
    response = post(
        api_client,
        mapping_url(relationship, "/assessments"),
        {"assessed_on": today(), "findings": "Hyvä ammattitaito.", "needs": "Työhönvalmennus."},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["sector"] == "employment"
    body = api_client.get(mapping_url(relationship)).json()
    employment = next(s for s in body["sections"] if s["sector"] == "employment")
    assert [a["findings"] for a in employment["assessments"]] == ["Hyvä ammattitaito."]
    assert body["summary"]["assessed"]["employment"] is True
    assert "employment" not in body["summary"]["missing"]
    events = events_since(before, maija.client)
    assert ("create", "employment", True) in [(e.action, e.category, e.allowed) for e in events]
    assert all(e.allowed for e in events)


def test_an_empty_assessment_is_a_400(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    response = post(
        token_client(maija.expert),
        mapping_url(relationship, "/assessments"),
        {"assessed_on": today(), "findings": " ", "needs": ""},
    )
    assert response.status_code == 400
    assert not SectorAssessment.objects.exists()


def test_an_action_is_completed_once(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    action = record_action(api_client, relationship, maija.social_worker)
    assert action["responsible"] == str(maija.social_worker.code)
    url = mapping_url(relationship, f"/actions/{action['code']}/complete")
    body = {"version": action["version"], "done_on": today(), "outcome": "Kela konsultoitu."}
    done = post(api_client, url, body)
    assert done.status_code == 200, done.json()
    assert done.json()["done_on"] == today()
    again = post(api_client, url, {**body, "version": done.json()["version"], "outcome": "Uudelleen."})
    assert again.status_code == 409
    assert again.json()["code"] in ("action_already_completed", "stale_edit")
    stale = post(api_client, url, body)
    assert stale.status_code == 409
    assert MappingAction.objects.get().outcome == "Kela konsultoitu."


def test_the_responsible_must_be_on_the_team(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    response = post(
        token_client(maija.expert),
        mapping_url(relationship, "/actions"),
        {"kind": "kela_consultation", "planned_on": today(), "responsible": str(maija.outsider.code)},
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["responsible"]


def test_an_unknown_action_is_a_404(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    response = post(
        token_client(maija.expert),
        mapping_url(relationship, f"/actions/{uuid.uuid4()}/complete"),
        {"version": 1, "done_on": today(), "outcome": "Tehty."},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_outsider_is_refused_and_the_attempt_is_logged(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    for call in (
        lambda c: c.get(mapping_url(relationship)),
        lambda c: post(
            c,
            mapping_url(relationship, "/assessments"),
            {"assessed_on": today(), "findings": "x", "needs": "y"},
        ),
    ):
        before = last_event_id()
        response = call(token_client(maija.outsider))
        assert response.status_code in (403, 404)
        assert response.json()["code"] in ("access_denied", "not_found")
        assert [e.allowed for e in events_since(before, maija.client)] == [False]
    assert not SectorAssessment.objects.exists()


def test_the_dpo_is_refused_with_the_policys_reason(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    before = last_event_id()
    response = token_client(maija.dpo).get(mapping_url(relationship))
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"
    assert response.json()["reason"]
    assert not events_since(before, maija.client)[-1].allowed


def test_anonymous_is_401(relationship: ClientRelationship) -> None:
    response = HttpClient().get(mapping_url(relationship))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_sector_corrects_its_assessment_and_a_stale_correction_is_a_409(
    maija: Maija, relationship: ClientRelationship, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    made = post(
        api_client,
        mapping_url(relationship, "/assessments"),
        {"assessed_on": today(), "findings": "Hyvä ammattitaito.", "needs": "Työhönvalmennus."},
    ).json()
    url = mapping_url(relationship, f"/assessments/{made['code']}")
    body = {
        "assessed_on": today(),
        "findings": "Tarkennettu.",
        "needs": "Työkokeilu.",
        "version": made["version"],
    }
    before = last_event_id()
    corrected = api_client.put(url, body, content_type="application/json")
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["findings"], corrected.json()["version"]) == (
        "Tarkennettu.",
        made["version"] + 1,
    )
    assert ("update", "employment", True) in [
        (e.action, e.category, e.allowed) for e in events_since(before, maija.client)
    ]
    stale = api_client.put(url, {**body, "findings": "Vanha."}, content_type="application/json")
    assert stale.status_code == 409
    # Another sector may not correct it, even on the team.
    other = token_client(maija.social_worker).put(
        url, {**body, "version": made["version"] + 1}, content_type="application/json"
    )
    assert other.status_code == 403
    assert SectorAssessment.objects.get().findings == "Tarkennettu."
    unknown = api_client.put(
        mapping_url(relationship, f"/assessments/{uuid.uuid4()}"), body, content_type="application/json"
    )
    assert unknown.status_code == 404
