"""Registering opens the registering unit's own track, never TYM: TYM starts from an accepted referral."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from yhteispolku.accounts.models import User
from yhteispolku.cases import registration
from yhteispolku.cases.models import ClientRelationship, Phase, PhaseTransition, TeamMember, Track
from yhteispolku.clients import hetu, services
from yhteispolku.clients.models import Client

DATA = {"first_names": "Testi", "last_name": "Asiakas", "mother_tongue": "fi", "service_language": "fi"}


@pytest.mark.parametrize(
    ("role", "organisation", "unit", "track"),
    [
        ("employment_expert", "satakunta-employment-area", "satakunta-ea-tym", Track.EMPLOYMENT_SERVICES),
        (
            "employment_expert",
            "satakunta-employment-area",
            "satakunta-ea-multisectoral",
            Track.EMPLOYMENT_SERVICES,
        ),
        ("social_worker", "satakunta-wellbeing-county", "satakunta-wc-tym", Track.WORK_ABILITY_SUPPORT),
        ("public_health_nurse", "keusote", "keusote-health", Track.WORK_ABILITY_SUPPORT),
        ("kela_work_ability_advisor", "kela", "kela-west", Track.WORK_ABILITY_SUPPORT),
    ],
)
def test_registering_opens_the_units_own_track_with_the_registrant_on_its_team(
    make_professional: Callable[..., User], role: str, organisation: str, unit: str, track: str
) -> None:
    actor = make_professional(role, organisation, unit)
    client = services.client_register(
        actor=actor, identity_code=hetu.compose(date(1990, 5, 17), 944), data=DATA
    )
    relationship = ClientRelationship.objects.get(client=client)
    assert (relationship.track, relationship.phase, relationship.responsible_unit) == (
        track,
        Phase.WORK,
        actor.unit,
    )
    assert TeamMember.objects.filter(relationship=relationship, user=actor, left_on__isnull=True).exists()
    assert PhaseTransition.objects.filter(
        relationship=relationship, from_phase="", to_phase=Phase.WORK, actor=actor
    ).exists()


def test_registering_in_a_tym_team_opens_no_tym_relationship(make_professional: Callable[..., User]) -> None:
    """R-TYM-1: a client enters TYM only through a referral the TYM team accepts."""
    actor = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    client = services.client_register(
        actor=actor, identity_code=hetu.compose(date(1990, 5, 17), 945), data=DATA
    )
    assert not ClientRelationship.objects.filter(client=client, track=Track.TYM).exists()


def test_a_steering_group_member_registers_no_clients(make_professional: Callable[..., User]) -> None:
    actor = make_professional("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym")
    with pytest.raises(PermissionDenied):
        services.client_register(actor=actor, identity_code=hetu.compose(date(1990, 5, 17), 946), data=DATA)
    assert not Client.objects.exists()


def test_an_organisation_kind_without_an_own_track_registers_nobody() -> None:
    assert registration.registration_track(None) is None
    assert set(registration.REGISTRATION_TRACKS.values()) & {Track.TYM} == set()
