"""The comparison of two versions names what changed: goals, services, tasks and the review date."""

from datetime import timedelta

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.plans import selectors, services

pytestmark = pytest.mark.django_db


def test_the_comparison_lists_added_removed_and_changed_services_tasks_goals_and_review(
    maija: MaijaCase,
) -> None:
    first = maija.in_force(
        maija.first_version(
            add_services=[maija.job_coaching(), maija.service("work-trial", maija.employment_area)],
            add_tasks=[{"description": "Hae B-lausunto"}],
        )
    )
    second = services.plan_version_create(
        actor=maija.employment_expert,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={
            "goals": "Koulutus",
            "next_review_on": maija.today + timedelta(days=30),
            "add_services": [maija.kuty()],
        },
    )
    services.agreed_service_update(
        actor=maija.employment_expert,
        service=second.services.get(service_type__code="job-coaching"),
        data=maija.job_coaching(intensity="1 tapaaminen viikossa"),
        expected_revision=0,
    )
    services.agreed_service_remove(
        actor=maija.employment_expert,
        service=second.services.get(service_type__code="work-trial"),
        expected_revision=1,
    )
    task = second.tasks.get()
    services.client_task_update(
        actor=maija.employment_expert,
        task=task,
        data={"description": "Hae B-lausunto", "done": True},
        expected_revision=2,
    )

    _access, old, new, diff = selectors.plan_versions_compare(
        actor=maija.social_worker, relationship_code=maija.relationship.code, a=1, b=2
    )

    assert (old.number, new.number) == (1, 2)
    assert diff.goals is not None
    assert (diff.goals.old, diff.goals.new) == ("Palkkatyö", "Koulutus")
    assert diff.next_review is not None
    assert diff.next_review.new == f"{(maija.today + timedelta(days=30)):%-d.%-m.%Y}"
    assert [s.service_type.code for s in diff.services_added] == ["rehabilitative-work-activity"]
    assert [s.service_type.code for s in diff.services_removed] == ["work-trial"]
    [changed] = diff.services_changed
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("Laajuus", "2 tapaamista viikossa", "1 tapaaminen viikossa")
    ]
    [task_change] = diff.tasks_changed
    assert [(c.label, c.old, c.new) for c in task_change.changes] == [("Tehty", "ei", "kyllä")]
    assert not diff.tasks_added
    assert not diff.tasks_removed


def test_two_identical_versions_have_no_differences(maija: MaijaCase) -> None:
    maija.first_version(add_services=[maija.job_coaching()])
    services.plan_version_create(
        actor=maija.employment_expert, relationship=maija.relationship, based_on_version_number=1, data={}
    )
    *_rest, diff = selectors.plan_versions_compare(
        actor=maija.employment_expert, relationship_code=maija.relationship.code, a=1, b=2
    )
    assert diff.is_empty
