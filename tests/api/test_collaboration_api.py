"""The network-work endpoints: each operation, persona by persona, with JSON errors that name the rule."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import API, events_since, last_event_id
from tests.collaboration.conftest import Network, network  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import Consultation

Call = Callable[[User], HttpClient]
pytestmark = pytest.mark.django_db


def url(network: Network, tail: str = "") -> str:  # noqa: F811
    return f"{API}/collaboration/{network.relationship.code}{tail}"


def post(api_client: HttpClient, address: str, body: dict[str, object]) -> Any:
    return api_client.post(address, body, content_type="application/json")


def consultation_body(network: Network, **fields: object) -> dict[str, object]:  # noqa: F811
    body: dict[str, object] = {
        "kind": "kela",
        "mode": "remote",
        "scheduled_at": f"{network.today - timedelta(days=1)}T10:00:00+02:00",
        "agenda": "Kela-konsultaatio",
        "agreed_with_client_on": str(network.today - timedelta(days=3)),
        "agreed_how": "phone",
        "participants": [str(network.kela_advisor.code)],
    }
    body.update(fields)
    return body


def test_a_consultation_round_trip(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.social_worker)
    before = last_event_id()
    response = post(api, url(network, "/consultations"), consultation_body(network))
    assert response.status_code == 201, response.json()
    consultation = response.json()
    assert consultation["participants"][0]["user"] == str(network.kela_advisor.code)
    base = url(network, f"/consultations/{consultation['code']}")
    assert api.get(base).json()["agreed_how"] == "phone"

    response = post(api, base + "/participants", {"user": str(network.coordinator_wa.code)})
    assert response.status_code == 201
    response = post(api, base + "/notes", {"revision": 0, "notes": "B-lausunnon tarve", "decisions": "Saate"})
    assert response.status_code == 200
    assert response.json()["revision"] == 1
    stale = post(api, base + "/notes", {"revision": 0, "notes": "Vanha"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "collaboration_stale_edit"

    response = post(api, base + "/follow-ups", {
        "description": "Saate lääkärille", "owner": str(network.social_worker.code),
        "due_on": str(network.today),
    })  # fmt: skip
    assert response.status_code == 201
    follow_up = response.json()["follow_ups"][0]
    response = post(api, base + f"/follow-ups/{follow_up['code']}/done", {"done_on": str(network.today)})
    assert response.json()["follow_ups"][0]["done_on"] == str(network.today)
    response = post(api, base + "/review", {"reviewed_on": str(network.today), "note": "Käyty läpi"})
    assert response.json()["reviewed_on"] == str(network.today)
    overview = api.get(url(network)).json()
    assert [c["code"] for c in overview["consultations"]] == [consultation["code"]]
    assert events_since(before, network.client)


def test_r_cons_1_refusals_are_json_errors(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.social_worker)
    response = post(
        api, url(network, "/consultations"), consultation_body(network, agreed_with_client_on=None)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "consultation_not_agreed"
    assert response.json()["message"].startswith("R-CONS-1")
    response = post(
        api,
        url(network, "/consultations"),
        consultation_body(network, participants=[str(network.keusote_physician.code)]),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "consultation_party_not_allowed"
    assert "R-CONS-1" in response.json()["message"]
    created = post(api, url(network, "/consultations"), consultation_body(network)).json()
    base = url(network, f"/consultations/{created['code']}")
    response = post(api, base + "/follow-ups", {"description": "x", "due_on": str(network.today)})
    assert (response.status_code, response.json()["code"]) == (400, "follow_up_owner_required")
    early = str(network.today - timedelta(days=5))
    response = post(
        api,
        base + "/follow-ups",
        {"description": "x", "owner": str(network.social_worker.code), "due_on": early},
    )
    assert (response.status_code, response.json()["code"]) == (400, "follow_up_due_before_consultation")


def test_escalation_kela_and_todos(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.social_worker)
    today = str(network.today)
    response = post(api, url(network, "/escalation-steps"), {"step": 2, "on": today, "outcome": "x"})
    assert (response.status_code, response.json()["code"]) == (409, "escalation_out_of_order")
    response = post(api, url(network, "/escalation-steps"), {"step": 1, "on": today, "skipped": True})
    assert (response.status_code, response.json()["code"]) == (400, "escalation_skip_reason_required")
    response = post(
        api,
        url(network, "/escalation-steps"),
        {"step": 1, "on": today, "outcome": "Selkeni", "referral_onwards": "tym"},
    )
    assert response.status_code == 201
    assert response.json()["next_escalation_step"] == 2

    response = post(
        api,
        url(network, "/kela-requests"),
        {"kind": "benefit_mapping", "question": "Etuustiedot?", "sent_on": today},
    )
    assert response.status_code == 201
    request = response.json()["kela_requests"][0]
    answer = url(network, f"/kela-requests/{request['code']}/answer")
    refused = post(api, answer, {"revision": 0, "answered_on": today, "answer": "x"})
    assert (refused.status_code, refused.json()["code"]) == (403, "access_denied")
    response = post(
        token_client(network.kela_expert),
        answer,
        {"revision": 0, "answered_on": today, "answer": "Työmarkkinatuki"},
    )
    assert response.status_code == 200
    assert response.json()["kela_requests"][0]["answer"]["answer"] == "Työmarkkinatuki"
    response = post(
        api, url(network, f"/kela-requests/{request['code']}/close"), {"revision": 1, "closed_on": today}
    )
    assert response.json()["kela_requests"][0]["status"] == "closed"

    response = post(
        api,
        url(network, "/todos"),
        {
            "kind": "medical_statement",
            "description": "B-lausunto",
            "deliver_to": "kela",
            "due_on": str(network.today - timedelta(days=1)),
        },
    )
    assert response.status_code == 201
    todo = response.json()["todos"][0]
    assert todo["overdue"] is True
    unknown = post(
        api,
        url(network, "/todos"),
        {"kind": "other", "description": "x", "deliver_to": "nowhere", "due_on": today},
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (400, "deliver_to")
    response = post(api, url(network, f"/todos/{todo['code']}/close"), {"status": "done", "on": today})
    assert response.json()["todos"][0]["status"] == "done"
    again = post(api, url(network, f"/todos/{todo['code']}/close"), {"status": "done", "on": today})
    assert again.status_code == 409


def test_outsider_gets_404_and_manager_403(network: Network, token_client: Call) -> None:  # noqa: F811
    assert token_client(network.outsider).get(url(network)).json()["code"] == "not_found"
    response = token_client(network.manager).get(url(network))
    assert (response.status_code, response.json()["code"]) == (403, "access_denied")


def test_anonymous_consultations(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.social_worker)
    response = post(api, f"{API}/collaboration/anonymous/consultations", {
        "kind": "e_consultation", "mode": "remote", "scheduled_at": f"{network.today}T09:00:00+02:00",
        "participants": [str(network.keusote_physician.code)],
    })  # fmt: skip
    assert response.status_code == 201
    assert response.json()["relationship"] is None
    listed = (
        token_client(network.keusote_physician).get(f"{API}/collaboration/anonymous/consultations").json()
    )
    assert [c["code"] for c in listed] == [response.json()["code"]]
    assert (
        token_client(network.employment_expert).get(f"{API}/collaboration/anonymous/consultations").json()
        == []
    )


def test_a_time_without_an_offset_is_finnish_local_time(network: Network, token_client: Call) -> None:  # noqa: F811
    api = token_client(network.social_worker)
    day = network.today - timedelta(days=1)
    response = post(
        api, url(network, "/consultations"), consultation_body(network, scheduled_at=f"{day}T10:00:00")
    )
    assert response.status_code == 201, response.json()
    consultation = Consultation.objects.get()
    assert timezone.localtime(consultation.scheduled_at).hour == 10
