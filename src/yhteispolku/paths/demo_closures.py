"""Each track's closure once in the demo (issue 14), beside TYM's (Mikael), the integration track's (Fatima)
and the disability work activity's (Oskari): Kaisa's social rehabilitation that she left for KUTY, Jari's
KUTY that ended when he was employed, Veikko's employment services that ended in a permanent job, Iida's
youth one-stop guidance that ended as agreed when she started her studies, and Pirjo's work-ability support
that ended when she was referred to Kela's vocational rehabilitation.

Every day counts from the track's start (the first load's day less its STARTED_DAYS_AGO), so a later load
keeps the story; each closure carries R-OUT-1's follow-ups as `cases.closing` would record them. Written
directly like the rest of the demo (fictional people), and within the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from yhteispolku.accounts.models import Sector, User
from yhteispolku.cases.demo import record_due_follow_ups
from yhteispolku.cases.models import (
    ClientRelationship,
    ClosureReason,
    OutcomeSource,
    OutcomeStatus,
    TeamRole,
    Track,
)
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation
from yhteispolku.paths import rules
from yhteispolku.paths.demo import (
    KAISA_STARTED_DAYS_AGO,
    KUTY_CLIENT,
    _demo_client,
    _kuty_period,
    closed,
    demo_track,
    kuty_track,
    service_plan,
)
from yhteispolku.paths.models import (
    EffectsOutcome,
    JobseekerRegistration,
    KutyEffectsAssessment,
    ServicePlanKind,
)

CLOSED_KUTY_CLIENT = ("Jari", "Jaksava", date(1985, 4, 17), 971)
CLOSED_EMPLOYMENT_CLIENT = ("Veikko", "Vakituinen", date(1979, 10, 2), 972)
CLOSED_YOUTH_CLIENT = ("Iida", "Ilonen", date(2003, 8, 30), 973)
CLOSED_WORK_ABILITY_CLIENT = ("Pirjo", "Palaava", date(1971, 1, 21), 974)
# Kaisa's social rehabilitation: half a year before her KUTY track, ended the day before it started.
KAISA_REHABILITATION_DAYS = 190
JARI_STARTED_DAYS_AGO = 230
VEIKKO_STARTED_DAYS_AGO = 330
VEIKKO_ENDED_DAY = 305
IIDA_STARTED_DAYS_AGO = 210
IIDA_ENDED_DAY = 180
PIRJO_STARTED_DAYS_AGO = 140
PIRJO_ENDED_DAY = 110


def load_closed_tracks(*, users: dict[str, User], today: date) -> dict[str, ClientRelationship]:
    """The closed tracks by the track's value (the steps of Pirjo's work-ability support are the
    collaboration app's to load)."""
    social_worker = users["sosiaalityontekija"]
    employment_expert = users["tyollisyysasiantuntija"]
    closed_tracks = [
        load_kaisa_social_rehabilitation(
            social_worker=social_worker, employment_expert=employment_expert, today=today
        ),
        load_kuty_closed(social_worker=social_worker, employment_expert=employment_expert, today=today),
        load_closed_story(VEIKKO, professional=employment_expert, today=today),
        load_closed_story(IIDA, professional=users["ohjaamo-ohjaaja"], today=today),
        load_closed_story(PIRJO, professional=users["tyokykykoordinaattori"], today=today),
    ]
    return {relationship.track: relationship for relationship in closed_tracks}


def load_kaisa_social_rehabilitation(
    *, social_worker: User, employment_expert: User, today: date
) -> ClientRelationship:
    """Kaisa came to KUTY from social rehabilitation: group activity one day a week for half a year, ended
    the day before her KUTY track started (moved to KUTY), handed over to it. Its team had no employment
    professional, so its follow-ups have no responsible person; the employment expert of her KUTY team
    recorded those already due (R-OUT-1 is the employment authority's to record)."""
    assert social_worker.organisation is not None
    client = _demo_client(KUTY_CLIENT, social_worker.organisation)
    kuty = ClientRelationship.objects.filter(client=client, track=Track.KUTY).first()
    kuty_start = kuty.started_on if kuty else today - timedelta(days=KAISA_STARTED_DAYS_AGO)
    relationship = demo_track(
        client,
        Track.SOCIAL_REHABILITATION,
        "satakunta-wc-social",
        kuty_start - timedelta(days=KAISA_REHABILITATION_DAYS),
        social_worker,
        TeamRole.WORKER_PAIR_SOCIAL,
    )
    start = relationship.started_on
    service_plan(
        relationship,
        ServicePlanKind.SOCIAL_REHABILITATION,
        made_on=start + timedelta(days=7),
        goals="Arjen rytmi ryhmätoiminnassa kerran viikossa; valmius kuntouttavaan työtoimintaan.",
        professional=social_worker,
        days_per_week=1,
    )
    closed(
        relationship,
        actor=social_worker,
        on=start + timedelta(days=KAISA_REHABILITATION_DAYS - 1),
        reason=ClosureReason.MOVED_TO_KUTY,
        summary=(
            "Kaisa osallistui ryhmään säännöllisesti ja jaksaa nyt useamman päivän viikossa; siirtyy "
            "kuntouttavaan työtoimintaan kierrätyskeskukseen."
        ),
        handover_track=Track.KUTY,
        handover_unit=kuty.responsible_unit if kuty else None,
        handover_relationship=kuty,
    )
    record_due_follow_ups(
        relationship,
        today=today,
        status=OutcomeStatus.OTHER_SERVICE,
        source=OutcomeSource.CLIENT,
        by=employment_expert,
    )
    return relationship


def load_kuty_closed(*, social_worker: User, employment_expert: User, today: date) -> ClientRelationship:
    """Jari, 41: a KUTY period of three months at the demo provider, its effects assessed (the period ends:
    he got a job at the site's partner), and the track closed a week later as employed."""
    assert social_worker.organisation is not None
    client = _demo_client(
        CLOSED_KUTY_CLIENT,
        social_worker.organisation,
        education_level=Client.EducationLevel.VOCATIONAL_UPPER_SECONDARY,
        work_history="Rakennusalan töitä 2004–2019.",
    )
    relationship, plan, decision = kuty_track(
        client,
        social_worker=social_worker,
        employment_expert=employment_expert,
        start=today - timedelta(days=JARI_STARTED_DAYS_AGO),
        goals="Työkyvyn palauttaminen pitkän työttömyyden jälkeen; paluu rakennusalalle.",
    )
    period_start = decision.starts_on
    period_end = rules.period_last_day(period_start, 3)
    period = _kuty_period(
        relationship,
        plan,
        decision,
        Organisation.objects.filter(slug="demo-valmennus").first(),
        social_worker,
        {
            "goal": "Työrytmin palautuminen ja työturvallisuuskortti.",
            "description": "Kierrätyskeskuksen huonekalukorjaamo.",
            "place": "Porin kierrätyskeskus",
            "hours_per_day": Decimal("6"),
            "days_per_week": 4,
            "support_and_guidance": "Työnohjaaja päivittäin.",
            "other_services": "Terveysaseman terveystarkastus; muita rinnakkaisia palveluja ei tarvita.",
        },
        starts_on=period_start,
        ends_on=period_end,
        effects_by=period_start + timedelta(days=75),
    )
    KutyEffectsAssessment.objects.get_or_create(
        section=period,
        defaults={
            "assessed_on": period_end - timedelta(days=5),
            "effects": (
                "Läsnäolo säännöllistä, työkunto palautunut; työpaikka korjaamon yhteistyöyrityksessä."
            ),
            "outcome": EffectsOutcome.ENDS,
            "owner_organisation": social_worker.organisation,
            "created_by": social_worker,
        },
    )
    closed(
        relationship,
        actor=social_worker,
        on=period_end + timedelta(days=7),
        reason=ClosureReason.EMPLOYED,
        outcome=OutcomeStatus.EMPLOYED,
        summary=(
            "Jakso päättyi vaikutusten arvioinnin mukaisesti: Jari työllistyi puusepäksi määräaikaiseen "
            "työhön."
        ),
    )
    record_due_follow_ups(
        relationship,
        today=today,
        status=OutcomeStatus.EMPLOYED,
        source=OutcomeSource.INCOMES_REGISTER,
        by=employment_expert,
    )
    return relationship


@dataclass(frozen=True)
class ClosedStory:
    """A track that began, had its plan (if the track keeps one here) and closed before the first load,
    its days counted from its start."""

    names: tuple[str, str, date, int]
    client_fields: dict[str, object]
    track: str
    unit_slug: str
    role: str
    started_days_ago: int
    ended_day: int
    reason: str
    outcome: str
    summary: str
    plan_kind: str = ""
    plan_day: int = 0
    plan_goals: str = ""
    follow_up_source: str = OutcomeSource.CLIENT


# Veikko, 47: registered as a jobseeker, an employment plan with job-search coaching, employed in a permanent
# warehouse job after ten months.
VEIKKO = ClosedStory(
    names=CLOSED_EMPLOYMENT_CLIENT,
    client_fields={
        "education_level": Client.EducationLevel.VOCATIONAL_UPPER_SECONDARY,
        "work_history": "Logistiikka-alan töitä 1999–2025; yritys lopetti toimintansa.",
    },
    track=Track.EMPLOYMENT_SERVICES,
    unit_slug="satakunta-ea-multisectoral",
    role=TeamRole.WORKER_PAIR_EMPLOYMENT,
    started_days_ago=VEIKKO_STARTED_DAYS_AGO,
    ended_day=VEIKKO_ENDED_DAY,
    reason=ClosureReason.EMPLOYED,
    outcome=OutcomeStatus.EMPLOYED,
    summary="Veikko työllistyi toistaiseksi voimassa olevaan työsuhteeseen varastotyöntekijäksi.",
    plan_kind=ServicePlanKind.EMPLOYMENT_PLAN,
    plan_day=4,
    plan_goals="Vakituinen logistiikka-alan työ; työnhakuvalmennus ja trukkikortti.",
    follow_up_source=OutcomeSource.INCOMES_REGISTER,
)
# Iida, 23, at the youth one-stop guidance for half a year beside her part-time work (not unemployed, so no
# R-YOUTH-1 joint assessment): career choice, applying to studies; ended as agreed when she began them.
IIDA = ClosedStory(
    names=CLOSED_YOUTH_CLIENT,
    client_fields={
        "education_level": Client.EducationLevel.BASIC,
        "work_history": "Kesätöitä kaupan alalla.",
    },
    track=Track.YOUTH_ONE_STOP,
    unit_slug="satakunta-ea-youth-integration",
    role=TeamRole.WORKER_PAIR_EMPLOYMENT,
    started_days_ago=IIDA_STARTED_DAYS_AGO,
    ended_day=IIDA_ENDED_DAY,
    reason=ClosureReason.AS_AGREED,
    outcome=OutcomeStatus.EDUCATION,
    summary="Iida aloitti lähihoitajaopinnot; ohjaus päättyi sovitusti. Voi palata Ohjaamoon tarvittaessa.",
    plan_kind=ServicePlanKind.YOUTH_GUIDANCE,
    plan_goals="Ammatinvalinta ja hakeutuminen sosiaali- ja terveysalan opintoihin.",
)
# Pirjo, 55: work-ability support after her health centre recognised the need; the work-ability team's
# assessment made the situation clear and she was referred onwards to Kela's vocational rehabilitation
# investigation (her steps: collaboration.demo). No employment professional was on the team: the follow-ups
# have no responsible person, as `cases.outcomes` schedules them, and stay unrecorded.
PIRJO = ClosedStory(
    names=CLOSED_WORK_ABILITY_CLIENT,
    client_fields={
        "education_level": Client.EducationLevel.VOCATIONAL_UPPER_SECONDARY,
        "work_history": "Laitoshuoltajana 1995–2024.",
    },
    track=Track.WORK_ABILITY_SUPPORT,
    unit_slug="satakunta-wc-work-ability",
    role=TeamRole.MEMBER,
    started_days_ago=PIRJO_STARTED_DAYS_AGO,
    ended_day=PIRJO_ENDED_DAY,
    reason=ClosureReason.REFERRED_ONWARDS,
    outcome=OutcomeStatus.OTHER_SERVICE,
    summary=(
        "Työkykytiimin arvio valmis: fyysisesti raskas työ ei enää onnistu. Ohjattu Kelan ammatillisen "
        "kuntoutuksen selvitykseen (AKSE); hakemus tehty yhdessä."
    ),
)


def load_closed_story(story: ClosedStory, *, professional: User, today: date) -> ClientRelationship:
    assert professional.organisation is not None
    client = _demo_client(story.names, professional.organisation, **story.client_fields)
    relationship = demo_track(
        client,
        story.track,
        story.unit_slug,
        today - timedelta(days=story.started_days_ago),
        professional,
        story.role,
    )
    start = relationship.started_on
    if story.track == Track.EMPLOYMENT_SERVICES:
        JobseekerRegistration.objects.get_or_create(
            relationship=relationship,
            defaults={
                "registered_on": start,
                "interview_held_on": rules.initial_interview_due(start).on,
                "recorded_by": professional,
            },
        )
    if story.plan_kind:
        made_on = start + timedelta(days=story.plan_day)
        service_plan(
            relationship,
            story.plan_kind,
            made_on=made_on,
            goals=story.plan_goals,
            professional=professional,
        )
    closed(
        relationship,
        actor=professional,
        on=start + timedelta(days=story.ended_day),
        reason=story.reason,
        outcome=story.outcome,
        summary=story.summary,
    )
    if professional.sector == Sector.EMPLOYMENT:
        record_due_follow_ups(
            relationship, today=today, status=story.outcome, source=story.follow_up_source, by=professional
        )
    return relationship
