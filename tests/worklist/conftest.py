"""A TYM unit's caseload for the worklist: the worker pair, the coordinator, the unit manager above the
TYM team, an intake professional of the TYM team, and cases in every phase the sources look at."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.access.conftest import join_team, new_client
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, Referral, TeamRole, Track
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans.models import Plan, PlanVersion, VersionStatus

# A Monday: "this week" runs to Sunday 29.11.2026.
TODAY = date(2026, 11, 23)
REFERRED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


@dataclass
class Unit_:
    organisation: Organisation
    unit: Unit
    employment_expert: User
    social_worker: User
    other_expert: User
    coordinator: User
    manager: User
    intake_expert: User
    outsider: User

    def case(
        self,
        *,
        started_on: date = date(2026, 6, 1),
        phase: str = Phase.WORK,
        kela_registered_on: date | None = date(2026, 6, 2),
        team: tuple[User, ...] | None = None,
        first_names: str = "Maija",
    ) -> ClientRelationship:
        client = new_client(self.organisation, first_names=first_names)
        relationship = ClientRelationship.objects.create(
            client=client,
            track=Track.TYM,
            responsible_organisation=self.organisation,
            responsible_unit=self.unit,
            phase=phase,
            started_on=started_on,
            kela_registered_on=kela_registered_on,
        )
        members = (self.employment_expert, self.social_worker) if team is None else team
        roles = (TeamRole.WORKER_PAIR_EMPLOYMENT, TeamRole.WORKER_PAIR_SOCIAL)
        for index, user in enumerate(members):
            join_team(relationship, user, roles[index] if index < 2 else TeamRole.MEMBER)
        return relationship

    def plan(self, relationship: ClientRelationship, *, made_on: date, next_review_on: date) -> PlanVersion:
        plan, _created = Plan.objects.get_or_create(relationship=relationship)
        return PlanVersion.objects.create(
            plan=plan,
            number=plan.versions.count() + 1,
            next_review_on=next_review_on,
            status=VersionStatus.IN_FORCE,
            created_by=self.employment_expert,
            created_on=made_on,
        )

    def referral(self, *, first_names: str = "Aino") -> ClientRelationship:
        relationship = self.case(phase=Phase.REFERRAL, started_on=date(2026, 11, 16), team=())
        relationship.client.first_names = first_names
        relationship.client.save()
        referral = Referral.objects.create(
            relationship=relationship,
            from_organisation=self.organisation,
            referred_by=self.other_expert,
            work_capacity_limitations=True,
            needs_multisectoral_support=True,
            description="Toiminnanohjauksen haasteet.",
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=REFERRED_AT)
        return relationship


@pytest.fixture
def tym(make_professional: Callable[..., User]) -> Unit_:
    organisation = Organisation.objects.get(slug="satakunta-employment-area")
    unit = Unit.objects.get(slug="satakunta-ea-tym")
    ea, tym_unit = "satakunta-employment-area", "satakunta-ea-tym"
    return Unit_(
        organisation=organisation,
        unit=unit,
        employment_expert=make_professional("employment_expert", ea, tym_unit, first_name="Tiina"),
        social_worker=make_professional(
            "social_worker", "satakunta-wellbeing-county", "satakunta-wc-social", first_name="Sanna"
        ),
        other_expert=make_professional(
            "employment_expert", ea, "satakunta-ea-multisectoral", first_name="Raili"
        ),
        coordinator=make_professional("tym_coordinator", ea, tym_unit, first_name="Kaisu"),
        manager=make_professional("unit_manager", ea, "satakunta-ea-multisectoral", first_name="Esko"),
        intake_expert=make_professional("employment_expert", ea, tym_unit, first_name="Ilona"),
        outsider=make_professional("public_health_nurse", "keusote", "keusote-health"),
    )
