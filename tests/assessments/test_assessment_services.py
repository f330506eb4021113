"""Sector assessments: each sector assesses its own part, edits never overwrite a newer version."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from tests.access.conftest import join_team, open_relationship
from tests.assessments.conftest import Team, events_after, last_event_id, record_assessment, yesterday
from yhteispolku.access.policy import AccessDenied
from yhteispolku.accounts.models import User
from yhteispolku.assessments import services
from yhteispolku.assessments.errors import (
    InvalidDate,
    RelationshipNotOpen,
    SectorMismatch,
    StaleEdit,
    TextRequired,
)
from yhteispolku.assessments.models import SectorAssessment
from yhteispolku.cases.models import ClientRelationship, Phase
from yhteispolku.organisations.models import Unit


def test_social_worker_records_the_service_need_assessment(team: Team) -> None:
    before = last_event_id()

    assessment = record_assessment(team, team.social_worker, "social", findings="Asuu perheen kanssa.")

    assert assessment.sector == "social"
    assert assessment.category == "social"
    assert assessment.author == team.social_worker
    assert assessment.organisation == team.county
    assert assessment.version == 1
    [event] = events_after(before)
    assert (event.action, event.category, event.allowed) == ("create", "social", True)
    assert event.client_code == team.client.code
    assert event.object_type == "assessments.sectorassessment"


def test_employment_expert_cannot_record_the_health_assessment(team: Team) -> None:
    before = last_event_id()

    with pytest.raises(SectorMismatch) as raised:
        record_assessment(team, team.employment_expert, "health")

    assert raised.value.code == "sector_mismatch"
    assert "oman sektorisi arviota" in raised.value.message
    assert not SectorAssessment.objects.exists()
    [event] = events_after(before)
    assert (event.action, event.category, event.allowed, event.reason) == (
        "create",
        "health",
        False,
        "sector_mismatch",
    )


def test_kela_advisor_cannot_record_the_social_assessment(team: Team) -> None:
    with pytest.raises(SectorMismatch):
        record_assessment(team, team.kela_advisor, "social")
    assert not SectorAssessment.objects.exists()


def test_coordinator_has_no_sector_to_assess(team: Team, coordinator: User) -> None:
    with pytest.raises(SectorMismatch):
        record_assessment(team, coordinator, "employment")


def test_outsider_learns_nothing_about_the_relationship(team: Team, outsider_nurse: User) -> None:
    before = last_event_id()

    with pytest.raises(Http404):
        record_assessment(team, outsider_nurse, "health")

    [event] = events_after(before)
    assert (event.allowed, event.reason) == (False, "no_relation")


def test_assessment_date_cannot_be_in_the_future(team: Team) -> None:
    with pytest.raises(InvalidDate):
        services.assessment_record(
            actor=team.nurse,
            relationship=team.relationship,
            sector="health",
            assessed_on=timezone.localdate() + timedelta(days=1),
            findings="Havainnot.",
            needs="Tarpeet.",
        )
    assert not SectorAssessment.objects.exists()


def test_assessment_needs_findings_and_needs(team: Team) -> None:
    with pytest.raises(TextRequired):
        services.assessment_record(
            actor=team.nurse,
            relationship=team.relationship,
            sector="health",
            assessed_on=yesterday(),
            findings="   ",
            needs="Tarpeet.",
        )


def test_no_assessment_for_a_closed_relationship(team: Team) -> None:
    # The nurse still works with Maija on another track; the TYM relationship has ended.
    kuty = open_relationship(team.client, Unit.objects.get(slug="satakunta-ea-tym"))
    join_team(kuty, team.nurse)
    ClientRelationship.objects.filter(pk=team.relationship.pk).update(phase=Phase.CLOSED)
    team.relationship.refresh_from_db()

    with pytest.raises(RelationshipNotOpen) as raised:
        record_assessment(team, team.nurse, "health")

    assert raised.value.status == 409
    assert not SectorAssessment.objects.exists()


def test_the_team_of_an_ended_relationship_reads_it_but_records_no_assessment(team: Team) -> None:
    """Issue #11: a closed relationship stays readable to its team at closure, read-only."""
    ClientRelationship.objects.filter(pk=team.relationship.pk).update(phase=Phase.CLOSED)
    team.relationship.refresh_from_db()

    with pytest.raises(AccessDenied):
        record_assessment(team, team.nurse, "health")
    assert not SectorAssessment.objects.exists()


def test_assessment_update_raises_the_version(team: Team) -> None:
    assessment = record_assessment(team, team.nurse, "health")

    updated = services.assessment_update(
        actor=team.nurse,
        assessment=assessment,
        assessed_on=yesterday(),
        findings="Toiminnanohjauksen haasteet.",
        needs="Työkyvyn arvio.",
        expected_version=1,
    )

    assert updated.version == 2
    assert SectorAssessment.objects.get().findings == "Toiminnanohjauksen haasteet."


def test_stale_assessment_update_is_refused(team: Team) -> None:
    assessment = record_assessment(team, team.nurse, "health")
    services.assessment_update(
        actor=team.nurse,
        assessment=assessment,
        assessed_on=yesterday(),
        findings="Ensimmäinen muutos.",
        needs="Tarpeet.",
        expected_version=1,
    )

    with pytest.raises(StaleEdit) as raised:
        services.assessment_update(
            actor=team.nurse,
            assessment=assessment,
            assessed_on=yesterday(),
            findings="Vanhentunut muutos.",
            needs="Tarpeet.",
            expected_version=1,
        )

    assert raised.value.status == 409
    assert SectorAssessment.objects.get().findings == "Ensimmäinen muutos."


def test_another_sector_cannot_update_an_assessment(team: Team) -> None:
    assessment = record_assessment(team, team.social_worker, "social")

    with pytest.raises(SectorMismatch):
        services.assessment_update(
            actor=team.employment_expert,
            assessment=assessment,
            assessed_on=yesterday(),
            findings="Muutos.",
            needs="Tarpeet.",
            expected_version=1,
        )
    assert SectorAssessment.objects.get().version == 1


def test_same_sector_of_another_organisation_cannot_update(
    team: Team, make_professional: Callable[..., User]
) -> None:
    assessment = record_assessment(team, team.nurse, "health")
    other_county_nurse = make_professional("public_health_nurse", "keusote", "keusote-health")
    join_team(team.relationship, other_county_nurse)

    with pytest.raises(AccessDenied):
        services.assessment_update(
            actor=other_county_nurse,
            assessment=assessment,
            assessed_on=yesterday(),
            findings="Muutos.",
            needs="Tarpeet.",
            expected_version=1,
        )
