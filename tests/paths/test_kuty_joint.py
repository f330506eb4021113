"""KUTY as the two authorities' joint work (issue 14): the employment authority on the KUTY team, the
activation plan in force only when both have confirmed it and the client has accepted it, the KUTY
decision on a registered jobseeker, periods within a decision, the effects assessment and the KUTY site."""

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team
from tests.paths.conftest import Persons
from tests.paths.test_kuty import section
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.organisations.models import Unit
from yhteispolku.paths import deadlines, rules, services
from yhteispolku.paths.errors import AlreadyRecorded, InvalidPathData
from yhteispolku.paths.models import (
    ActivationBasis,
    ActivationPlan,
    EffectsOutcome,
    JobseekerRegistration,
    KutyAttendance,
    KutyDecision,
    KutyEffectsAssessment,
    KutySection,
)
from yhteispolku.paths.site import KUTY_ATTENDANCE_OBJECT_TYPE

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_today() -> Iterator[None]:
    """Every test runs at midday of TODAY (taken when the module was imported): a run crossing midnight
    would otherwise see the services' own day move past it."""
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(12))), tick=False):
        yield


def activation_data(made_on: date) -> dict[str, Any]:
    return {"made_on": made_on, "basis": ActivationBasis.SOCIAL_ASSISTANCE, "goals": "Arjen rytmi."}


def plan_confirmed_by_both(persons: Persons, relationship: ClientRelationship) -> ActivationPlan:
    made_on = TODAY - timedelta(days=20)
    plan = services.activation_plan_create(
        actor=persons.social_worker, relationship=relationship, data=activation_data(made_on)
    )
    services.activation_plan_confirm(actor=persons.social_worker, plan=plan, expected_revision=0)
    return services.activation_plan_confirm(actor=persons.employment_expert, plan=plan, expected_revision=1)


def plan_in_force(persons: Persons, relationship: ClientRelationship) -> ActivationPlan:
    plan = plan_confirmed_by_both(persons, relationship)
    return services.activation_plan_accept(
        actor=persons.social_worker,
        plan=plan,
        accepted_on=TODAY - timedelta(days=15),
        how="in_person",
        expected_revision=plan.revision,
    )


def registered(persons: Persons, relationship: ClientRelationship) -> None:
    services.kuty_jobseeker_check_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data={"checked_on": TODAY - timedelta(days=14), "unemployed_since": date(2024, 5, 1)},
    )


def decided(persons: Persons, relationship: ClientRelationship, plan: ActivationPlan) -> KutyDecision:
    return services.kuty_decision_create(
        actor=persons.social_worker,
        relationship=relationship,
        activation_plan=plan,
        data={
            "decided_on": TODAY - timedelta(days=12),
            "starts_on": TODAY - timedelta(days=10),
            "ends_on": TODAY + timedelta(days=400),
        },
    )


def social_workers_kuty(persons: Persons) -> ClientRelationship:
    """A KUTY relationship the social worker opened at her unit: she alone is on its team."""
    unit = Unit.objects.get(slug="satakunta-wc-social")
    relationship = ClientRelationship.objects.create(
        client=persons.client,
        track=Track.KUTY,
        responsible_organisation=unit.organisation,
        responsible_unit=unit,
        phase=Phase.WORK,
        started_on=TODAY - timedelta(days=30),
    )
    join_team(relationship, persons.social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    return relationship


def period(starts_on: date, **changes: Any) -> dict[str, Any]:
    return section(starts_on, effects_assessed_by=starts_on + timedelta(days=80), **changes)


def test_the_social_worker_adds_the_employment_expert_who_then_opens_the_kuty_track_and_confirms(
    persons: Persons, verified_client: Callable[[User], HttpClient]
) -> None:
    relationship = social_workers_kuty(persons)
    page = reverse("paths:detail", kwargs={"relationship_code": relationship.code})
    expert = verified_client(persons.employment_expert)
    assert expert.get(page).status_code == 404
    social = verified_client(persons.social_worker)
    team = reverse("paths:team", kwargs={"relationship_code": relationship.code})
    assert team in social.get(page).content.decode()
    added = social.post(
        team, {"user": persons.employment_expert.pk, "team_role": TeamRole.WORKER_PAIR_EMPLOYMENT}
    )
    assert added.status_code == 302
    plan = services.activation_plan_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=activation_data(TODAY - timedelta(days=3)),
    )
    shown = expert.get(page)
    assert shown.status_code == 200
    confirm = reverse(
        "paths:activation_confirm", kwargs={"relationship_code": relationship.code, "plan_code": plan.code}
    )
    assert confirm in shown.content.decode()
    assert expert.post(confirm, {"revision": 0}).status_code == 302
    plan.refresh_from_db()
    assert plan.employment_confirmed_by == persons.employment_expert
    # Someone outside the team still gets nothing.
    assert verified_client(persons.outsider).get(page).status_code == 404


def test_the_plan_is_in_force_only_with_both_confirmations_and_the_clients_acceptance(
    persons: Persons,
) -> None:
    relationship = persons.open(Track.KUTY)
    plan = plan_confirmed_by_both(persons, relationship)
    assert not plan.in_force
    with pytest.raises(InvalidPathData) as refused:
        services.activation_plan_accept(
            actor=persons.social_worker,
            plan=plan,
            accepted_on=TODAY + timedelta(days=1),
            how="in_person",
            expected_revision=plan.revision,
        )
    assert "accepted_on" in refused.value.message_dict
    plan = services.activation_plan_accept(
        actor=persons.employment_expert,
        plan=plan,
        accepted_on=TODAY,
        how="on_paper",
        expected_revision=plan.revision,
    )
    assert plan.in_force
    assert (plan.client_acceptance_how, plan.client_acceptance_recorded_by) == (
        "on_paper",
        persons.employment_expert,
    )
    with pytest.raises(AlreadyRecorded):
        services.activation_plan_accept(
            actor=persons.social_worker,
            plan=plan,
            accepted_on=TODAY,
            how="in_person",
            expected_revision=plan.revision,
        )


def test_a_period_is_not_saved_on_an_activation_plan_not_in_force(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    made_on = TODAY - timedelta(days=5)
    plan = services.activation_plan_create(
        actor=persons.social_worker, relationship=relationship, data=activation_data(made_on)
    )
    with pytest.raises(InvalidPathData) as refused:
        services.kuty_section_create(
            actor=persons.social_worker, relationship=relationship, data=period(TODAY), activation_plan=plan
        )
    assert refused.value.message_dict["plan"][0].startswith("R-KUTY-2")
    assert not KutySection.objects.filter(relationship=relationship).exists()


def test_the_decision_needs_the_plan_in_force_and_a_registered_jobseeker(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    plan = plan_confirmed_by_both(persons, relationship)
    data = {"decided_on": TODAY, "starts_on": TODAY, "ends_on": TODAY + timedelta(days=200)}
    with pytest.raises(InvalidPathData) as refused:
        services.kuty_decision_create(
            actor=persons.social_worker, relationship=relationship, activation_plan=plan, data=data
        )
    messages = refused.value.message_dict
    assert messages["activation_plan"][0].startswith("R-KUTY-2")
    assert messages["decided_on"][0].startswith("R-UNEMP-1")
    plan = services.activation_plan_accept(
        actor=persons.social_worker,
        plan=plan,
        accepted_on=TODAY,
        how="in_person",
        expected_revision=plan.revision,
    )
    with pytest.raises(InvalidPathData) as refused:
        services.kuty_decision_create(
            actor=persons.social_worker, relationship=relationship, activation_plan=plan, data=data
        )
    assert list(refused.value.message_dict) == ["decided_on"]
    assert not KutyDecision.objects.exists()
    # The registration on her employment-services relationship is enough, as is a check on the track.
    employment = persons.open(Track.EMPLOYMENT_SERVICES)
    JobseekerRegistration.objects.create(
        relationship=employment,
        registered_on=TODAY - timedelta(days=40),
        recorded_by=persons.employment_expert,
    )
    decision = services.kuty_decision_create(
        actor=persons.social_worker, relationship=relationship, activation_plan=plan, data=data
    )
    assert decision.activation_plan == plan


def test_the_employment_expert_records_the_jobseeker_check_the_social_worker_decides(
    persons: Persons,
) -> None:
    relationship = persons.open(Track.KUTY)
    with pytest.raises(InvalidPathData):
        services.kuty_jobseeker_check_record(
            actor=persons.employment_expert,
            relationship=relationship,
            data={"checked_on": TODAY, "unemployed_since": TODAY + timedelta(days=1)},
        )
    registered(persons, relationship)
    assert services.kuty_jobseeker_on(relationship, TODAY)
    plan = plan_in_force(persons, relationship)
    assert decided(persons, relationship, plan).created_by == persons.social_worker


def test_a_period_falls_within_a_decision(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    plan = plan_in_force(persons, relationship)
    registered(persons, relationship)
    decision = decided(persons, relationship, plan)
    start = TODAY - timedelta(days=7)
    with pytest.raises(InvalidPathData) as refused:
        services.kuty_section_create(
            actor=persons.social_worker,
            relationship=relationship,
            data=period(TODAY - timedelta(days=30)),
            activation_plan=plan,
        )
    assert refused.value.message_dict["plan"][0].startswith("R-KUTY-2")
    made = services.kuty_section_create(
        actor=persons.social_worker, relationship=relationship, data=period(start), activation_plan=plan
    )
    assert made.decision == decision


def kuty_under_way(persons: Persons, provider: Any = None) -> KutySection:
    relationship = persons.open(Track.KUTY)
    plan = plan_in_force(persons, relationship)
    registered(persons, relationship)
    decided(persons, relationship, plan)
    return services.kuty_section_create(
        actor=persons.social_worker,
        relationship=relationship,
        data=period(TODAY - timedelta(days=7), provider=provider),
        activation_plan=plan,
    )


def test_the_effects_assessment_continues_with_the_next_period_and_leaves_the_worklist(
    persons: Persons,
) -> None:
    first = kuty_under_way(persons)
    relationship_ids = [first.relationship_id]
    kinds = {item.kind for item in deadlines.kuty_items(relationship_ids, TODAY)}
    assert "kuty_effects_assessment" in kinds
    with pytest.raises(InvalidPathData):
        # The next period is 3 months at least (R-KUTY-2): nothing is saved, not even the assessment.
        services.kuty_effects_assess(
            actor=persons.social_worker,
            section=first,
            data={
                "assessed_on": TODAY,
                "effects": "Rytmi vakiintunut.",
                "outcome": EffectsOutcome.CONTINUES,
                "next_ends_on": first.ends_on + timedelta(days=30),
                "next_effects_assessed_by": first.ends_on + timedelta(days=20),
            },
        )
    assert not KutyEffectsAssessment.objects.exists()
    next_start = first.ends_on + timedelta(days=1)
    assessment = services.kuty_effects_assess(
        actor=persons.social_worker,
        section=first,
        data={
            "assessed_on": TODAY,
            "effects": "Rytmi vakiintunut.",
            "outcome": EffectsOutcome.CONTINUES,
            "next_ends_on": rules.period_last_day(next_start, 3),
            "next_effects_assessed_by": next_start + timedelta(days=60),
        },
    )
    following = assessment.next_section
    assert following is not None
    assert (following.continues, following.starts_on) == (first, next_start)
    assert following.goal == first.goal
    assessed_items = [
        item
        for item in deadlines.kuty_items(relationship_ids, TODAY)
        if item.kind == "kuty_effects_assessment"
    ]
    assert [item.due_on for item in assessed_items] == [
        deadlines.engine.next_working_day(following.effects_assessed_by)
    ]


def test_the_kuty_site_sees_only_its_assignment_and_records_attendance(
    persons: Persons, make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    site_worker = make_professional("service_provider", "demo-valmennus", "demo-valmennus-tyohonvalmennus")
    other_site = make_professional("service_provider", "toinen-valmennus", "toinen-valmennus-tyo")
    first = kuty_under_way(persons, provider=site_worker.organisation)
    own = verified_client(site_worker)
    listed = own.get(reverse("paths:site"))
    assert persons.client.full_name in listed.content.decode()
    page = reverse("paths:site_section", kwargs={"section_code": first.code})
    shown = own.get(page).content.decode()
    assert first.goal in shown
    assert first.other_services not in shown
    refused = own.post(page, {"form": "attendance", "day": TODAY.isoformat(), "present": "0"})
    assert refused.status_code == 400
    assert not KutyAttendance.objects.exists()
    saved = own.post(
        page, {"form": "attendance", "day": TODAY.isoformat(), "present": "0", "absence_reason": "Sairas"}
    )
    assert saved.status_code == 302
    assert KutyAttendance.objects.get().absence_reason == "Sairas"
    assert (
        own.post(page, {"form": "feedback", "given_on": TODAY.isoformat(), "text": "Hyvin."}).status_code
        == 302
    )
    assert AccessEvent.objects.filter(
        actor=site_worker, object_type=KUTY_ATTENDANCE_OBJECT_TYPE, allowed=True
    ).exists()
    # Another site and the rest of the client's data are out of reach.
    assert verified_client(other_site).get(page).status_code == 404
    detail = reverse("paths:detail", kwargs={"relationship_code": first.relationship.code})
    assert own.get(detail).status_code in (403, 404)
    social_page = verified_client(persons.social_worker).get(detail).content.decode()
    assert "Sairas" in social_page
    assert "Hyvin." in social_page
