"""A client on several tracks and the people around them (SPEC §5.1 personas).

* the employment expert and the social worker: the worker pair of the TYM case, and on the team of
  every other track opened for the client;
* the TYM coordinator of the responsible unit: sees the tracks, their teams and due dates, no content;
* a nurse in another county with no case: the client does not exist for her (404).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans.demo import load_maija_plan
from yhteispolku.plans.models import AgreedService, PlanVersion


@dataclass
class Persons:
    client: Client
    employment_expert: User
    social_worker: User
    coordinator: User
    outsider: User
    employment_area: Organisation
    county: Organisation

    def open(self, track: str, unit_slug: str = "", started_on: date | None = None) -> ClientRelationship:
        """A relationship on `track` with both halves of the worker pair on its team."""
        unit = Unit.objects.get(slug=unit_slug or _default_unit(track))
        relationship = ClientRelationship.objects.create(
            client=self.client,
            track=track,
            responsible_organisation=unit.organisation,
            responsible_unit=unit,
            phase=Phase.WORK,
            started_on=started_on or timezone.localdate() - timedelta(days=30),
        )
        join_team(relationship, self.employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
        join_team(relationship, self.social_worker, TeamRole.WORKER_PAIR_SOCIAL)
        return relationship

    def tym_with_kuty(self, made_on: date | None = None) -> tuple[ClientRelationship, AgreedService]:
        """A TYM case with a plan in force that agrees 6 months of KUTY (as plans/demo.py does)."""
        relationship = self.open(Track.TYM, "satakunta-ea-tym")
        version: PlanVersion = load_maija_plan(
            relationship=relationship,
            employment_expert=self.employment_expert,
            social_worker=self.social_worker,
            made_on=made_on or timezone.localdate() - timedelta(days=20),
        )
        return relationship, version.services.get(service_type__is_kuty=True)


def _default_unit(track: str) -> str:
    return {
        Track.TYM: "satakunta-ea-tym",
        Track.EMPLOYMENT_SERVICES: "satakunta-ea-tym",
        Track.INTEGRATION: "satakunta-ea-tym",
        Track.YOUTH_ONE_STOP: "satakunta-ea-tym",
    }.get(track, "satakunta-wc-social")


@pytest.fixture
def persons(make_professional: Callable[..., User], employment_expert: User, social_worker: User) -> Persons:
    return make_persons(make_professional, employment_expert, social_worker)


def make_persons(
    make_professional: Callable[..., User], employment_expert: User, social_worker: User
) -> Persons:
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    client = new_client(employment_area, "Pauliina", "Polkunen")
    give_consent(client, [employment_area, county], employment_expert)
    return Persons(
        client=client,
        employment_expert=employment_expert,
        social_worker=social_worker,
        coordinator=make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym"),
        outsider=make_professional("public_health_nurse", "keusote", "keusote-health"),
        employment_area=employment_area,
        county=county,
    )
