"""Personas around a TYM referral: the referrer, the receiving TYM team, its coordinator, outsiders."""

from collections.abc import Callable

import pytest

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.cases import services
from yhteispolku.cases.models import ClientRelationship, Referral, TeamRole, Track
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit

CRITERIA_MET = {
    "work_capacity_limitations": True,
    "life_management_problems": False,
    "needs_multisectoral_support": True,
    "public_services_suffice": False,
    "need_not_long_or_intensive": False,
}


@pytest.fixture
def employment_area(db: None) -> Organisation:
    return Organisation.objects.get(slug="satakunta-employment-area")


@pytest.fixture
def tym_unit(db: None) -> Unit:
    return Unit.objects.get(slug="satakunta-ea-tym")


@pytest.fixture
def referrer(make_professional: Callable[..., User]) -> User:
    """An employment expert of the multisectoral services who works with the client."""
    return make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-multisectoral", first_name="Raili"
    )


@pytest.fixture
def tym_expert(make_professional: Callable[..., User]) -> User:
    """An employment expert of the receiving TYM team (intake while the referral is pending)."""
    return make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym", first_name="Tiina"
    )


@pytest.fixture
def tym_social_worker(make_professional: Callable[..., User]) -> User:
    return make_professional(
        "social_worker", "satakunta-wellbeing-county", "satakunta-wc-tym", first_name="Sanna"
    )


@pytest.fixture
def coordinator(make_professional: Callable[..., User]) -> User:
    return make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym")


@pytest.fixture
def kela_advisor(make_professional: Callable[..., User]) -> User:
    return make_professional("kela_work_ability_advisor", "kela", "kela-west", first_name="Kari")


@pytest.fixture
def outsider(make_professional: Callable[..., User]) -> User:
    return make_professional("public_health_nurse", "keusote", "keusote-health")


@pytest.fixture
def dpo(make_professional: Callable[..., User]) -> User:
    # The officer of the client's controller (issue 16, finding 9): another controller's officer gets a 404.
    return make_professional(
        "data_protection_officer", "satakunta-employment-area", "satakunta-ea-administration"
    )


@pytest.fixture
def client_of_referrer(referrer: User, employment_area: Organisation) -> Client:
    """A client on the employment-services track of the referrer."""
    client = new_client(employment_area)
    relationship = open_relationship(client, referrer.unit)  # type: ignore[arg-type]
    ClientRelationship.objects.filter(pk=relationship.pk).update(track=Track.EMPLOYMENT_SERVICES)
    join_team(relationship, referrer, TeamRole.WORKER_PAIR_EMPLOYMENT)
    return client


@pytest.fixture
def consented(client_of_referrer: Client, referrer: User) -> Client:
    give_consent(
        client_of_referrer, list(Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS)), referrer
    )
    return client_of_referrer


@pytest.fixture
def referral(referrer: User, consented: Client, tym_unit: Unit) -> Referral:
    return services.referral_create(
        actor=referrer,
        client=consented,
        unit=tym_unit,
        description="Toiminnanohjauksen haasteet.",
        **CRITERIA_MET,
    )


@pytest.fixture
def accepted(referral: Referral, tym_expert: User, tym_social_worker: User) -> ClientRelationship:
    """The referral accepted by the TYM expert, with the social worker as the other half of the pair."""
    relationship = services.referral_accept(actor=tym_expert, referral=referral)
    services.team_member_add(
        actor=tym_expert,
        relationship=relationship,
        user=tym_social_worker,
        team_role=TeamRole.WORKER_PAIR_SOCIAL,
    )
    return relationship


def put_plan_in_force(relationship: ClientRelationship, author: User) -> None:
    """A plan version in force, as the plans app leaves it once confirmed and accepted."""
    from django.utils import timezone

    from yhteispolku.plans.models import Plan, PlanVersion, VersionStatus

    plan, _created = Plan.objects.get_or_create(relationship=relationship)
    today = timezone.localdate()
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        next_review_on=today,
        status=VersionStatus.IN_FORCE,
        created_by=author,
        created_on=today,
        in_force_from=timezone.now(),
    )
