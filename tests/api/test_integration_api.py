"""The integration track over /api/v1 (issue 14): the assessment changed with its revision, the county's
part and the confirmations of both authorities, R-KOTO-1 at its boundaries, and the routing that opens
the target track; the same services, policy and audit as the pages."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API
from tests.paths.conftest import Persons, make_persons
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Track

pytestmark = pytest.mark.django_db

Call = Callable[[User], HttpClient]


@pytest.fixture(name="persons")
def persons_fixture(
    make_professional: Callable[..., User], employment_expert: User, social_worker: User
) -> Persons:
    return make_persons(make_professional, employment_expert, social_worker)


def send(api_client: HttpClient, url: str, body: dict[str, object], method: str = "post") -> Any:
    return getattr(api_client, method)(url, body, content_type="application/json")


ASSESSMENT = {
    "assessed_on": "2025-03-02",
    "first_residence_permit_on": "2025-01-10",
    "skills": "Kokki, ammattikoulu.",
    "language_skills": "Suomi A1, englanti B2.",
    "service_needs": "Kotoutumiskoulutus.",
}
COUNTY = {"goals": "Arki sujuu.", "services": "Aikuissosiaalityön ohjaus."}


def integration(persons: Persons, token_client: Call) -> tuple[ClientRelationship, HttpClient, str]:
    relationship = persons.open(Track.INTEGRATION, started_on=date(2025, 3, 1))
    expert = token_client(persons.employment_expert)
    base = f"{API}/paths/{relationship.code}/integration"
    assert send(expert, f"{base}/assessment", ASSESSMENT).status_code == 201
    return relationship, expert, base


def test_the_assessment_is_read_and_changed_with_its_revision(persons: Persons, token_client: Call) -> None:
    _relationship, expert, base = integration(persons, token_client)
    changed = send(
        expert, f"{base}/assessment", {**ASSESSMENT, "language_skills": "Suomi A2.", "revision": 0}, "patch"
    )
    assert changed.status_code == 200, changed.json()
    assessment = changed.json()["integration_assessment"]
    assert (assessment["language_skills"], assessment["revision"]) == ("Suomi A2.", 1)
    stale = send(expert, f"{base}/assessment", {**ASSESSMENT, "revision": 0}, "patch")
    assert stale.status_code == 409
    missing = send(
        expert, f"{base}/assessment", {**ASSESSMENT, "language_skills": "", "revision": 1}, "patch"
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "language_skills"


def test_the_plan_limits_at_their_boundaries(persons: Persons, token_client: Call) -> None:
    _relationship, expert, base = integration(persons, token_client)
    over = send(expert, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-04-01", "goals": "A2"})
    assert over.status_code == 400
    assert over.json()["message"].startswith("R-KOTO-1 v2025.1: ensimmäinen kotoutumissuunnitelma")
    exact = send(expert, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-03-31", "goals": "A2"})
    assert exact.status_code == 201
    three_years_and_a_day = {
        "starts_on": "2026-04-01",
        "ends_on": "2028-04-01",
        "goals": "Työ",
        "extension_reason": "Työkyky selvitettävä.",
    }
    refused = send(expert, f"{base}/plans", three_years_and_a_day)
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("R-KOTO-1 v2025.1: kotoutumissuunnitelmat ovat yhteensä")
    at_three_years = send(expert, f"{base}/plans", {**three_years_and_a_day, "ends_on": "2028-03-31"})
    assert at_three_years.status_code == 201


def test_the_county_part_and_both_confirmations(persons: Persons, token_client: Call) -> None:
    _relationship, expert, base = integration(persons, token_client)
    made = send(expert, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-03-31", "goals": "A2"})
    plan = made.json()["integration_plans"][0]
    assert (plan["county_part_recorded"], plan["in_force"]) == (False, False)
    county = token_client(persons.social_worker)
    part_url = f"{base}/plans/{plan['code']}/county-part"
    assert send(expert, part_url, COUNTY).status_code == 403  # the employment authority's other sector
    written = send(county, part_url, COUNTY)
    assert written.status_code == 201, written.json()
    part = written.json()["integration_plans"][0]["county_part"]
    assert (part["category"], part["professional"]) == ("social", str(persons.social_worker.code))
    assert send(county, part_url, COUNTY).status_code == 409  # once per plan
    changed = send(county, part_url, {**COUNTY, "services": "Perheneuvola.", "revision": 0}, "patch")
    assert changed.status_code == 200
    confirm = f"{base}/plans/{plan['code']}/confirm"
    assert send(county, confirm, {"revision": 0}).status_code == 409  # stale: the part is at revision 1
    assert send(county, confirm, {"revision": 1}).status_code == 200
    done = send(expert, confirm, {"revision": 0})
    assert done.status_code == 200
    plan = done.json()["integration_plans"][0]
    assert (plan["employment_confirmed"], plan["county_part_confirmed"], plan["in_force"]) == (
        True,
        True,
        True,
    )
    assert plan["county_part"]["services"] == "Perheneuvola."  # the client's consent lets the expert read it
    assert AccessEvent.objects.filter(
        actor=persons.social_worker, object_type="paths.integrationcountypart", action="update", allowed=True
    ).exists()


def test_the_routing_opens_the_target_track(persons: Persons, token_client: Call) -> None:
    relationship, expert, base = integration(persons, token_client)
    routing = {
        "to_unit": "satakunta-wc-social",
        "to_track": "social_rehabilitation",
        "needs": "Arjen hallinta.",
    }
    before = send(expert, f"{base}/routing", {**routing, "routed_on": "2026-04-01"})
    assert before.status_code == 400  # no plan yet
    send(expert, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-03-31", "goals": "A2"})
    routed = send(expert, f"{base}/routing", {**routing, "routed_on": "2026-04-01"})
    assert routed.status_code == 201, routed.json()
    opened_code = routed.json()["integration_opened_relationship"]
    opened = ClientRelationship.objects.get(code=opened_code)
    assert (opened.track, opened.responsible_unit.slug) == ("social_rehabilitation", "satakunta-wc-social")
    target = expert.get(f"{API}/paths/{opened_code}").json()
    assert target["routed_from"] == {
        "relationship": str(relationship.code),
        "routed_on": "2026-04-01",
        "needs": "Arjen hallinta.",
    }
