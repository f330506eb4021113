"""`yhteispolku demo`: the demo data loads twice without duplicates, and never outside demo mode."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django import Settings

from yhteispolku.accounts.models import Role, User
from yhteispolku.assessments.models import MappingAction
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    ClosureReason,
    OutcomeFollowUp,
    TeamMember,
    Track,
)
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.notices.models import NoticeAgreement
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.paths.models import ServicePlan
from yhteispolku.plans.models import Participation, Plan, PlanVersion
from yhteispolku.plans.selectors import has_plan_in_force
from yhteispolku.web.demo_data import DEMO_PASSWORD

MODELS = (
    User, Organisation, Unit, Client, Consent, ClientRelationship, TeamMember, JournalEntry, MappingAction,
    Plan, PlanVersion, Participation, NoticeAgreement,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_loading_the_demo_twice_gives_the_same_data() -> None:
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    # Six in web/demo_data.py (Sofia is served in Swedish); in paths/demo.py the youth one-stop client,
    # Kaisa on the KUTY track, Fatima routed after her integration period and Oskari, whose disability
    # work activity ended; in paths/demo_closures.py Jari, Veikko, Iida and Pirjo, whose tracks ended.
    assert first["Client"] == 14
    assert first["NoticeAgreement"] == 2


@pytest.mark.django_db
def test_the_demo_has_one_professional_of_every_role_with_the_documented_password() -> None:
    call_command("demo")
    professionals = User.objects.filter(role__isnull=False)
    assert set(professionals.values_list("role", flat=True)) == set(
        Role.objects.values_list("code", flat=True)
    )
    assert User.objects.get(username="sosiaalityontekija").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_maija_is_in_tym_work_with_a_plan_in_force_kuty_running_and_the_kela_consultation_done() -> None:
    call_command("demo")
    maija = Client.objects.get(first_names="Maija")
    relationship = ClientRelationship.objects.get(client=maija, track="tym")
    roles = set(relationship.team.values_list("team_role", flat=True))
    assert relationship.phase == "work"
    assert {"worker_pair_employment", "worker_pair_social"} <= roles
    assert has_plan_in_force(relationship)
    assert Participation.objects.filter(
        plan__relationship=relationship, service__service_type__is_kuty=True, status="attending"
    ).exists()
    assert MappingAction.objects.filter(
        relationship=relationship,
        kind="kela_consultation",
        done_on__isnull=False,
        medical_statement_needed=True,
    ).exists()
    assert maija.identity_code is not None
    assert 900 <= int(maija.identity_code[7:10]) <= 999
    assert maija.age_on(maija.birth_date.replace(year=2026, month=11, day=23)) == 27  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_demo_writes_no_access_log_entries() -> None:
    call_command("demo")
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_the_demo_is_refused_outside_demo_mode(settings: Settings) -> None:
    settings.DEMO_MODE = settings.TESTING = settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo")
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_every_track_has_a_demo_client_and_the_closures_are_shown() -> None:
    """Issue 14's demo: one client per track; a closed TYM relationship, a closed integration track and a
    closed disability work activity, each with its closing record and a handover."""
    call_command("demo")
    tracks = set(ClientRelationship.objects.values_list("track", flat=True))
    assert tracks == set(Track.values)
    oskari = ClientRelationship.objects.get(
        client__first_names="Oskari", track=Track.DISABILITY_WORK_ACTIVITY
    )
    assert oskari.phase == "closed"
    assert oskari.ended_on is not None
    assert oskari.ended_on < timezone.localdate()
    closure = Closure.objects.get(relationship=oskari)
    assert closure.reason == ClosureReason.PERIOD_ENDED
    assert closure.handover_track == Track.EMPLOYMENT_SERVICES
    assert OutcomeFollowUp.objects.filter(relationship=oskari).count() == 3
    assert ServicePlan.objects.filter(relationship=oskari).count() == 2
    closed_tracks = set(ClientRelationship.objects.filter(phase="closed").values_list("track", flat=True))
    assert {Track.TYM, Track.INTEGRATION, Track.DISABILITY_WORK_ACTIVITY} <= closed_tracks
