"""Walks every URL pattern and every API operation and fails when a route that shows a client's data
is not access-checked and audited.

For each route the walker fills the URL with the identifiers of a real client and asks it as an
anonymous visitor, as an outsider with no relation to the client, and as a member of her case
team. A new route with a parameter the walker does not know fails the test until it is taught; so
does a new API operation that changes data until the walker knows a body for it.
"""

import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.api.main import api
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients import hetu
from yhteispolku.clients.models import JournalEntry
from yhteispolku.organisations.models import Organisation, Unit

# Routes that never show client data, by name; everything else is walked.
OUTSIDE_CLIENT_DATA = {
    "admin",
    "set_language",
    "web:healthz",
    "web:liveness",
    # The API's schema, its documentation page and the documentation's script and style files.
    "api:openapi-json",
    "api:openapi-view",
    "api:docs_asset",
    "api:api-root",
    "api:unknown_path",  # answers 404 to any address no API route has
}
API_NAMESPACE = "api"
UNKNOWN_OBJECT = uuid.UUID("00000000-0000-4000-8000-000000000001")


def walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern]]:  # type: ignore[type-arg]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            if space == "admin":
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield name, prefix + str(entry.pattern)


def not_cached(response: Any) -> bool:
    """Client data must not stay in a browser's or a proxy's cache."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def fill(route: str, values: dict[str, str]) -> str:
    import re

    def replace(match: re.Match[str]) -> str:
        parameter = match.group(2)
        if parameter not in values:
            pytest.fail(f"the URL walk does not know the parameter <{parameter}> in {route}: teach it")
        return values[parameter]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def all_routes() -> list[tuple[str, str]]:
    """Every route of the pages; the API's operations are walked from its OpenAPI document."""
    return [
        (name, route)
        for name, route in walk(get_resolver().url_patterns)
        if name not in OUTSIDE_CLIENT_DATA
        and not route.startswith("static")
        and not name.startswith(f"{API_NAMESPACE}:")
    ]


def test_the_admin_registers_no_client_data() -> None:
    client_apps = {"clients", "cases", "audit"}
    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & client_apps


@pytest.fixture
def maija(make_professional: Callable[..., User]) -> dict[str, object]:
    employment_expert = make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym"
    )
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"))
    join_team(relationship, employment_expert)
    consent = give_consent(client, [employment_area], employment_expert)
    JournalEntry.objects.create(
        client=client, category="employment", text="Osaamiskartoitus tehty.",
        author=employment_expert, organisation=employment_area,
    )  # fmt: skip
    return {
        "client": client,
        "member": employment_expert,
        "outsider": outsider,
        "consent": consent,
        "relationship": relationship,
    }


def values_for(maija: dict[str, object]) -> Iterator[dict[str, str]]:
    client, consent, relationship = maija["client"], maija["consent"], maija["relationship"]
    for category in ("employment", "social", "health", "kela", "plan"):
        yield {
            "code": str(client.code),  # type: ignore[attr-defined]
            "consent_code": str(consent.code),  # type: ignore[attr-defined]
            "relationship_code": str(relationship.code),  # type: ignore[attr-defined]
            # Objects Maija does not have yet: the route must still decide on her relationship first.
            "assessment_code": str(UNKNOWN_OBJECT),
            "action_code": str(UNKNOWN_OBJECT),
            "service_code": str(UNKNOWN_OBJECT),
            "task_code": str(UNKNOWN_OBJECT),
            "section_code": str(UNKNOWN_OBJECT),
            "plan_code": str(UNKNOWN_OBJECT),
            "version_code": str(UNKNOWN_OBJECT),  # a plan version the client accepts (Oma Yhteispolku)
            "consultation_code": str(UNKNOWN_OBJECT),
            "follow_up_code": str(UNKNOWN_OBJECT),
            "outcome_code": str(UNKNOWN_OBJECT),  # a follow-up after closure (R-OUT-1)
            "kela_request_code": str(UNKNOWN_OBJECT),
            "contact_code": str(UNKNOWN_OBJECT),  # a youth one-stop contact (no client yet) or a network one
            "invitation_code": str(UNKNOWN_OBJECT),  # a consultation guest's invitation
            "token": "tuntematon-kutsu",  # a consultation guest's sign-in link
            "unit_code": str(UNKNOWN_OBJECT),  # a TYM team (Kela's joint review)
            "todo_code": str(UNKNOWN_OBJECT),
            "entry_code": str(UNKNOWN_OBJECT),  # a journal entry shown to the client
            "form": "esitiedot",  # the client's own form on the mapping page
            "document_code": str(UNKNOWN_OBJECT),
            "attachment_code": str(UNKNOWN_OBJECT),
            "request_code": str(UNKNOWN_OBJECT),
            "application_code": str(UNKNOWN_OBJECT),
            "user": str(UNKNOWN_OBJECT),
            "lineage": str(UNKNOWN_OBJECT),  # a provider's assignment
            "number": "1",
            "pk": "1",  # an access-log request of the DPO's register
            "slug": "lahetteet",  # a report of the situational picture
            "fmt": "csv",
            "a": "1",
            "b": "2",
            "category": category,
        }


@pytest.mark.django_db
def test_every_route_is_access_checked_and_audited(
    maija: dict[str, object], verified_client: Callable[[User], HttpClient]
) -> None:
    client = maija["client"]
    anonymous = HttpClient()
    outsider = verified_client(maija["outsider"])  # type: ignore[arg-type]
    member = verified_client(maija["member"])  # type: ignore[arg-type]
    name_markers = (client.last_name,)  # type: ignore[attr-defined]
    problems = []
    seen = set()
    for (name, route), values in itertools.product(all_routes(), values_for(maija)):
        url = fill(route, values)
        if url in seen:
            continue
        seen.add(url)
        takes_client = any(
            f"<{kind}{parameter}>" in route
            for kind in ("uuid:", "")
            for parameter in ("code", "relationship_code")
        )
        if name.startswith("accounts:"):
            # Login, TOTP and logout pages: only the anonymous visitor's view matters (and logging out
            # the personas would end the walk).
            body = anonymous.get(url).content.decode(errors="replace")
            if any(marker in body for marker in name_markers):
                problems.append(f"{name} GET {url}: shows the client to an anonymous visitor")
            continue

        if name.startswith("portal:"):
            # The client's own service answers only a client's session (tests/portal/ walks clients
            # against each other): anonymous visitors and professionals alike go to its identification.
            for visitor, who in ((anonymous, "anonymous"), (outsider, "outsider"), (member, "member")):
                for method in ("get", "post"):
                    response = getattr(visitor, method)(url)
                    body = response.content.decode(errors="replace")
                    if any(marker in body for marker in name_markers):
                        problems.append(f"{name} {method.upper()} {url}: shows the client to the {who}")
                    to_identification = response.status_code == 302 and response["Location"].startswith(
                        reverse("portal:login")
                    )
                    if takes_client and not (to_identification or response.status_code == 405):
                        problems.append(f"{name} {method.upper()} {url}: {who} got {response.status_code}")
            continue

        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            body = response.content.decode(errors="replace")
            if any(marker in body for marker in name_markers):
                problems.append(f"{name} {method.upper()} {url}: shows the client to an anonymous visitor")
            if takes_client and (
                response.status_code not in (302, 405)
                or (response.status_code == 302 and "/tili/kirjaudu/" not in response["Location"])
            ):
                problems.append(f"{name} {method.upper()} {url}: anonymous got {response.status_code}")

            before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = getattr(outsider, method)(url)
            body = response.content.decode(errors="replace")
            if any(marker in body for marker in name_markers):
                problems.append(f"{name} {method.upper()} {url}: shows the client to an outsider")
            if not not_cached(response):
                problems.append(f"{name} {method.upper()} {url}: cacheable for a signed-in user")
            if takes_client and response.status_code != 405:
                if response.status_code not in (403, 404):
                    problems.append(f"{name} {method.upper()} {url}: outsider got {response.status_code}")
                denied = AccessEvent.objects.filter(id__gt=before, client_code=client.code, allowed=False)  # type: ignore[attr-defined]
                if not denied.exists():
                    problems.append(
                        f"{name} {method.upper()} {url}: outsider's attempt is not in the audit log"
                    )

        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = member.get(url)
        body = response.content.decode(errors="replace")
        shows_client = response.status_code == 200 and any(marker in body for marker in name_markers)
        if not not_cached(response):
            problems.append(f"{name} GET {url}: member's answer may be cached")
        logged = AccessEvent.objects.filter(id__gt=before, client_code=client.code).exists()  # type: ignore[attr-defined]
        if (shows_client or (takes_client and response.status_code == 200)) and not logged:
            problems.append(f"{name} GET {url}: shows client data without an audit entry")
    assert not problems, "\n".join(problems)


# A valid body for each API operation that takes one, so that the walk reaches the policy rather than
# stopping at input validation. Keyed by method and the path as the OpenAPI document writes it.
API_BODIES: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
    ("post", "/api/v1/clients"): lambda: {
        "identity_code": hetu.compose(date(1991, 2, 3), 977),
        "first_names": "Uusi",
        "last_name": "Asiakas",
    },
    ("patch", "/api/v1/clients/{code}"): lambda: {"version": 1, "phone": "040 000 0000"},
    ("post", "/api/v1/clients/{code}/consents"): lambda: {
        "purpose": "tym_joint_work",
        "organisations": ["satakunta-employment-area"],
        "categories": ["basic"],
        "given_how": "written",
        "given_on": "2026-01-02",
        "valid_from": "2026-01-02",
    },
    ("post", "/api/v1/clients/{code}/consents/{consent_code}/revoke"): lambda: {"how": "oral"},
    ("post", "/api/v1/clients/{code}/journal/{category}"): lambda: {"text": "Kirjaus."},
    ("post", "/api/v1/clients/{code}/network"): lambda: {
        "kind": "family",
        "name": "Matti Meikäläinen",
        "phone": "040 111 2222",
        "purpose": "Omainen, tukee arjessa.",
        "consent_given_on": "2026-01-02",
        "consent_how": "oral",
    },
    ("put", "/api/v1/clients/{code}/network/{contact_code}"): lambda: {
        "revision": 0,
        "kind": "family",
        "name": "Matti Meikäläinen",
        "phone": "040 111 2222",
        "purpose": "Omainen, tukee arjessa.",
        "consent_given_on": "2026-01-02",
        "consent_how": "oral",
    },
    ("post", "/api/v1/clients/{code}/network/{contact_code}/end"): lambda: {
        "revision": 0,
        "ended_on": "2026-01-02",
    },
    ("post", "/api/v1/clients/{code}/benefits"): lambda: {
        "benefit": "labour_market_subsidy",
        "starts_on": "2026-01-02",
        "source": "kela_decision",
    },
    ("post", "/api/v1/cases/{code}/referral"): lambda: {
        "unit": "satakunta-ea-tym",
        "work_capacity_limitations": True,
        "needs_multisectoral_support": True,
        "description": "Monialainen tarve.",
    },
    ("post", "/api/v1/cases/{code}/referral/accept"): lambda: {},
    ("post", "/api/v1/cases/{code}/referral/decline"): lambda: {
        "reason": "Ei monialaista tarvetta.",
        "suggested_alternative": "employment_services",
    },
    ("post", "/api/v1/cases/{code}/team"): lambda: {
        "user": "00000000-0000-0000-0000-000000000000",
        "team_role": "member",
    },
    ("post", "/api/v1/cases/{code}/team/{user}/leave"): lambda: {},
    ("post", "/api/v1/cases/{code}/phase"): lambda: {"to_phase": "planning"},
    ("post", "/api/v1/cases/{code}/kela-registration"): lambda: {"registered_on": "2026-01-02"},
    ("post", "/api/v1/cases/{code}/pre-information"): lambda: {
        "filled_on": "2026-01-02",
        "situation": "Oma kuvaus.",
    },
    ("post", "/api/v1/cases/{code}/closure"): lambda: {"reason": "employed"},
    ("post", "/api/v1/cases/{code}/closure/confirm"): lambda: {},
    ("post", "/api/v1/cases/{code}/closure/services"): lambda: {
        "service": "Kuntouttava työtoiminta",
        "owner_organisation": "satakunta-wellbeing-county",
    },
    ("post", "/api/v1/plans/{relationship_code}/versions"): lambda: {"based_on_version_number": 0},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/services"): lambda: {
        "revision": 0,
        "service_type": "job-coaching",
        "responsible_organisation": "satakunta-employment-area",
        "starts_on": "2026-01-02",
    },
    ("put", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}"): lambda: {
        "revision": 0,
        "service_type": "job-coaching",
        "responsible_organisation": "satakunta-employment-area",
        "starts_on": "2026-01-02",
    },
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}"): lambda: {},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}/participation"): (
        lambda: {"status": "attending", "on": "2026-01-02", "note": "Osallistuu."}
    ),
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/tasks"): lambda: {
        "revision": 0,
        "description": "Hakee kolmea työpaikkaa.",
    },
    ("put", "/api/v1/plans/{relationship_code}/versions/{number}/tasks/{task_code}"): lambda: {
        "revision": 0,
        "description": "Hakee kolmea työpaikkaa.",
    },
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/tasks/{task_code}"): lambda: {},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/confirm"): lambda: {},
    ("post", "/api/v1/plans/{relationship_code}/versions/{number}/acceptance"): lambda: {
        "accepted_on": "2026-01-02",
        "how": "in_person",
    },
    ("post", "/api/v1/assessments/{relationship_code}/assessments"): lambda: {
        "assessed_on": "2026-01-02",
        "findings": "Havainnot.",
        "needs": "Tarpeet.",
    },
    ("put", "/api/v1/assessments/{relationship_code}/assessments/{assessment_code}"): lambda: {
        "version": 1,
        "assessed_on": "2026-01-02",
        "findings": "Havainnot.",
        "needs": "Tarpeet.",
    },
    ("post", "/api/v1/assessments/{relationship_code}/actions"): lambda: {
        "kind": "kela_consultation",
        "planned_on": "2026-01-02",
        "responsible": "00000000-0000-0000-0000-000000000000",
    },
    ("post", "/api/v1/assessments/{relationship_code}/actions/{action_code}/complete"): lambda: {
        "version": 1,
        "done_on": "2026-01-02",
        "outcome": "Tehty.",
    },
    # Marking the client's own form read takes no body.
    ("post", "/api/v1/assessments/{relationship_code}/client-forms/{form}/read"): dict,
    ("post", "/api/v1/collaboration/anonymous/consultations"): lambda: {
        "kind": "kela",
        "mode": "remote",
        "scheduled_at": "2026-01-02T10:00:00+02:00",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/consultations"): lambda: {
        "kind": "kela",
        "mode": "remote",
        "scheduled_at": "2026-01-02T10:00:00+02:00",
        "agreed_with_client_on": "2026-01-01",
        "agreed_how": "phone",
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/participants",
    ): lambda: {"user": "00000000-0000-0000-0000-000000000000"},
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests"): lambda: {
        "contact": "00000000-0000-0000-0000-000000000000",
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests/{invitation_code}/revoke",
    ): dict,
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/guests/{invitation_code}/reissue",
    ): dict,
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/notes"): lambda: {
        "revision": 0,
        "notes": "Muistiinpanot.",
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/follow-ups",
    ): lambda: {
        "description": "Saate lääkärille.",
        "owner": "00000000-0000-0000-0000-000000000000",
        "due_on": "2026-01-02",
    },
    (
        "post",
        "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/follow-ups/{follow_up_code}/done",
    ): lambda: {"done_on": "2026-01-02"},
    ("post", "/api/v1/collaboration/{relationship_code}/consultations/{consultation_code}/review"): lambda: {
        "reviewed_on": "2026-01-02"
    },
    ("post", "/api/v1/collaboration/{relationship_code}/escalation-steps"): lambda: {
        "step": 1,
        "on": "2026-01-02",
        "outcome": "Tilanne selkeni.",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests"): lambda: {
        "kind": "benefit_mapping",
        "question": "Etuustiedot?",
        "sent_on": "2026-01-02",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests/{kela_request_code}/answer"): lambda: {
        "revision": 0,
        "answered_on": "2026-01-02",
        "answer": "Työmarkkinatuki.",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/kela-requests/{kela_request_code}/close"): lambda: {
        "revision": 0,
        "closed_on": "2026-01-02",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/todos"): lambda: {
        "kind": "medical_statement",
        "description": "B-lausunto.",
        "deliver_to": "kela",
        "due_on": "2026-01-02",
    },
    ("post", "/api/v1/collaboration/{relationship_code}/todos/{todo_code}/close"): lambda: {
        "status": "done",
        "on": "2026-01-02",
    },
    ("post", "/api/v1/documents/{code}"): lambda: {
        "document_type": "work_certificate",
        "dated_on": "2026-01-02",
        "summary": "Työtodistus.",
        "author_organisation_name": "Kauppa Oy",
    },
    ("patch", "/api/v1/documents/{code}/{document_code}"): lambda: {
        "version": 1,
        "document_type": "work_certificate",
        "dated_on": "2026-01-02",
        "summary": "Työtodistus.",
        "author_organisation_name": "Kauppa Oy",
    },
    # The file is a multipart field; the walk's JSON body reaches the policy all the same.
    ("post", "/api/v1/documents/{code}/{document_code}/attachments"): lambda: {},
    ("post", "/api/v1/documents/{code}/{document_code}/withheld-from-client"): lambda: {"reason": "Peruste."},
    ("delete", "/api/v1/documents/{code}/{document_code}/withheld-from-client"): lambda: {},
    ("post", "/api/v1/documents/{code}/statement-requests"): lambda: {
        "addressed_to": "Terveysaseman lääkäri",
        "applied_for": "Kelan ammatillinen kuntoutus",
        "reason": "Kela tarvitsee lausunnon.",
        "contact": "00000000-0000-0000-0000-000000000000",
    },
    ("patch", "/api/v1/documents/{code}/statement-requests/{request_code}"): lambda: {
        "revision": 1,
        "letter": "Kirje.",
    },
    ("post", "/api/v1/applications/{code}"): lambda: {"benefit": "taito", "submitted_on": "2026-01-02"},
    ("post", "/api/v1/applications/{code}/kela-check"): lambda: {"checked_on": "2026-01-02"},
    ("post", "/api/v1/applications/{code}/interviews"): lambda: {
        "starts_at": "2099-01-02T10:00:00+02:00",
        "mode": "phone",
        "interviewer": str(UNKNOWN_OBJECT),
    },
    ("patch", "/api/v1/applications/{code}/{application_code}"): lambda: {
        "revision": 1,
        "submitted_on": "2026-01-02",
    },
    ("post", "/api/v1/applications/{code}/{application_code}/decision"): lambda: {
        "revision": 1,
        "decision": "granted",
        "decided_on": "2026-01-03",
    },
    ("post", "/api/v1/applications/{code}/{application_code}/coach-meetings"): lambda: {
        "met_on": "2026-01-02"
    },
    ("post", "/api/v1/applications/{code}/{application_code}/information-requests"): lambda: {
        "requested_on": "2026-01-02",
        "due_on": "2026-01-16",
        "description": "Selvitys.",
    },
    (
        "post",
        "/api/v1/applications/{code}/{application_code}/information-requests/{request_code}/answer",
    ): lambda: {"answered_on": "2026-01-03"},
    ("post", "/api/v1/paths/clients/{code}/relationships"): lambda: {"track": "social_rehabilitation"},
    ("post", "/api/v1/paths/{relationship_code}/kuty-sections"): lambda: {
        "agreed_service": "00000000-0000-4000-8000-000000000001",
        "days_per_week": 3,
    },
    ("patch", "/api/v1/paths/{relationship_code}/kuty-sections/{section_code}"): lambda: {"revision": 0},
    ("post", "/api/v1/paths/{relationship_code}/activation-plans"): lambda: {
        "made_on": "2026-01-02",
        "basis": "social_assistance",
        "goals": "Arjen rytmi.",
    },
    ("post", "/api/v1/paths/{relationship_code}/activation-plans/{plan_code}/confirm"): lambda: {
        "revision": 0
    },
    ("post", "/api/v1/paths/{relationship_code}/activation-plans/{plan_code}/acceptance"): lambda: {
        "revision": 0,
        "accepted_on": "2026-01-02",
        "how": "in_person",
    },
    ("post", "/api/v1/paths/{relationship_code}/team"): lambda: {
        "user": "00000000-0000-4000-8000-000000000001",
        "team_role": "worker_pair_employment",
    },
    ("post", "/api/v1/paths/{relationship_code}/kuty-jobseeker-checks"): lambda: {
        "checked_on": "2026-01-02",
        "unemployed_since": "2025-06-01",
    },
    ("post", "/api/v1/paths/{relationship_code}/kuty-decisions"): lambda: {
        "decided_on": "2026-01-02",
        "starts_on": "2026-01-05",
        "ends_on": "2026-12-31",
    },
    ("post", "/api/v1/paths/{relationship_code}/kuty-sections/{section_code}/effects-assessment"): lambda: {
        "assessed_on": "2026-01-02",
        "effects": "Arvio.",
        "outcome": "ends",
    },
    ("post", "/api/v1/paths/kuty-site/assignments/{section_code}/attendance"): lambda: {
        "day": "2026-01-02",
        "present": True,
    },
    ("post", "/api/v1/paths/kuty-site/assignments/{section_code}/feedback"): lambda: {
        "given_on": "2026-01-02",
        "text": "Palaute.",
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/assessment"): lambda: {
        "assessed_on": "2026-01-02",
        "first_residence_permit_on": "2025-06-01",
        "skills": "A1",
        "language_skills": "Suomi A1.",
        "service_needs": "Kotoutumiskoulutus.",
    },
    ("patch", "/api/v1/paths/{relationship_code}/integration/assessment"): lambda: {
        "assessed_on": "2026-01-02",
        "first_residence_permit_on": "2025-06-01",
        "skills": "A1",
        "language_skills": "Suomi A1.",
        "service_needs": "Kotoutumiskoulutus.",
        "revision": 0,
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/county-part"): lambda: {
        "goals": "Arki sujuu.",
        "services": "Aikuissosiaalityö.",
    },
    ("patch", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/county-part"): lambda: {
        "goals": "Arki sujuu.",
        "services": "Aikuissosiaalityö.",
        "revision": 0,
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/plans/{plan_code}/confirm"): lambda: {
        "revision": 0
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/plans"): lambda: {
        "starts_on": "2026-01-02",
        "ends_on": "2026-12-31",
        "goals": "Kieli A2.",
    },
    ("post", "/api/v1/paths/{relationship_code}/integration/routing"): lambda: {
        "to_unit": "satakunta-ea-tym",
        "to_track": "employment_services",
        "needs": "Työnhaku.",
    },
    ("post", "/api/v1/paths/{relationship_code}/jobseeker-registration"): lambda: {
        "registered_on": "2026-01-02"
    },
    ("post", "/api/v1/paths/{relationship_code}/plans"): lambda: {"goals": "Tavoite."},
    ("post", "/api/v1/paths/{relationship_code}/close"): lambda: {
        "reason": "other",
        "outcome": "unknown",
        "summary": "Yhteenveto.",
    },
    ("post", "/api/v1/youth/contacts"): lambda: {
        "first_name": "Aino",
        "age": 19,
        "municipality": "609",
        "on": "2026-01-02",
        "channel": "nopsa",
        "topic": "Työnhaku.",
    },
    ("post", "/api/v1/youth/contacts/{contact_code}/entries"): lambda: {
        "on": "2026-01-02",
        "channel": "chat",
        "topic": "Opiskelu.",
    },
    ("post", "/api/v1/youth/contacts/{contact_code}/convert"): lambda: {
        "identity_code": hetu.compose(date(2005, 2, 3), 977),
        "last_name": "Nuori",
        "agreed": True,
        "agreed_on": "2026-01-02",
        "agreed_how": "in_person",
        "expected_revision": 0,
    },
    ("post", "/api/v1/youth/{relationship_code}/joint-assessments"): lambda: {
        "held_on": "2026-01-02",
        "participants": "Nuorten tiimi.",
        "result": "Jatketaan.",
    },
    ("post", "/api/v1/kela-reviews/{unit_code}"): lambda: {
        "held_on": "2026-01-02",
        "participants": "Kelan TYM-työkykyneuvoja ja tiimi.",
        "entries": [{"client": str(UNKNOWN_OBJECT), "note": "Tilanne."}],
    },
}
# The access log asks for the client's recorded request; without one the walk would stop at the policy
# for the wrong reason.
API_QUERIES = {
    ("get", "/api/v1/clients/{code}/access-log"): {"request_reference": "WALK-1"},
    # Removing from a draft names the draft's revision as read in the query.
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/services/{service_code}"): {
        "revision": "0"
    },
    ("delete", "/api/v1/plans/{relationship_code}/versions/{number}/tasks/{task_code}"): {"revision": "0"},
}


def api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_api_route_is_in_the_openapi_document_or_outside_client_data() -> None:
    """Routes hidden from the schema would escape the API walk below."""
    documented = {operation["operationId"] for _method, _path, operation in api_operations()}
    names = {
        name
        for name, _route in walk(get_resolver().url_patterns)
        if name.startswith(f"{API_NAMESPACE}:") and name not in OUTSIDE_CLIENT_DATA
    }
    undocumented = {
        name for name in names if not any(op_id.endswith(f"_{name.split(':')[1]}") for op_id in documented)
    }
    assert not undocumented


def api_call(http: HttpClient, method: str, url: str, path: str) -> Any:
    key = (method, path)
    if method in ("post", "patch", "put", "delete"):
        if key not in API_BODIES:
            pytest.fail(f"the URL walk does not know a body for {method.upper()} {path}: teach it")
        if key in API_QUERIES:
            url = f"{url}?{urlencode(API_QUERIES[key])}"
        return getattr(http, method)(url, json.dumps(API_BODIES[key]()), content_type="application/json")
    return getattr(http, method)(url, API_QUERIES.get(key, {}))


@pytest.mark.django_db
def test_every_api_operation_is_authenticated_access_checked_and_audited(
    maija: dict[str, object], verified_client: Callable[[User], HttpClient]
) -> None:
    client = maija["client"]
    anonymous = HttpClient()
    outsider = verified_client(maija["outsider"])  # type: ignore[arg-type]
    member = verified_client(maija["member"])  # type: ignore[arg-type]
    name_markers = (client.last_name,)  # type: ignore[attr-defined]
    problems = []
    seen = set()
    operations = sorted(api_operations(), key=lambda op: op[0] != "get")  # reads first, then changes
    for (method, path, _operation), values in itertools.product(operations, values_for(maija)):
        url = fill(path.lstrip("/").replace("{", "<").replace("}", ">"), values)
        if (method, url) in seen:
            continue
        seen.add((method, url))
        takes_client = "{code}" in path

        response = api_call(anonymous, method, url, path)
        if not not_cached(response):
            problems.append(f"{method.upper()} {url}: anonymous answer may be cached")
        if response.status_code != 401 or response.json().get("code") != "not_authenticated":
            problems.append(f"{method.upper()} {url}: anonymous got {response.status_code}")
        if any(marker in response.content.decode(errors="replace") for marker in name_markers):
            problems.append(f"{method.upper()} {url}: shows the client to an anonymous caller")

        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = api_call(outsider, method, url, path)
        if not not_cached(response):
            problems.append(f"{method.upper()} {url}: outsider's answer may be cached")
        if any(marker in response.content.decode(errors="replace") for marker in name_markers):
            problems.append(f"{method.upper()} {url}: shows the client to an outsider")
        if takes_client:
            if response.status_code not in (403, 404) or "code" not in response.json():
                problems.append(f"{method.upper()} {url}: outsider got {response.status_code}")
            denied = AccessEvent.objects.filter(id__gt=before, client_code=client.code, allowed=False)  # type: ignore[attr-defined]
            if not denied.exists():
                problems.append(f"{method.upper()} {url}: outsider's attempt is not in the audit log")

        if method != "get":
            continue
        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = api_call(member, method, url, path)
        if not not_cached(response):
            problems.append(f"{method.upper()} {url}: member's answer may be cached")
        shows_client = response.status_code == 200 and any(
            marker in response.content.decode(errors="replace") for marker in name_markers
        )
        logged = AccessEvent.objects.filter(id__gt=before, client_code=client.code).exists()  # type: ignore[attr-defined]
        if (shows_client or (takes_client and response.status_code == 200)) and not logged:
            problems.append(f"{method.upper()} {url}: shows client data without an audit entry")
        if takes_client and not logged:
            problems.append(f"{method.upper()} {url}: the member's call is not in the audit log")
    assert not problems, "\n".join(problems)
