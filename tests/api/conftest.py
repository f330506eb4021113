"""Personas around one client, Maija, and HTTP clients that call the API as them.

`token_client(user)` sends a bearer token made the way the profile page makes it; `verified_client`
(tests/conftest.py) is a browser session past TOTP.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.accounts.tokens import api_token_create
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, TeamMember, TeamRole, Track
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.organisations.models import Organisation, Unit

API = "/api/v1"


@dataclass
class Maija:
    client: Client
    consent: Consent
    expert: User  # the employment half of her worker pair, in the organisation that registered her
    social_worker: User  # the social half, another organisation
    outsider: User  # a nurse in another county, with no relation to her
    dpo: User  # the data-protection officer

    @property
    def url(self) -> str:
        return f"{API}/clients/{self.client.code}"


@pytest.fixture
def maija(make_professional: Callable[..., User]) -> Maija:
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    social_worker = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    dpo = make_professional("data_protection_officer", "satakunta-employment-area", "satakunta-ea-tym")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"))
    join_team(relationship, expert)
    join_team(relationship, social_worker)
    consent = give_consent(client, [employment_area], expert)
    JournalEntry.objects.create(
        client=client,
        category="employment",
        text="Osaamiskartoitus tehty.",
        author=expert,
        organisation=employment_area,
    )
    return Maija(client, consent, expert, social_worker, outsider, dpo)


@pytest.fixture
def token_client(db: None) -> Callable[[User], HttpClient]:
    def make(user: User) -> HttpClient:
        _token, raw = api_token_create(user=user, name="testi")
        return HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


def last_event_id() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(before: int, client: Client) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(id__gt=before, client_code=client.code).order_by("id"))


def with_worker_pair(maija: Maija) -> ClientRelationship:
    """Maija's relationship with her expert and social worker named as the worker pair (R-TYM-3)."""
    relationship = ClientRelationship.objects.get(client=maija.client)
    TeamMember.objects.filter(relationship=relationship, user=maija.expert).update(
        team_role=TeamRole.WORKER_PAIR_EMPLOYMENT
    )
    TeamMember.objects.filter(relationship=relationship, user=maija.social_worker).update(
        team_role=TeamRole.WORKER_PAIR_SOCIAL
    )
    return relationship


def employment_services_client(unit_slug: str, professional: User, **names: str) -> Client:
    """A client a month into employment services in a unit, with the professional on that team."""
    unit = Unit.objects.get(slug=unit_slug)
    client = new_client(unit.organisation, **names)
    relationship = ClientRelationship.objects.create(
        client=client,
        track=Track.EMPLOYMENT_SERVICES,
        responsible_organisation=unit.organisation,
        responsible_unit=unit,
        phase="work",
        started_on=timezone.localdate() - timedelta(days=30),
    )
    join_team(relationship, professional, TeamRole.WORKER_PAIR_EMPLOYMENT)
    return client
