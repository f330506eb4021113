"""Applications, requests for additional information and decisions: who may write them, the dates
refused on either side of each boundary, and optimistic locking."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team, latest_event
from yhteispolku.applications import services
from yhteispolku.applications.errors import (
    AlreadyAnswered,
    AlreadyDecided,
    AnswerBeforeRequest,
    ChecklistCodeUnknown,
    DecisionBeforeSubmission,
    DetailsRequired,
    DueBeforeRequest,
    InvalidDate,
    PlacementNotApplicable,
    ReceiptBeforeDecision,
    RequestBeforeSubmission,
    StaleEdit,
)
from yhteispolku.applications.models import Application, InformationRequest


@pytest.mark.django_db
def test_kelas_advisor_records_a_kela_application_as_kela_data(team: Team) -> None:
    application = record_application(team)
    assert (application.category, application.helped_by) == ("kela", team.kela_advisor)
    assert (latest_event().category, latest_event().allowed) == ("kela", True)


@pytest.mark.django_db
def test_the_employment_expert_cannot_record_a_kela_application(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.application_record(
            actor=team.employment_expert, client=team.client, benefit="taito", submitted_on=days_ago(1)
        )
    assert not Application.objects.exists()
    assert (latest_event().category, latest_event().allowed) == ("kela", False)


@pytest.mark.django_db
def test_the_employment_expert_records_an_employment_benefit_with_its_details(team: Team) -> None:
    with pytest.raises(DetailsRequired):
        services.application_record(
            actor=team.employment_expert,
            client=team.client,
            benefit="other_employment",
            submitted_on=days_ago(1),
        )
    application = services.application_record(
        actor=team.employment_expert,
        client=team.client,
        benefit="other_employment",
        details="Palkkatuki",
        submitted_on=days_ago(1),
    )
    assert application.category == "employment"


@pytest.mark.django_db
def test_an_application_in_the_future_is_refused(team: Team) -> None:
    with pytest.raises(InvalidDate):
        record_application(team, submitted_on=days_ago(-1))


def decide(
    team: Team, application: Application, decided_on_days_ago: int, revision: int = 1, **extra: object
) -> Application:
    return services.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=revision,
        decision=extra.pop("decision", "granted"),  # type: ignore[arg-type]
        decided_on=days_ago(decided_on_days_ago),
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_a_decision_dated_before_the_submission_is_refused(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    with pytest.raises(DecisionBeforeSubmission) as refused:
        decide(team, application, 21)
    assert "R-KELA-4" in refused.value.messages[0]
    application.refresh_from_db()
    assert not application.is_decided


@pytest.mark.django_db
def test_a_decision_on_the_day_of_submission_is_accepted(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    decided = decide(team, application, 20)
    assert (decided.decision, decided.decided_on, decided.revision) == ("granted", days_ago(20), 2)


@pytest.mark.django_db
def test_a_second_decision_and_a_stale_edit_are_conflicts(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    stale = Application.objects.get(pk=application.pk)
    decide(team, application, 5)
    with pytest.raises(AlreadyDecided):
        decide(team, stale, 4)
    with pytest.raises(StaleEdit):
        services.application_update(
            actor=team.kela_advisor, application=stale, expected_revision=1, submitted_on=days_ago(19)
        )


@pytest.mark.django_db
def test_a_receipt_before_the_decision_is_refused(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    with pytest.raises(ReceiptBeforeDecision):
        decide(team, application, 5, decision_received_on=days_ago(6))
    assert decide(team, application, 5, decision_received_on=days_ago(5)).decision_received_on == days_ago(5)


@pytest.mark.django_db
def test_a_correction_cannot_move_the_submission_after_the_decision(team: Team) -> None:
    application = decide(team, record_application(team, submitted_on=days_ago(20)), 10)
    with pytest.raises(DecisionBeforeSubmission):
        services.application_update(
            actor=team.kela_advisor, application=application, expected_revision=2, submitted_on=days_ago(9)
        )
    updated = services.application_update(
        actor=team.kela_advisor, application=application, expected_revision=2, submitted_on=days_ago(10)
    )
    assert updated.submitted_on == days_ago(10)


def ask(team: Team, application: Application, requested: int, due: int) -> InformationRequest:
    return services.information_request_record(
        actor=team.kela_advisor,
        application=application,
        requested_on=days_ago(requested),
        due_on=days_ago(due),
        description="Selvitys työkokeilusta.",
    )


@pytest.mark.django_db
def test_an_information_request_has_its_own_due_date_after_the_request(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    with pytest.raises(RequestBeforeSubmission):
        ask(team, application, 21, 10)
    with pytest.raises(DueBeforeRequest):
        ask(team, application, 15, 16)
    assert ask(team, application, 20, 20).due_on == days_ago(20)


@pytest.mark.django_db
def test_an_answer_before_the_request_is_refused_and_on_the_day_accepted(team: Team) -> None:
    application = record_application(team, submitted_on=days_ago(20))
    request = ask(team, application, 15, 1)
    with pytest.raises(AnswerBeforeRequest) as refused:
        services.information_request_answer(
            actor=team.kela_advisor, information_request=request, answered_on=days_ago(16)
        )
    assert "R-KELA-4" in refused.value.messages[0]
    answered = services.information_request_answer(
        actor=team.kela_advisor, information_request=request, answered_on=days_ago(15)
    )
    assert answered.answered_on == days_ago(15)
    with pytest.raises(AlreadyAnswered):
        services.information_request_answer(
            actor=team.kela_advisor, information_request=request, answered_on=days_ago(14)
        )


@pytest.mark.django_db
def test_r_kela_3_the_placement_is_recorded_only_for_a_granted_work_trial(team: Team) -> None:
    taito = decide(team, record_application(team, "taito", days_ago(40)), 30)
    with pytest.raises(PlacementNotApplicable):
        services.application_update(
            actor=team.kela_advisor,
            application=taito,
            expected_revision=2,
            submitted_on=days_ago(40),
            placement_found_on=days_ago(10),
        )
    trial = decide(team, record_application(team, "kela_work_trial", days_ago(40)), 30)
    with pytest.raises(PlacementNotApplicable):
        services.application_update(
            actor=team.kela_advisor,
            application=trial,
            expected_revision=2,
            submitted_on=days_ago(40),
            placement_found_on=days_ago(31),
        )
    found = services.application_update(
        actor=team.kela_advisor,
        application=trial,
        expected_revision=2,
        submitted_on=days_ago(40),
        placement_found_on=days_ago(30),
    )
    assert found.placement_found_on == days_ago(30)


@pytest.mark.django_db
def test_the_checklist_takes_only_codes_of_the_rules_in_force(team: Team) -> None:
    with pytest.raises(ChecklistCodeUnknown):
        services.kela_check_record(
            actor=team.social_worker,
            client=team.client,
            checked_on=days_ago(1),
            indicators=["made_up"],
            criteria=[],
        )
    check = services.kela_check_record(
        actor=team.social_worker,
        client=team.client,
        checked_on=days_ago(1),
        indicators=["health_limitations", "health_limitations"],
        criteria=["partially_able_adult"],
    )
    assert (check.indicators, check.criteria) == (["health_limitations"], ["partially_able_adult"])
