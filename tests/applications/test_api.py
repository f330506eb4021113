"""The applications API, operation by operation: submission to decision, the rule-computed dates, the
advice, and JSON errors with stable codes (403, 404, 400 for refused dates, 409 for conflicts)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API, token_client
from tests.applications.conftest import days_ago
from tests.assessments.conftest import Team
from yhteispolku.accounts.models import User
from yhteispolku.applications import rules
from yhteispolku.applications.models import Application

__all__ = ["token_client"]
Call = Callable[[User], HttpClient]


def url(team: Team, tail: str = "") -> str:
    return f"{API}/applications/{team.client.code}{tail}"


def send(api_client: HttpClient, method: str, address: str, body: dict[str, Any]) -> Any:
    return getattr(api_client, method)(address, body, content_type="application/json")


@pytest.mark.django_db
def test_from_submission_to_decision(team: Team, token_client: Call) -> None:
    kela = token_client(team.kela_advisor)
    response = send(
        kela,
        "post",
        url(team),
        {
            "benefit": "kela_work_trial",
            "submitted_on": str(days_ago(40)),
            "helped_by": str(team.kela_advisor.code),
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    expected = rules.expected_decision("kela_work_trial", days_ago(40))
    assert expected is not None
    assert created["expected_decision"] == {"on": str(expected.on), "rule": "R-KELA-4 v2025.1"}
    address = url(team, f"/{created['code']}")
    asked = send(
        kela,
        "post",
        address + "/information-requests",
        {"requested_on": str(days_ago(30)), "due_on": str(days_ago(20)), "description": "Selvitys."},
    )
    assert asked.status_code == 201
    answer = address + f"/information-requests/{asked.json()['code']}/answer"
    early = send(kela, "post", answer, {"answered_on": str(days_ago(31))})
    assert (early.status_code, early.json()["code"]) == (400, "answer_before_request")
    assert "R-KELA-4" in early.json()["message"]
    assert send(kela, "post", answer, {"answered_on": str(days_ago(25))}).status_code == 200
    again = send(kela, "post", answer, {"answered_on": str(days_ago(24))})
    assert (again.status_code, again.json()["code"]) == (409, "already_answered")
    before = send(
        kela,
        "post",
        address + "/decision",
        {"revision": 1, "decision": "granted", "decided_on": str(days_ago(41))},
    )
    assert (before.status_code, before.json()["code"]) == (400, "decision_before_submission")
    decided = send(
        kela,
        "post",
        address + "/decision",
        {"revision": 1, "decision": "granted", "decided_on": str(days_ago(10))},
    )
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert body["placement_due"] == {
        "on": str(rules.placement_due(days_ago(10)).on),
        "rule": "R-KELA-3 v2025.1",
    }
    assert body["appeal_deadline"] is None  # granted: nothing to appeal
    second = send(
        kela,
        "post",
        address + "/decision",
        {"revision": 2, "decision": "rejected", "decided_on": str(days_ago(9))},
    )
    assert (second.status_code, second.json()["code"]) == (409, "already_decided")
    stale = send(kela, "patch", address, {"revision": 1, "submitted_on": str(days_ago(40))})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_edit")
    found = send(
        kela,
        "patch",
        address,
        {"revision": 2, "submitted_on": str(days_ago(40)), "placement_found_on": str(days_ago(2))},
    )
    assert (found.status_code, found.json()["placement_found_on"]) == (200, str(days_ago(2)))
    assert kela.get(address).json()["revision"] == 3


@pytest.mark.django_db
def test_a_rejection_has_its_appeal_deadline(team: Team, token_client: Call) -> None:
    kela = token_client(team.kela_advisor)
    created = send(kela, "post", url(team), {"benefit": "taito", "submitted_on": str(days_ago(40))}).json()
    decided = send(
        kela,
        "post",
        url(team, f"/{created['code']}/decision"),
        {"revision": 1, "decision": "rejected", "decided_on": str(days_ago(3))},
    ).json()
    appeal = rules.appeal_deadline(days_ago(3))
    assert decided["appeal_deadline"] == {"on": str(appeal.due.on), "rule": "R-APPEAL-1 v2004.1"}


@pytest.mark.django_db
def test_the_list_carries_the_advice_and_the_checklist_is_recorded(team: Team, token_client: Call) -> None:
    social = token_client(team.social_worker)
    check = send(
        social,
        "post",
        url(team, "/kela-check"),
        {
            "checked_on": str(days_ago(0)),
            "indicators": ["plan_not_progressing"],
            "criteria": ["partially_able_adult"],
        },
    )
    assert check.status_code == 201, check.json()
    unknown = send(
        social, "post", url(team, "/kela-check"), {"checked_on": str(days_ago(0)), "criteria": ["x"]}
    )
    assert (unknown.status_code, unknown.json()["code"]) == (400, "checklist_code_unknown")
    listing = social.get(url(team)).json()
    rules_named = [item["rule"] for item in listing["advice"]]
    assert rules_named == ["R-KELA-1 v2025.1", "R-KELA-2 v2025.1"]
    assert all(item["recommended"] for item in listing["advice"])


@pytest.mark.django_db
def test_refusals_are_json(team: Team, token_client: Call, outsider_nurse: User, coordinator: User) -> None:
    expert = token_client(team.employment_expert)
    refused = send(expert, "post", url(team), {"benefit": "taito", "submitted_on": str(days_ago(1))})
    assert (refused.status_code, refused.json()["code"]) == (403, "access_denied")
    hidden = token_client(outsider_nurse).get(url(team))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    invalid = send(token_client(team.kela_advisor), "post", url(team), {"benefit": "taito"})
    assert (invalid.status_code, invalid.json()["code"]) == (400, "invalid_input")
    wrong = send(
        token_client(team.kela_advisor),
        "post",
        url(team),
        {"benefit": "lotto", "submitted_on": str(days_ago(1))},
    )
    # A value outside the schema's list is refused by the schema check, naming the field (api/strict.py).
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_input")
    assert "benefit" in str(wrong.json())
    listing = token_client(coordinator).get(url(team)).json()
    assert (listing["applications"], listing["advice"]) == ([], [])
    assert not Application.objects.exists()
