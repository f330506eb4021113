"""The TYM case endpoints, persona by persona: allowed, refused or invisible, audited; the conflicts."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client as HttpClient
from django.utils import timezone

from tests.access.conftest import give_consent
from tests.api.conftest import API, Maija, employment_services_client, events_since, last_event_id
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, PhaseTransition, Referral, TeamMember
from yhteispolku.organisations.models import Unit

Call = Callable[[User], HttpClient]


def case_url(maija: Maija, tail: str = "") -> str:
    return f"{API}/cases/{maija.client.code}{tail}"


def post(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.post(url, body, content_type="application/json")


def test_the_team_sees_the_case_and_the_read_is_logged(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.expert).get(case_url(maija))
    assert response.status_code == 200
    body = response.json()
    relationship = ClientRelationship.objects.get(client=maija.client)
    assert body["relationship"] == str(relationship.code)
    assert body["phase"] == "mapping"
    assert body["timing"]["age_days"] == 30
    assert {member["user"] for member in body["team"]} == {
        str(maija.expert.code),
        str(maija.social_worker.code),
    }
    assert "planning" in body["allowed_phases"]
    assert body["waiting"]
    events = events_since(before, maija.client)
    assert events
    assert all(event.allowed for event in events)
    assert {event.category for event in events} >= {"basic", "plan"}


def test_an_outsider_is_refused_and_the_attempt_is_logged(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.outsider).get(case_url(maija))
    assert response.status_code in (403, 404)
    assert response.json()["code"] in ("access_denied", "not_found")
    assert [event.allowed for event in events_since(before, maija.client)] == [False]


def test_an_outsider_cannot_change_the_phase(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = post(token_client(maija.outsider), case_url(maija, "/phase"), {"to_phase": "planning"})
    assert response.status_code in (403, 404)
    assert not PhaseTransition.objects.exists()
    assert [event.allowed for event in events_since(before, maija.client)] == [False]


def test_the_dpo_is_refused_the_case_with_the_policys_reason(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.dpo).get(case_url(maija))
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"
    assert response.json()["reason"]
    assert not events_since(before, maija.client)[-1].allowed


def test_an_unknown_client_is_a_json_404(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get(f"{API}/cases/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_is_401(maija: Maija) -> None:
    response = HttpClient().get(case_url(maija))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_planning_without_the_worker_pair_is_a_409(maija: Maija, token_client: Call) -> None:
    response = post(token_client(maija.expert), case_url(maija, "/phase"), {"to_phase": "planning"})
    assert response.status_code == 409
    assert response.json()["code"]
    assert ClientRelationship.objects.get(client=maija.client).phase == "mapping"


def test_a_stale_seen_phase_is_a_409_phase_changed(maija: Maija, token_client: Call) -> None:
    response = post(
        token_client(maija.expert),
        case_url(maija, "/phase"),
        {"to_phase": "planning", "seen_phase": "referral"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "phase_changed"


def test_with_the_worker_pair_named_the_case_moves_to_planning(maija: Maija, token_client: Call) -> None:
    relationship = ClientRelationship.objects.get(client=maija.client)
    TeamMember.objects.filter(relationship=relationship, user=maija.expert).update(
        team_role="worker_pair_employment"
    )
    TeamMember.objects.filter(relationship=relationship, user=maija.social_worker).update(
        team_role="worker_pair_social"
    )
    before = last_event_id()
    response = post(
        token_client(maija.expert),
        case_url(maija, "/phase"),
        {"to_phase": "planning", "seen_phase": "mapping"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "planning"
    assert ("update", True) in [(e.action, e.allowed) for e in events_since(before, maija.client)]


def test_a_taken_worker_pair_place_is_a_409(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    relationship = ClientRelationship.objects.get(client=maija.client)
    TeamMember.objects.filter(relationship=relationship, user=maija.expert).update(
        team_role="worker_pair_employment"
    )
    response = post(
        api_client,
        case_url(maija, "/team"),
        {"user": str(maija.expert.code), "team_role": "worker_pair_employment"},
    )
    assert response.status_code == 409, response.json()


def test_an_unknown_team_member_is_a_400_on_the_field(maija: Maija, token_client: Call) -> None:
    response = post(
        token_client(maija.expert),
        case_url(maija, "/team"),
        {"user": str(uuid.uuid4()), "team_role": "member"},
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["user"]


def test_a_second_referral_is_a_409(maija: Maija, token_client: Call) -> None:
    response = post(
        token_client(maija.expert),
        case_url(maija, "/referral"),
        {
            "unit": "satakunta-ea-tym",
            "work_capacity_limitations": True,
            "needs_multisectoral_support": True,
            "description": "Monialainen tarve.",
        },
    )
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "referral_exists"
    assert not Referral.objects.exists()


def test_accepting_without_a_referral_is_a_404(maija: Maija, token_client: Call) -> None:
    response = post(token_client(maija.expert), case_url(maija, "/referral/accept"), {})
    assert response.status_code == 404


def test_the_kela_registration_is_recorded_and_a_future_date_refused(
    maija: Maija, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    today = timezone.localdate()
    future = post(
        api_client, case_url(maija, "/kela-registration"), {"registered_on": str(today + timedelta(days=3))}
    )
    assert future.status_code == 400
    response = post(api_client, case_url(maija, "/kela-registration"), {"registered_on": str(today)})
    assert response.status_code == 200, response.json()
    assert response.json()["kela_registered_on"] == str(today)


def test_closure_outside_the_closing_phase_is_a_409(maija: Maija, token_client: Call) -> None:
    response = post(token_client(maija.expert), case_url(maija, "/closure"), {"reason": "employed"})
    assert response.status_code == 409, response.json()


def test_a_referral_is_made_checked_against_the_criteria_and_accepted(
    maija: Maija, token_client: Call
) -> None:
    client = employment_services_client(
        "satakunta-ea-tym", maija.expert, first_names="Pekka", last_name="Polku"
    )
    give_consent(client, [Unit.objects.get(slug="satakunta-ea-tym").organisation], maija.expert)
    url = f"{API}/cases/{client.code}"
    api_client = token_client(maija.expert)
    body = {"unit": "satakunta-ea-tym", "description": "Monialainen tarve."}
    unmet = post(api_client, f"{url}/referral", body)
    assert unmet.status_code == 400, unmet.json()
    assert unmet.json()["code"] == "referral_criteria_not_met"
    made = post(
        api_client,
        f"{url}/referral",
        {**body, "life_management_problems": True, "needs_multisectoral_support": True},
    )
    assert made.status_code == 201, made.json()
    assert made.json()["referral"]["status"] == "pending"
    assert made.json()["phase"] == "referral"
    twice = post(
        api_client,
        f"{url}/referral",
        {**body, "life_management_problems": True, "needs_multisectoral_support": True},
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "referral_exists"
    # Deciding is the receiving team's coordinator's or manager's: the referring expert is refused.
    before = last_event_id()
    accepted = post(api_client, f"{url}/referral/accept", {"note": "Aloitetaan."})
    assert accepted.status_code == 403, accepted.json()
    assert accepted.json()["code"] == "access_denied"
    assert accepted.json()["reason"] == "not_granted"
    assert [e.allowed for e in events_since(before, client)][-1] is False
    assert Referral.objects.get(relationship__client=client).status == "pending"
