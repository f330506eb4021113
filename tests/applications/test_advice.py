"""R-KELA-1 and R-KELA-2 advice: the rule and version named, the facts used, only what the actor sees."""

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from tests.documents.conftest import record_document
from yhteispolku.accounts.models import User
from yhteispolku.applications import advice, selectors, services
from yhteispolku.documents.rules import b_statement_freshness


def advice_of(team: Team, actor: User) -> selectors.AdviceView:
    context = selectors.client_applications_get(actor=actor, code=team.client.code)
    shown, visible = selectors.applications_for(actor=actor, context=context)
    return selectors.advice_for(
        actor=actor, context=context, applications=shown, kela_visible="kela" in visible
    )


@pytest.mark.django_db
def test_r_kela_1_a_pending_rehabilitation_application_without_a_b_statement(team: Team) -> None:
    record_application(team, "taito")
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    assert result.recommended
    assert result.reference == "R-KELA-1 v2025.1"
    assert any("ilman tuoretta B-lausuntoa" in note for note in result.notes)
    assert result.suggest_statement_request
    assert ("Vireillä olevat Kelan ammatillisen kuntoutuksen hakemukset", "1") in [
        (fact.name, fact.value) for fact in result.facts
    ]


@pytest.mark.django_db
def test_r_kela_1_a_fresh_b_statement_satisfies_the_application(team: Team) -> None:
    record_application(team, "taito")
    record_document(team, team.nurse, "medical_statement_b", dated_on=days_ago(30))
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    assert result.recommended
    assert not result.notes
    assert any("tuore" in fact.value and "R-KELA-1" in fact.value for fact in result.facts)


@pytest.mark.django_db
def test_r_kela_1_boundary_of_the_b_statement_in_the_advice(team: Team) -> None:
    record_application(team, "taito", submitted_on=date(2026, 2, 1))
    record_document(team, team.nurse, "medical_statement_b", dated_on=date(2025, 3, 1))
    today = date(2026, 3, 1)
    fresh = b_statement_freshness(date(2025, 3, 1), today)
    stale = b_statement_freshness(date(2025, 3, 1), date(2026, 3, 2))
    common = {
        "indicators": [],
        "check_recorded_on": None,
        "health_visible": True,
        "rehabilitation_pending": 1,
    }
    assert not advice.cooperation_advice(today=today, b_statement=fresh, kela_visible=True, **common).notes  # type: ignore[arg-type]
    assert advice.cooperation_advice(
        today=date(2026, 3, 2), b_statement=stale, kela_visible=True, **common
    ).notes  # type: ignore[arg-type]


@pytest.mark.django_db
def test_r_kela_1_with_no_facts_advises_nothing(team: Team) -> None:
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    assert not result.recommended
    assert not result.notes


@pytest.mark.django_db
def test_r_kela_1_does_not_guess_the_b_statement_for_who_cannot_see_health(team: Team) -> None:
    record_application(team, "taito")
    record_document(team, team.nurse, "medical_statement_b", dated_on=days_ago(500))
    result = advice_of(team, team.employment_expert).cooperation
    assert result is not None
    assert not result.notes  # the stale statement is not revealed
    assert any("terveystiedot eivät näy sinulle" in fact.value for fact in result.facts)


@pytest.mark.django_db
def test_r_kela_2_recorded_criteria_advise_kela_vocational_rehabilitation(team: Team) -> None:
    assert not advice_of(team, team.social_worker).vocational.recommended  # type: ignore[union-attr]
    services.kela_check_record(
        actor=team.social_worker,
        client=team.client,
        checked_on=days_ago(1),
        indicators=["learning_difficulties"],
        criteria=["young_hard_to_employ"],
    )
    view = advice_of(team, team.social_worker)
    assert view.vocational is not None
    assert view.vocational.recommended
    assert view.vocational.reference == "R-KELA-2 v2025.1"
    assert any("työikäinen nuori" in fact.value for fact in view.vocational.facts)
    assert view.cooperation is not None
    assert view.cooperation.recommended


@pytest.mark.django_db
def test_a_coordinator_gets_no_advice(team: Team, coordinator: User) -> None:
    view = advice_of(team, coordinator)
    assert view.cooperation is None
    assert view.vocational is None


@pytest.mark.django_db
def test_the_applications_page_shows_the_advice_with_rule_and_facts(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    record_application(team, "taito")
    body = (
        signed_in(team.kela_advisor)
        .get(reverse("applications:list", kwargs={"code": team.client.code}))
        .content.decode()
    )
    assert "R-KELA-1 v2025.1" in body
    assert "R-KELA-2 v2025.1" in body
    assert "ilman tuoretta B-lausuntoa" in body
    assert reverse("documents:statement_request_create", kwargs={"code": team.client.code}) in body


@time_machine.travel(date(2026, 3, 2), tick=False)
@pytest.mark.django_db
def test_the_page_warns_the_day_after_the_b_statement_turned_stale(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    record_application(team, "taito", submitted_on=date(2026, 2, 20))
    record_document(team, team.nurse, "medical_statement_b", dated_on=date(2025, 3, 1))
    body = signed_in(team.nurse).get(reverse("applications:list", kwargs={"code": team.client.code}))
    assert "vanhentunut" in body.content.decode()
