"""Every plan route, walked like tests/access/test_url_walk.py walks the project: each one asks the
policy and leaves an audit entry, whoever asks and however (GET or POST, valid input or none)."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import get_resolver

from tests.access.test_url_walk import fill, walk
from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.plans import services
from yhteispolku.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


# The service provider's pages reach a client through an assignment, not the relationship's plan: their
# own walk is tests/access/test_service_provider.py (and the project's URL walk covers them too).
PROVIDER_ROUTES = {"plans:assignments", "plans:assignment"}


def plan_routes() -> list[tuple[str, str]]:
    return [
        (name, str(route))
        for name, route in walk(get_resolver().url_patterns)
        if name.startswith("plans:") and name not in PROVIDER_ROUTES
    ]


def values(maija: MaijaCase) -> dict[str, str]:
    second = PlanVersion.objects.get(number=2)
    return {
        "relationship_code": str(maija.relationship.code),
        "number": "2",
        "a": "1",
        "b": "2",
        "service_code": str(second.services.earliest("id").code),
        "task_code": str(second.tasks.earliest("id").code),
    }


def newest_event_id() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def walked(maija: MaijaCase) -> MaijaCase:
    first = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    services.plan_version_create(
        actor=maija.employment_expert,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={"add_tasks": [{"description": "Hae kurssille"}]},
    )
    return maija


def test_the_walk_covers_every_plan_page() -> None:
    assert len(plan_routes()) == 16


def test_every_plan_route_is_access_checked_and_audited(
    walked: MaijaCase, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = walked
    anonymous = HttpClient()
    personas = {
        "outsider": (verified_client(maija.outsider), 404, "no_relation"),
        "intake": (verified_client(maija.intake_counsellor), 403, "not_granted"),
    }
    member = verified_client(maija.social_worker)
    problems = []
    for name, route in plan_routes():
        url = fill(route, values(maija))
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            if response.status_code != 302 or "/tili/kirjaudu/" not in response["Location"]:
                problems.append(f"{name} {method.upper()}: anonymous got {response.status_code}")
            for persona, (http, status, reason) in personas.items():
                before = newest_event_id()
                response = getattr(http, method)(url)
                if response.status_code == 405:
                    continue
                if response.status_code != status:
                    problems.append(f"{name} {method.upper()}: {persona} got {response.status_code}")
                if maija.client.last_name in response.content.decode():
                    problems.append(f"{name} {method.upper()}: {persona} sees the client")
                if not AccessEvent.objects.filter(
                    id__gt=before, client_code=maija.client.code, allowed=False, reason=reason
                ).exists():
                    problems.append(f"{name} {method.upper()}: {persona}'s attempt is not in the audit log")
        before = newest_event_id()
        response = member.get(url)
        if response.status_code not in (200, 405):
            problems.append(f"{name} GET: the worker pair got {response.status_code}")
        if (
            response.status_code == 200
            and not AccessEvent.objects.filter(
                id__gt=before, client_code=maija.client.code, allowed=True, category="plan"
            ).exists()
        ):
            problems.append(f"{name} GET: shows the plan without an audit entry")
    assert not problems, "\n".join(problems)
