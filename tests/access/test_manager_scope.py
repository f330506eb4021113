"""Issue 16, finding 1: the TYM coordinator and the unit manager of the responsible unit see a case's phase,
team and deadlines, never the text of the plan or of the joint work (SPEC §5.1).

The walk asks every GET operation of the API as both of them, over the demo data (Maija's whole story:
plan versions with goals, agreed services and client tasks, consultations, statement requests, Kela
requests, assessments, journals), filling each address with every identifier the demo has, and fails when
an answer carries any free text written about a client in the plan, the case or the sectors' records.
A refusal (403/404) is fine; a file (a PDF, an attachment) given to them at all is not.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client as HttpClient

from yhteispolku.accounts.models import User
from yhteispolku.api.main import api
from yhteispolku.core.categories import DataCategory
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db

API = "/api/v1"
# The free text written about a client that SPEC §5.1 keeps from the coordinator and the unit manager: the
# plan (goals, service descriptions, tasks, participation notes), the case's notes (pre-information,
# closure, phase-transition notes, continuing services), the joint work (consultations, follow-ups,
# escalation, Kela requests, to-dos, statement requests), the sectors' records (journals, assessments,
# documents, applications) and the paths' plans. The referral's text is not here: the coordinator decides
# on the referral (SPEC §1, intake), which is its whole point.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "clients.client": ("education_details", "work_history"),
    "clients.journalentry": ("text",),
    "cases.phasetransition": ("note",),
    "cases.preinformation": ("situation", "education", "work_history", "health", "wishes"),
    "cases.closure": ("reason_details", "final_assessment", "feedback_text"),
    "cases.continuingservice": ("notes",),
    "assessments.sectorassessment": ("findings", "needs"),
    "assessments.mappingaction": ("description", "outcome"),
    "plans.planversion": ("goals",),
    "plans.agreedservice": ("intensity", "description"),
    "plans.clienttask": ("description",),
    "plans.participation": ("note",),
    "paths.activationplan": ("goals",),
    "paths.kutysection": ("goal", "description", "support_and_guidance", "other_services"),
    "paths.integrationassessment": ("skills", "language_skills", "service_needs"),
    "paths.integrationcountypart": ("goals", "services"),
    "paths.integrationplan": ("goals", "services", "extension_reason"),
    "paths.integrationrouting": ("needs",),
    "paths.serviceplan": ("goals",),
    "collaboration.consultation": ("agenda", "notes", "decisions", "review_note"),
    "collaboration.followupaction": ("description",),
    "collaboration.escalationstep": ("skip_reason", "outcome", "referral_details"),
    "collaboration.kelarequest": ("question", "answer", "current_situation", "rehabilitation_path"),
    "collaboration.clienttodo": ("description",),
    "documents.document": ("summary",),
    "documents.statementrequest": ("applied_for", "reason", "letter"),
    "applications.application": ("details",),
    "applications.informationrequest": ("description",),
    "applications.kelacheck": ("note",),
}
# Shorter values ("Tehty.") could match a label of the page by chance.
SHORTEST_MARKER = 16

# Identifiers of the address, by parameter name: the model (and field) whose values fill it.
PARAMETERS: dict[str, tuple[str, str]] = {
    "code": ("clients.client", "code"),
    "relationship_code": ("cases.clientrelationship", "code"),
    "consultation_code": ("collaboration.consultation", "code"),
    "request_code": ("documents.statementrequest", "code"),
    "document_code": ("documents.document", "code"),
    "attachment_code": ("documents.attachment", "code"),
    "application_code": ("applications.application", "code"),
    "number": ("plans.planversion", "number"),
    "consent_code": ("clients.consent", "code"),
    "contact_code": ("paths.youthcontact", "code"),
    "section_code": ("paths.kutysection", "code"),
    "unit_code": ("organisations.unit", "code"),
}
# A parameter name used by more than one kind of address: every model's values are tried.
MORE_PARAMETERS: dict[str, tuple[tuple[str, str], ...]] = {
    "contact_code": (("collaboration.networkcontact", "code"),),
}


def free_text_markers() -> dict[str, str]:
    """Every stored free-text value worth looking for, with where it comes from."""
    markers: dict[str, str] = {}
    for label, fields in FREE_TEXT.items():
        model = apps.get_model(label)
        for field in fields:
            for value in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
                for line in str(value).splitlines():
                    if len(line.strip()) >= SHORTEST_MARKER:
                        markers.setdefault(line.strip(), f"{label}.{field}")
    return markers


def parameter_values(name: str) -> list[str]:
    if name == "category":
        return [str(category) for category in DataCategory]
    if name not in PARAMETERS:
        pytest.fail(f"the manager walk does not know the parameter {{{name}}}: teach it")
    values: set[str] = set()
    for label, field in (PARAMETERS[name], *MORE_PARAMETERS.get(name, ())):
        model: type[models.Model] = apps.get_model(label)
        values |= {str(value) for value in model.objects.values_list(field, flat=True)}
    return sorted(values)


def get_operations() -> Iterator[tuple[str, list[str]]]:
    document = api.get_openapi_schema(path_prefix=f"{API}/")
    for path, methods in document["paths"].items():
        if "get" in methods:
            yield path, re.findall(r"{(\w+)}", path)


def urls_of(path: str, names: list[str]) -> Iterator[str]:
    for combination in itertools.product(*(parameter_values(name) for name in names)):
        url = path
        for name, value in zip(names, combination, strict=True):
            url = url.replace(f"{{{name}}}", value)
        yield url


def texts(body: Any) -> Iterator[str]:
    if isinstance(body, str):
        yield body
    elif isinstance(body, dict):
        for value in body.values():
            yield from texts(value)
    elif isinstance(body, list):
        for value in body:
            yield from texts(value)


@pytest.fixture
def demo() -> dict[str, Any]:
    return load_demo()


@pytest.fixture
def token_client(db: None) -> Callable[[User], HttpClient]:
    from yhteispolku.accounts.tokens import api_token_create

    def make(user: User) -> HttpClient:
        _token, raw = api_token_create(user=user, name="testi")
        return HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.mark.parametrize("username", ["tym-koordinaattori", "esihenkilo"])
def test_the_coordinator_and_the_manager_read_no_free_text_through_the_api(
    demo: dict[str, Any], token_client: Callable[[User], HttpClient], username: str
) -> None:
    markers = free_text_markers()
    # The demo is rich enough for the walk to mean something: the plan, the consultations, the letter.
    sources = set(markers.values())
    for expected in (
        "plans.planversion.goals",
        "plans.agreedservice.description",
        "plans.clienttask.description",
    ):
        assert expected in sources
    for expected in ("collaboration.consultation.notes", "documents.statementrequest.letter"):
        assert expected in sources
    http = token_client(User.objects.get(username=username))
    problems: list[str] = []
    answered = 0
    for path, names in get_operations():
        for url in urls_of(path, names):
            response = http.get(url)
            if response.status_code != 200:
                continue
            answered += 1
            if "json" not in response["Content-Type"]:  # the API's JSON and FHIR's application/fhir+json
                problems.append(f"GET {url}: a file ({response['Content-Type']})")
                continue
            strings = list(texts(json.loads(response.content)))
            leaked = {source for marker, source in markers.items() if any(marker in s for s in strings)}
            if leaked:
                problems.append(f"GET {url}: {', '.join(sorted(leaked))}")
    # They do reach Maija's case (phase, team, deadlines): the walk is not a walk of refusals.
    assert answered > 0
    assert not problems, "\n".join(problems)


def links(html: str) -> set[str]:
    return {href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")}


@pytest.mark.parametrize("username", ["tym-koordinaattori", "esihenkilo"])
def test_the_pages_they_are_offered_show_no_free_text_and_the_plan_page_refuses(
    demo: dict[str, Any], verified_client: Callable[[User], HttpClient], username: str
) -> None:
    """From the case page and the client page of every demo client, each link they are offered opens
    (no refusal behind a link) and shows none of the text; the plan's pages refuse them, logged."""
    from django.urls import reverse

    from yhteispolku.audit.models import AccessEvent
    from yhteispolku.cases.models import ClientRelationship

    markers = free_text_markers()
    user = User.objects.get(username=username)
    http = verified_client(user)
    problems: list[str] = []
    offered: set[str] = set()
    for client in demo.values():
        for start in (
            reverse("cases:detail", kwargs={"code": client.code}),
            reverse("clients:detail", kwargs={"code": client.code}),
        ):
            response = http.get(start)
            if response.status_code == 200:
                offered |= {start, *links(response.content.decode())}
    assert offered
    for url in sorted(offered):
        if url.startswith(("/tili/", "/i18n/")):
            continue
        response = http.get(url)
        if response.status_code in (403, 404):
            problems.append(f"GET {url}: offered but refused ({response.status_code})")
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = html.unescape(response.content.decode())
        leaked = {source for marker, source in markers.items() if marker in page}
        if leaked:
            problems.append(f"GET {url}: {', '.join(sorted(leaked))}")
    maija_tym = ClientRelationship.objects.get(client=demo["maija"], track="tym")
    for url in (
        reverse("plans:detail", kwargs={"relationship_code": maija_tym.code}),
        reverse("plans:version", kwargs={"relationship_code": maija_tym.code, "number": 1}),
    ):
        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        assert http.get(url).status_code == 403, url
        assert AccessEvent.objects.filter(id__gt=before, actor=user, allowed=False).exists()
    assert not problems, "\n".join(problems)
