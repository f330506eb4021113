"""Maija's TYM case with her worker pair, and the people around her plan (SPEC §5.1 personas).

* the employment expert and the social worker: the worker pair, on the case team;
* Kela's TYM work-ability advisor: on the team by need;
* the TYM coordinator of the responsible unit: views the plan, changes nothing;
* a social counsellor of a unit where a second referral of Maija is pending: intake, no plan (403);
* a nurse in another county with no case: Maija does not exist for her (404).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.access.conftest import join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans import services
from yhteispolku.plans.models import PlanVersion, ServiceType


@dataclass
class MaijaCase:
    client: Client
    relationship: ClientRelationship
    employment_expert: User
    social_worker: User
    kela_advisor: User
    coordinator: User
    intake_counsellor: User
    outsider: User
    employment_area: Organisation
    county: Organisation
    kela: Organisation

    @property
    def today(self) -> date:
        return timezone.localdate()

    def service(self, code: str, organisation: Organisation, **fields: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "service_type": ServiceType.objects.get(code=code),
            "responsible_organisation": organisation,
            "provider": None,
            "responsible_professional": None,
            "starts_on": self.today,
            "ends_on": None,
            "intensity": "",
            "description": "",
        }
        data.update(fields)
        return data

    def job_coaching(self, **fields: Any) -> dict[str, Any]:
        return self.service(
            "job-coaching",
            self.employment_area,
            **{"intensity": "2 tapaamista viikossa", "description": "Räätälöity työhönvalmennus", **fields},
        )

    def kuty(self, **fields: Any) -> dict[str, Any]:
        start = self.today + timedelta(days=14)
        return self.service(
            "rehabilitative-work-activity",
            self.county,
            **{
                "starts_on": start,
                "ends_on": start + timedelta(days=182),
                "intensity": "3 päivää viikossa, 4 tuntia päivässä",
                "description": "Kuntouttava työtoiminta 6 kk",
                **fields,
            },
        )

    def first_version(self, **data: Any) -> PlanVersion:
        return services.plan_version_create(
            actor=self.employment_expert,
            relationship=self.relationship,
            based_on_version_number=0,
            data={"goals": "Palkkatyö", **data},
        )

    def in_force(self, version: PlanVersion) -> PlanVersion:
        """Confirm every commitment and record the client's acceptance."""
        by_organisation = {
            self.employment_area.pk: self.employment_expert,
            self.county.pk: self.social_worker,
            self.kela.pk: self.kela_advisor,
        }
        for organisation_id in services.required_organisation_ids(version):
            actor = by_organisation[organisation_id]
            services.commitment_confirm(actor=actor, version=version, organisation=actor.organisation)  # type: ignore[arg-type]
        services.plan_accept(
            actor=self.social_worker, version=version, accepted_on=self.today, how="in_person"
        )
        version.refresh_from_db()
        return version


@pytest.fixture
def maija(make_professional: Callable[..., User]) -> MaijaCase:
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
    kela_advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west")
    coordinator = make_professional("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym")
    intake_counsellor = make_professional(
        "social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-tym"
    )
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.PLANNING)
    join_team(relationship, employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    join_team(relationship, social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    join_team(relationship, kela_advisor)
    open_relationship(client, Unit.objects.get(slug="satakunta-wc-tym"), phase=Phase.REFERRAL)
    return MaijaCase(
        client=client,
        relationship=relationship,
        employment_expert=employment_expert,
        social_worker=social_worker,
        kela_advisor=kela_advisor,
        coordinator=coordinator,
        intake_counsellor=intake_counsellor,
        outsider=outsider,
        employment_area=employment_area,
        county=Organisation.objects.get(slug="satakunta-wellbeing-county"),
        kela=Organisation.objects.get(slug="kela"),
    )
