"""The applications pages for each persona: record, request, answer, decide, correct, checklist."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from yhteispolku.accounts.models import User
from yhteispolku.applications.models import Application, KelaCheck


def decision_data(decision: str, decided_days_ago: int, revision: int) -> dict[str, object]:
    return {
        "decision-decision": decision,
        "decision-decided_on": days_ago(decided_days_ago).isoformat(),
        "decision-revision": revision,
    }


def list_url(team: Team) -> str:
    return reverse("applications:list", kwargs={"code": team.client.code})


def detail_url(team: Team, application: Application, name: str = "applications:detail") -> str:
    return reverse(name, kwargs={"code": team.client.code, "application_code": application.code})


@pytest.mark.django_db
def test_the_team_sees_kela_applications_with_consent_and_an_outsider_gets_404(
    team: Team, outsider_nurse: User, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    record_application(team, "taito", submitted_on=days_ago(20))
    for user in (team.kela_advisor, team.employment_expert, team.social_worker, team.nurse):
        response = signed_in(user).get(list_url(team))
        assert response.status_code == 200
        assert "Taito-kuntoutus" in response.content.decode()
    assert signed_in(outsider_nurse).get(list_url(team)).status_code == 404
    response = signed_in(coordinator).get(list_url(team))
    assert response.status_code == 200
    assert "Taito-kuntoutus" not in response.content.decode()


@pytest.mark.django_db
def test_kelas_advisor_records_an_application_on_the_page(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(team.kela_advisor)
    url = reverse("applications:record", kwargs={"code": team.client.code})
    assert browser.get(url).status_code == 200
    response = browser.post(
        url, {"benefit": "akse", "submitted_on": days_ago(3).isoformat(), "helped_by": team.kela_advisor.pk}
    )
    assert response.status_code == 302
    assert Application.objects.get().benefit == "akse"


@pytest.mark.django_db
def test_the_employment_expert_is_refused_a_kela_application(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.employment_expert).post(
        reverse("applications:record", kwargs={"code": team.client.code}),
        {"benefit": "taito", "submitted_on": days_ago(3).isoformat()},
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_from_submission_to_decision_on_the_pages(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    application = record_application(team, "taito", submitted_on=days_ago(40))
    browser = signed_in(team.kela_advisor)
    page = browser.get(detail_url(team, application))
    assert page.status_code == 200
    assert "R-KELA-4 v2025.1" in page.content.decode()
    response = browser.post(
        detail_url(team, application, "applications:information_request_record"),
        {
            "requested_on": days_ago(30).isoformat(),
            "due_on": days_ago(20).isoformat(),
            "description": "Selvitys.",
        },
    )
    assert response.status_code == 302
    request = application.information_requests.get()
    answer = reverse(
        "applications:information_request_answer",
        kwargs={"code": team.client.code, "application_code": application.code, "request_code": request.code},
    )
    field = f"answer-{request.pk}-answered_on"
    refused = browser.post(answer, {field: days_ago(31).isoformat()})
    assert refused.status_code == 400
    assert "R-KELA-4" in refused.content.decode()
    assert browser.post(answer, {field: days_ago(25).isoformat()}).status_code == 302
    decide = detail_url(team, application, "applications:decide")
    before = browser.post(decide, decision_data("rejected", 41, 1))
    assert before.status_code == 400
    assert "ennen hakemuksen jättämistä" in before.content.decode()
    assert browser.post(decide, decision_data("rejected", 10, 1)).status_code == 302
    body = browser.get(detail_url(team, application)).content.decode()
    assert "R-APPEAL-1 v2004.1" in body
    again = browser.post(decide, decision_data("granted", 9, 2))
    assert again.status_code == 409


@pytest.mark.django_db
def test_a_stale_correction_is_a_conflict_on_the_page(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    application = record_application(team, "taito", submitted_on=days_ago(40))
    browser = signed_in(team.kela_advisor)
    data = {"submitted_on": days_ago(39).isoformat(), "revision": 1}
    assert browser.post(detail_url(team, application), data).status_code == 302
    stale = browser.post(detail_url(team, application), {**data, "submitted_on": days_ago(38).isoformat()})
    assert stale.status_code == 409
    application.refresh_from_db()
    assert application.submitted_on == days_ago(39)


@pytest.mark.django_db
def test_the_employment_expert_reads_but_does_not_decide(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    application = record_application(team, "taito", submitted_on=days_ago(40))
    browser = signed_in(team.employment_expert)
    page = browser.get(detail_url(team, application)).content.decode()
    assert "Kirjaa päätös" not in page
    response = browser.post(
        detail_url(team, application, "applications:decide"),
        decision_data("granted", 1, 1),
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_checklist_is_recorded_on_its_page(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    browser = signed_in(team.social_worker)
    url = reverse("applications:kela_check", kwargs={"code": team.client.code})
    form = browser.get(url).content.decode()
    assert "oppimisvaikeuksia" in form
    response = browser.post(
        url,
        {
            "checked_on": days_ago(0).isoformat(),
            "indicators": ["learning_difficulties"],
            "criteria": ["young_hard_to_employ"],
        },
    )
    assert response.status_code == 302
    assert KelaCheck.objects.get().indicators == ["learning_difficulties"]


@pytest.mark.django_db
def test_an_overdue_expected_decision_is_marked(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    record_application(team, "rehabilitation_allowance", submitted_on=days_ago(40))  # a month: passed
    record_application(team, "taito", submitted_on=days_ago(40))  # three months: not yet
    body = signed_in(team.kela_advisor).get(list_url(team)).content.decode()
    assert body.count("päätös myöhässä") == 1
