"""Maija's demo record exported by every demo professional: never a server error, always valid FHIR,
and what each role gets follows the policy (web/demo_data.py tells her story)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from tests.api.conftest import API
from yhteispolku.accounts.models import User
from yhteispolku.interop.fhir import IDENTITY_CODE_SYSTEM, RESOURCE_MODELS
from yhteispolku.privacy.models import AccessLogRequest
from yhteispolku.web.demo_data import PROFESSIONALS, load_demo

pytestmark = pytest.mark.django_db


def resources(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in body["entry"] if entry["resource"]["resourceType"] == kind]


def test_every_demo_professional_gets_valid_fhir_or_the_api_s_refusal(
    token_client: Callable[[User], HttpClient],
) -> None:
    maija = load_demo(today=timezone.localdate())["maija"]
    url = f"{API}/fhir/Patient/{maija.code}/$everything"
    answers: dict[str, dict[str, Any]] = {}
    statuses = {}
    for person in PROFESSIONALS:
        response = token_client(User.objects.get(username=person.username)).get(url)
        statuses[person.username] = response.status_code
        assert response.status_code in (200, 403, 404), (person.username, response.content)
        if response.status_code == 200:
            body = response.json()
            Bundle.model_validate(body)
            for entry in body["entry"]:
                RESOURCE_MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
            answers[person.username] = body
        else:
            assert response["Content-Type"].startswith("application/json")
    # Her case team and the coordinator get her record; a nurse of another county does not know her.
    assert {"tyollisyysasiantuntija", "sosiaalityontekija", "terveydenhoitaja", "tym-koordinaattori"} <= set(
        answers
    )
    assert statuses["terveydenhoitaja-keusote"] == 404
    assert statuses["johtoryhma"] == 404

    expert = answers["tyollisyysasiantuntija"]
    [plan] = [p for p in resources(expert, "CarePlan") if p["status"] == "active"]
    services = {a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"] if "detail" in a}
    assert {"job-coaching", "rehabilitative-work-activity"} <= services
    assert IDENTITY_CODE_SYSTEM in str(resources(expert, "Patient"))
    assert IDENTITY_CODE_SYSTEM not in str(answers["tym-koordinaattori"])

    # Her B statement is health data: the nurse sees it, the employment expert does not.
    def document_types(body: dict[str, Any]) -> set[str]:
        return {d["type"]["coding"][0]["code"] for d in resources(body, "DocumentReference")}

    assert "medical_statement_b" in document_types(answers["terveydenhoitaja"])
    assert "medical_statement_b" not in document_types(expert)


def test_the_demo_data_protection_officer_exports_maija_s_log_on_her_request(
    token_client: Callable[[User], HttpClient],
) -> None:
    maija = load_demo(today=timezone.localdate())["maija"]
    reference = AccessLogRequest.objects.get(client=maija).reference
    # The demo writes no log; the employment expert's read of her data is what the export must show.
    expert = token_client(User.objects.get(username="tyollisyysasiantuntija"))
    assert expert.get(f"{API}/clients/{maija.code}").status_code == 200
    officer = token_client(User.objects.get(username="tietosuojavastaava"))
    response = officer.get(f"{API}/fhir/Patient/{maija.code}/$everything?request_reference={reference}")
    assert response.status_code == 200
    body = response.json()
    Bundle.model_validate(body)
    events = resources(body, "AuditEvent")
    assert events
    assert {entry["resource"]["resourceType"] for entry in body["entry"]} == {"AuditEvent"}


def test_the_other_tracks_plans_are_care_plans_with_their_national_plan_type(
    token_client: Callable[[User], HttpClient],
) -> None:
    clients = load_demo(today=timezone.localdate())
    expert = token_client(User.objects.get(username="tyollisyysasiantuntija"))

    def plan_types(key: str) -> dict[str, set[str]]:
        response = expert.get(f"{API}/fhir/Patient/{clients[key].code}/$everything")
        assert response.status_code == 200, response.content
        body = response.json()
        Bundle.model_validate(body)
        found: dict[str, set[str]] = {}
        for plan in resources(body, "CarePlan"):
            found.setdefault(plan["category"][0]["coding"][0]["code"], set()).add(plan["status"])
        return found

    ahmed = plan_types("ahmed")
    assert "04" in ahmed  # integration plans, the latest in force
    assert "active" in ahmed["04"] or "completed" in ahmed["04"]
    assert "01" in plan_types("mikael")  # his employment plan
