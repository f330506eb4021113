"""The path endpoints: a relationship's track and due dates, opening a track, KUTY sections and the
activation plan, integration plans, the registration and the simpler tracks' plans. A rule's refusal is
a 400 that names the rule; a stale edit is a 409; an outsider gets 404 and the attempt is logged."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import API, events_since, last_event_id
from tests.paths.conftest import Persons, make_persons
from tests.paths.test_kuty import section
from tests.paths.test_kuty_joint import social_workers_kuty
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track

pytestmark = pytest.mark.django_db

Call = Callable[[User], HttpClient]


@pytest.fixture(name="persons")
def persons_fixture(
    make_professional: Callable[..., User], employment_expert: User, social_worker: User
) -> Persons:
    return make_persons(make_professional, employment_expert, social_worker)


def post(api_client: HttpClient, url: str, body: dict[str, object], method: str = "post") -> Any:
    return getattr(api_client, method)(url, body, content_type="application/json")


def kuty_body(starts_on: date, **changes: Any) -> dict[str, Any]:
    # JSON's own types: a date or a decimal as text, a number of days as a number (api/strict.py).
    return {
        key: (value if value is None or isinstance(value, int | str) else str(value))
        for key, value in section(starts_on, **changes).items()
    }


def test_the_social_worker_records_a_kuty_section_and_reads_its_due_dates(
    persons: Persons, token_client: Call
) -> None:
    relationship, kuty = persons.tym_with_kuty()
    api_client = token_client(persons.social_worker)
    response = post(
        api_client,
        f"{API}/paths/{relationship.code}/kuty-sections",
        {**kuty_body(kuty.starts_on), "agreed_service": str(kuty.code)},
    )
    assert response.status_code == 201, response.json()
    body = api_client.get(f"{API}/paths/{relationship.code}").json()
    assert body["track"] == "tym"
    [created] = body["kuty_sections"]
    assert created["days_per_week"] == 3
    due = {item["kind"]: item for item in body["due"]}
    assert (due["kuty_effects_assessment"]["rule_id"], due["kuty_effects_assessment"]["rule_version"]) == (
        "R-KUTY-1",
        "2015.1",
    )
    stale = post(
        api_client,
        f"{API}/paths/{relationship.code}/kuty-sections/{created['code']}",
        {**kuty_body(kuty.starts_on, days_per_week=2), "revision": 0},
        method="patch",
    )
    assert stale.status_code == 200
    again = post(
        api_client,
        f"{API}/paths/{relationship.code}/kuty-sections/{created['code']}",
        {**kuty_body(kuty.starts_on), "revision": 0},
        method="patch",
    )
    assert (again.status_code, again.json()["code"]) == (409, "path_stale")


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"place": ""}, "place", "R-KUTY-1 v2015.1"),
        ({"days_per_week": 0}, "days_per_week", "R-KUTY-2 v2015.1"),
        ({"days_per_week": 5}, "days_per_week", "R-KUTY-2 v2015.1"),
        ({"hours_per_day": "3.99"}, "hours_per_day", "R-KUTY-3 v2015.1"),
    ],
)
def test_a_kuty_section_against_its_rules_is_a_400_naming_the_rule(
    persons: Persons, token_client: Call, changes: dict[str, Any], field: str, rule: str
) -> None:
    relationship, kuty = persons.tym_with_kuty()
    body = {**kuty_body(kuty.starts_on), **changes, "agreed_service": str(kuty.code)}
    response = post(
        token_client(persons.social_worker), f"{API}/paths/{relationship.code}/kuty-sections", body
    )
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "path_invalid"
    assert [(e["field"], e["message"][: len(rule)]) for e in answer["errors"]] == [(field, rule)]


def test_the_activation_plan_is_made_and_confirmed_by_both_authorities(
    persons: Persons, token_client: Call
) -> None:
    relationship = persons.open(Track.KUTY)
    url = f"{API}/paths/{relationship.code}/activation-plans"
    refused = post(
        token_client(persons.social_worker),
        url,
        {
            "made_on": "2026-01-01",
            "basis": "unemployment_benefit",
            "benefit_days": 600,
            "goals": "Arjen rytmi.",
        },
    )
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("R-KUTY-5 v2026.1")
    made = post(
        token_client(persons.social_worker),
        url,
        {"made_on": "2026-01-01", "basis": "social_assistance", "goals": "Arjen rytmi."},
    )
    assert made.status_code == 201
    [plan] = made.json()["activation_plans"]
    assert plan["next_review_on"] == "2026-04-01"
    confirm = f"{url}/{plan['code']}/confirm"
    assert post(token_client(persons.social_worker), confirm, {"revision": 0}).status_code == 200
    assert post(token_client(persons.employment_expert), confirm, {"revision": 0}).status_code == 409
    done = post(token_client(persons.employment_expert), confirm, {"revision": 1})
    assert done.json()["activation_plans"][0]["in_force"] is False  # the client has not accepted it
    accept = f"{url}/{plan['code']}/acceptance"
    body = {"revision": 2, "accepted_on": "2026-01-02", "how": "in_person"}
    accepted = post(token_client(persons.employment_expert), accept, body)
    assert accepted.status_code == 200
    assert accepted.json()["activation_plans"][0]["in_force"] is True
    assert post(token_client(persons.social_worker), accept, {**body, "revision": 3}).status_code == 409


def test_the_kuty_team_decision_period_assessment_and_site_over_the_api(
    persons: Persons, token_client: Call, make_professional: Any
) -> None:
    relationship = social_workers_kuty(persons)
    base = f"{API}/paths/{relationship.code}"
    expert = token_client(persons.employment_expert)
    social = token_client(persons.social_worker)
    assert expert.get(base).status_code == 404
    added = post(
        social,
        f"{base}/team",
        {"user": str(persons.employment_expert.code), "team_role": "worker_pair_employment"},
    )
    assert added.status_code == 201
    assert expert.get(base).status_code == 200
    today = timezone.localdate()
    made = post(
        social,
        f"{base}/activation-plans",
        {
            "made_on": (today - timedelta(days=20)).isoformat(),
            "basis": "social_assistance",
            "goals": "Rytmi.",
        },
    )
    code = made.json()["activation_plans"][0]["code"]
    assert post(social, f"{base}/activation-plans/{code}/confirm", {"revision": 0}).status_code == 200
    assert post(expert, f"{base}/activation-plans/{code}/confirm", {"revision": 1}).status_code == 200
    accepted = {"revision": 2, "accepted_on": today.isoformat(), "how": "on_paper"}
    assert post(social, f"{base}/activation-plans/{code}/acceptance", accepted).status_code == 200
    decision = {
        "activation_plan": code,
        "decided_on": today.isoformat(),
        "starts_on": (today - timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=400)).isoformat(),
    }
    refused = post(social, f"{base}/kuty-decisions", decision)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"].startswith("R-UNEMP-1")
    check = {"checked_on": today.isoformat(), "unemployed_since": "2025-01-01"}
    assert post(expert, f"{base}/kuty-jobseeker-checks", check).status_code == 201
    decided = post(social, f"{base}/kuty-decisions", decision)
    assert decided.status_code == 201
    assert decided.json()["kuty_registered_jobseeker"] is True
    make_professional("service_provider", "demo-valmennus", "demo-valmennus-tyohonvalmennus")
    start = today - timedelta(days=7)
    body = {**kuty_body(start, effects_assessed_by=start + timedelta(days=60)), "activation_plan": code}
    created = post(social, f"{base}/kuty-sections", {**body, "provider": "demo-valmennus"})
    assert created.status_code == 201, created.json()
    [period] = created.json()["kuty_sections"]
    assert period["provider"] == "demo-valmennus"
    assert period["decision"]
    site_worker = make_professional("service_provider", "demo-valmennus", "demo-valmennus-tyohonvalmennus")
    site = token_client(site_worker)
    [assignment] = site.get(f"{API}/paths/kuty-site/assignments").json()
    assert "other_services" not in assignment
    day = {"day": today.isoformat(), "present": True}
    recorded = post(site, f"{API}/paths/kuty-site/assignments/{period['code']}/attendance", day)
    assert recorded.status_code == 201
    assert recorded.json()["attendance"] == [
        {"day": today.isoformat(), "present": True, "absence_reason": ""}
    ]
    assessed = post(
        social,
        f"{base}/kuty-sections/{period['code']}/effects-assessment",
        {"assessed_on": today.isoformat(), "effects": "Hyvä.", "outcome": "ends"},
    )
    assert assessed.status_code == 201
    assert assessed.json()["kuty_sections"][0]["effects_outcome"] == "ends"


def test_an_integration_plan_beyond_its_limit_without_a_reason_is_refused(
    persons: Persons, token_client: Call
) -> None:
    relationship = persons.open(Track.INTEGRATION, started_on=date(2025, 3, 1))
    api_client = token_client(persons.employment_expert)
    base = f"{API}/paths/{relationship.code}/integration"
    assessed = post(
        api_client,
        f"{base}/assessment",
        {
            "assessed_on": "2025-03-02",
            "first_residence_permit_on": "2025-01-10",
            "skills": "A1",
            "language_skills": "Suomi A1.",
            "service_needs": "Koulutus",
        },
    )
    assert assessed.status_code == 201, assessed.json()
    assert (
        post(
            api_client, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-04-01", "goals": "A2"}
        ).status_code
        == 400
    )
    assert (
        post(
            api_client, f"{base}/plans", {"starts_on": "2025-04-01", "ends_on": "2026-03-31", "goals": "A2"}
        ).status_code
        == 201
    )
    beyond = post(
        api_client, f"{base}/plans", {"starts_on": "2026-04-01", "ends_on": "2027-04-01", "goals": "Työ"}
    )
    assert beyond.status_code == 400
    assert beyond.json()["errors"][0]["field"] == "extension_reason"
    assert beyond.json()["message"].startswith("R-KOTO-1 v2025.1")
    extended = post(
        api_client,
        f"{base}/plans",
        {
            "starts_on": "2026-04-01",
            "ends_on": "2027-04-01",
            "goals": "Työ",
            "extension_reason": "Työkyky selvitettävä.",
        },
    )
    kinds = {item["kind"] for item in extended.json()["due"]}
    assert "integration_three_year_limit" in kinds


def test_opening_a_track_and_its_plan(persons: Persons, token_client: Call) -> None:
    persons.open(Track.KUTY)
    api_client = token_client(persons.social_worker)
    opened = post(
        api_client,
        f"{API}/paths/clients/{persons.client.code}/relationships",
        {"track": "social_rehabilitation"},
    )
    assert opened.status_code == 201, opened.json()
    code = opened.json()["relationship"]
    plan = post(
        api_client,
        f"{API}/paths/{code}/plans",
        {"made_on": "2026-03-02", "goals": "Osallisuus.", "days_per_week": 0},
    )
    assert plan.json()["message"].startswith("R-SOC-1 v2015.1")
    plan = post(
        api_client,
        f"{API}/paths/{code}/plans",
        {"made_on": "2026-03-02", "goals": "Osallisuus.", "days_per_week": 1},
    )
    assert plan.status_code == 201
    assert plan.json()["service_plans"][0]["next_review_on"] == "2026-09-02"


def test_the_registration_gives_the_initial_interview_deadline(persons: Persons, token_client: Call) -> None:
    relationship = persons.open(Track.EMPLOYMENT_SERVICES)
    response = post(
        token_client(persons.employment_expert),
        f"{API}/paths/{relationship.code}/jobseeker-registration",
        {"registered_on": "2025-12-31"},
    )
    assert response.status_code == 200
    assert response.json()["initial_interview_due"] == "2026-01-09"


def test_an_outsider_gets_404_and_the_attempt_is_logged(persons: Persons, token_client: Call) -> None:
    relationship: ClientRelationship = persons.open(Track.KUTY)
    before = last_event_id()
    response = token_client(persons.outsider).get(f"{API}/paths/{relationship.code}")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert [e.allowed for e in events_since(before, persons.client)] == [False]


def test_closing_a_track_over_the_api_as_on_the_page(persons: Persons, token_client: Call) -> None:
    """The close endpoint calls cases.closing: a reason of another track is a 400 naming the field, the
    other organisation's team member a 403, the closing itself a 200 with the record, a second a 409."""
    from django.utils import timezone

    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    url = f"{API}/paths/{relationship.code}/close"
    body = {
        "reason": "moved_to_kuty",
        "outcome": "other_service",
        "closed_on": timezone.localdate().isoformat(),
        "summary": "Siirtyy kuntouttavaan työtoimintaan.",
        "handover_track": "kuty",
        "open_handover": True,
    }
    worker = token_client(persons.social_worker)
    wrong = post(worker, url, {**body, "reason": "pension"})
    assert (wrong.status_code, wrong.json()["code"]) == (400, "track_closing_invalid")
    assert [error["field"] for error in wrong.json()["errors"]] == ["reason"]
    other = post(token_client(persons.employment_expert), url, body)
    assert (other.status_code, other.json()["code"]) == (403, "track_closing_not_permitted")
    closed = post(worker, url, body)
    assert closed.status_code == 200, closed.json()
    record = closed.json()["closure"]
    assert (closed.json()["phase"], record["reason"], record["outcome"], record["handover_track"]) == (
        "closed",
        "moved_to_kuty",
        "other_service",
        "kuty",
    )
    assert record["summary"] == "Siirtyy kuntouttavaan työtoimintaan."
    opened = ClientRelationship.objects.get(code=record["handover_relationship"])
    assert (opened.track, opened.phase) == (Track.KUTY, "work")
    again = post(worker, url, body)
    assert (again.status_code, again.json()["code"]) == (409, "track_already_closed")
