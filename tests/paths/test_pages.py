"""The path pages for each persona: the team member, the responsible unit's coordinator and an outsider."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.paths.conftest import Persons
from tests.paths.test_kuty import section
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.paths import deadlines, services
from yhteispolku.paths.models import IntegrationPlan, KutySection

pytestmark = pytest.mark.django_db

Login = Callable[[User], HttpClient]


def form_data(data: dict[str, object]) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in data.items()}


def kuty_case(persons: Persons) -> tuple[ClientRelationship, KutySection]:
    relationship, kuty = persons.tym_with_kuty()
    created = services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=section(kuty.starts_on),
        agreed_service=kuty,
    )
    return relationship, created


def test_the_team_member_sees_the_six_items_and_the_due_dates_with_their_rules(
    persons: Persons, verified_client: Login
) -> None:
    relationship, created = kuty_case(persons)
    response = verified_client(persons.social_worker).get(f"/polut/{relationship.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert created.place in body
    assert created.support_and_guidance in body
    assert "R-KUTY-1 v2015.1" in body
    assert "R-KUTY-2 v2015.1" in body
    effects = created.effects_assessed_by
    assert f"{effects.day}.{effects.month}.{effects.year}" in body
    assert AccessEvent.objects.filter(actor=persons.social_worker, category="social", allowed=True).exists()


def test_the_coordinator_sees_the_track_team_and_due_dates_but_not_the_content(
    persons: Persons, verified_client: Login
) -> None:
    relationship, created = kuty_case(persons)
    response = verified_client(persons.coordinator).get(f"/polut/{relationship.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "R-KUTY-1 v2015.1" in body
    assert created.support_and_guidance not in body
    assert AccessEvent.objects.filter(actor=persons.coordinator, category="social", allowed=False).exists()


def test_an_outsider_cannot_find_the_path_and_the_attempt_is_logged(
    persons: Persons, verified_client: Login
) -> None:
    relationship, _created = kuty_case(persons)
    response = verified_client(persons.outsider).get(f"/polut/{relationship.code}/")
    assert response.status_code == 404
    assert AccessEvent.objects.filter(
        actor=persons.outsider, allowed=False, client_code=persons.client.code
    ).exists()


def test_a_kuty_section_missing_an_item_is_refused_on_the_page(
    persons: Persons, verified_client: Login
) -> None:
    relationship, kuty = persons.tym_with_kuty()
    data = form_data({**section(kuty.starts_on), "other_services": "", "plan": f"service:{kuty.code}"})
    response = verified_client(persons.social_worker).post(f"/polut/{relationship.code}/kuty/uusi/", data)
    assert response.status_code == 400
    assert (
        "R-KUTY-1 v2015.1: kirjaa (5) rinnakkaiset sosiaali-, terveys-, kuntoutus- ja koulutuspalvelut."
        in response.content.decode()
    )
    assert not KutySection.objects.exists()


@pytest.mark.parametrize("days", [0, 5])
def test_zero_or_five_days_a_week_is_refused_on_the_page(
    persons: Persons, verified_client: Login, days: int
) -> None:
    relationship, kuty = persons.tym_with_kuty()
    data = form_data({**section(kuty.starts_on), "days_per_week": days, "plan": f"service:{kuty.code}"})
    response = verified_client(persons.social_worker).post(f"/polut/{relationship.code}/kuty/uusi/", data)
    assert response.status_code == 400
    assert "R-KUTY-2 v2015.1: kuntouttavaa työtoimintaa on 1–4 päivää viikossa" in response.content.decode()


def test_the_social_worker_records_the_section_on_the_page(persons: Persons, verified_client: Login) -> None:
    relationship, kuty = persons.tym_with_kuty()
    data = form_data({**section(kuty.starts_on), "plan": f"service:{kuty.code}"})
    response = verified_client(persons.social_worker).post(f"/polut/{relationship.code}/kuty/uusi/", data)
    assert response.status_code == 302
    created = KutySection.objects.get()
    edit = form_data({**section(kuty.starts_on), "days_per_week": 2, "revision": 0})
    response = verified_client(persons.social_worker).post(
        f"/polut/{relationship.code}/kuty/{created.code}/", edit
    )
    assert response.status_code == 302
    stale = verified_client(persons.social_worker).post(
        f"/polut/{relationship.code}/kuty/{created.code}/", edit
    )
    assert stale.status_code == 409


def test_an_integration_plan_beyond_its_limit_without_a_reason_is_refused(
    persons: Persons, verified_client: Login
) -> None:
    relationship = persons.open(Track.INTEGRATION, started_on=date(2025, 3, 1))
    services.integration_assessment_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={
            "assessed_on": date(2025, 3, 2),
            "first_residence_permit_on": date(2025, 1, 1),
            "skills": "A1",
            "language_skills": "Suomi A1.",
            "service_needs": "Koulutus",
        },
    )
    http = verified_client(persons.employment_expert)
    url = f"/polut/{relationship.code}/kotoutuminen/suunnitelma/uusi/"
    first = {"starts_on": "2025-04-01", "ends_on": "2026-03-31", "goals": "Kieli A2"}
    assert http.post(url, first).status_code == 302
    response = http.post(url, {"starts_on": "2026-04-01", "ends_on": "2027-04-01", "goals": "Työ"})
    assert response.status_code == 400
    assert "R-KOTO-1 v2025.1" in response.content.decode()
    assert IntegrationPlan.objects.count() == 1


def test_a_track_is_opened_from_the_clients_page(persons: Persons, verified_client: Login) -> None:
    tym, _kuty = persons.tym_with_kuty()
    http = verified_client(persons.social_worker)
    page = http.get(f"/asiakkaat/{persons.client.code}/").content.decode()
    assert f"/polut/{tym.code}/" in page
    assert f"/polut/asiakas/{persons.client.code}/uusi/" in page
    response = http.post(
        f"/polut/asiakas/{persons.client.code}/uusi/", {"track": Track.SOCIAL_REHABILITATION}
    )
    opened = ClientRelationship.objects.get(track=Track.SOCIAL_REHABILITATION)
    assert response["Location"] == f"/polut/{opened.code}/"
    assert opened.responsible_unit == persons.social_worker.unit
    assert f"/polut/{opened.code}/" in http.get(f"/asiakkaat/{persons.client.code}/").content.decode()


def test_the_due_items_take_a_constant_number_of_queries(persons: Persons) -> None:
    def caseload(count: int) -> list[int]:
        ids = []
        for _ in range(count):
            relationship, _created = kuty_case(persons)
            ids.append(relationship.pk)
        return ids

    ids = caseload(2)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as few:
        items = [item for source in deadlines.SOURCES for item in source(ids, today)]
    ids += caseload(4)
    with CaptureQueriesContext(connection) as many:
        more = [item for source in deadlines.SOURCES for item in source(ids, today)]
    assert len(more) == 3 * len(items)
    assert len(items) >= 6
    assert len(many) == len(few)
    assert today - timedelta(days=1) < max(item.due_on for item in more)


def test_the_path_page_takes_a_constant_number_of_queries(persons: Persons, verified_client: Login) -> None:
    from tests.paths.test_kuty import activation

    relationship = persons.open(Track.KUTY)
    http = verified_client(persons.social_worker)

    services.kuty_jobseeker_check_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={"checked_on": date(2026, 1, 2), "unemployed_since": date(2025, 6, 1)},
    )

    def add_period(number: int) -> None:
        made_on = date(2026, 1, 5) + timedelta(days=7 * number)
        plan = services.activation_plan_create(
            actor=persons.social_worker, relationship=relationship, data=activation(made_on)
        )
        services.activation_plan_confirm(actor=persons.social_worker, plan=plan, expected_revision=0)
        services.activation_plan_confirm(actor=persons.employment_expert, plan=plan, expected_revision=1)
        plan = services.activation_plan_accept(
            actor=persons.social_worker, plan=plan, accepted_on=made_on, how="in_person", expected_revision=2
        )
        services.kuty_decision_create(
            actor=persons.social_worker,
            relationship=relationship,
            activation_plan=plan,
            data={"decided_on": made_on, "starts_on": made_on, "ends_on": made_on + timedelta(days=400)},
        )
        services.kuty_section_create(
            actor=persons.social_worker,
            relationship=relationship,
            data=section(made_on),
            activation_plan=plan,
        )

    add_period(0)
    http.get(f"/polut/{relationship.code}/")  # warm the rule cache and the session
    with CaptureQueriesContext(connection) as one:
        assert http.get(f"/polut/{relationship.code}/").status_code == 200
    for number in (1, 2, 3):
        add_period(number)
    with CaptureQueriesContext(connection) as four:
        body = http.get(f"/polut/{relationship.code}/").content.decode()
    assert body.count("Jakso ") == 4
    assert len(four) == len(one)
