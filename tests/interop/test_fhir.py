"""The FHIR export of Maija's record, persona by persona: what each role gets, that it validates as FHIR
(R4 structures, `fhir.resources`), and that every read is in her access log."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from tests.access.conftest import give_consent
from tests.api.conftest import API, events_since, last_event_id
from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import ClientTodo, Consultation, FollowUpAction
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.documents.models import Document, DocumentType
from yhteispolku.interop.fhir import IDENTITY_CODE_SYSTEM, RESOURCE_MODELS
from yhteispolku.plans import services
from yhteispolku.plans.models import PlanVersion
from yhteispolku.privacy.services import record_request

Call = Callable[[User], HttpClient]
TODO_TEXT = "Toimita koulutodistus TYM-tiimille"
FOLLOW_UP_TEXT = "Soita työkokeilupaikkaan Maijan puolesta"
HEALTH_SUMMARY = "Selkävaiva rajoittaa raskasta työtä"


def everything_url(case: MaijaCase, **query: str) -> str:
    tail = "&".join(f"{name}={value}" for name, value in query.items())
    return f"{API}/fhir/Patient/{case.client.code}/$everything" + (f"?{tail}" if tail else "")


@pytest.fixture
def plan_in_force(maija: MaijaCase) -> PlanVersion:
    version = maija.first_version(goals="Palkkatyö kaupan alalla")
    services.agreed_service_add(
        actor=maija.employment_expert, version=version, data=maija.job_coaching(), expected_revision=0
    )
    version.refresh_from_db()
    services.agreed_service_add(
        actor=maija.social_worker, version=version, data=maija.kuty(), expected_revision=version.revision
    )
    version.refresh_from_db()
    services.client_task_add(
        actor=maija.employment_expert,
        version=version,
        data={"description": "Hae kolmea työpaikkaa", "due_on": maija.today + timedelta(days=20)},
        expected_revision=version.revision,
    )
    return maija.in_force(PlanVersion.objects.get(pk=version.pk))


@pytest.fixture
def record(maija: MaijaCase, plan_in_force: PlanVersion) -> MaijaCase:
    """The rest of Maija's record: a to-do, a consultation's follow-up, a health and a work document."""
    today = timezone.localdate()
    ClientTodo.objects.create(
        relationship=maija.relationship,
        kind="certificate",
        description=TODO_TEXT,
        deliver_to=maija.employment_area,
        due_on=today + timedelta(days=7),
        recorded_by=maija.employment_expert,
    )
    consultation = Consultation.objects.create(
        relationship=maija.relationship,
        kind="network_meeting",
        mode="in_person",
        scheduled_at=timezone.now() - timedelta(days=1),
        agreed_with_client_on=today - timedelta(days=3),
        agreed_how="in_person",
        agreement_recorded_by=maija.employment_expert,
        organiser=maija.employment_expert,
        organisation=maija.employment_area,
    )
    FollowUpAction.objects.create(
        consultation=consultation,
        description=FOLLOW_UP_TEXT,
        owner=maija.employment_expert,
        due_on=today + timedelta(days=5),
        recorded_by=maija.employment_expert,
    )
    Document.objects.create(
        client=maija.client,
        document_type=DocumentType.MEDICAL_STATEMENT_B,
        category=DataCategory.HEALTH,
        dated_on=today - timedelta(days=10),
        author_organisation=maija.county,
        summary=HEALTH_SUMMARY,
        recorded_by=maija.social_worker,
        organisation=maija.county,
    )
    Document.objects.create(
        client=maija.client,
        document_type=DocumentType.WORK_CERTIFICATE,
        category=DataCategory.EMPLOYMENT,
        dated_on=today - timedelta(days=100),
        author_organisation_name="Kauppa Oy",
        summary="Työtodistus",
        recorded_by=maija.employment_expert,
        organisation=maija.employment_area,
    )
    return maija


def export(call: Call, user: User, case: MaijaCase, **query: str) -> dict[str, Any]:
    response = call(user).get(everything_url(case, **query))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    body: dict[str, Any] = response.json()
    # The whole Bundle and each resource in it validate as FHIR.
    Bundle.model_validate(body)
    for entry in body["entry"]:
        RESOURCE_MODELS[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    return body


def resources(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in body["entry"] if entry["resource"]["resourceType"] == kind]


def test_maija_s_export_validates_and_holds_her_plan_s_services(
    record: MaijaCase, plan_in_force: PlanVersion, token_client: Call
) -> None:
    body = export(token_client, record.employment_expert, record)
    assert body["resourceType"] == "Bundle"
    assert body["type"] == "searchset"
    [patient] = resources(body, "Patient")
    assert patient["id"] == str(record.client.code)
    assert patient["name"][0]["family"] == "Meikäläinen"
    [care_plan] = resources(body, "CarePlan")
    assert care_plan["id"] == str(plan_in_force.code)
    assert care_plan["status"] == "active"
    assert care_plan["category"][0]["coding"][0] == {
        "system": "https://yhteispolku.fi/fhir/CodeSystem/plan-type",
        "code": "07",
        "display": "monialainen työllistymissuunnitelma",
    }
    details = [activity["detail"] for activity in care_plan["activity"] if "detail" in activity]
    by_code = {detail["code"]["coding"][0]["code"]: detail for detail in details}
    assert set(by_code) == {"job-coaching", "rehabilitative-work-activity"}
    assert (
        by_code["job-coaching"]["code"]["coding"][0]["system"]
        == "https://yhteispolku.fi/fhir/CodeSystem/service"
    )
    assert by_code["job-coaching"]["status"] == "not-started"
    assert by_code["rehabilitative-work-activity"]["status"] == "scheduled"
    start = record.today + timedelta(days=14)
    assert by_code["rehabilitative-work-activity"]["scheduledPeriod"] == {
        "start": start.isoformat(),
        "end": (start + timedelta(days=182)).isoformat(),
    }
    # The episodes (one per track), the team, the goal, the plan's task, the to-do and the documents.
    assert {episode["id"] for episode in resources(body, "EpisodeOfCare")} >= {str(record.relationship.code)}
    [goal] = resources(body, "Goal")
    assert goal["description"]["text"] == "Palkkatyö kaupan alalla"
    assert {
        member["member"]["display"] for team in resources(body, "CareTeam") for member in team["participant"]
    } >= {
        "Tiina Työnen",
        "Sanna Sosionomi",
    }
    descriptions = {task.get("description") for task in resources(body, "Task")}
    assert {"Hae kolmea työpaikkaa", TODO_TEXT, FOLLOW_UP_TEXT} <= descriptions
    assert by_code["job-coaching"]["description"] == "2 tapaamista viikossa — Räätälöity työhönvalmennus"
    # The employment expert is not a health professional: the health document stays out.
    types = {doc["type"]["coding"][0]["code"] for doc in resources(body, "DocumentReference")}
    assert types == {"work_certificate"}
    assert HEALTH_SUMMARY not in str(body)
    # Every reference inside the Bundle resolves to an entry of it.
    full_urls = {entry["fullUrl"] for entry in body["entry"]}
    references = _references(body["entry"])
    assert references
    assert references <= full_urls


def _references(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            found.add(value["reference"])
        for item in value.values():
            found |= _references(item)
    elif isinstance(value, list):
        for item in value:
            found |= _references(item)
    return found


def test_the_export_is_audited(record: MaijaCase, token_client: Call) -> None:
    before = last_event_id()
    export(token_client, record.employment_expert, record)
    events = events_since(before, record.client)
    assert all(event.allowed for event in events)
    seen = {(event.category, event.object_type) for event in events}
    assert ("basic", "clients.client") in seen
    assert ("basic", "clients.identity_code") in seen
    assert ("plan", "plans.plan") in seen
    assert ("plan", "collaboration.clienttodo") in seen
    assert ("basic", "clients.consent") in seen
    assert ("plan", "collaboration.followupaction") in seen
    assert ("plan", "cases.teammember") in seen
    assert ("employment", "documents.document") in seen
    # No health document is read for someone who may not see one: nothing of it is logged as seen.
    assert "health" not in {event.category for event in events}


def test_an_outsider_gets_the_same_404_as_for_an_unknown_client_and_is_logged(
    record: MaijaCase, token_client: Call
) -> None:
    api_client = token_client(record.outsider)
    before = last_event_id()
    response = api_client.get(everything_url(record))
    unknown = api_client.get(f"{API}/fhir/Patient/00000000-0000-4000-8000-000000000000/$everything")
    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert response.json()["code"] == "not_found"
    [event] = events_since(before, record.client)
    assert not event.allowed
    assert event.reason == "no_relation"


def test_a_coordinator_s_export_has_no_plan_text_and_no_identity_code(
    record: MaijaCase, token_client: Call
) -> None:
    body = export(token_client, record.coordinator, record)
    text = str(body)
    for written in (
        TODO_TEXT,
        FOLLOW_UP_TEXT,
        "Palkkatyö kaupan alalla",
        "Hae kolmea",
        "Räätälöity",
        "2 tapaamista",
    ):
        assert written not in text
    assert not resources(body, "Goal")
    assert not [task for task in resources(body, "Task") if "plan-task" not in str(task["code"])]
    # The plan's structure: its type, status and coded services with their periods, and the team.
    [care_plan] = resources(body, "CarePlan")
    assert care_plan["status"] == "active"
    assert {a["detail"]["code"]["coding"][0]["code"] for a in care_plan["activity"] if "detail" in a} == {
        "job-coaching",
        "rehabilitative-work-activity",
    }
    assert resources(body, "CareTeam")
    [patient] = resources(body, "Patient")
    assert IDENTITY_CODE_SYSTEM not in str(patient)
    assert record.client.identity_code not in text


def test_the_identity_code_only_for_those_who_may_export_basic_data(
    record: MaijaCase, token_client: Call
) -> None:
    [patient] = resources(export(token_client, record.employment_expert, record), "Patient")
    official = [i for i in patient["identifier"] if i["system"] == IDENTITY_CODE_SYSTEM]
    assert official == [
        {"use": "official", "system": IDENTITY_CODE_SYSTEM, "value": record.client.identity_code}
    ]
    [patient] = resources(export(token_client, record.intake_counsellor, record), "Patient")
    assert all(i["system"] != IDENTITY_CODE_SYSTEM for i in patient["identifier"])


def test_kela_s_advisor_gets_health_content_only_with_consent(record: MaijaCase, token_client: Call) -> None:
    body = export(token_client, record.kela_advisor, record)
    assert HEALTH_SUMMARY not in str(body)
    assert "medical_statement_b" not in str(body)
    give_consent(
        record.client,
        [record.kela],
        record.employment_expert,
        categories=["health"],
        purpose=Purpose.KELA_REHABILITATION,
    )
    body = export(token_client, record.kela_advisor, record)
    types = {doc["type"]["coding"][0]["code"] for doc in resources(body, "DocumentReference")}
    assert "medical_statement_b" in types
    [consent] = resources(body, "Consent")
    assert consent["status"] == "active"
    assert consent["provision"]["code"][0]["coding"][0]["code"] == "health"


def test_the_access_log_only_for_the_data_protection_officer_on_a_request(
    record: MaijaCase, token_client: Call, make_professional: Callable[..., User]
) -> None:
    assert not resources(
        export(token_client, record.employment_expert, record, request_reference="TS-1"), "AuditEvent"
    )
    dpo = make_professional("data_protection_officer", "satakunta-employment-area", "satakunta-ea-tym")
    refused = token_client(dpo).get(everything_url(record))
    assert refused.status_code == 403
    # The reference names a request recorded in the register (issue 16, finding 9), not any text.
    unrecorded = token_client(dpo).get(everything_url(record, request_reference="TS-2026-14"))
    assert unrecorded.status_code == 403
    record_request(
        actor=dpo,
        client=record.client,
        data={"reference": "TS-2026-14", "requester": "client", "received_on": timezone.localdate()},
    )
    body = export(token_client, dpo, record, request_reference="TS-2026-14")
    events = resources(body, "AuditEvent")
    assert events
    assert not resources(body, "Patient")
    assert not resources(body, "CarePlan")


def test_the_capability_statement(token_client: Call, maija: MaijaCase) -> None:
    response = token_client(maija.employment_expert).get(f"{API}/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    assert statement.rest[0].resource[0].operation[0].name == "everything"


def test_the_export_takes_as_many_queries_for_a_long_record_as_for_a_short_one(
    record: MaijaCase, token_client: Call
) -> None:
    api_client = token_client(record.employment_expert)
    today = timezone.localdate()

    def add(number: int) -> None:
        ClientTodo.objects.create(
            relationship=record.relationship,
            kind="application",
            description=f"Hakemus {number}",
            deliver_to=record.kela,
            due_on=today + timedelta(days=number),
            recorded_by=record.employment_expert,
        )
        Document.objects.create(
            client=record.client,
            document_type=DocumentType.SCHOOL_CERTIFICATE,
            category=DataCategory.EMPLOYMENT,
            dated_on=today - timedelta(days=number),
            author_organisation_name="Koulu",
            summary="Todistus",
            recorded_by=record.employment_expert,
            organisation=record.employment_area,
        )
        give_consent(record.client, [record.county], record.employment_expert, categories=["social"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(everything_url(record)).status_code == 200
        return len(captured)

    add(0)
    api_client.get(everything_url(record))  # warm the caches (rules, code lists) alike for both counts
    short = queries()
    for number in range(1, 6):
        add(number)
    assert queries() == short


def test_a_kela_service_carries_its_kela_benefit_code_and_a_new_version_replaces_the_old(
    record: MaijaCase, plan_in_force: PlanVersion, token_client: Call
) -> None:
    draft = services.plan_version_create(
        actor=record.employment_expert,
        relationship=record.relationship,
        based_on_version_number=plan_in_force.number,
        data={"goals": "Palkkatyö kaupan alalla"},
    )
    services.agreed_service_add(
        actor=record.kela_advisor,
        version=draft,
        data=record.service("kela-work-trial", record.kela),
        expected_revision=draft.revision,
    )
    body = export(token_client, record.employment_expert, record)
    plans = {plan["id"]: plan for plan in resources(body, "CarePlan")}
    new = plans[str(draft.code)]
    assert new["status"] == "draft"
    assert new["replaces"] == [{"reference": f"urn:uuid:{plan_in_force.code}"}]
    [trial] = [
        activity["detail"]
        for activity in new["activity"]
        if "detail" in activity and activity["detail"]["code"]["coding"][0]["code"] == "kela-work-trial"
    ]
    assert trial["code"]["coding"][1] == {
        "system": "https://yhteispolku.fi/fhir/CodeSystem/kela-benefit",
        "code": "kela_work_trial",
        "display": "Kelan työkokeilu",
    }
    assert plans[str(plan_in_force.code)]["status"] == "active"


def test_bad_addresses_and_no_token_are_the_api_s_json_errors(maija: MaijaCase, token_client: Call) -> None:
    malformed = token_client(maija.employment_expert).get(f"{API}/fhir/Patient/not-a-code/$everything")
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "invalid_input"
    anonymous = HttpClient().get(f"{API}/fhir/Patient/{maija.client.code}/$everything")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    assert HttpClient().get(f"{API}/fhir/metadata").status_code == 401
