"""Recording a mapping action and completing it through the pages."""

from collections.abc import Callable

from django.test import Client as HttpClient
from django.urls import reverse

from tests.assessments.conftest import Team, record_action, yesterday
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import MappingAction


def _record_url(team: Team) -> str:
    return reverse("assessments:action_record", kwargs={"relationship_code": team.relationship.code})


def _complete_url(team: Team, action: MappingAction) -> str:
    return reverse(
        "assessments:action_complete",
        kwargs={"relationship_code": team.relationship.code, "action_code": action.code},
    )


def test_the_action_form_offers_the_current_team(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    response = signed_in(team.social_worker).get(_record_url(team))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kirjaa kartoituksen toimenpide" in body
    assert "Terhi" in body
    assert "Kari" in body


def test_social_worker_records_the_health_check_referral(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.social_worker).post(
        _record_url(team),
        {
            "kind": "health_check_referral",
            "planned_on": yesterday().isoformat(),
            "responsible": team.nurse.pk,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Toimenpide on kirjattu." in response.content.decode()
    action = MappingAction.objects.get()
    assert (action.kind, action.responsible, action.planned_on) == (
        "health_check_referral",
        team.nurse,
        yesterday(),
    )


def test_a_responsible_outside_the_team_is_refused(
    team: Team, make_professional: Callable[..., User], signed_in: Callable[[User], HttpClient]
) -> None:
    stranger = make_professional("physician", "satakunta-wellbeing-county", "satakunta-wc-social")

    response = signed_in(team.social_worker).post(
        _record_url(team),
        {"kind": "health_check_referral", "planned_on": yesterday().isoformat(), "responsible": stranger.pk},
    )

    assert response.status_code == 400
    assert "Vastuuhenkilön on oltava asiakkaan tiimin nykyinen jäsen." in response.content.decode()
    assert not MappingAction.objects.exists()


def test_other_action_without_a_description_is_refused(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.social_worker).post(
        _record_url(team),
        {"kind": "other", "planned_on": yesterday().isoformat(), "responsible": team.social_worker.pk},
    )

    assert response.status_code == 400
    assert "Kuvaa toimenpide" in response.content.decode()


def test_kela_advisor_completes_the_consultation_with_a_b_statement_need(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    action = record_action(team, team.kela_advisor, "kela_consultation")
    browser = signed_in(team.kela_advisor)

    response = browser.post(
        _complete_url(team, action),
        {
            "done_on": yesterday().isoformat(),
            "outcome": "Todetaan lääkärinlausunnon tarve.",
            "medical_statement_needed": "on",
            "statement_type": "B",
            "version": 1,
        },
        follow=True,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Toimenpide on kirjattu tehdyksi." in body
    assert "B-lausunto (SV 7" in body
    action.refresh_from_db()
    assert (action.done_on, action.medical_statement_needed, action.statement_type) == (
        yesterday(),
        True,
        "B",
    )


def test_a_needed_statement_without_a_type_gets_a_message(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    action = record_action(team, team.kela_advisor, "kela_consultation")

    response = signed_in(team.kela_advisor).post(
        _complete_url(team, action),
        {
            "done_on": yesterday().isoformat(),
            "outcome": "Tarve.",
            "medical_statement_needed": "on",
            "version": 1,
        },
    )

    assert response.status_code == 400
    assert "Valitse tarvittavan lääkärinlausunnon tyyppi." in response.content.decode()
    action.refresh_from_db()
    assert action.done_on is None


def test_completing_twice_is_a_conflict(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    action = record_action(team, team.social_worker, "health_check_referral")
    browser = signed_in(team.social_worker)
    data = {"done_on": yesterday().isoformat(), "outcome": "Tarkastus tehty.", "version": 1}
    browser.post(_complete_url(team, action), data)

    response = browser.post(_complete_url(team, action), {**data, "outcome": "Uudestaan.", "version": 2})

    assert response.status_code == 409
    assert "Toimenpide on jo kirjattu tehdyksi." in response.content.decode()
    action.refresh_from_db()
    assert action.outcome == "Tarkastus tehty."


def test_coordinator_may_not_record_actions(
    team: Team, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(coordinator).get(_record_url(team))

    assert response.status_code == 403


def test_outsider_may_not_complete_an_action(
    team: Team, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    action = record_action(team, team.social_worker, "health_check_referral")

    response = signed_in(outsider_nurse).post(
        _complete_url(team, action), {"done_on": yesterday().isoformat(), "outcome": "x", "version": 1}
    )

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.done_on is None
