"""Fictional demo data: one professional of every role and a handful of clients, among them Maija
(seed 002). Identity codes are in the temporary/test range (individual number 900–999), so no
demo person can be a real one. Loading twice gives the same data.

Maija's story is one timeline relative to the load day T, in the order of seed 002:
T-210 her pre-information form; T-207 consent and referral sent; T-200 referral accepted, mapping
begins (her two years count from here); T-190/T-183 Kela's benefit mapping; T-186 social and T-179
employment assessments; T-155 the mapping's Kela consultation (a B statement is needed); T-148
statement request; T-130 B statement; T-110 planning; T-108 plan drafted; T-106 and T-104 commitments
confirmed; T-100 Maija accepts, the plan is in force and TYM work begins; its review (R-TYM-2, 3 months
from T-100) is overdue by about a week; T-93 job coaching and T-86 six months of KUTY start (effects
assessed about a week after T); T-80 Kela rehabilitation assessment; T-70 AKSE applied for with the B
statement (60 days old), granted T-45; T-15 rehabilitation feedback; T-7 second Kela consultation (with
the nurse); T-5 education applied for as vocational rehabilitation, pending. At T-10 Maija asked who has
used her data: the data-protection officer's request is open, its answer due (R-LOG-1) about T+21.
T-2 the overdue review: plan version 2 (the education in the goals, a task of hers) is drafted; the
employment area confirms it at T-1 and the county on the morning of T; it awaits Maija's acceptance in Oma
Yhteispolku, version 1 staying in force until then. Maija gets notices of new things at her e-mail address
(recorded on the load day by her employment expert, so nothing already waiting is noticed).

Sofia is served in Swedish: in TYM work (referral accepted T-150, plan in force from T-60, written in
Swedish: a work trial and adult social work), with the same worker pair; she agreed to e-mail notices
herself in Oma Yhteispolku.

Mikael's earlier TYM relationship closed at T-170 (the need for multi-sectoral support ended); its 3-month
outcome follow-up (R-OUT-1) is recorded, the 6-month one due about T+13 on the employment expert's worklist.

Aino is an employment-services client of the employment expert, who referred her to the TYM team two
days before T: the expert, on Aino's own track's team, may record her consent, and the TYM coordinator
may then accept the referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from yhteispolku.accounts.models import Role, User
from yhteispolku.applications.demo import load_joint_review, load_maija_applications, load_sofia_kela
from yhteispolku.assessments.demo import load_maija_mapping
from yhteispolku.cases.demo import load_closed_tym
from yhteispolku.cases.models import (
    ClientRelationship,
    Phase,
    PhaseTransition,
    PreInformation,
    Referral,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.collaboration.demo import (
    load_closed_work_ability_support,
    load_maija_collaboration,
    load_maija_network,
    load_work_ability_escalation,
)
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.documents.demo import load_maija_documents
from yhteispolku.notices.demo import Channel, load_notice_agreement
from yhteispolku.organisations.models import KelaContact, Municipality, Organisation, Unit
from yhteispolku.paths.demo import load_paths_demo
from yhteispolku.paths.demo_closures import load_closed_tracks
from yhteispolku.plans.demo import load_maija_plan, load_maija_review_version, load_sofia_plan
from yhteispolku.plans.models import Participation, ParticipationStatus
from yhteispolku.privacy.demo import load_maija_log_request
from yhteispolku.worklist.demo import load_aino_referral

DEMO_PASSWORD = "Yhteispolku-demo-2026"  # noqa: S105 - documented demo login, demo mode only


@dataclass(frozen=True)
class DemoProfessional:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    unit: str
    is_staff: bool = False


PROFESSIONALS = [
    DemoProfessional("tyollisyysasiantuntija", "Anna", "Virtanen", "employment_expert",
                     "satakunta-employment-area", "satakunta-ea-tym"),
    DemoProfessional("sosiaalityontekija", "Sanna", "Koskinen", "social_worker",
                     "satakunta-wellbeing-county", "satakunta-wc-tym"),
    DemoProfessional("sosiaaliohjaaja", "Mikko", "Laine", "social_counsellor",
                     "satakunta-wellbeing-county", "satakunta-wc-social"),
    DemoProfessional("terveydenhoitaja", "Liisa", "Heikkinen", "public_health_nurse",
                     "satakunta-wellbeing-county", "satakunta-wc-health"),
    DemoProfessional("laakari", "Jukka", "Nieminen", "physician",
                     "satakunta-wellbeing-county", "satakunta-wc-health"),
    DemoProfessional("psykologi", "Elina", "Mäkelä", "psychologist",
                     "satakunta-wellbeing-county", "satakunta-wc-health"),
    DemoProfessional("terapeutti", "Outi", "Hämäläinen", "therapist",
                     "satakunta-wellbeing-county", "satakunta-wc-work-ability"),
    DemoProfessional("tyokykykoordinaattori", "Pekka", "Lehtonen", "work_ability_coordinator",
                     "satakunta-wellbeing-county", "satakunta-wc-work-ability"),
    DemoProfessional("kela-palveluasiantuntija", "Tiina", "Järvinen", "kela_service_expert",
                     "kela", "kela-west"),
    DemoProfessional("kela-tyokykyneuvoja", "Kari", "Lehtinen", "kela_work_ability_advisor",
                     "kela", "kela-west"),
    DemoProfessional("tym-koordinaattori", "Maria", "Salo", "tym_coordinator",
                     "satakunta-employment-area", "satakunta-ea-tym"),
    DemoProfessional("esihenkilo", "Juha", "Rantanen", "unit_manager",
                     "satakunta-employment-area", "satakunta-ea-multisectoral"),
    DemoProfessional("johtoryhma", "Helena", "Karjalainen", "steering_group_member",
                     "satakunta-employment-area", "satakunta-ea-administration"),
    DemoProfessional("palveluntuottaja", "Ville", "Valmentaja", "service_provider",
                     "demo-valmennus", "demo-valmennus-tyohonvalmennus"),
    DemoProfessional("paakayttaja", "Paula", "Pääkäyttäjä", "administrator",
                     "satakunta-employment-area", "satakunta-ea-administration", is_staff=True),
    DemoProfessional("tietosuojavastaava", "Tuomas", "Aalto", "data_protection_officer",
                     "satakunta-wellbeing-county", "satakunta-wc-administration"),
    DemoProfessional("terveydenhoitaja-keusote", "Kaisa", "Korhonen", "public_health_nurse",
                     "keusote", "keusote-health"),
    DemoProfessional("ohjaamo-ohjaaja", "Olli", "Ohjaaja", "employment_expert",
                     "satakunta-employment-area", "satakunta-ea-youth-integration"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoClient:
    key: str
    first_names: str
    last_name: str
    birth: date
    individual: int
    municipality: str
    extra: dict[str, object]


CLIENTS = [
    DemoClient(
        "maija", "Maija", "Meikäläinen", date(1999, 3, 15), 912, "609",
        {
            "calling_name": "Maija",
            "phone": "040 000 0001",
            "email": "maija.meikalainen@demo.invalid",
            "education_level": "vocational_upper_secondary",
            "education_details": (
                "Peruskoulussa koulunkäyntiavustajan tuki. Lukion päättötodistus, ylioppilaskirjoitukset "
                "eivät menneet läpi. Toisen asteen ammatillinen tutkinto."
            ),
            "work_history": "Ei palkkatyökokemusta.",
        },
    ),
    DemoClient(
        "mikael", "Mikael", "Esimerkki", date(1981, 11, 2), 934, "886",
        {"education_level": "vocational_upper_secondary", "work_history": "Varastotyötä 2003–2019."},
    ),
    DemoClient(
        "aino", "Aino", "Testinen", date(2003, 6, 21), 955, "079",
        {"education_level": "basic", "work_history": "Kesätöitä kaupan alalla."},
    ),
    DemoClient(
        "ahmed", "Ahmed", "Demo", date(1990, 1, 30), 978, "609",
        {
            "mother_tongue": "other",
            "mother_tongue_other": "arabia",
            "needs_interpreter": True,
            "interpreter_language": "arabia",
            "residence_permit_type": "continuous",
            "residence_permit_valid_from": date(2025, 1, 15),
            "integration_period_start": date(2025, 2, 1),
        },
    ),
    DemoClient(
        "sofia", "Sofia", "Exempel", date(1996, 5, 4), 963, "609",
        {
            "mother_tongue": "sv",
            "service_language": "sv",
            "phone": "040 000 0006",
            "email": "sofia.exempel@demo.invalid",
            "education_level": "general_upper_secondary",
            "work_history": "Kundtjänst 2016–2022.",
        },
    ),
    DemoClient(
        "kalle", "Kalle", "Keskiuusimaalainen", date(1975, 8, 9), 990, "106",
        {"education_level": "higher", "work_history": "Insinööri, työttömänä vuodesta 2023."},
    ),
]  # fmt: skip

# (category, author, days after the referral was accepted, text)
MAIJA_JOURNAL = [
    (DataCategory.EMPLOYMENT, "tyollisyysasiantuntija", 21,
     "Osaamisen ja ammattitaidon kartoitus: ammatillinen perustutkinto, ei palkkatyökokemusta. "
     "Toive: palkkatyö. Tarvitsee selkeitä ja vaiheistettuja ohjeita."),
    (DataCategory.SOCIAL, "sosiaalityontekija", 14,
     "Palvelutarpeen arvio: asuu perheen kanssa, perhe tukee. Toiminnanohjauksen haasteet "
     "vaikeuttavat arkea ja työllistymistä. Lähete työttömän terveystarkastukseen tehty."),
    (DataCategory.HEALTH, "terveydenhoitaja", 30,
     "Työttömän terveystarkastus: toiminnanohjauksen vaikeudet vaikuttavat työkykyyn. "
     "Kelan ammatillista kuntoutusta varten tarvitaan lääkärinlausunto (B)."),
    (DataCategory.KELA, "kela-tyokykyneuvoja", 45,
     "Kela-konsultaatio: Maijan tietoihin perehdytty yhdessä sotepen kanssa; todetaan "
     "lääkärinlausunnon tarve ammatillisen kuntoutuksen hakemista varten."),
    (DataCategory.PLAN, "tyollisyysasiantuntija", 100,
     "Tavoite: palkkatyö. Sovittu räätälöity työhönvalmennus ja kuntouttava työtoiminta (6 kk)."),
]  # fmt: skip
# Days after the referral was accepted: the mapping ends and planning begins; Maija accepts the plan.
PLANNING_DAY = 90
PLAN_IN_FORCE_DAY = 100


def _unit(slug: str) -> Unit:
    return Unit.objects.select_related("organisation").get(slug=slug)


def _demo_provider() -> None:
    provider, _ = Organisation.objects.update_or_create(
        slug="demo-valmennus",
        defaults={
            "kind": Organisation.Kind.SERVICE_PROVIDER,
            "name_fi": "Esimerkkivalmennus Oy (demo)",
            "name_sv": "Exempelcoaching Ab (demo)",
            "name_en": "Example Coaching Ltd (demo)",
            "is_demo": True,
        },
    )
    Unit.objects.update_or_create(
        slug="demo-valmennus-tyohonvalmennus",
        defaults={
            "organisation": provider,
            "kind": Unit.Kind.TEAM,
            "name_fi": "Työhönvalmennus",
            "name_sv": "Jobbcoachning",
            "name_en": "Job coaching",
        },
    )


def load_professionals() -> dict[str, User]:
    _demo_provider()
    users = {}
    for person in PROFESSIONALS:
        unit = _unit(person.unit)
        user, created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "role": Role.objects.get(code=person.role),
                "organisation": unit.organisation,
                "unit": unit,
                "is_staff": person.is_staff,
                "is_superuser": person.is_staff,
                "email": f"{person.username}@demo.invalid",
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[person.username] = user
    return users


def _client(demo: DemoClient, recorded_by: Organisation) -> Client:
    code = hetu.compose(demo.birth, demo.individual)
    client = Client.objects.with_identity_code(code).first() or Client(recorded_by=recorded_by, is_demo=True)
    client.set_identity_code(code, allow_temporary=True)
    client.first_names = demo.first_names
    client.last_name = demo.last_name
    client.home_municipality = Municipality.objects.get(code=demo.municipality)
    for name, value in demo.extra.items():
        setattr(client, name, value)
    client.save()
    return client


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def _relationship(
    client: Client, track: str, unit: Unit, phase: str, started_on: date, team: list[tuple[User, str]]
) -> ClientRelationship:
    # Created once: loading again (on a later day, or after a demo user moved the case on) keeps it.
    relationship, _ = ClientRelationship.objects.get_or_create(
        client=client,
        track=track,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": phase,
            "started_on": started_on,
        },
    )
    for user, team_role in team:
        TeamMember.objects.get_or_create(
            relationship=relationship,
            user=user,
            left_on=None,
            defaults={"team_role": team_role, "joined_on": started_on},
        )
    return relationship


def _consent(client: Client, recorded_by: User, organisations: list[Organisation], given_on: date) -> None:
    consent, created = Consent.objects.get_or_create(
        client=client,
        purpose=Purpose.TYM_JOINT_WORK,
        valid_from=given_on,
        revoked_at=None,
        defaults={
            "categories": [c.value for c in (DataCategory.BASIC, DataCategory.EMPLOYMENT, DataCategory.SOCIAL,
                                             DataCategory.HEALTH, DataCategory.KELA)],
            "given_how": Consent.GivenHow.WRITTEN,
            "given_on": given_on,
            "recorded_by": recorded_by,
        },
    )  # fmt: skip
    if created:
        consent.organisations.set(organisations)
        Consent.objects.filter(pk=consent.pk).update(recorded_at=_at(given_on))


def _maija_journey(
    relationship: ClientRelationship,
    users: dict[str, User],
    started_on: date,
    employment_area: Organisation,
    today: date,
) -> None:
    """Seed 002 up to TYM work: the accepted referral, the phases, the mapping and the plan in force.

    `started_on` is the day the referral was accepted; it was sent a week earlier."""
    ClientRelationship.objects.filter(pk=relationship.pk).update(kela_registered_on=started_on)
    # Seed 002 step 1: told about TYM, Maija fills in the pre-information form before she is referred.
    pre_information, created = PreInformation.objects.get_or_create(
        client=relationship.client,
        defaults={
            "relationship": relationship,
            "filled_on": started_on - timedelta(days=10),
            "how": PreInformation.How.PAPER,
            "situation": "Olen ollut työttömänä ammatillisen tutkinnon jälkeen. Asun perheeni kanssa.",
            "education": (
                "Peruskoulussa koulunkäyntiavustaja. Lukion päättötodistus, ylioppilaskirjoituksista en "
                "päässyt läpi. Ammatillinen perustutkinto."
            ),
            "work_history": "Ei palkkatyötä.",
            "health": "Asioiden aloittaminen ja aikatauluissa pysyminen on vaikeaa.",
            "wishes": "Haluan palkkatyöhön.",
            "recorded_by": users["tyollisyysasiantuntija"],
        },
    )
    if created:
        PreInformation.objects.filter(pk=pre_information.pk).update(created_at=_at(pre_information.filled_on))
    referral, created = Referral.objects.get_or_create(
        relationship=relationship,
        defaults={
            "from_organisation": employment_area,
            "referred_by": users["tyollisyysasiantuntija"],
            "work_capacity_limitations": True,
            "life_management_problems": True,
            "needs_multisectoral_support": True,
            "description": (
                "Maija, 27, ammatillinen tutkinto, ei palkkatyökokemusta. Toiminnanohjauksen haasteet "
                "vaikuttavat työllistymiseen; tarvitaan sosiaali- ja terveyspalvelujen ja Kelan tukea."
            ),
            "status": Referral.Status.ACCEPTED,
            "decided_by": users["tym-koordinaattori"],
            "decided_at": _at(started_on),
        },
    )
    if created:
        Referral.objects.filter(pk=referral.pk).update(created_at=_at(started_on - timedelta(days=7)))
    history = [
        ("", Phase.REFERRAL, users["tyollisyysasiantuntija"], started_on - timedelta(days=7)),
        (Phase.REFERRAL, Phase.MAPPING, users["tym-koordinaattori"], started_on),
        (
            Phase.MAPPING,
            Phase.PLANNING,
            users["tyollisyysasiantuntija"],
            started_on + timedelta(PLANNING_DAY),
        ),
        (
            Phase.PLANNING,
            Phase.WORK,
            users["tyollisyysasiantuntija"],
            started_on + timedelta(PLAN_IN_FORCE_DAY),
        ),
    ]
    for from_phase, to_phase, actor, on in history:
        transition, created = PhaseTransition.objects.get_or_create(
            relationship=relationship, from_phase=from_phase, to_phase=to_phase, defaults={"actor": actor}
        )
        if created:
            PhaseTransition.objects.filter(pk=transition.pk).update(at=_at(on))
    load_maija_mapping(
        relationship=relationship,
        social_worker=users["sosiaalityontekija"],
        employment_expert=users["tyollisyysasiantuntija"],
        nurse=users["terveydenhoitaja"],
        kela_advisor=users["kela-tyokykyneuvoja"],
        started_on=started_on,
    )
    version = load_maija_plan(
        relationship=relationship,
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
        made_on=started_on + timedelta(days=PLAN_IN_FORCE_DAY),
        provider=Organisation.objects.get(slug="demo-valmennus"),
    )
    # Loaded again (after a demo user accepted version 2, say): the services are version 1's.
    version = version.plan.versions.get(number=1)
    load_maija_review_version(
        in_force=version,
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
        today=today,
    )
    load_maija_documents(
        relationship=relationship,
        social_worker=users["sosiaalityontekija"],
        nurse=users["terveydenhoitaja"],
        started_on=started_on,
        today=today,
    )
    load_maija_applications(
        client=relationship.client,
        kela_advisor=users["kela-tyokykyneuvoja"],
        started_on=started_on,
        today=today,
    )
    # Six months of rehabilitative work activity, under way: Maija attends.
    kuty = version.services.filter(service_type__is_kuty=True).first()
    if kuty is not None and kuty.starts_on <= timezone.localdate():
        Participation.objects.get_or_create(
            plan=version.plan,
            service=kuty,
            status=ParticipationStatus.ATTENDING,
            defaults={
                "lineage": kuty.lineage,
                "on": kuty.starts_on + timedelta(days=14),
                "recorded_by": users["sosiaalityontekija"],
                "note": "Osallistuu kolmena päivänä viikossa.",
            },
        )


def _sofia_journey(
    client: Client,
    users: dict[str, User],
    employment_area: Organisation,
    parties: list[Organisation],
    today: date,
) -> None:
    """Sofia, served in Swedish: referred to TYM by the employment expert at T-157, accepted at T-150,
    planning from T-70; her plan (in Swedish) in force from T-60, its review ahead; in TYM work."""
    started_on = today - timedelta(days=150)
    relationship = _relationship(
        client, Track.TYM, _unit("satakunta-ea-tym"), Phase.WORK, started_on,
        [
            (users["tyollisyysasiantuntija"], TeamRole.WORKER_PAIR_EMPLOYMENT),
            (users["sosiaalityontekija"], TeamRole.WORKER_PAIR_SOCIAL),
        ],
    )  # fmt: skip
    started_on = relationship.started_on  # loaded again on a later day: the first load's days
    _consent(client, users["tyollisyysasiantuntija"], parties, started_on - timedelta(days=7))
    referral, created = Referral.objects.get_or_create(
        relationship=relationship,
        defaults={
            "from_organisation": employment_area,
            "referred_by": users["tyollisyysasiantuntija"],
            "work_capacity_limitations": True,
            "life_management_problems": True,
            "needs_multisectoral_support": True,
            "description": "Sofia, 30, kundtjänst tidigare; behöver stöd i vardagen och med ekonomin.",
            "status": Referral.Status.ACCEPTED,
            "decided_by": users["tym-koordinaattori"],
            "decided_at": _at(started_on),
        },
    )
    if created:
        Referral.objects.filter(pk=referral.pk).update(created_at=_at(started_on - timedelta(days=7)))
    expert, coordinator = users["tyollisyysasiantuntija"], users["tym-koordinaattori"]
    for from_phase, to_phase, actor, on in (
        ("", Phase.REFERRAL, expert, started_on - timedelta(days=7)),
        (Phase.REFERRAL, Phase.MAPPING, coordinator, started_on),
        (Phase.MAPPING, Phase.PLANNING, expert, started_on + timedelta(days=80)),
        (Phase.PLANNING, Phase.WORK, expert, started_on + timedelta(days=90)),
    ):
        transition, created = PhaseTransition.objects.get_or_create(
            relationship=relationship, from_phase=from_phase, to_phase=to_phase, defaults={"actor": actor}
        )
        if created:
            PhaseTransition.objects.filter(pk=transition.pk).update(at=_at(on))
    load_sofia_plan(
        relationship=relationship,
        employment_expert=expert,
        social_worker=users["sosiaalityontekija"],
        made_on=started_on + timedelta(days=90),
    )


@transaction.atomic
def load_demo(today: date | None = None) -> dict[str, Client]:
    today = today or timezone.localdate()
    users = load_professionals()
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    clients = {demo.key: _client(demo, employment_area) for demo in CLIENTS}
    clients["kalle"].recorded_by = Organisation.objects.get(slug="keusote")
    clients["kalle"].save(update_fields=["recorded_by"])

    maija_start = today - timedelta(days=200)
    maija_relationship = _relationship(
        clients["maija"], Track.TYM, _unit("satakunta-ea-tym"), Phase.WORK, maija_start,
        [
            (users["tyollisyysasiantuntija"], TeamRole.WORKER_PAIR_EMPLOYMENT),
            (users["sosiaalityontekija"], TeamRole.WORKER_PAIR_SOCIAL),
            (users["terveydenhoitaja"], TeamRole.MEMBER),
            (users["kela-tyokykyneuvoja"], TeamRole.MEMBER),
        ],
    )  # fmt: skip
    # Loaded again on a later day: her story keeps the days of the first load.
    maija_start = maija_relationship.started_on
    # Kela's work-ability advisor is the TYM team's named Kela contact (seed 004).
    KelaContact.objects.get_or_create(
        unit=_unit("satakunta-ea-tym"),
        user=users["kela-tyokykyneuvoja"],
        role=KelaContact.Role.WORK_ABILITY_ADVISOR,
        defaults={"valid_from": maija_start - timedelta(days=365)},
    )
    # Maija consents to the joint work on the day she is referred, a week before the acceptance.
    _consent(
        clients["maija"],
        users["tyollisyysasiantuntija"],
        [employment_area, county, kela],
        maija_start - timedelta(days=7),
    )
    _maija_journey(maija_relationship, users, maija_start, employment_area, today)
    load_maija_collaboration(
        relationship=maija_relationship,
        social_worker=users["sosiaalityontekija"],
        employment_expert=users["tyollisyysasiantuntija"],
        nurse=users["terveydenhoitaja"],
        kela_advisor=users["kela-tyokykyneuvoja"],
        kela_expert=users["kela-palveluasiantuntija"],
        started_on=maija_start,
        today=today,
    )
    load_maija_network(
        relationship=maija_relationship,
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
        today=today,
    )
    for category, author, days, text in MAIJA_JOURNAL:
        writer = users[author]
        entry, created = JournalEntry.objects.get_or_create(
            client=clients["maija"],
            category=category,
            text=text,
            defaults={"author": writer, "organisation": writer.organisation},
        )
        if created:
            JournalEntry.objects.filter(pk=entry.pk).update(created_at=_at(maija_start + timedelta(days)))

    _relationship(
        clients["mikael"], Track.EMPLOYMENT_SERVICES, _unit("satakunta-ea-multisectoral"), Phase.WORK,
        today - timedelta(days=200), [(users["tyollisyysasiantuntija"], TeamRole.WORKER_PAIR_EMPLOYMENT)],
    )  # fmt: skip
    # Mikael's earlier TYM relationship closed about T-170: the 3-month outcome follow-up is recorded, the
    # 6-month one (R-OUT-1) is due in about two weeks on the employment expert's worklist.
    load_closed_tym(
        client=clients["mikael"],
        employment_expert=users["tyollisyysasiantuntija"],
        social_worker=users["sosiaalityontekija"],
        unit=_unit("satakunta-ea-tym"),
        today=today,
    )
    # Aino's own track: employment services with the employment expert, who referred her to TYM two
    # days ago and, on this track's team, may record her consent for the joint work.
    _relationship(
        clients["aino"], Track.EMPLOYMENT_SERVICES, _unit("satakunta-ea-multisectoral"), Phase.WORK,
        today - timedelta(days=60), [(users["tyollisyysasiantuntija"], TeamRole.WORKER_PAIR_EMPLOYMENT)],
    )  # fmt: skip
    aino_referred_on = today - timedelta(days=2)
    aino = _relationship(
        clients["aino"], Track.TYM, _unit("satakunta-ea-tym"), Phase.REFERRAL, aino_referred_on, []
    )
    referral = load_aino_referral(relationship=aino, referred_by=users["tyollisyysasiantuntija"])
    if referral is not None and timezone.localdate(referral.created_at) > aino.started_on:
        Referral.objects.filter(pk=referral.pk).update(created_at=_at(aino.started_on))
    _relationship(
        clients["ahmed"], Track.INTEGRATION, _unit("satakunta-ea-youth-integration"), Phase.WORK,
        date(2025, 2, 1), [(users["tyollisyysasiantuntija"], TeamRole.WORKER_PAIR_EMPLOYMENT)],
    )  # fmt: skip
    _relationship(
        clients["kalle"], Track.WORK_ABILITY_SUPPORT, _unit("keusote-health"), Phase.MAPPING,
        today - timedelta(days=20), [(users["terveydenhoitaja-keusote"], TeamRole.MEMBER)],
    )  # fmt: skip
    _sofia_journey(clients["sofia"], users, employment_area, [employment_area, county, kela], today)
    # Kela's routines beyond Maija: Sofia's benefits, work trial and its continuation, her interview; the TYM
    # team's joint review with Kela held once, the next due in about two weeks (seed 004, R-KELA-5).
    load_sofia_kela(
        relationship=ClientRelationship.objects.get(client=clients["sofia"], track=Track.TYM),
        kela_advisor=users["kela-tyokykyneuvoja"],
    )
    load_joint_review(maija=maija_relationship, kela_advisor=users["kela-tyokykyneuvoja"])
    load_paths_demo(clients=clients, users=users, today=today)
    # Every track's closure once (Kaisa's KUTY comes from load_paths_demo).
    closed_tracks = load_closed_tracks(users=users, today=today)
    # Work-ability support reached from employment services (not TYM), with what came of it.
    load_work_ability_escalation(
        relationship=ClientRelationship.objects.get(
            client=clients["mikael"], track=Track.EMPLOYMENT_SERVICES
        ),
        professional=users["tyollisyysasiantuntija"],
        today=today,
    )
    # The work-ability support track that closed (paths.demo_closures), with its steps.
    load_closed_work_ability_support(
        relationship=closed_tracks[Track.WORK_ABILITY_SUPPORT], coordinator=users["tyokykykoordinaattori"]
    )
    # The data-protection officer has Maija's access-log request open, its answer due in about 3 weeks.
    load_maija_log_request(client=clients["maija"], officer=users["tietosuojavastaava"], today=today)
    # Notices of new things in Oma Yhteispolku: Maija's e-mail, recorded by her employment expert; Sofia
    # agreed herself in the portal. Last, so that nothing already waiting is noticed at load.
    load_notice_agreement(
        client=clients["maija"], channel=Channel.EMAIL, recorded_by=users["tyollisyysasiantuntija"]
    )
    load_notice_agreement(client=clients["sofia"], channel=Channel.EMAIL, recorded_by=None)
    return clients
