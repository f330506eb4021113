"""R-KELA-1 and R-KELA-2 advice: the rule and version named, the facts used, only what the actor sees."""

from collections.abc import Callable
from datetime import date, timedelta

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
from yhteispolku.rules import engine


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
    # Dated 1.3.2025: fresh for an application submitted on 1.3.2026 (12 months exactly), stale for one
    # submitted on 2.3.2026, whatever day the advice is given.
    fresh_today = b_statement_freshness(date(2025, 3, 1), date(2026, 3, 1))
    stale_today = b_statement_freshness(date(2025, 3, 1), date(2026, 9, 1))
    common = {"indicators": [], "check_recorded_on": None, "health_visible": True, "kela_visible": True}
    for viewed_on, statement in ((date(2026, 3, 1), fresh_today), (date(2026, 9, 1), stale_today)):
        assert not advice.cooperation_advice(
            today=viewed_on, b_statement=statement, rehabilitation_submitted_on=[date(2026, 3, 1)], **common
        ).notes  # type: ignore[arg-type]
    assert advice.cooperation_advice(
        today=date(2026, 3, 2),
        b_statement=b_statement_freshness(date(2025, 3, 1), date(2026, 3, 2)),
        rehabilitation_submitted_on=[date(2026, 3, 2)],
        **common,  # type: ignore[arg-type]
    ).notes


def year_before(day: date) -> date:
    return engine.add_months(day, -12)


@pytest.mark.django_db
def test_r_kela_1_judges_the_b_statement_on_the_day_the_application_was_submitted(team: Team) -> None:
    submitted_on = days_ago(20)
    # 12 months old exactly on the day the application was submitted: fresh then, stale today.
    record_document(team, team.nurse, "medical_statement_b", dated_on=year_before(submitted_on))
    record_application(team, "taito", submitted_on=submitted_on)
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    assert not result.notes
    facts = {fact.name: fact.value for fact in result.facts}
    assert facts["B-lausunto"].startswith(
        f"päivätty {advice.finnish_date(year_before(submitted_on))}, vanhentunut"
    )
    assert facts["B-lausunto hakemuksen jättöpäivänä"] == f"{advice.finnish_date(submitted_on)}: tuore"


@pytest.mark.django_db
def test_r_kela_1_an_application_submitted_a_day_later_lacks_a_fresh_b_statement(team: Team) -> None:
    submitted_on = days_ago(20)
    record_document(
        team, team.nurse, "medical_statement_b", dated_on=year_before(submitted_on) - timedelta(days=1)
    )
    record_application(team, "taito", submitted_on=submitted_on)
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    assert any("ilman tuoretta B-lausuntoa" in note for note in result.notes)
    assert {fact.name: fact.value for fact in result.facts}["B-lausunto hakemuksen jättöpäivänä"] == (
        f"{advice.finnish_date(submitted_on)}: vanhentunut"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("days_older", "state"), [(0, "tuore"), (1, "vanhentunut")])
def test_r_kela_1_without_a_pending_application_judges_the_b_statement_today(
    team: Team, days_older: int, state: str
) -> None:
    dated_on = year_before(days_ago(0)) - timedelta(days=days_older)
    record_document(team, team.nurse, "medical_statement_b", dated_on=dated_on)
    result = advice_of(team, team.kela_advisor).cooperation
    assert result is not None
    facts = {fact.name: fact.value for fact in result.facts}
    assert facts["B-lausunto"].startswith(f"päivätty {advice.finnish_date(dated_on)}, {state} ")
    assert "B-lausunto hakemuksen jättöpäivänä" not in facts


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
