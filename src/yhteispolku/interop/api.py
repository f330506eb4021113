"""The FHIR export over the API, at /api/v1/fhir/ (registered in `api.main.ROUTERS`).

Authentication, the request language and the JSON errors are the API's: an unknown client and a client
the caller has no relation to are the same 404, a refusal by the policy a 403 with its reason. A
success is FHIR JSON (`application/fhir+json`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.interop import fhir
from yhteispolku.interop.export import client_export

router = Router(tags=["fhir"])

FHIR_JSON = {
    200: {
        "description": "FHIR R4 JSON",
        "content": {fhir.CONTENT_TYPE: {"schema": {"type": "object", "additionalProperties": True}}},
    }
}


def _fhir_response(resource: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(resource, ensure_ascii=False), content_type=f"{fhir.CONTENT_TYPE}; charset=utf-8"
    )


def _linker(request: HttpRequest) -> Any:
    root = reverse("api:api-root").rstrip("/")

    def link(path: str) -> str:
        return request.build_absolute_uri(f"{root}{path}")

    return link


@router.get(
    "/metadata",
    response=error_responses(),
    openapi_extra={"responses": FHIR_JSON},
    summary="FHIR CapabilityStatement",
)
def metadata(request: HttpRequest) -> Any:
    """What the FHIR export offers (FHIR R4, JSON only)."""
    return _fhir_response(fhir.capability_statement(_linker(request)))


@router.get(
    "/Patient/{code}/$everything",
    response=error_responses(400, 403, 404),
    openapi_extra={"responses": FHIR_JSON},
    summary="A client's record as a FHIR Bundle",
)
def patient_everything(
    request: HttpRequest,
    code: uuid.UUID,
    request_reference: str = Query(
        "", max_length=100, description="The client's log request (diary number): adds the access log"
    ),
) -> Any:
    """Patient, EpisodeOfCare per track, CarePlan per plan version, CareTeam, Goal, Task, Consent,
    DocumentReference (metadata; the content by its own audited address) and, for the data-protection
    officer on a recorded request, AuditEvent: each only as far as the caller's role may see it, each
    read recorded in the client's access log."""
    export = client_export(
        actor=caller(request), code=code, request=request, request_reference=request_reference
    )
    return _fhir_response(fhir.client_bundle(export, _linker(request)))
