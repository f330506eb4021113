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


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def load_maija_plan(
    *,
    relationship: ClientRelationship,
    employment_expert: User,
    social_worker: User,
    made_on: date,
    provider: Organisation | None = None,
) -> PlanVersion:
    """Maija's plan in force from `made_on`: tailored job coaching (employment area) and 6 months of KUTY
    (county). Drafted eight days earlier, the employment area confirmed its commitments six days and the
    county four days before Maija accepted it on `made_on`, the day it came into force; its next review is
    R-TYM-2's default counted from that day."""
    plan, _created = Plan.objects.get_or_create(
        relationship=relationship, defaults={"plan_type": PlanType.MULTI_SECTORAL_PLAN}
    )
    existing = plan.versions.order_by("-number").first()
    if existing is not None:
        return existing
    assert employment_expert.organisation is not None
    assert social_worker.organisation is not None
    drafted_on = made_on - timedelta(days=8)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        goals=MAIJA_GOALS,
        next_review_on=rules.default_next_review(made_on).on,
        created_by=employment_expert,
        created_on=drafted_on,
    )
    coaching = AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code="job-coaching"),
        responsible_organisation=employment_expert.organisation,
        provider=provider,
        responsible_professional=employment_expert,
        starts_on=made_on + timedelta(days=7),
        # Half a year, so that on the demo's load day the coaching is under way: the provider's assignment.
        ends_on=made_on + timedelta(days=7 + 182),
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
        # Maija's six months (seed 002): the period's last day, as on her KUTY section (paths).
        ends_on=engine.add_months(kuty_start, 6) - timedelta(days=1),
        intensity="3 päivää viikossa, 4 tuntia päivässä",
        description=(
            "Tavoite: lisätietoa työ- ja toimintakyvystä ja arjen mielekäs toiminta. "
            "Rauhallinen työympäristö, ohjaajan tuki päivittäin."
        ),
    )
    ClientTask.objects.create(
        version=version,
        description=(
            "Pitää kirjaa arjen päivärytmistä ja kertoo työhönvalmentajalle, millaiset ohjeet toimivat."
        ),
        due_on=made_on + timedelta(days=21),
    )
    for organisation, professional, days_before in (
        (employment_expert.organisation, employment_expert, 6),
        (social_worker.organisation, social_worker, 4),
    ):
        confirmation = CommitmentConfirmation.objects.create(
            version=version, organisation=organisation, confirmed_by=professional
        )
        CommitmentConfirmation.objects.filter(pk=confirmation.pk).update(
            confirmed_at=_at(made_on - timedelta(days=days_before))
        )
    acceptance = ClientAcceptance.objects.create(
        version=version, accepted_on=made_on, how=AcceptanceHow.IN_PERSON, recorded_by=social_worker
    )
    ClientAcceptance.objects.filter(pk=acceptance.pk).update(recorded_at=_at(made_on))
    # In force from the day of the client's acceptance, the last step (the review counts from it).
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.IN_FORCE, in_force_from=_at(made_on), created_at=_at(drafted_on)
    )
    Plan.objects.filter(pk=plan.pk).update(created_at=_at(drafted_on))
    version.refresh_from_db()
    if coaching.starts_on <= timezone.localdate():
        participation = Participation.objects.create(
            plan=plan,
            service=coaching,
            lineage=coaching.lineage,
            status=ParticipationStatus.STARTED,
            on=coaching.starts_on,
            recorded_by=employment_expert,
        )
        Participation.objects.filter(pk=participation.pk).update(recorded_at=_at(coaching.starts_on))
    return version
