"""Walks every URL pattern and fails when a route that shows a client's data is not access-checked
and audited.

For each route the walker fills the URL with the identifiers of a real client and asks it as an
anonymous visitor, as an outsider with no relation to the client, and as a member of her case
team. A new route with a parameter the walker does not know fails the test until it is taught.
"""

import itertools
from collections.abc import Callable, Iterator

import pytest
from django.contrib import admin
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import JournalEntry
from yhteispolku.organisations.models import Organisation, Unit

# Routes that never show client data, by name; everything else is walked.
OUTSIDE_CLIENT_DATA = {"admin", "set_language", "web:healthz"}


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


def fill(route: str, values: dict[str, str]) -> str:
    import re

    def replace(match: re.Match[str]) -> str:
        parameter = match.group(2)
        if parameter not in values:
            pytest.fail(f"the URL walk does not know the parameter <{parameter}> in {route}: teach it")
        return values[parameter]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def all_routes() -> list[tuple[str, str]]:
    return [
        (name, route)
        for name, route in walk(get_resolver().url_patterns)
        if name not in OUTSIDE_CLIENT_DATA and not route.startswith("static")
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
    return {"client": client, "member": employment_expert, "outsider": outsider, "consent": consent}


def values_for(maija: dict[str, object]) -> Iterator[dict[str, str]]:
    client, consent = maija["client"], maija["consent"]
    for category in ("employment", "social", "health", "kela", "plan"):
        yield {"code": str(client.code), "consent_code": str(consent.code), "category": category}  # type: ignore[attr-defined]


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
        takes_client = "<uuid:code>" in route or "<code>" in route
        if name.startswith("accounts:"):
            # Login, TOTP and logout pages: only the anonymous visitor's view matters (and logging out
            # the personas would end the walk).
            body = anonymous.get(url).content.decode(errors="replace")
            if any(marker in body for marker in name_markers):
                problems.append(f"{name} GET {url}: shows the client to an anonymous visitor")
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
        logged = AccessEvent.objects.filter(id__gt=before, client_code=client.code).exists()  # type: ignore[attr-defined]
        if (shows_client or (takes_client and response.status_code == 200)) and not logged:
            problems.append(f"{name} GET {url}: shows client data without an audit entry")
    assert not problems, "\n".join(problems)
