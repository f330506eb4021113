"""The mapping page (/arviot/<relationship>/) for each persona: allowed, forbidden (403), invisible (404)."""

import uuid
from collections.abc import Callable

from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import open_relationship
from tests.assessments.conftest import Team, events_after, last_event_id, record_action, record_assessment
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import Phase
from yhteispolku.organisations.models import Unit

HIDDEN = "ei näkyvissä sinulle"


def _url(team: Team) -> str:
    return reverse("assessments:mapping", kwargs={"relationship_code": team.relationship.code})


def _fill(team: Team) -> None:
    record_assessment(team, team.employment_expert, "employment", findings="Ammatillinen perustutkinto.")
    record_assessment(team, team.social_worker, "social", findings="Asuu perheen kanssa.")
    record_assessment(team, team.nurse, "health", findings="Toiminnanohjauksen haasteet.")
    record_action(team, team.social_worker, "health_check_referral", responsible=team.nurse)


def test_employment_expert_sees_the_mapping_without_the_health_assessment(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    _fill(team)

    response = signed_in(team.employment_expert).get(_url(team))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Monialainen kartoitus: Maija Meikäläinen" in body
    assert "Ammatillinen perustutkinto." in body
    assert "Asuu perheen kanssa." in body
    assert "Toiminnanohjauksen haasteet." not in body
    assert HIDDEN in body
    assert "Lähete työttömän terveystarkastukseen" in body


def test_nurse_sees_the_health_assessment(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    _fill(team)

    response = signed_in(team.nurse).get(_url(team))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Toiminnanohjauksen haasteet." in body
    assert HIDDEN not in body


def test_kela_advisor_sees_the_health_assessment_with_consent(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    _fill(team)

    body = signed_in(team.kela_advisor).get(_url(team)).content.decode()

    assert "Toiminnanohjauksen haasteet." in body


def test_page_reads_are_in_the_audit_log(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    _fill(team)
    browser = signed_in(team.employment_expert)
    before = last_event_id()

    browser.get(_url(team))

    events = events_after(before)
    assert {(e.category, e.object_type) for e in events} == {
        ("basic", "clients.client"),
        ("plan", "cases.clientrelationship"),
        ("employment", "assessments.sectorassessment"),
        ("social", "assessments.sectorassessment"),
        ("kela", "assessments.sectorassessment"),
        ("plan", "assessments.mappingaction"),
        ("plan", "assessments.mappingsummary"),
        # The client's own forms (none sent yet): the section's read is decided and logged all the same.
        ("plan", "cases.preinformation"),
        ("plan", "assessments.selfassessment"),
    }
    assert all(e.allowed and e.client_code == team.client.code for e in events)


def test_coordinator_sees_the_progress_but_no_sector_assessment(
    team: Team, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    _fill(team)

    response = signed_in(coordinator).get(_url(team))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kartoituksen tilanne" in body
    assert "Asuu perheen kanssa." not in body
    assert body.count(HIDDEN) == 4
    assert "Kirjaa arvio" not in body


def test_outsider_nurse_cannot_tell_the_relationship_exists(
    team: Team, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    before = last_event_id()

    response = signed_in(outsider_nurse).get(_url(team))

    assert response.status_code == 404
    assert "Meikäläinen" not in response.content.decode()
    [event] = events_after(before)
    assert (event.allowed, event.reason, event.client_code) == (False, "no_relation", team.client.code)


def test_unknown_relationship_is_not_found(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    response = signed_in(team.nurse).get(
        reverse("assessments:mapping", kwargs={"relationship_code": uuid.uuid4()})
    )

    assert response.status_code == 404


def test_intake_unit_may_not_open_the_mapping(
    team: Team, make_professional: Callable[..., User], signed_in: Callable[[User], HttpClient]
) -> None:
    pending = open_relationship(team.client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.REFERRAL)
    intake_expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")

    response = signed_in(intake_expert).get(
        reverse("assessments:mapping", kwargs={"relationship_code": pending.code})
    )

    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(team: Team) -> None:
    response = HttpClient().get(_url(team))

    assert response.status_code == 302
    assert "/tili/kirjaudu/" in response["Location"]
