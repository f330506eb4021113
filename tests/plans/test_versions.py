"""Plan versions are never overwritten: a change is a new version, a stale edit is refused (409)."""

from datetime import timedelta

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.cases.models import TeamMember, TeamRole, Track
from yhteispolku.plans import rules, services
from yhteispolku.plans.errors import InvalidPlanData, PlanNeedsWorkerPair, StaleVersion, VersionNotEditable
from yhteispolku.plans.models import AgreedService, ClientTask, Plan, PlanType, PlanVersion, VersionStatus

pytestmark = pytest.mark.django_db


def test_the_first_version_makes_a_multi_sectoral_plan_draft_with_a_review_in_three_months(
    maija: MaijaCase,
) -> None:
    version = maija.first_version(
        add_services=[maija.job_coaching()], add_tasks=[{"description": "Hae B-lausunto"}]
    )
    assert version.number == 1
    assert version.status == VersionStatus.DRAFT
    assert version.plan.plan_type == PlanType.MULTI_SECTORAL_PLAN == "07"
    assert version.next_review_on == rules.default_next_review(maija.today).on
    assert [s.service_type.name_fi for s in version.services.all()] == ["Työhönvalmennus"]
    assert [t.description for t in version.tasks.all()] == ["Hae B-lausunto"]


def test_a_new_version_copies_the_previous_one_and_leaves_it_unchanged(maija: MaijaCase) -> None:
    first = maija.in_force(
        maija.first_version(
            add_services=[maija.job_coaching()], add_tasks=[{"description": "Hae B-lausunto"}]
        )
    )
    second = services.plan_version_create(
        actor=maija.social_worker,
        relationship=maija.relationship,
        based_on_version_number=1,
        data={"goals": "Palkkatyö, kuntouttava työtoiminta ensin", "add_services": [maija.kuty()]},
    )
    services.agreed_service_update(
        actor=maija.employment_expert,
        service=second.services.get(service_type__code="job-coaching"),
        data=maija.job_coaching(intensity="3 tapaamista viikossa"),
        expected_revision=0,
    )
    assert second.number == 2
    assert second.based_on == first
    assert second.services.count() == 2
    assert second.tasks.count() == 1
    first.refresh_from_db()
    assert first.goals == "Palkkatyö"
    assert first.status == VersionStatus.IN_FORCE
    assert list(first.services.values_list("intensity", flat=True)) == ["2 tapaamista viikossa"]
    assert first.tasks.count() == 1


def test_a_version_saved_meanwhile_makes_the_stale_edit_a_conflict_and_saves_nothing(
    maija: MaijaCase,
) -> None:
    maija.first_version()
    services.plan_version_create(
        actor=maija.social_worker,
        relationship=maija.relationship,
        based_on_version_number=1,
        data={"goals": "B"},
    )
    with pytest.raises(StaleVersion) as caught:
        services.plan_version_create(
            actor=maija.employment_expert,
            relationship=maija.relationship,
            based_on_version_number=1,
            data={"goals": "C", "add_services": [maija.job_coaching()]},
        )
    assert caught.value.status == 409
    assert list(PlanVersion.objects.values_list("number", "goals")) == [(2, "B"), (1, "Palkkatyö")]
    assert not AgreedService.objects.exists()


def test_a_draft_changed_meanwhile_makes_the_stale_edit_a_conflict(maija: MaijaCase) -> None:
    version = maija.first_version()
    services.client_task_add(
        actor=maija.social_worker, version=version, data={"description": "A"}, expected_revision=0
    )
    with pytest.raises(StaleVersion):
        services.client_task_add(
            actor=maija.employment_expert, version=version, data={"description": "B"}, expected_revision=0
        )
    assert list(ClientTask.objects.values_list("description", flat=True)) == ["A"]


def test_a_service_ending_before_it_starts_is_refused(maija: MaijaCase) -> None:
    version = maija.first_version()
    with pytest.raises(InvalidPlanData) as caught:
        services.agreed_service_add(
            actor=maija.employment_expert,
            version=version,
            data=maija.job_coaching(ends_on=maija.today - timedelta(days=1)),
            expected_revision=0,
        )
    assert caught.value.message_dict["ends_on"] == [
        "Palvelun päättymispäivä ei voi olla ennen alkamispäivää."
    ]
    assert not AgreedService.objects.exists()
    version.refresh_from_db()
    assert version.revision == 0


def test_a_service_is_answered_for_by_its_organiser(maija: MaijaCase) -> None:
    with pytest.raises(InvalidPlanData) as caught:
        maija.first_version(add_services=[maija.kuty(responsible_organisation=maija.employment_area)])
    assert "responsible_organisation" in caught.value.message_dict
    assert not Plan.objects.exists()


def test_a_plan_needs_the_worker_pair_and_says_who_is_missing(maija: MaijaCase) -> None:
    TeamMember.objects.filter(relationship=maija.relationship, team_role=TeamRole.WORKER_PAIR_SOCIAL).delete()
    with pytest.raises(PlanNeedsWorkerPair) as caught:
        maija.first_version()
    assert caught.value.missing == ("social",)
    assert "sosiaalihuollon työntekijä" in caught.value.messages[0]
    assert not PlanVersion.objects.exists()


def test_a_worker_who_left_the_team_no_longer_counts_for_the_pair(maija: MaijaCase) -> None:
    TeamMember.objects.filter(relationship=maija.relationship, user=maija.employment_expert).update(
        left_on=maija.today
    )
    with pytest.raises(PlanNeedsWorkerPair) as caught:
        services.plan_version_create(
            actor=maija.social_worker, relationship=maija.relationship, based_on_version_number=0, data={}
        )
    assert caught.value.missing == ("employment",)


def test_the_review_may_come_earlier_but_not_later_than_six_months(maija: MaijaCase) -> None:
    early = maija.today + timedelta(days=30)
    assert maija.first_version(next_review_on=early).next_review_on == early
    with pytest.raises(InvalidPlanData) as caught:
        services.plan_version_create(
            actor=maija.employment_expert,
            relationship=maija.relationship,
            based_on_version_number=1,
            data={"next_review_on": rules.latest_next_review(maija.today) + timedelta(days=1)},
        )
    assert "R-TYM-4 v2015.1: " in caught.value.message_dict["next_review_on"][0]
    assert "6 kuukauden" in caught.value.message_dict["next_review_on"][0]


def test_a_confirmed_draft_keeps_its_content(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    services.commitment_confirm(
        actor=maija.employment_expert, version=version, organisation=maija.employment_area
    )
    with pytest.raises(VersionNotEditable):
        services.client_task_add(
            actor=maija.employment_expert, version=version, data={"description": "X"}, expected_revision=0
        )
    assert not ClientTask.objects.exists()


def test_a_draft_replaced_by_a_newer_version_can_no_longer_come_into_force(maija: MaijaCase) -> None:
    first = maija.first_version()
    services.plan_version_create(
        actor=maija.employment_expert, relationship=maija.relationship, based_on_version_number=1, data={}
    )
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    with pytest.raises(VersionNotEditable):
        services.plan_accept(
            actor=maija.social_worker, version=first, accepted_on=maija.today, how="in_person"
        )


def test_rehabilitative_work_activity_must_record_its_goal_duration_and_length(maija: MaijaCase) -> None:
    """R-KUTY-1: goal, description, place and support; daily and weekly duration; start and length."""
    with pytest.raises(InvalidPlanData) as caught:
        maija.first_version(add_services=[maija.kuty(description="", intensity="", ends_on=None)])
    assert caught.value.message_dict == {
        "description": [
            "Kirjaa kuntouttavan työtoiminnan tavoite, kuvaus ja paikka sekä annettava tuki ja ohjaus."
        ],
        "intensity": ["Kirjaa kuntouttavan työtoiminnan kesto päivässä ja viikossa."],
        "ends_on": ["Kirjaa kuntouttavan työtoiminnan kesto: anna päättymispäivä."],
    }
    assert not PlanVersion.objects.exists()


def test_a_kuty_relationship_makes_an_activation_plan(maija: MaijaCase) -> None:
    maija.relationship.track = Track.KUTY
    maija.relationship.save(update_fields=["track"])
    version = services.plan_version_create(
        actor=maija.social_worker, relationship=maija.relationship, based_on_version_number=0, data={}
    )
    assert version.plan.plan_type == PlanType.ACTIVATION_PLAN == "03"
