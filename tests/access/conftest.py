"""A client, Maija-like, and ways to place professionals in each relation to her (SPEC §5.1)."""

import itertools
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, TeamRole, Track
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import CONSENTABLE_CATEGORIES, Purpose
from yhteispolku.organisations.models import Organisation, Unit

_individual_numbers = itertools.cycle(range(900, 1000))
_birth_days = itertools.count()


def new_client(
    recorded_by: Organisation, first_names: str = "Maija", last_name: str = "Meikäläinen"
) -> Client:
    birth = date(1999, 1, 1) + timedelta(days=next(_birth_days))
    client = Client(recorded_by=recorded_by, first_names=first_names, last_name=last_name, is_demo=True)
    client.set_identity_code(hetu.compose(birth, next(_individual_numbers)), allow_temporary=True)
    client.save()
    return client


def open_relationship(client: Client, unit: Unit, phase: str = Phase.MAPPING) -> ClientRelationship:
    return ClientRelationship.objects.create(
        client=client,
        track=Track.TYM,
        responsible_organisation=unit.organisation,
        responsible_unit=unit,
        phase=phase,
        started_on=timezone.localdate() - timedelta(days=30),
    )


def join_team(relationship: ClientRelationship, user: User, team_role: str = TeamRole.MEMBER) -> TeamMember:
    return TeamMember.objects.create(
        relationship=relationship, user=user, team_role=team_role, joined_on=relationship.started_on
    )


def give_consent(
    client: Client,
    organisations: list[Organisation],
    recorded_by: User,
    categories: list[str] | None = None,
    purpose: str = Purpose.TYM_JOINT_WORK,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Consent:
    today = timezone.localdate()
    consent = Consent.objects.create(
        client=client,
        purpose=purpose,
        categories=categories or [c.value for c in CONSENTABLE_CATEGORIES],
        given_how=Consent.GivenHow.WRITTEN,
        given_on=valid_from or today,
        valid_from=valid_from or today - timedelta(days=30),
        valid_until=valid_until,
        recorded_by=recorded_by,
    )
    consent.organisations.set(organisations)
    return consent


@pytest.fixture
def make_client(db: None) -> Callable[..., Client]:
    return new_client
