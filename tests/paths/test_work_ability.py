"""The work-ability support escalation (seed 003) reached from every track's page and the client's page,
with what happened at each step, and the referral onwards opening a work-ability support relationship."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import token_client  # noqa: F401 - the fixture
from tests.paths.conftest import Persons
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.collaboration import services
from yhteispolku.collaboration.errors import InvalidInput
from yhteispolku.collaboration.models import EscalationStep

pytestmark = pytest.mark.django_db

Login = Callable[[User], HttpClient]
API = "/api/v1"


def step_form(persons: Persons, **fields: str) -> dict[str, str]:
    data = {
        "step": "1",
        "on": "",
        "outcome": "Koordinaattori suositti työkyvyn arviota.",
        "result": "vocational_rehabilitation",
        "result_on": "",
        "referral_onwards": "none",
        "referral_details": "",
    }
    data.update(fields)
    return data


def test_the_escalation_is_reached_and_recorded_from_a_non_tym_tracks_page(
    persons: Persons, verified_client: Login
) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    http = verified_client(persons.social_worker)
    page = http.get(f"/polut/{relationship.code}/").content.decode()
    form_url = f"/verkostotyo/{relationship.code}/tyokyvyn-tuki/?paluu=polku"
    assert "Työkyvyn tuen polku" in page
    assert form_url.replace("&", "&amp;") in page
    day = relationship.started_on + timedelta(days=3)
    response = http.post(form_url, step_form(persons, on=str(day), result_on=str(day + timedelta(days=2))))
    assert response.status_code == 302
    assert response["Location"] == f"/polut/{relationship.code}/#work-ability"
    step = EscalationStep.objects.get(relationship=relationship)
    assert (step.result, step.result_on) == ("vocational_rehabilitation", day + timedelta(days=2))
    page = http.get(f"/polut/{relationship.code}/").content.decode()
    assert "ohjattu ammatilliseen kuntoutukseen" in page
    assert AccessEvent.objects.filter(
        actor=persons.social_worker, object_type="collaboration.escalationstep", action="create", allowed=True
    ).exists()


def test_the_coordinator_is_offered_no_escalation(persons: Persons, verified_client: Login) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    page = verified_client(persons.coordinator).get(f"/polut/{relationship.code}/").content.decode()
    assert "tyokyvyn-tuki" not in page
    assert "Työkyvyn tuen polku" not in page


def test_the_escalation_from_the_clients_page_refers_onwards_to_work_ability_support(
    persons: Persons, verified_client: Login
) -> None:
    relationship = persons.open(Track.EMPLOYMENT_SERVICES)
    http = verified_client(persons.social_worker)
    page = http.get(f"/asiakkaat/{persons.client.code}/").content.decode()
    form_url = f"/verkostotyo/{relationship.code}/tyokyvyn-tuki/?paluu=asiakas"
    assert form_url in page
    day = str(relationship.started_on + timedelta(days=1))
    response = http.post(
        form_url, step_form(persons, on=day, result="", referral_onwards="work_ability_support")
    )
    assert response["Location"] == f"/asiakkaat/{persons.client.code}/#work-ability"
    opened = ClientRelationship.objects.get(client=persons.client, track=Track.WORK_ABILITY_SUPPORT)
    assert opened.responsible_unit == persons.social_worker.unit
    step = EscalationStep.objects.get(relationship=relationship)
    assert step.opened_relationship == opened
    page = http.get(f"/asiakkaat/{persons.client.code}/").content.decode()
    assert f"/polut/{opened.code}/" in page
    assert "Koordinaattori suositti työkyvyn arviota." in page
    # The opening was authorised (and logged) by the paths app's relationship opening.
    assert AccessEvent.objects.filter(
        actor=persons.social_worker, object_type="cases.clientrelationship", action="create", allowed=True
    ).exists()


def test_a_second_referral_onwards_links_the_open_work_ability_relationship(persons: Persons) -> None:
    first = persons.open(Track.EMPLOYMENT_SERVICES)
    second = persons.open(Track.SOCIAL_REHABILITATION)
    day = first.started_on + timedelta(days=1)
    common = {"actor": persons.social_worker, "step": 1, "on": day, "outcome": "Ohjataan."}
    one = services.escalation_step_record(
        relationship=first, referral_onwards="work_ability_support", **common
    )
    two = services.escalation_step_record(
        relationship=second, referral_onwards="work_ability_support", **common
    )
    assert one.opened_relationship == two.opened_relationship
    assert ClientRelationship.objects.filter(track=Track.WORK_ABILITY_SUPPORT).count() == 1


def test_a_result_before_the_step_or_on_a_skipped_step_is_refused(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    day = relationship.started_on + timedelta(days=2)
    common = {"actor": persons.social_worker, "relationship": relationship, "step": 1, "on": day}
    with pytest.raises(InvalidInput) as refused:
        services.escalation_step_record(
            outcome="x", result="pension_assessment", result_on=day - timedelta(days=1), **common
        )
    assert "result_on" in refused.value.error_dict
    with pytest.raises(InvalidInput):
        services.escalation_step_record(
            skipped=True, skip_reason="Tavattu jo.", result="situation_clear", **common
        )
    with pytest.raises(InvalidInput):
        services.escalation_step_record(outcome="x", result="unknown", **common)
    assert not EscalationStep.objects.exists()
    step = services.escalation_step_record(outcome="x", result="occupational_health", **common)
    assert step.result_on == day


def test_the_api_records_a_step_on_a_non_tym_track(persons: Persons, token_client: Login) -> None:  # noqa: F811
    relationship = persons.open(Track.INTEGRATION)
    api = token_client(persons.social_worker)
    day = str(relationship.started_on + timedelta(days=1))
    response = api.post(
        f"{API}/collaboration/{relationship.code}/escalation-steps",
        {
            "step": 1,
            "on": day,
            "outcome": "Työterveyteen.",
            "result": "occupational_health",
            "referral_onwards": "work_ability_support",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    step = response.json()["escalation_steps"][0]
    assert (step["result"], step["result_on"]) == ("occupational_health", day)
    opened = ClientRelationship.objects.get(track=Track.WORK_ABILITY_SUPPORT)
    assert step["opened_relationship"] == str(opened.code)
