"""`yhteispolku demo`: the demo data loads twice without duplicates, and never outside demo mode."""

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from yhteispolku.accounts.models import Role, User
from yhteispolku.assessments.models import MappingAction
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, TeamMember
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.notices.models import NoticeAgreement
from yhteispolku.organisations.models import Organisation, Unit
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
    # Kaisa on the KUTY track and Fatima routed after her integration period.
    assert first["Client"] == 9
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
