"""The service paths in the demo data, for web/demo_data.py to call: Maija's KUTY section in her TYM plan
(seed 002: 6 months of rehabilitative work activity), Ahmed's integration assessment and plans (both the
employment authority's and the wellbeing county's parts, confirmed), Fatima's integration that ended and
was routed to social rehabilitation (which the routing opened), Oskari's disability work activity that
ended with a handover to the employment services, Mikael's employment plan and a young client of the youth
one-stop guidance (Ohjaamo); `demo_closures` adds each remaining track's closure once (web/demo_data.py
calls both).

Written directly, like the rest of the demo data: fictional people, so there is nothing to audit. The
rows still pass the rules (`paths.rules`), so the demo never shows what the system would refuse.
Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    ClosureReason,
    OutcomeStatus,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.cases.outcomes import schedule_follow_ups
from yhteispolku.cases.registration import open_track
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Municipality, Organisation, Unit
from yhteispolku.paths import rules
from yhteispolku.paths.models import (
    ActivationBasis,
    ActivationPlan,
    ContactChannel,
    EffectsOutcome,
    IntegrationAssessment,
    IntegrationCountyPart,
    IntegrationPlan,
    IntegrationRouting,
    JobseekerRegistration,
    KutyAttendance,
    KutyDecision,
    KutyEffectsAssessment,
    KutyJobseekerCheck,
    KutySection,
    KutySiteFeedback,
    ServicePlan,
    ServicePlanKind,
    YouthContact,
    YouthContactEntry,
    YouthOneStopUnit,
)
from yhteispolku.plans.models import AcceptanceHow, AgreedService, VersionStatus
from yhteispolku.rules import engine

YOUTH_CLIENT = ("Nuutti", "Nuorinen", date(2004, 5, 12), 967)
KUTY_CLIENT = ("Kaisa", "Kuntoutuja", date(1988, 9, 3), 968)
# Fatima: permit in November 2024, integration plans through September 2026, then routed by her needs.
INTEGRATION_CLIENT = ("Fatima", "Kotonen", date(1987, 9, 3), 969)
DISABILITY_CLIENT = ("Oskari", "Osallistuja", date(1996, 2, 14), 970)
KAISA_STARTED_DAYS_AGO = 240
# Oskari's disability work activity, in days from its start (the first load's day less
# OSKARI_STARTED_DAYS_AGO): the plan the same day, its review after half a year, the end on day 365 (a
# month before the first load), when he went on to the employment services for paid work with pay subsidy.
OSKARI_STARTED_DAYS_AGO = 395
OSKARI_ENDED_DAY = 365
# Fatima's story, in days from her integration track's start (the first load's day less
# FATIMA_STARTED_DAYS_AGO): the permit 65 days before, the assessment and the integration period from day 5,
# the first plan from day 12 for a year, the second to day 630, the routing on day 635 (two months before
# the first load).
FATIMA_STARTED_DAYS_AGO = 695
FATIMA_PERMIT_DAYS_BEFORE = 65
FATIMA_ROUTED_DAY = 635


@transaction.atomic
def load_paths_demo(*, clients: dict[str, Client], users: dict[str, User], today: date | None = None) -> None:
    today = today or timezone.localdate()
    load_maija_kuty(
        relationship=ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM),
        social_worker=users["sosiaalityontekija"],
    )
    load_ahmed_integration(
        relationship=ClientRelationship.objects.get(client=clients["ahmed"], track=Track.INTEGRATION),
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
    )
    load_fatima_routed(
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
        today=today,
    )
    load_mikael_employment_plan(
        relationship=ClientRelationship.objects.get(
            client=clients["mikael"], track=Track.EMPLOYMENT_SERVICES
        ),
        employment_expert=users["tyollisyysasiantuntija"],
        today=today,
    )
    load_youth_client(employment_expert=users["tyollisyysasiantuntija"], today=today)
    load_kuty_client(
        social_worker=users["sosiaalityontekija"],
        employment_expert=users["tyollisyysasiantuntija"],
        site_worker=users.get("palveluntuottaja"),
        today=today,
    )
    load_youth_contact(counsellor=users["ohjaamo-ohjaaja"], today=today)
    load_disability_activity_closed(social_worker=users["sosiaalityontekija"], today=today)


def load_maija_kuty(*, relationship: ClientRelationship, social_worker: User) -> KutySection | None:
    """The six items of R-KUTY-1 for the KUTY service of Maija's plan in force; the effects are
    assessed after the first three months."""
    service = (
        AgreedService.objects.filter(
            version__plan__relationship=relationship,
            version__status=VersionStatus.IN_FORCE,
            service_type__is_kuty=True,
        )
        .order_by("starts_on")
        .first()
    )
    if service is None:
        return None
    existing = KutySection.objects.filter(relationship=relationship, agreed_service=service).first()
    if existing is not None:
        return existing
    start = service.starts_on
    data = {
        "goal": "Lisätietoa työ- ja toimintakyvystä; arjen mielekäs toiminta ja säännöllinen päivärytmi.",
        "description": "Kevyet kokoonpano- ja lajittelutehtävät, selkeät ja vaiheistetut työohjeet.",
        "place": "Porin kaupungin työkeskus, kokoonpanoyksikkö",
        "hours_per_day": Decimal("4"),
        "days_per_week": 3,
        "starts_on": start,
        # The same last day as the plan's KUTY service: six months (seed 002).
        "ends_on": service.ends_on or rules.period_last_day(start, 6),
        "support_and_guidance": (
            "Työvalmentaja paikalla päivittäin; sosiaalityöntekijän tapaaminen kahden viikon välein; "
            "rauhallinen työpiste ja kirjalliset ohjeet."
        ),
        "other_services": (
            "Räätälöity työhönvalmennus (työllisyysalue); terveysaseman lääkärin lausunto (B) Kelan "
            "ammatillista kuntoutusta varten; perheen tuki."
        ),
        "effects_assessed_by": engine.add_months(start, 3),
        "paid_work_hours_per_week": Decimal("0"),
    }
    refusals = rules.kuty_section_refusals(data)
    assert not refusals, refusals  # the demo shows only what the rules accept
    assert social_worker.organisation is not None
    return KutySection.objects.create(
        relationship=relationship,
        agreed_service=service,
        owner_organisation=social_worker.organisation,
        created_by=social_worker,
        **data,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _integration_plans(
    *,
    relationship: ClientRelationship,
    employment_expert: User,
    social_worker: User,
    periods: list[tuple[date, date, str, str]],
    services: str,
) -> list[IntegrationPlan]:
    """The plans, each with the county's part drawn up by the social worker on the team; both parts
    confirmed on the plan's first day (the joint meeting)."""
    assert employment_expert.organisation is not None
    assert social_worker.organisation is not None
    TeamMember.objects.get_or_create(
        relationship=relationship,
        user=social_worker,
        left_on=None,
        defaults={"team_role": TeamRole.WORKER_PAIR_SOCIAL, "joined_on": relationship.started_on},
    )
    plans = []
    for number, (starts_on, ends_on, goals, county_services) in enumerate(periods, start=1):
        plan, _created = IntegrationPlan.objects.get_or_create(
            relationship=relationship,
            number=number,
            defaults={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "goals": goals,
                "services": services,
                "owner_organisation": employment_expert.organisation,
                "created_by": employment_expert,
                "employment_confirmed_by": employment_expert,
                "employment_confirmed_at": _at(starts_on),
                "revision": 1,
            },
        )
        IntegrationCountyPart.objects.get_or_create(
            plan=plan,
            defaults={
                "goals": "Arjen sujuminen ja perheen hyvinvointi kotoutumisen aikana.",
                "services": county_services,
                "professional": social_worker,
                "confirmed_by": social_worker,
                "confirmed_at": _at(starts_on),
                "revision": 1,
                "owner_organisation": social_worker.organisation,
                "created_by": social_worker,
            },
        )
        plans.append(plan)
    return plans


@dataclass(frozen=True)
class IntegrationStory:
    """What an integration client's demo story says: the initial assessment and one (goals, county's
    services) per plan; the plans follow each other a year at a time from `first_start`, the last one
    ending on `last_end` (or after its year)."""

    assessed_on: date
    first_residence_permit_on: date
    skills: str
    language_skills: str
    service_needs: str
    first_start: date
    plans: list[tuple[str, str]]
    services: str
    last_end: date | None = None


def _integration_story(
    *, relationship: ClientRelationship, employment_expert: User, social_worker: User, story: IntegrationStory
) -> list[IntegrationPlan]:
    """The assessment and the plans of `story` (each with the county's part, both confirmed)."""
    assert employment_expert.organisation is not None
    IntegrationAssessment.objects.get_or_create(
        relationship=relationship,
        defaults={
            "assessed_on": story.assessed_on,
            "first_residence_permit_on": story.first_residence_permit_on,
            "skills": story.skills,
            "language_skills": story.language_skills,
            "service_needs": story.service_needs,
            "owner_organisation": employment_expert.organisation,
            "created_by": employment_expert,
        },
    )
    periods = []
    for index, (goals, county_services) in enumerate(story.plans):
        last = index == len(story.plans) - 1
        ends_on = rules.period_last_day(story.first_start, 12 * (index + 1))
        if last and story.last_end is not None:
            ends_on = story.last_end
        periods.append((engine.add_months(story.first_start, 12 * index), ends_on, goals, county_services))
    return _integration_plans(
        relationship=relationship,
        employment_expert=employment_expert,
        social_worker=social_worker,
        periods=periods,
        services=story.services,
    )


def load_ahmed_integration(
    *, relationship: ClientRelationship, employment_expert: User, social_worker: User
) -> list[IntegrationPlan]:
    """Ahmed's assessment and two integration plans that together reach the 2-year limit of R-KOTO-1,
    each with the wellbeing county's part, both parts confirmed."""
    start = relationship.started_on
    story = IntegrationStory(
        assessed_on=start + timedelta(days=9),
        first_residence_permit_on=start - timedelta(days=17),
        skills="Sähköasentajan koulutus Syyriassa, viisi vuotta työkokemusta rakennustyömailta.",
        language_skills="Äidinkieli arabia, englanti hyvä; suomen kieli alkeet.",
        service_needs="Kotoutumiskoulutus nopealla polulla, tutkinnon tunnustaminen, työkokeilu.",
        first_start=start + timedelta(days=28),
        plans=[
            (
                "Suomen kieli A2; tutkinnon tunnustaminen.",
                "Aikuissosiaalityön ohjaus asumiseen ja perheen palveluihin; neuvolan palvelut.",
            ),
            (
                "Suomen kieli B1; työkokeilu sähköalan yrityksessä.",
                "Aikuissosiaalityön tapaamiset kuukausittain; lasten varhaiskasvatuksen järjestäminen.",
            ),
        ],
        services="Kotoutumiskoulutus (nopea polku), työnhakuvalmennus englanniksi.",
    )
    return _integration_story(
        relationship=relationship,
        employment_expert=employment_expert,
        social_worker=social_worker,
        story=story,
    )


def _fatima(employment_expert: User, start: date) -> Client:
    assert employment_expert.organisation is not None
    first_names, last_name, birth, individual = INTEGRATION_CLIENT
    code = hetu.compose(birth, individual)
    client = Client.objects.with_identity_code(code).first()
    if client is None:
        client = Client(
            recorded_by=employment_expert.organisation,
            first_names=first_names,
            last_name=last_name,
            is_demo=True,
            mother_tongue=Client.MotherTongue.OTHER,
            mother_tongue_other="somali",
            needs_interpreter=True,
            interpreter_language="somali",
            residence_permit_type=Client.ResidencePermitType.CONTINUOUS,
            residence_permit_valid_from=start - timedelta(days=FATIMA_PERMIT_DAYS_BEFORE),
            integration_period_start=start + timedelta(days=5),
        )
        client.set_identity_code(code, allow_temporary=True)
        client.save()
    return client


def load_fatima_routed(
    *, employment_expert: User, social_worker: User, today: date
) -> ClientRelationship | None:
    """Fatima's integration from her residence permit to the routing after the period: assessment, two
    plans with both parts confirmed, and the routing to social rehabilitation at the county's social
    services, which opened that track with the needs carried over (as paths.services does), two months
    before the demo was first loaded. Every day counts from her track's start, `FATIMA_STARTED_DAYS_AGO`
    before the first load, so that a later load keeps her story."""
    assert employment_expert.organisation is not None
    unit = Unit.objects.select_related("organisation").get(slug="satakunta-ea-youth-integration")
    existing = ClientRelationship.objects.filter(
        client__first_names=INTEGRATION_CLIENT[0],
        client__last_name=INTEGRATION_CLIENT[1],
        client__is_demo=True,
        track=Track.INTEGRATION,
    ).first()
    start = existing.started_on if existing else today - timedelta(days=FATIMA_STARTED_DAYS_AGO)
    routed_on = start + timedelta(days=FATIMA_ROUTED_DAY)
    client = _fatima(employment_expert, start)
    relationship, created = ClientRelationship.objects.get_or_create(
        client=client,
        track=Track.INTEGRATION,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": Phase.WORK,
            "started_on": start,
        },
    )
    if created:
        PhaseTransition.objects.create(
            relationship=relationship, from_phase="", to_phase=Phase.WORK, actor=employment_expert
        )
    TeamMember.objects.get_or_create(
        relationship=relationship,
        user=employment_expert,
        left_on=None,
        defaults={"team_role": TeamRole.WORKER_PAIR_EMPLOYMENT, "joined_on": relationship.started_on},
    )
    story = IntegrationStory(
        assessed_on=start + timedelta(days=5),
        first_residence_permit_on=start - timedelta(days=FATIMA_PERMIT_DAYS_BEFORE),
        skills="Peruskoulu Somaliassa; kokemusta lastenhoidosta ja ompelusta.",
        language_skills="Äidinkieli somali; suomen kieli alkeet, lukutaito kehittymässä.",
        service_needs="Lukutaitokoulutus, kotoutumiskoulutus, tuki arjen asioiden hoitamiseen.",
        first_start=start + timedelta(days=12),
        plans=[
            (
                "Luku- ja kirjoitustaito; suomen kieli A1.",
                "Aikuissosiaalityön ohjaus asumiseen ja talouteen.",
            ),
            (
                "Suomen kieli A2; arjen asioiden hoitaminen itsenäisesti.",
                "Aikuissosiaalityön tapaamiset; ryhmätoiminta kotoutuville naisille.",
            ),
        ],
        services="Lukutaitokoulutus, kotoutumiskoulutus.",
        last_end=routed_on - timedelta(days=5),
    )
    _integration_story(
        relationship=relationship,
        employment_expert=employment_expert,
        social_worker=social_worker,
        story=story,
    )
    routing = IntegrationRouting.objects.filter(relationship=relationship).first()
    if routing is None:
        target = Unit.objects.select_related("organisation").get(slug="satakunta-wc-social")
        with transaction.atomic():
            opened = open_track(
                actor=employment_expert,
                client=client,
                track=Track.SOCIAL_REHABILITATION,
                today=routed_on,
                unit=target,
            )
            TeamMember.objects.create(
                relationship=opened,
                user=social_worker,
                team_role=TeamRole.WORKER_PAIR_SOCIAL,
                joined_on=routed_on,
            )
            routing = IntegrationRouting.objects.create(
                relationship=relationship,
                routed_on=routed_on,
                to_unit=target,
                to_track=Track.SOCIAL_REHABILITATION,
                needs="Arjen hallinta ja sosiaalinen osallisuus ennen työelämään suuntaamista.",
                opened_relationship=opened,
                recorded_by=employment_expert,
            )
    # The integration period is over and she goes on in social rehabilitation.
    closed(
        relationship,
        actor=employment_expert,
        on=routed_on,
        reason=ClosureReason.INTEGRATION_PERIOD_OVER,
        summary=(
            "Kotoutumisaika päättyi. Lukutaito ja suomen kieli A2; jatkaa sosiaalisessa kuntoutuksessa arjen "
            "hallinnan ja osallisuuden tavoitteilla ennen työelämään suuntaamista."
        ),
        handover_track=Track.SOCIAL_REHABILITATION,
        handover_unit=routing.to_unit,
        handover_relationship=routing.opened_relationship,
    )
    return routing.opened_relationship


def closed(
    relationship: ClientRelationship,
    *,
    actor: User,
    on: date,
    reason: str,
    summary: str,
    outcome: str = OutcomeStatus.OTHER_SERVICE,
    handover_track: str = "",
    handover_unit: Unit | None = None,
    handover_relationship: ClientRelationship | None = None,
) -> None:
    """The track's closure as `cases.closing` records it (the reason, the client's situation, where she
    goes on), with R-OUT-1's follow-ups; once."""
    if Closure.objects.filter(relationship=relationship).exists():
        return
    with transaction.atomic():
        from_phase = relationship.phase
        relationship.end_track()
        relationship.ended_on = on
        relationship.save(update_fields=["phase", "ended_on", "updated_at"])
        PhaseTransition.objects.create(
            relationship=relationship, from_phase=from_phase, to_phase=Phase.CLOSED, actor=actor
        )
        closure = Closure.objects.create(
            relationship=relationship,
            reason=reason,
            outcome=outcome,
            final_assessment=summary,
            handover_track=handover_track,
            handover_unit=handover_unit,
            handover_relationship=handover_relationship,
            recorded_by=actor,
        )
        # Recorded on the closing day, not when the demo was loaded (created_at is set on creation).
        Closure.objects.filter(pk=closure.pk).update(created_at=_at(on) + timedelta(hours=4))
        schedule_follow_ups(relationship)


def demo_track(
    client: Client, track: str, unit_slug: str, start: date, professional: User, role: str
) -> ClientRelationship:
    """The client's relationship on `track` at the unit from `start` (kept from the first load), with the
    professional on its team."""
    unit = Unit.objects.select_related("organisation").get(slug=unit_slug)
    relationship, created = ClientRelationship.objects.get_or_create(
        client=client,
        track=track,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": Phase.WORK,
            "started_on": start,
        },
    )
    if created:
        PhaseTransition.objects.create(
            relationship=relationship, from_phase="", to_phase=Phase.WORK, actor=professional
        )
    TeamMember.objects.get_or_create(
        relationship=relationship,
        user=professional,
        left_on=None,
        defaults={"team_role": role, "joined_on": relationship.started_on},
    )
    return relationship


def load_disability_activity_closed(*, social_worker: User, today: date) -> ClientRelationship:
    """Oskari, 30, in disability work activity at the county's social services for a year (two plans, the
    second at the half-year review), which ended a month before the demo was first loaded: the period
    ended and he went on to the employment services for paid work with pay subsidy (the demo's closed
    disability work activity). Every day counts from the track's start, so a later load keeps his story."""
    county = social_worker.organisation
    assert county is not None
    client = _demo_client(
        DISABILITY_CLIENT,
        county,
        education_level=Client.EducationLevel.BASIC,
        work_history="Työtoimintaa kierrätyskeskuksessa ja puutyöverstaalla.",
    )
    relationship = demo_track(
        client,
        Track.DISABILITY_WORK_ACTIVITY,
        "satakunta-wc-social",
        today - timedelta(days=OSKARI_STARTED_DAYS_AGO),
        social_worker,
        TeamRole.WORKER_PAIR_SOCIAL,
    )
    start = relationship.started_on
    for number, (made_on, goals) in enumerate(
        (
            (start, "Säännöllinen päivärytmi ja puutyöverstaan tehtävät ohjattuna kolmena päivänä viikossa."),
            (
                start + timedelta(days=182),
                "Itsenäiset työtehtävät; tutustuminen palkkatukityöhön kierrätyskeskuksessa.",
            ),
        ),
        start=1,
    ):
        review = rules.default_review(ServicePlanKind.DISABILITY_ACTIVITY, made_on, county.slug)
        ServicePlan.objects.get_or_create(
            relationship=relationship,
            number=number,
            defaults={
                "kind": ServicePlanKind.DISABILITY_ACTIVITY,
                "made_on": made_on,
                "goals": goals,
                "days_per_week": 3,
                "next_review_on": review.on if review else None,
                "responsible_professional": social_worker,
                "owner_organisation": county,
                "created_by": social_worker,
            },
        )
    closed(
        relationship,
        actor=social_worker,
        on=start + timedelta(days=OSKARI_ENDED_DAY),
        reason=ClosureReason.PERIOD_ENDED,
        summary=(
            "Työtoiminnan jakso päättyi suunnitellusti. Oskari tekee puutyöverstaan tehtävät itsenäisesti; "
            "jatkaa työllisyyspalveluissa tavoitteena palkkatukityö kierrätyskeskuksessa."
        ),
        handover_track=Track.EMPLOYMENT_SERVICES,
        handover_unit=Unit.objects.get(slug="satakunta-ea-multisectoral"),
    )
    return relationship


def load_mikael_employment_plan(
    *, relationship: ClientRelationship, employment_expert: User, today: date
) -> ServicePlan:
    """Mikael's registration as a jobseeker (initial interview held, R-EMP-2) and his employment plan,
    reviewed every 3 months (R-EMP-1)."""
    assert employment_expert.organisation is not None
    registered_on = relationship.started_on
    JobseekerRegistration.objects.get_or_create(
        relationship=relationship,
        defaults={
            "registered_on": registered_on,
            "interview_held_on": rules.initial_interview_due(registered_on).on,
            "recorded_by": employment_expert,
        },
    )
    return service_plan(
        relationship,
        ServicePlanKind.EMPLOYMENT_PLAN,
        made_on=today - timedelta(days=70),
        goals="Varastoalan työpaikka; trukkikortin uusiminen ja työnhakuvalmennus.",
        professional=employment_expert,
    )


def service_plan(
    relationship: ClientRelationship,
    kind: str,
    *,
    made_on: date,
    goals: str,
    professional: User,
    **fields: object,
) -> ServicePlan:
    """The track's first plan of `kind`, its next review by the rhythm in force (R-EMP-1 and the others)."""
    review = rules.default_review(kind, made_on, relationship.responsible_organisation.slug)
    plan, _created = ServicePlan.objects.get_or_create(
        relationship=relationship,
        number=1,
        defaults={
            "kind": kind,
            "made_on": made_on,
            "goals": goals,
            "next_review_on": review.on if review else None,
            "responsible_professional": professional,
            "owner_organisation": professional.organisation,
            "created_by": professional,
            **fields,
        },
    )
    return plan


def load_youth_client(*, employment_expert: User, today: date) -> ClientRelationship:
    """Nuutti, 22, at the youth one-stop guidance (R-YOUTH-1): unemployed for about six months, so the
    page advises the youth team."""
    assert employment_expert.organisation is not None
    first_names, last_name, birth, individual = YOUTH_CLIENT
    code = hetu.compose(birth, individual)
    client = Client.objects.with_identity_code(code).first()
    if client is None:
        client = Client(
            recorded_by=employment_expert.organisation,
            first_names=first_names,
            last_name=last_name,
            is_demo=True,
            education_level=Client.EducationLevel.BASIC,
            work_history="Kesätöitä ravintola-alalla.",
        )
        client.set_identity_code(code, allow_temporary=True)
        client.save()
    started_on = today - timedelta(days=30)
    unit = Unit.objects.select_related("organisation").get(slug="satakunta-ea-youth-integration")
    relationship, _created = ClientRelationship.objects.get_or_create(
        client=client,
        track=Track.YOUTH_ONE_STOP,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": Phase.WORK,
            "started_on": started_on,
        },
    )
    TeamMember.objects.get_or_create(
        relationship=relationship,
        user=employment_expert,
        left_on=None,
        defaults={"team_role": TeamRole.WORKER_PAIR_EMPLOYMENT, "joined_on": relationship.started_on},
    )
    ServicePlan.objects.get_or_create(
        relationship=relationship,
        number=1,
        defaults={
            "kind": ServicePlanKind.YOUTH_GUIDANCE,
            "made_on": relationship.started_on,
            "goals": "Ammatinvalinta ja koulutukseen hakeutuminen; tuli Ohjaamoon omasta aloitteestaan.",
            "unemployed_since": relationship.started_on - timedelta(days=150),
            "responsible_professional": employment_expert,
            "owner_organisation": employment_expert.organisation,
            "created_by": employment_expert,
        },
    )
    return relationship


def _demo_client(names: tuple[str, str, date, int], organisation: Organisation, **fields: object) -> Client:
    first_names, last_name, birth, individual = names
    code = hetu.compose(birth, individual)
    client = Client.objects.with_identity_code(code).first()
    if client is None:
        client = Client(
            recorded_by=organisation, first_names=first_names, last_name=last_name, is_demo=True, **fields
        )
        client.set_identity_code(code, allow_temporary=True)
        client.save()
    return client


def kuty_track(
    client: Client, *, social_worker: User, employment_expert: User, start: date, goals: str
) -> tuple[ClientRelationship, ActivationPlan, KutyDecision]:
    """A KUTY track at the county's social services from `start` (kept from the first load), with both
    authorities on the team, the activation plan confirmed by both and accepted by the client ten days in,
    the jobseeker check and social services' decision."""
    county = social_worker.organisation
    assert county is not None
    assert employment_expert.organisation is not None
    unit = Unit.objects.select_related("organisation").get(slug="satakunta-wc-social")
    relationship, _created = ClientRelationship.objects.get_or_create(
        client=client,
        track=Track.KUTY,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": Phase.WORK,
            "started_on": start,
        },
    )
    started = relationship.started_on
    for user, role in (
        (social_worker, TeamRole.WORKER_PAIR_SOCIAL),
        (employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT),
    ):
        TeamMember.objects.get_or_create(
            relationship=relationship,
            user=user,
            left_on=None,
            defaults={"team_role": role, "joined_on": started},
        )
    made_on = started + timedelta(days=10)
    confirmed_at = timezone.make_aware(datetime.combine(made_on, time(12)))
    plan, _created = ActivationPlan.objects.get_or_create(
        relationship=relationship,
        number=1,
        defaults={
            "made_on": made_on,
            "basis": ActivationBasis.SOCIAL_ASSISTANCE,
            "goals": goals,
            "next_review_on": engine.add_months(made_on, 12),
            "employment_confirmed_by": employment_expert,
            "employment_confirmed_at": confirmed_at,
            "social_confirmed_by": social_worker,
            "social_confirmed_at": confirmed_at,
            "client_accepted_on": made_on + timedelta(days=2),
            "client_acceptance_how": AcceptanceHow.IN_PERSON,
            "client_acceptance_recorded_by": social_worker,
            "owner_organisation": county,
            "created_by": social_worker,
        },
    )
    KutyJobseekerCheck.objects.get_or_create(
        relationship=relationship,
        defaults={
            "checked_on": made_on + timedelta(days=1),
            "unemployed_since": started - timedelta(days=400),
            "owner_organisation": employment_expert.organisation,
            "created_by": employment_expert,
        },
    )
    decision, _created = KutyDecision.objects.get_or_create(
        relationship=relationship,
        defaults={
            "activation_plan": plan,
            "decided_on": made_on + timedelta(days=4),
            "starts_on": made_on + timedelta(days=10),
            "ends_on": made_on + timedelta(days=10 + 600),
            "owner_organisation": county,
            "created_by": social_worker,
        },
    )
    return relationship, plan, decision


def load_kuty_client(
    *, social_worker: User, employment_expert: User, site_worker: User | None, today: date
) -> ClientRelationship:
    """Kaisa, 38, on the KUTY track (SPEC §2) with both authorities on her team: the activation plan
    confirmed by both and accepted by her, the employment authority's jobseeker check, social services'
    decision, a first period whose effects were assessed (it continues) and the current period at the
    demo's KUTY site (the service provider), with its attendance and feedback."""
    county = social_worker.organisation
    assert county is not None
    client = _demo_client(
        KUTY_CLIENT,
        county,
        education_level=Client.EducationLevel.BASIC,
        work_history="Varastotyötä 2010–2016.",
    )
    relationship, plan, decision = kuty_track(
        client,
        social_worker=social_worker,
        employment_expert=employment_expert,
        start=today - timedelta(days=KAISA_STARTED_DAYS_AGO),
        goals="Arjen rytmi ja työelämävalmiudet; polku työhön tai koulutukseen.",
    )
    started = relationship.started_on
    # Every day of her story counts from her start, so that the demo loaded again on a later day keeps the
    # days of the first load (the first load's day is `started + KAISA_STARTED_DAYS_AGO`).
    loaded_on = started + timedelta(days=KAISA_STARTED_DAYS_AGO)
    provider = Organisation.objects.filter(slug="demo-valmennus").first()
    first_start = decision.starts_on
    items = {
        "goal": "Arjen rytmi ja työelämävalmiuksien vahvistaminen.",
        "description": "Kierrätyskeskuksen lajittelu- ja myymälätyöt.",
        "place": "Porin kierrätyskeskus",
        "hours_per_day": Decimal("4"),
        "days_per_week": 3,
        "support_and_guidance": "Työnohjaaja päivittäin, kuukausipalaveri sosiaaliohjaajan kanssa.",
        "other_services": "Terveysaseman lääkäri, talous- ja velkaneuvonta.",
    }
    first_end = rules.period_last_day(first_start, 3)
    first = _kuty_period(
        relationship, plan, decision, provider, social_worker, items,
        starts_on=first_start, ends_on=first_end, effects_by=first_start + timedelta(days=75),
    )  # fmt: skip
    second_start = first_end + timedelta(days=1)
    second = _kuty_period(
        relationship, plan, decision, provider, social_worker, items,
        starts_on=second_start, ends_on=rules.period_last_day(second_start, 6),
        effects_by=loaded_on + timedelta(days=21), continues=first,
    )  # fmt: skip
    KutyEffectsAssessment.objects.get_or_create(
        section=first,
        defaults={
            "assessed_on": first_end - timedelta(days=5),
            "effects": "Läsnäolo säännöllistä, rytmi vakiintunut; jatketaan kuusi kuukautta.",
            "outcome": EffectsOutcome.CONTINUES,
            "next_section": second,
            "owner_organisation": county,
            "created_by": social_worker,
        },
    )
    if site_worker is not None and provider is not None:
        day = loaded_on - timedelta(days=1)
        recorded = 0
        while recorded < 3:
            if day.weekday() < 5 and second.starts_on <= day:
                absent = recorded == 1
                KutyAttendance.objects.get_or_create(
                    section=second,
                    day=day,
                    defaults={
                        "present": not absent,
                        "absence_reason": "Lääkärikäynti" if absent else "",
                        "owner_organisation": provider,
                        "created_by": site_worker,
                    },
                )
                recorded += 1
            day -= timedelta(days=1)
        KutySiteFeedback.objects.get_or_create(
            section=second,
            defaults={
                "given_on": loaded_on - timedelta(days=1),
                "text": "Tulee ajallaan, työskentelee itsenäisesti lajittelussa.",
                "owner_organisation": provider,
                "created_by": site_worker,
            },
        )
    return relationship


def _kuty_period(
    relationship: ClientRelationship,
    plan: ActivationPlan,
    decision: KutyDecision,
    provider: Organisation | None,
    social_worker: User,
    items: dict[str, object],
    *,
    starts_on: date,
    ends_on: date,
    effects_by: date,
    continues: KutySection | None = None,
) -> KutySection:
    data = {**items, "starts_on": starts_on, "ends_on": ends_on, "effects_assessed_by": effects_by}
    refusals = rules.kuty_section_refusals(data, continues_period=continues is not None)
    assert not refusals, refusals  # the demo never shows what the rules refuse
    section, _created = KutySection.objects.get_or_create(
        relationship=relationship,
        starts_on=starts_on,
        defaults={
            **data,
            "activation_plan": plan,
            "decision": decision,
            "provider": provider,
            "continues": continues,
            "owner_organisation": social_worker.organisation,
            "created_by": social_worker,
        },
    )
    return section


def load_youth_contact(*, counsellor: User, today: date) -> YouthContact:
    """Eveliina, 17, from Pori: a low-threshold contact at the youth one-stop (R-YOUTH-1) with first name,
    age and municipality only, three contacts of which two through the Nopsa remote service; not
    registered, so she is no client."""
    assert counsellor.unit is not None
    YouthOneStopUnit.objects.get_or_create(unit=counsellor.unit)
    contact = YouthContact.objects.filter(unit=counsellor.unit, first_name="Eveliina").first()
    if contact is None:
        contact = YouthContact.objects.create(
            unit=counsellor.unit,
            first_name="Eveliina",
            age=17,
            municipality=Municipality.objects.get(code="609"),
            created_by=counsellor,
        )
    entries = [
        (today - timedelta(days=40), ContactChannel.CHAT, "Kesätyöhaku ja ensimmäinen CV"),
        (today - timedelta(days=25), ContactChannel.NOPSA, "Opiskelupaikat yhteishaussa"),
        (today - timedelta(days=5), ContactChannel.NOPSA, "Työhaastatteluun valmistautuminen"),
    ]
    for on, channel, topic in entries:
        YouthContactEntry.objects.get_or_create(
            contact=contact, on=on, channel=channel, defaults={"topic": topic, "recorded_by": counsellor}
        )
    return contact
