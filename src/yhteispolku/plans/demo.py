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


MAIJA_GOALS_AFTER_REVIEW = (
    "Maijan tavoitteena on palkkatyö. Kuntouttava työtoiminta ja räätälöity työhönvalmennus jatkuvat. "
    "Kelalta on haettu ammatillisena kuntoutuksena koulutusta; se aloitetaan, kun Kela on päättänyt "
    "hakemuksesta, ja työhönvalmennus tukee opintoja."
)


def _confirmed(version: PlanVersion, organisation: Organisation, professional: User, at: datetime) -> None:
    confirmation = CommitmentConfirmation.objects.create(
        version=version, organisation=organisation, confirmed_by=professional
    )
    CommitmentConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=at)


@transaction.atomic
def load_maija_review_version(
    *, in_force: PlanVersion, employment_expert: User, social_worker: User, today: date
) -> PlanVersion | None:
    """Maija's overdue review, held two days before `today`: version 2 adds the education applied for as
    vocational rehabilitation to the goals and a task of hers; the employment area confirmed its
    commitments the day before, the county this morning, and the version awaits Maija's acceptance (in
    Oma Yhteispolku). Version 1 stays in force (and its review on the worklist) until she accepts."""
    from yhteispolku.plans.services import _copy_content

    plan = in_force.plan
    if plan.versions.filter(number__gt=in_force.number).exists() or in_force.status != VersionStatus.IN_FORCE:
        return plan.versions.filter(number=in_force.number + 1).first()
    assert employment_expert.organisation is not None
    assert social_worker.organisation is not None
    drafted_on = today - timedelta(days=2)
    version = PlanVersion.objects.create(
        plan=plan,
        number=in_force.number + 1,
        based_on=in_force,
        goals=MAIJA_GOALS_AFTER_REVIEW,
        next_review_on=rules.default_next_review(today).on,
        created_by=employment_expert,
        created_on=drafted_on,
    )
    _copy_content(in_force, version)
    ClientTask.objects.create(
        version=version,
        description="Kertoo työparille, kun Kelan päätös koulutuksesta tulee.",
        due_on=today + timedelta(days=30),
    )
    PlanVersion.objects.filter(pk=version.pk).update(created_at=_at(drafted_on))
    _confirmed(version, employment_expert.organisation, employment_expert, _at(today - timedelta(days=1)))
    # This morning, or now if the demo is loaded earlier: never a confirmation in the future.
    morning = timezone.make_aware(datetime.combine(today, time(8)))
    _confirmed(version, social_worker.organisation, social_worker, min(morning, timezone.now()))
    version.refresh_from_db()
    return version


SOFIA_GOALS = (
    "Sofias mål är ett lönearbete inom kontorsbranschen. Hon prövar på kontorsarbete i en arbetsprövning "
    "och får stöd i vardagen och med ekonomin av socialarbetaren."
)


@transaction.atomic
def load_sofia_plan(
    *, relationship: ClientRelationship, employment_expert: User, social_worker: User, made_on: date
) -> PlanVersion:
    """Sofia's plan, written in Swedish (her service language), in force from `made_on`: a work trial
    (employment area) and adult social work (county); drafted eight days earlier, confirmed six and four
    days before she accepted it at a meeting on `made_on`."""
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
        goals=SOFIA_GOALS,
        next_review_on=rules.default_next_review(made_on).on,
        created_by=employment_expert,
        created_on=drafted_on,
    )
    AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code="work-trial"),
        responsible_organisation=employment_expert.organisation,
        responsible_professional=employment_expert,
        starts_on=made_on + timedelta(days=7),
        ends_on=made_on + timedelta(days=7 + 90),
        intensity="4 dagar i veckan, 6 timmar om dagen",
        description="Arbetsprövning på ett kontor i Björneborg.",
    )
    AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code="adult-social-work"),
        responsible_organisation=social_worker.organisation,
        responsible_professional=social_worker,
        starts_on=made_on,
        ends_on=None,
        intensity="ett möte i månaden",
        description="Stöd i vardagen och med ekonomin.",
    )
    ClientTask.objects.create(
        version=version,
        description="Berättar för arbetsparet hur arbetsprövningen går.",
        due_on=made_on + timedelta(days=30),
    )
    _confirmed(version, employment_expert.organisation, employment_expert, _at(made_on - timedelta(days=6)))
    _confirmed(version, social_worker.organisation, social_worker, _at(made_on - timedelta(days=4)))
    acceptance = ClientAcceptance.objects.create(
        version=version, accepted_on=made_on, how=AcceptanceHow.IN_PERSON, recorded_by=social_worker
    )
    ClientAcceptance.objects.filter(pk=acceptance.pk).update(recorded_at=_at(made_on))
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.IN_FORCE, in_force_from=_at(made_on), created_at=_at(drafted_on)
    )
    Plan.objects.filter(pk=plan.pk).update(created_at=_at(drafted_on))
    version.refresh_from_db()
    return version
