"""Maija's TYM team during the multi-sectoral mapping (seed 002), and professionals outside it.

The team: the worker pair (employment expert, social worker), the TYM nurse and Kela's TYM
work-ability advisor. Maija's consent lets the three authorities exchange every category for TYM work.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.assessments import services
from yhteispolku.assessments.models import MappingAction, SectorAssessment
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, TeamRole
from yhteispolku.clients.models import Client, Consent
from yhteispolku.organisations.models import Organisation, Unit


@dataclass
class Team:
    client: Client
    relationship: ClientRelationship
    consent: Consent
    employment_expert: User
    social_worker: User
    nurse: User
    kela_advisor: User
    employment_area: Organisation
    county: Organisation
    kela: Organisation


@pytest.fixture
def team(make_professional: Callable[..., User]) -> Team:
    employment_expert = make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym", first_name="Tiina"
    )
    social_worker = make_professional(
        "social_worker", "satakunta-wellbeing-county", "satakunta-wc-social", first_name="Sanna"
    )
    nurse = make_professional(
        "public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-social", first_name="Terhi"
    )
    kela_advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west", first_name="Kari")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"))
    join_team(relationship, employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    join_team(relationship, social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    join_team(relationship, nurse)
    join_team(relationship, kela_advisor)
    consent = give_consent(client, [employment_area, county, kela], employment_expert)
    return Team(
        client=client,
        relationship=relationship,
        consent=consent,
        employment_expert=employment_expert,
        social_worker=social_worker,
        nurse=nurse,
        kela_advisor=kela_advisor,
        employment_area=employment_area,
        county=county,
        kela=kela,
    )


@pytest.fixture
def outsider_nurse(make_professional: Callable[..., User]) -> User:
    """A public health nurse in another county, with no case for Maija."""
    return make_professional("public_health_nurse", "keusote", "keusote-health")


@pytest.fixture
def coordinator(make_professional: Callable[..., User]) -> User:
    """The TYM coordinator of Maija's responsible unit: sees the phase and deadlines, writes no assessment."""
    return make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym")


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def record_assessment(
    team: Team, author: User, sector: str, findings: str = "Havainnot."
) -> SectorAssessment:
    return services.assessment_record(
        actor=author,
        relationship=team.relationship,
        sector=sector,
        assessed_on=yesterday(),
        findings=findings,
        needs="Tarpeet.",
    )


def record_action(team: Team, actor: User, kind: str, responsible: User | None = None) -> MappingAction:
    return services.mapping_action_record(
        actor=actor,
        relationship=team.relationship,
        kind=kind,
        planned_on=yesterday(),
        responsible=responsible or actor,
    )


def latest_event() -> AccessEvent:
    return AccessEvent.objects.order_by("-id").first()  # type: ignore[return-value]


def events_after(event_id: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(id__gt=event_id).order_by("id"))


def last_event_id() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def signed_in(verified_client: Callable[[User], HttpClient]) -> Callable[[User], HttpClient]:
    return verified_client
