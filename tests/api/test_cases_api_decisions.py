"""The TYM unit decides on a referral through the API (accept and decline), lists the referrals it has to
decide, and the team changes: a member leaves; the case tells where the plan stands."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.access.conftest import give_consent
from tests.api.conftest import API, Maija, employment_services_client, events_since, last_event_id
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Referral, TeamMember
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation

Call = Callable[[User], HttpClient]
CRITERIA = {
    "unit": "satakunta-ea-tym",
    "work_capacity_limitations": True,
    "needs_multisectoral_support": True,
    "description": "Monialainen tarve.",
}


def post(api_client: HttpClient, url: str, body: dict[str, object]) -> Any:
    return api_client.post(url, body, content_type="application/json")


@pytest.fixture
def coordinator(make_professional: Callable[..., User]) -> User:
    return make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym")


@pytest.fixture
def referrer(make_professional: Callable[..., User]) -> User:
    return make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-multisectoral")


@pytest.fixture
def referred(referrer: User, token_client: Call) -> Client:
    """Pekka, in the referrer's employment services, consented to TYM joint work and referred."""
    client = employment_services_client(
        "satakunta-ea-multisectoral", referrer, first_names="Pekka", last_name="Polku"
    )
    give_consent(client, list(Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS)), referrer)
    made = post(token_client(referrer), f"{API}/cases/{client.code}/referral", CRITERIA)
    assert made.status_code == 201, made.json()
    return client


def test_the_coordinator_lists_the_pending_referrals_and_each_is_logged(
    referred: Client, coordinator: User, token_client: Call
) -> None:
    before = last_event_id()
    response = token_client(coordinator).get(f"{API}/cases/referrals")
    assert response.status_code == 200
    assert [(row["client"], row["client_name"]) for row in response.json()] == [
        (str(referred.code), "Pekka Polku")
    ]
    assert response.json()[0]["referral"] == str(Referral.objects.get().code)
    assert [(e.action, e.allowed, e.object_type) for e in events_since(before, referred)] == [
        ("view", True, "cases.referral")
    ]


def test_a_unit_with_no_referrals_and_a_role_outside_client_work_see_an_empty_list(
    referred: Client, make_professional: Callable[..., User], token_client: Call
) -> None:
    elsewhere = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    steering = make_professional("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym")
    for user in (elsewhere, steering):
        response = token_client(user).get(f"{API}/cases/referrals")
        assert response.status_code == 200
        assert response.json() == []
    assert HttpClient().get(f"{API}/cases/referrals").status_code == 401


def test_the_coordinator_accepts_the_referrer_stays_on_the_team(
    referred: Client, referrer: User, coordinator: User, token_client: Call
) -> None:
    response = post(
        token_client(coordinator),
        f"{API}/cases/{referred.code}/referral/accept",
        {"note": "Ok.", "join": True},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["phase"] == "mapping"
    assert body["referral"]["status"] == "accepted"
    assert body["referral"]["decided_by"] == str(coordinator)
    assert {(m["user"], m["team_role"]) for m in body["team"]} == {
        (str(coordinator.code), "member"),
        (str(referrer.code), "member"),
    }
    assert body["plan"] == {
        "in_force": None,
        "in_force_from": None,
        "next_review_on": None,
        "draft": None,
        "pending_confirmations": [],
        "draft_accepted": False,
    }
    # On the team the coordinator still reads only phase, team and deadlines (SPEC §5.1); the referral
    # is decided, so a second decision is a conflict and changes nothing.
    again = post(token_client(coordinator), f"{API}/cases/{referred.code}/referral/accept", {})
    assert again.status_code == 409
    assert again.json()["code"] == "referral_already_decided"
    assert Referral.objects.get().status == "accepted"


def test_the_coordinator_names_the_worker_pair_while_accepting_and_stays_off_the_team(
    referred: Client,
    referrer: User,
    coordinator: User,
    token_client: Call,
    make_professional: Callable[..., User],
) -> None:
    social_worker = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")

    response = post(
        token_client(coordinator),
        f"{API}/cases/{referred.code}/referral/accept",
        {"worker_pair_employment": str(referrer.code), "worker_pair_social": str(social_worker.code)},
    )

    assert response.status_code == 200, response.json()
    assert {(m["user"], m["team_role"]) for m in response.json()["team"]} == {
        (str(referrer.code), "worker_pair_employment"),
        (str(social_worker.code), "worker_pair_social"),
    }


def test_an_unknown_worker_pair_code_is_a_400_and_nothing_is_decided(
    referred: Client, coordinator: User, token_client: Call
) -> None:
    response = post(
        token_client(coordinator),
        f"{API}/cases/{referred.code}/referral/accept",
        {"worker_pair_social": "00000000-0000-4000-8000-000000000000"},
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["worker_pair_social"]
    assert Referral.objects.get().status == "pending"


def test_the_coordinator_declines_with_a_reason_and_another_path(
    referred: Client, coordinator: User, token_client: Call
) -> None:
    url = f"{API}/cases/{referred.code}/referral/decline"
    api_client = token_client(coordinator)
    missing = post(api_client, url, {"reason": "", "suggested_alternative": "employment_services"})
    assert missing.status_code == 400
    response = post(
        api_client, url, {"reason": "Julkiset työvoimapalvelut riittävät.", "suggested_alternative": "kuty"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "declined"
    assert body["suggested_alternative"] == "kuty"
    assert body["decline_reason"] == "Julkiset työvoimapalvelut riittävät."
    assert body["decided_by"] == str(coordinator)
    assert ClientRelationship.objects.get(client=referred, track="tym").phase == "declined"
    # The unit no longer works with the client: the case is no longer there for it.
    again = post(api_client, f"{API}/cases/{referred.code}/referral/accept", {})
    assert again.status_code == 404
    assert TeamMember.objects.filter(relationship__track="tym").count() == 0


def test_a_team_member_leaves_and_loses_access(maija: Maija, token_client: Call) -> None:
    url = f"{API}/cases/{maija.client.code}/team/{maija.social_worker.code}/leave"
    response = post(token_client(maija.expert), url, {})
    assert response.status_code == 200, response.json()
    assert str(maija.social_worker.code) not in {m["user"] for m in response.json()["team"]}
    left = TeamMember.objects.get(user=maija.social_worker)
    assert left.left_on == timezone.localdate()
    assert AccessEvent.objects.filter(
        client_code=maija.client.code, object_type="cases.teammember", action="update", allowed=True
    ).exists()
    # Leaving twice: nobody of that code is on the team any more.
    assert post(token_client(maija.expert), url, {}).status_code == 404
    # The one who left no longer reaches the client.
    assert token_client(maija.social_worker).get(f"{API}/cases/{maija.client.code}").status_code == 404


def test_an_outsider_cannot_remove_a_member_and_the_attempt_is_logged(
    maija: Maija, token_client: Call
) -> None:
    before = last_event_id()
    url = f"{API}/cases/{maija.client.code}/team/{maija.expert.code}/leave"
    response = post(token_client(maija.outsider), url, {})
    assert response.status_code == 404
    assert TeamMember.objects.get(user=maija.expert).left_on is None
    assert [e.allowed for e in events_since(before, maija.client)] == [False]
