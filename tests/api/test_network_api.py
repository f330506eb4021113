"""The client's network and consultation guests over the API: the pages' rules, policy and audit."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API, events_since, last_event_id
from tests.collaboration.conftest import Network, network  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import GuestInvitation, NetworkContact

Call = Callable[[User], HttpClient]
pytestmark = pytest.mark.django_db


def post(api_client: HttpClient, address: str, body: dict[str, object]) -> Any:
    return api_client.post(address, body, content_type="application/json")


def contact_body(network: Network, **fields: object) -> dict[str, object]:  # noqa: F811
    body: dict[str, object] = {
        "kind": "pension_provider",
        "name": "Esimerkki-Eläke",
        "organisation": "Työeläkeyhtiö Esimerkki (demo)",
        "email": "kuntoutus@example.org",
        "purpose": "Ammatillisen kuntoutuksen vastuutahon selvittäminen.",
        "consent_given_on": str(network.today - timedelta(days=1)),
        "consent_how": "written",
    }
    body.update(fields)
    return body


def test_network_contacts_round_trip(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.employment_expert)
    base = f"{API}/clients/{network.client.code}/network"
    before = last_event_id()
    refused = post(api, base, contact_body(network, consent_given_on=None))
    assert refused.status_code == 400
    assert "consent_given_on" in str(refused.json())
    assert not NetworkContact.objects.exists()
    created = post(api, base, contact_body(network))
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    assert [row["code"] for row in api.get(base).json()] == [code]
    edited = api.put(
        f"{base}/{code}",
        {**contact_body(network, phone="02 123 4567"), "revision": 0},
        content_type="application/json",
    )
    assert edited.status_code == 200
    assert edited.json()["revision"] == 1
    stale = api.put(
        f"{base}/{code}", {**contact_body(network), "revision": 0}, content_type="application/json"
    )
    assert stale.status_code == 409
    ended = post(api, f"{base}/{code}/end", {"revision": 1, "ended_on": str(network.today)})
    assert ended.status_code == 200
    assert ended.json()["ended_on"] == str(network.today)
    events = events_since(before, network.client)
    assert any(e.object_type == "collaboration.networkcontact" and e.action == "update" for e in events)
    # The social worker's organisation did not register Maija: she reads, does not write; an outsider: 404.
    assert token_client(network.social_worker).get(base).status_code == 200
    assert post(token_client(network.social_worker), base, contact_body(network)).status_code == 403
    assert token_client(network.outsider).get(base).status_code == 404


def test_the_organiser_invites_and_revokes_a_guest(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.employment_expert)
    contact = post(api, f"{API}/clients/{network.client.code}/network", contact_body(network)).json()
    consultation = network.consultation(actor=network.employment_expert, kind="network_meeting")
    base = f"{API}/collaboration/{network.relationship.code}/consultations/{consultation.code}/guests"
    assert post(token_client(network.social_worker), base, {"contact": contact["code"]}).status_code == 403
    issued = post(api, base, {"contact": contact["code"], "shared_with_guest": "Aikataulu"})
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert "/vieras/kutsu/" in body["link"]
    assert len(body["code"]) == 6
    again = post(api, base, {"contact": contact["code"]})
    assert again.status_code == 409
    assert [row["name"] for row in api.get(base).json()] == ["Esimerkki-Eläke"]
    # A new link and code for the same invitation: the earlier link stops working.
    reissue = f"{base}/{body['invitation']['code']}/reissue"
    assert post(token_client(network.social_worker), reissue, {}).status_code == 403
    new = post(api, reissue, {})
    assert new.status_code == 200, new.json()
    assert new.json()["link"] != body["link"]
    assert new.json()["invitation"]["code"] == body["invitation"]["code"]
    assert GuestInvitation.objects.count() == 1
    revoked = post(api, f"{base}/{body['invitation']['code']}/revoke", {})
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert not GuestInvitation.objects.get().guest.is_active
    assert post(api, reissue, {}).status_code == 409
