"""Maija's TYM case and the professionals around her network work (SPEC §5.1 personas, R-CONS-1).

* the worker pair (employment expert, social worker) and Kela's work-ability advisor and service
  expert: on the case team;
* the work-ability coordinator of the wellbeing county: not on the team, but the client's consent
  covers the county, so R-CONS-1 lets him take part in a consultation;
* a physician of another county (Keusote): the consent does not cover it — not a party;
* the TYM coordinator of the responsible unit: sees deadlines, never the consultations' text;
* a nurse of another county with no relation: Maija does not exist for her (404).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole
from yhteispolku.clients.models import Client, Consent
from yhteispolku.collaboration import services
from yhteispolku.collaboration.models import Consultation
from yhteispolku.core.categories import Purpose
from yhteispolku.organisations.models import Organisation, Unit


@dataclass
class Network:
    client: Client
    relationship: ClientRelationship
    consent: Consent
    employment_expert: User
    social_worker: User
    kela_advisor: User
    kela_expert: User
    coordinator_wa: User  # work-ability coordinator, county, not on the team
    keusote_physician: User
    manager: User
    outsider: User
    employment_area: Organisation
    county: Organisation
    kela: Organisation

    @property
    def today(self) -> date:
        return timezone.localdate()

    def at(self, day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour)))

    def consultation(self, **fields: object) -> Consultation:
        data: dict[str, object] = {
            "actor": self.social_worker,
            "relationship": self.relationship,
            "kind": "kela",
            "mode": "remote",
            "scheduled_at": self.at(self.today - timedelta(days=2)),
            "agenda": "Maijan tilanne ja lääkärinlausunnon tarve",
            "agreed_with_client_on": self.today - timedelta(days=7),
            "agreed_how": "in_person",
            "participants": [self.kela_advisor],
        }
        data.update(fields)
        return services.consultation_create(**data)  # type: ignore[arg-type]


@pytest.fixture
def network(make_professional: Callable[..., User]) -> Network:
    employment_expert = make_professional(
        "employment_expert",
        "satakunta-employment-area",
        "satakunta-ea-tym",
        first_name="Tiina",
        last_name="Työnen",
    )
    social_worker = make_professional(
        "social_worker",
        "satakunta-wellbeing-county",
        "satakunta-wc-social",
        first_name="Sanna",
        last_name="Sosionomi",
    )
    kela_advisor = make_professional(
        "kela_work_ability_advisor", "kela", "kela-west", first_name="Kari", last_name="Neuvoja"
    )
    kela_expert = make_professional(
        "kela_service_expert", "kela", "kela-west", first_name="Tiina", last_name="Etuus"
    )
    coordinator_wa = make_professional(
        "work_ability_coordinator",
        "satakunta-wellbeing-county",
        "satakunta-wc-social",
        first_name="Pekka",
        last_name="Koordinaattori",
    )
    keusote_physician = make_professional(
        "physician", "keusote", "keusote-health", first_name="Lauri", last_name="Lääkäri"
    )
    manager = make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym")
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.WORK)
    join_team(relationship, employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    join_team(relationship, social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    join_team(relationship, kela_advisor)
    join_team(relationship, kela_expert)
    consent = give_consent(
        client, [employment_area, county, kela], employment_expert, purpose=Purpose.TYM_JOINT_WORK
    )
    return Network(
        client=client,
        relationship=relationship,
        consent=consent,
        employment_expert=employment_expert,
        social_worker=social_worker,
        kela_advisor=kela_advisor,
        kela_expert=kela_expert,
        coordinator_wa=coordinator_wa,
        keusote_physician=keusote_physician,
        manager=manager,
        outsider=outsider,
        employment_area=employment_area,
        county=county,
        kela=kela,
    )
