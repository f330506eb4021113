"""Maija's multi-sectoral plan for the demo data (seed 002), for web/demo_data.py to call.

Written directly, like the rest of the demo data: fictional people, so there is nothing to audit.
Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import rules
from yhteispolku.plans.models import (
    AcceptanceHow,
    AgreedService,
    ClientAcceptance,
    ClientTask,
    CommitmentConfirmation,
    Participation,
    ParticipationStatus,
    Plan,
    PlanType,
    PlanVersion,
    ServiceType,
    VersionStatus,
)
from yhteispolku.rules import engine

MAIJA_GOALS = (
    "Maijan tavoitteena on palkkatyö. Selvitetään työ- ja toimintakyky kuntouttavassa työtoiminnassa ja "
    "räätälöidyssä työhönvalmennuksessa; Kelan ammatillisen kuntoutuksen tarve arvioidaan lääkärinlausunnon "
    "perusteella."
)


@transaction.atomic
def load_maija_plan(
    *,
    relationship: ClientRelationship,
    employment_expert: User,
    social_worker: User,
    made_on: date,
    provider: Organisation | None = None,
) -> PlanVersion:
    """Maija's plan in force: tailored job coaching (employment area) and 6 months of KUTY (county)."""
    plan, _created = Plan.objects.get_or_create(
        relationship=relationship, defaults={"plan_type": PlanType.MULTI_SECTORAL_PLAN}
    )
    existing = plan.versions.order_by("-number").first()
    if existing is not None:
        return existing
    assert employment_expert.organisation is not None
    assert social_worker.organisation is not None
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        goals=MAIJA_GOALS,
        next_review_on=rules.default_next_review(made_on).on,
        created_by=employment_expert,
        created_on=made_on,
    )
    coaching = AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code="job-coaching"),
        responsible_organisation=employment_expert.organisation,
        provider=provider,
        responsible_professional=employment_expert,
        starts_on=made_on + timedelta(days=7),
        ends_on=made_on + timedelta(days=7 + 91),
        intensity="2 tapaamista viikossa",
        description="Räätälöity työhönvalmennus: vahvuudet ja haasteet, selkeät ja vaiheistetut ohjeet.",
    )
    kuty_start = made_on + timedelta(days=14)
    AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code="rehabilitative-work-activity"),
        responsible_organisation=social_worker.organisation,
        responsible_professional=social_worker,
        starts_on=kuty_start,
        ends_on=engine.add_months(kuty_start, 6),  # Maija's six months (seed 002)
        intensity="3 päivää viikossa, 4 tuntia päivässä",
        description=(
            "Tavoite: lisätietoa työ- ja toimintakyvystä ja arjen mielekäs toiminta. "
            "Rauhallinen työympäristö, ohjaajan tuki päivittäin."
        ),
    )
    ClientTask.objects.create(
        version=version,
        description="Varaa aika terveysaseman lääkärille lausuntoa (B) varten.",
        due_on=made_on + timedelta(days=21),
    )
    for organisation, professional in (
        (employment_expert.organisation, employment_expert),
        (social_worker.organisation, social_worker),
    ):
        CommitmentConfirmation.objects.create(
            version=version, organisation=organisation, confirmed_by=professional
        )
    ClientAcceptance.objects.create(
        version=version, accepted_on=made_on, how=AcceptanceHow.IN_PERSON, recorded_by=social_worker
    )
    version.status = VersionStatus.IN_FORCE
    # In force from the day of the client's acceptance, the last step (the review counts from it).
    version.in_force_from = timezone.make_aware(datetime.combine(made_on, time(12)))
    version.save(update_fields=["status", "in_force_from"])
    if coaching.starts_on <= timezone.localdate():
        Participation.objects.create(
            plan=plan,
            service=coaching,
            lineage=coaching.lineage,
            status=ParticipationStatus.STARTED,
            on=coaching.starts_on,
            recorded_by=employment_expert,
        )
    return version
