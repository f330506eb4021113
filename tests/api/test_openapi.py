"""The OpenAPI document is honest: every operation declares the errors it can answer, in one JSON shape."""

from typing import Any

import pytest
from django.test import Client as HttpClient

from yhteispolku.api.main import api

# What each operation can answer besides success; a new operation must be added here to pass.
EXPECTED_ERRORS = {
    ("get", "/api/v1/clients"): {400, 401},
    ("post", "/api/v1/clients"): {400, 401, 403, 409},
    ("get", "/api/v1/clients/{code}"): {400, 401, 403, 404},
    ("patch", "/api/v1/clients/{code}"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/clients/{code}/consents"): {400, 401, 403, 404},
    ("post", "/api/v1/clients/{code}/consents"): {400, 401, 403, 404},
    ("post", "/api/v1/clients/{code}/consents/{consent_code}/revoke"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/clients/{code}/consents/{consent_code}/form.pdf"): {400, 401, 403, 404},
    ("get", "/api/v1/clients/{code}/journal/{category}"): {400, 401, 403, 404},
    ("post", "/api/v1/clients/{code}/journal/{category}"): {400, 401, 403, 404},
    ("get", "/api/v1/clients/{code}/network"): {400, 401, 403, 404},
    ("post", "/api/v1/clients/{code}/network"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/clients/{code}/network/{contact_code}"): {400, 401, 403, 404},
    ("put", "/api/v1/clients/{code}/network/{contact_code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/clients/{code}/network/{contact_code}/end"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests"): {
        400,
        401,
        403,
        404,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests"): {
        400,
        401,
        403,
        404,
        409,
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests/{invitation_code}/revoke",
    ): {400, 401, 403, 404, 409},
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests/{invitation_code}/reissue",
    ): {400, 401, 403, 404, 409},
    ("get", "/api/v1/clients/{code}/access-log"): {400, 401, 403, 404},
    ("get", "/api/v1/clients/{code}/benefits"): {400, 401, 403, 404},
    ("post", "/api/v1/clients/{code}/benefits"): {400, 401, 403, 404},
    ("get", "/api/v1/cases/referrals"): {401},
    ("get", "/api/v1/cases/{code}"): {400, 401, 403, 404},
    ("post", "/api/v1/cases/{code}/referral"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/referral/accept"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/referral/decline"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/team"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/team/{user}/leave"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/phase"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/kela-registration"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/pre-information"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/closure"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/closure/confirm"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/cases/{code}/closure/services"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/plans/{relationship_code}"): {400, 401, 403, 404},
    ("get", "/api/v1/plans/{relationship_code}/versions/{number}"): {400, 401, 403, 404},
    ("post", "/api/v1/plans/{relationship_code}/versions"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/services"): {400, 401, 403, 404, 409},
    ("put", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}/participation"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/tasks"): {400, 401, 403, 404, 409},
    ("put", "/api/v1/plans/{relationship_code}/versions/{number}/tasks/{task_code}"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/tasks/{task_code}"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/confirm"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/acceptance"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/assessments/{relationship_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/assessments/{relationship_code}/assessments"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/assessments/{relationship_code}/client-forms"): {400, 401, 403, 404},
    ("post", "/api/v1/assessments/{relationship_code}/client-forms/{form}/read"): {400, 401, 403, 404, 409},
    ("put", "/api/v1/assessments/{relationship_code}/assessments/{assessment_code}"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/assessments/{relationship_code}/actions"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/assessments/{relationship_code}/actions/{action_code}/complete"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("get", "/api/v1/collaboration/anonymous/consultations"): {401},
    ("post", "/api/v1/collaboration/anonymous/consultations"): {400, 401},
    ("get", "/api/v1/collaboration/{relationship_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/collaboration/{relationship_code}/consultations"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}"): {
        400,
        401,
        403,
        404,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/participants"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/notes"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/follow-ups"): {
        400,
        401,
        403,
        404,
        409,
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/follow-ups/{follow_up_code}/done",
    ): {400, 401, 403, 404, 409},
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/review"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/escalation-steps"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests/{kela_request_code}/answer"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests/{kela_request_code}/close"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/collaboration/{relationship_code}/todos"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/collaboration/{relationship_code}/todos/{todo_code}/close"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/worklist"): {400, 401, 403, 404},
    ("get", "/api/v1/documents/{code}"): {400, 401, 403, 404},
    ("post", "/api/v1/documents/{code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/documents/{code}/statement-requests"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/documents/{code}/statement-requests/{request_code}"): {400, 401, 403, 404},
    ("patch", "/api/v1/documents/{code}/statement-requests/{request_code}"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/documents/{code}/statement-requests/{request_code}/pdf"): {400, 401, 403, 404},
    ("get", "/api/v1/documents/{code}/{document_code}"): {400, 401, 403, 404},
    ("patch", "/api/v1/documents/{code}/{document_code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/documents/{code}/{document_code}/attachments"): {400, 401, 403, 404, 413, 415},
    ("post", "/api/v1/documents/{code}/{document_code}/withheld-from-client"): {400, 401, 403, 404, 409},
    ("delete", "/api/v1/documents/{code}/{document_code}/withheld-from-client"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/documents/{code}/{document_code}/attachments/{attachment_code}"): {400, 401, 403, 404},
    ("get", "/api/v1/applications/{code}"): {400, 401, 403, 404},
    ("post", "/api/v1/applications/{code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/applications/{code}/kela-check"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/applications/{code}/interviews"): {400, 401, 403, 404},
    ("post", "/api/v1/applications/{code}/interviews"): {400, 401, 403, 404},
    ("get", "/api/v1/applications/{code}/{application_code}"): {400, 401, 403, 404},
    ("patch", "/api/v1/applications/{code}/{application_code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/applications/{code}/{application_code}/decision"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/applications/{code}/{application_code}/coach-meetings"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/applications/{code}/{application_code}/information-requests"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/applications/{code}/{application_code}/information-requests/{request_code}/answer"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("get", "/api/v1/paths/{relationship_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/paths/clients/{code}/relationships"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/kuty-sections"): {400, 401, 403, 404, 409},
    ("patch", "/api/v1/paths/{relationship_code}/kuty-sections/{section_code}"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/activation-plans"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/activation-plans/{plan_code}/confirm"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/paths/{relationship_code}/activation-plans/{plan_code}/acceptance"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/paths/{relationship_code}/team"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/kuty-jobseeker-checks"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/kuty-decisions"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/kuty-sections/{section_code}/effects-assessment"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("get", "/api/v1/paths/kuty-site/assignments"): {400, 401, 403, 404},
    ("get", "/api/v1/paths/kuty-site/assignments/{section_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/paths/kuty-site/assignments/{section_code}/attendance"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/kuty-site/assignments/{section_code}/feedback"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/integration/assessment"): {400, 401, 403, 404, 409},
    ("patch", "/api/v1/paths/{relationship_code}/integration/assessment"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/integration/plans"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/county-part"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("patch", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/county-part"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/confirm"): {
        400,
        401,
        403,
        404,
        409,
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/routing"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/jobseeker-registration"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/plans"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/paths/{relationship_code}/close"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/youth/contacts"): {400, 401, 403, 404},
    ("post", "/api/v1/youth/contacts"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/youth/contacts/{contact_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/youth/contacts/{contact_code}/entries"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/youth/contacts/{contact_code}/convert"): {400, 401, 403, 404, 409},
    ("post", "/api/v1/youth/{relationship_code}/joint-assessments"): {400, 401, 403, 404, 409},
    ("get", "/api/v1/kela-reviews"): {400, 401, 403, 404},
    ("get", "/api/v1/kela-reviews/{unit_code}"): {400, 401, 403, 404},
    ("post", "/api/v1/kela-reviews/{unit_code}"): {400, 401, 403, 404},
    ("get", "/api/v1/fhir/metadata"): {401},
    ("get", "/api/v1/fhir/Patient/{code}/$everything"): {400, 401, 403, 404},
}
ERROR_SCHEMA = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/api/v1/")  # type: ignore[return-value]


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def test_the_schema_is_served_at_openapi_json(db: None) -> None:
    response = HttpClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Yhteispolku API"


def test_every_operation_is_known_to_this_test(document: dict[str, Any]) -> None:
    assert {(method, path) for method, path, _op in operations(document)} == set(EXPECTED_ERRORS)


def test_every_operation_declares_401_and_the_errors_it_can_return(document: dict[str, Any]) -> None:
    problems = []
    for method, path, operation in operations(document):
        declared = {int(status) for status in operation["responses"] if int(status) >= 400}
        if 401 not in declared:
            problems.append(f"{method} {path}: no 401")
        if declared != EXPECTED_ERRORS.get((method, path)):
            problems.append(f"{method} {path}: declares {sorted(declared)}")
    assert not problems, "\n".join(problems)


def test_no_operation_declares_422(document: dict[str, Any]) -> None:
    assert not [path for _method, path, operation in operations(document) if "422" in operation["responses"]]


def test_every_error_response_is_the_error_schema(document: dict[str, Any]) -> None:
    for _method, _path, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_SCHEMA


def test_the_error_schema_has_a_code_and_a_message(document: dict[str, Any]) -> None:
    error = document["components"]["schemas"]["Error"]
    assert {"code", "message"} <= set(error["required"])


def test_every_operation_takes_a_token_or_the_session(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
    for _method, _path, operation in operations(document):
        assert {name for requirement in operation["security"] for name in requirement} == set(schemes)


def test_every_schema_name_is_one_schema() -> None:
    """The OpenAPI components are keyed by class name: two schemas of one name would share one component,
    and one of the two operations would document (and be fuzzed with) the other's fields."""
    import importlib
    import pkgutil

    from ninja import Schema

    import yhteispolku.api

    modules = [f"yhteispolku.api.{info.name}" for info in pkgutil.iter_modules(yhteispolku.api.__path__)]
    seen: dict[str, str] = {}
    clashes = []
    for name in [*modules, "yhteispolku.interop.api"]:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == name:
                if attribute in seen and seen[attribute] != name:
                    clashes.append(f"{attribute}: {seen[attribute]} and {name}")
                seen.setdefault(attribute, name)
    assert not clashes
