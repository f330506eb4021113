"""The coach meetings of a Kela work trial counted against R-KELA-3's limit (seed 004: 15 meetings of 2 hours;
issue 14): recorded on the granted work trial's application, the 16th refused with a message naming the
rule, used and remaining shown on the page and in the API. Before, the limit was rule data nobody read."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.api.conftest import API, token_client
from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from yhteispolku.accounts.models import User
from yhteispolku.applications import services
from yhteispolku.applications.errors import CoachMeetingLimit, CoachMeetingNotApplicable
from yhteispolku.applications.models import Application, CoachMeeting

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


def granted_work_trial(team: Team, benefit: str = "kela_work_trial") -> Application:
    application = record_application(team, benefit=benefit, submitted_on=days_ago(90))
    return services.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=application.revision,
        decision="granted",
        decided_on=days_ago(60),
    )


def test_fifteen_meetings_are_recorded_and_the_sixteenth_is_refused_naming_the_rule(team: Team) -> None:
    trial = granted_work_trial(team)
    for day in range(15):
        services.coach_meeting_record(actor=team.kela_advisor, application=trial, met_on=days_ago(50 - day))
    with pytest.raises(CoachMeetingLimit) as error:
        services.coach_meeting_record(actor=team.kela_advisor, application=trial, met_on=days_ago(1))
    assert "R-KELA-3 v2025.1" in error.value.messages[0]
    assert "15" in error.value.messages[0]
    assert CoachMeeting.objects.filter(application=trial).count() == 15


def test_only_a_granted_work_trial_has_coach_meetings_and_not_before_its_decision(team: Team) -> None:
    taito = granted_work_trial(team, benefit="taito")
    with pytest.raises(CoachMeetingNotApplicable):
        services.coach_meeting_record(actor=team.kela_advisor, application=taito, met_on=days_ago(1))
    trial = granted_work_trial(team)
    with pytest.raises(CoachMeetingNotApplicable):
        services.coach_meeting_record(actor=team.kela_advisor, application=trial, met_on=days_ago(61))
    assert not CoachMeeting.objects.exists()


def test_the_page_shows_used_and_remaining_and_records_a_meeting(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    trial = granted_work_trial(team)
    browser = signed_in(team.kela_advisor)
    address = reverse(
        "applications:detail", kwargs={"code": team.client.code, "application_code": trial.code}
    )
    assert "Käytetty 0/15, jäljellä 15 (R-KELA-3 v2025.1)." in browser.get(address).content.decode()
    response = browser.post(
        reverse(
            "applications:coach_meeting_record",
            kwargs={"code": team.client.code, "application_code": trial.code},
        ),
        {"coach-met_on": str(days_ago(3)), "coach-note": "Työpaikalla"},
    )
    assert response.status_code == 302
    assert "Käytetty 1/15, jäljellä 14 (R-KELA-3 v2025.1)." in browser.get(address).content.decode()


def test_the_api_counts_meetings_and_answers_409_past_the_limit(
    team: Team, token_client: Callable[[User], HttpClient]
) -> None:
    trial = granted_work_trial(team)
    for day in range(14):
        services.coach_meeting_record(actor=team.kela_advisor, application=trial, met_on=days_ago(50 - day))
    kela = token_client(team.kela_advisor)
    url = f"{API}/applications/{team.client.code}/{trial.code}/coach-meetings"
    last = kela.post(url, {"met_on": str(days_ago(2))}, content_type="application/json")
    assert last.status_code == 201, last.content
    counted = last.json()["coach_meetings"]
    assert (counted["used"], counted["remaining"], counted["rule"]) == (15, 0, "R-KELA-3 v2025.1")
    refused = kela.post(url, {"met_on": str(days_ago(1))}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "coach_meeting_limit"
    assert "R-KELA-3" in refused.json()["message"]
    # The employment expert may not write Kela's data.
    assert token_client(team.employment_expert).post(
        url, {"met_on": str(days_ago(1))}, content_type="application/json"
    ).status_code in (403, 404)
