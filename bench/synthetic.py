"""Synthetic clients, professionals, relationships, consents, journals and audit history at scale.

Needs Django set up (see `bench.generate`, the command-line entry point). Everything generated is
fictional: identity codes are in the temporary range 900-999, clients and extra organisations are
marked `is_demo`, and professionals are named `bench-<scale>-…` with unusable passwords.

One database holds one scale. A second run of the same scale finds its professionals and does
nothing; a run of the other scale is refused, and so is a database holding non-demo clients. The
whole generation is one transaction, so an interrupted run leaves nothing behind and can be repeated.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from encrypted_fields.fields import EncryptedCharField

from bench.casework import Casework
from yhteispolku.accounts.models import Role, User
from yhteispolku.audit.services import record_accesses
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, TeamRole, Track
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.core.categories import CONSENTABLE_CATEGORIES, Action, DataCategory, Purpose
from yhteispolku.organisations.models import Municipality, Organisation, Unit

USER_PREFIX = "bench-"
BATCH_SIZE = 2000

FIRST_NAMES = [
    "Aino", "Anna", "Emilia", "Helmi", "Iida", "Johanna", "Katja", "Laura", "Maria", "Minna",
    "Noora", "Päivi", "Riikka", "Sari", "Tiina", "Aleksi", "Antti", "Eero", "Janne", "Jari",
    "Juha", "Kalle", "Lauri", "Markku", "Mikko", "Niko", "Olli", "Pekka", "Sami", "Ville",
]  # fmt: skip
LAST_NAMES = [
    "Aaltonen", "Heikkilä", "Heikkinen", "Hämäläinen", "Järvinen", "Karjalainen", "Koivisto",
    "Korhonen", "Koskinen", "Laine", "Lehtinen", "Lehtonen", "Leinonen", "Mäkelä", "Mäkinen",
    "Niemi", "Nieminen", "Ojala", "Rantanen", "Salminen", "Salo", "Tuominen", "Turunen",
    "Virtanen", "Vainio", "Saarinen", "Laaksonen", "Kallio", "Lindholm", "Grönroos",
]  # fmt: skip

# Approximate populations, only so that most clients live in Pori as they would.
SATAKUNTA_POPULATION = {
    "609": 83_000, "886": 13_000, "214": 11_000, "271": 7_000, "079": 7_000, "531": 5_000,
    "484": 3_000, "608": 2_000, "181": 2_000, "230": 2_000, "747": 1_400,
}  # fmt: skip

JOURNAL_TEXTS = {
    DataCategory.EMPLOYMENT: [
        "Osaamiskartoitus tehty; toiveena palkkatyö kaupan alalta.",
        "Työnhakusuunnitelma päivitetty, sovittu kolme hakemusta kuukaudessa.",
        "Keskusteltu palkkatuetusta työstä ja työkokeilusta.",
    ],
    DataCategory.SOCIAL: [
        "Palvelutarpeen arvio aloitettu; asuminen järjestyksessä.",
        "Sovittu sosiaaliohjauksen tapaamiset kahden viikon välein.",
        "Toimeentulotuen tarve selvitetty yhdessä asiakkaan kanssa.",
    ],
    DataCategory.HEALTH: [
        "Työttömän terveystarkastus tehty, jatkotutkimukset sovittu.",
        "Työkyvyn arvio käynnissä; lääkärinlausunto pyydetty.",
        "Uniongelmat puheeksi, ohjattu terveysasemalle.",
    ],
    DataCategory.KELA: [
        "Ammatillisen kuntoutuksen mahdollisuudet käyty läpi.",
        "Kuntoutusrahan hakeminen neuvottu.",
        "Kela-konsultaatio: lausunnon tarve todettu.",
    ],
    DataCategory.PLAN: [
        "Tavoite: palkkatyö vuoden kuluessa. Sovittu työhönvalmennus.",
        "Suunnitelma tarkistettu; kuntouttava työtoiminta jatkuu.",
        "Sovittu seuraava yhteinen tapaaminen.",
    ],
}
JOURNAL_CATEGORIES = tuple(JOURNAL_TEXTS)
OPEN_PHASE_WEIGHTS = {Phase.MAPPING: 25, Phase.PLANNING: 20, Phase.WORK: 45, Phase.CLOSING: 10}
# Open or closed TYM relationships not (yet) registered with Kela (R-TYM-5): the rare overdue item.
UNREGISTERED_WITH_KELA = 0.02


@dataclass(frozen=True)
class Scale:
    name: str
    clients: int
    areas: int
    caseload: int = 150  # clients per professional
    open_share: float = 0.80
    referral_share: float = 0.08  # the rest are closed relationships
    consent_share: float = 0.90  # of clients with an open relationship: an active consent
    revoked_share: float = 0.05  # of the same: a revoked one instead
    kela_share: float = 0.20  # of open teams with a Kela work-ability advisor
    nurse_share: float = 0.20  # of open teams with a public health nurse
    journal_per_category: tuple[int, int] = (1, 3)
    # Journal writes are ten times the other entries; writing each through record_accesses at national
    # scale would take longer than everything else together.
    audit_journal_writes: bool = True


SCALES = {
    "region": Scale("region", clients=5_000, areas=1),
    "national": Scale("national", clients=150_000, areas=45, audit_journal_writes=False),
}


class GenerationRefused(Exception):
    pass


@dataclass
class Area:
    key: str
    employment_area: Organisation
    county: Organisation
    kela: Organisation
    employment_units: list[Unit]  # worker pairs' home units, round-robin
    intake_unit: Unit  # where referrals wait
    social_units: list[Unit]
    health_unit: Unit
    kela_unit: Unit
    municipalities: list[str]
    weights: list[float]


@dataclass
class Report:
    scale: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    fernet_encrypt_us: float = 0.0
    compose_us: float = 0.0
    set_identity_code_us: float = 0.0

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "counts": dict(self.counts),
            "seconds": {name: round(value, 2) for name, value in self.seconds.items()},
            "per_identity_code_us": {
                "hetu.compose": round(self.compose_us, 1),
                "set_identity_code": round(self.set_identity_code_us, 1),
                "fernet_encrypt": round(self.fernet_encrypt_us, 1),
            },
        }


class _Timer:
    def __init__(self, report: Report, name: str) -> None:
        self.report, self.name = report, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.seconds[self.name] += time.perf_counter() - self.start


def generated_scale() -> str | None:
    """The scale already generated in this database, if any (read from the professionals' names)."""
    username = (
        User.objects.filter(username__startswith=USER_PREFIX)
        .order_by("username")
        .values_list("username", flat=True)
        .first()
    )
    return username.split("-")[1] if username else None


def username(scale: str, *parts: object) -> str:
    return "-".join(["bench", scale, *(str(part) for part in parts)])


def probe_usernames(scale: str) -> dict[int, str]:
    """Professionals whose whole caseload is known, for the query counts at 10, 50 and 150 clients."""
    return {
        10: username(scale, "probe", "010"),
        50: username(scale, "probe", "050"),
        150: username(scale, "satakunta", "ee", "001"),
    }


def generate(scale: Scale, *, seed: int = 2026, progress: Callable[[str], None] = print) -> Report | None:
    """Generate `scale`; None when this database already holds it."""
    existing = generated_scale()
    if existing == scale.name:
        return None
    if existing is not None:
        raise GenerationRefused(
            f"this database already holds the {existing!r} benchmark data; use another database "
            f"for {scale.name!r}"
        )
    if Client.objects.filter(is_demo=False).exists():
        raise GenerationRefused("this database holds clients that are not demo data; refusing to add to it")
    report = Report(scale.name)
    started = time.perf_counter()
    with transaction.atomic():
        _Generator(scale, random.Random(seed), report, progress).run()
    report.seconds["total"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum would soon do on a live system; without it the first plans see empty tables.
        with _Timer(report, "analyze"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return report


class _Generator:
    def __init__(
        self, scale: Scale, rng: random.Random, report: Report, progress: Callable[[str], None]
    ) -> None:
        self.scale, self.rng, self.report, self.progress = scale, rng, report, progress
        self.today = timezone.localdate()
        self.roles = {role.code: role for role in Role.objects.all()}
        self.used_hashes = set(
            Client.objects.exclude(identity_code_hash=None).values_list("identity_code_hash", flat=True)
        )
        self.used_codes: set[tuple[date, int]] = set()
        # Nobody logs in as a generated professional with a password; the benchmark uses force_login.
        self.unusable_password = make_password(None)
        self.casework = Casework(rng, self.today, report.add)

    def run(self) -> None:
        self._measure_identity_code_costs()
        areas = self._areas()
        per_area = _split(self.scale.clients, len(areas))
        started = time.perf_counter()
        for index, (area, count) in enumerate(zip(areas, per_area, strict=True), start=1):
            self._area(area, count, with_probes=index == 1)
            if index % 5 == 0 or index == len(areas):
                self.progress(
                    f"  {index}/{len(areas)} areas, {sum(per_area[:index])} clients, "
                    f"{time.perf_counter() - started:.0f} s"
                )

    # Organisations ---------------------------------------------------------------------------------

    def _areas(self) -> list[Area]:
        with _Timer(self.report, "organisations"):
            kela = Organisation.objects.get(slug="kela")
            kela_units = [Unit.objects.get(slug="kela-west"), Unit.objects.get(slug="kela-south")]
            employment_area = Organisation.objects.get(slug="satakunta-employment-area")
            satakunta_codes = sorted(employment_area.municipalities.values_list("code", flat=True))
            units = {unit.slug: unit for unit in Unit.objects.filter(slug__startswith="satakunta-")}
            areas = [
                Area(
                    key="satakunta",
                    employment_area=employment_area,
                    county=Organisation.objects.get(slug="satakunta-wellbeing-county"),
                    kela=kela,
                    employment_units=[
                        units["satakunta-ea-multisectoral"],
                        units["satakunta-ea-youth-integration"],
                        units["satakunta-ea-tym"],
                    ],
                    intake_unit=units["satakunta-ea-tym"],
                    social_units=[units["satakunta-wc-tym"], units["satakunta-wc-social"]],
                    health_unit=units["satakunta-wc-health"],
                    kela_unit=kela_units[0],
                    municipalities=satakunta_codes,
                    weights=[SATAKUNTA_POPULATION.get(code, 1_000) for code in satakunta_codes],
                )
            ]
            if self.scale.areas > 1:
                areas += self._national_areas(kela, kela_units, set(satakunta_codes))
        return areas

    def _national_areas(self, kela: Organisation, kela_units: list[Unit], taken: set[str]) -> list[Area]:
        """The other 44 employment areas and 21 wellbeing counties, as demo organisations."""
        others = list(Municipality.objects.exclude(code__in=taken).order_by("code"))
        county_count = 21
        counties = []
        for number in range(1, county_count + 1):
            county = Organisation.objects.create(
                slug=f"bench-wc-{number:02d}",
                kind=Organisation.Kind.WELLBEING_COUNTY,
                name_fi=f"Hyvinvointialue {number:02d} (synteettinen)",
                is_demo=True,
            )
            social = Unit.objects.create(
                slug=f"bench-wc-{number:02d}-social",
                organisation=county,
                kind=Unit.Kind.SERVICE_UNIT,
                name_fi="Työikäisten sosiaalipalvelut",
            )
            health = Unit.objects.create(
                slug=f"bench-wc-{number:02d}-health",
                organisation=county,
                kind=Unit.Kind.SERVICE_UNIT,
                name_fi="Työikäisten terveyspalvelut",
            )
            counties.append((county, social, health))
        areas = []
        other_count = self.scale.areas - 1
        for number in range(1, other_count + 1):
            municipalities = others[number - 1 :: other_count]
            organisation = Organisation.objects.create(
                slug=f"bench-ea-{number:02d}",
                kind=Organisation.Kind.EMPLOYMENT_AUTHORITY,
                name_fi=f"Työllisyysalue {number:02d} (synteettinen)",
                is_demo=True,
            )
            organisation.municipalities.set(municipalities)
            multisectoral = Unit.objects.create(
                slug=f"bench-ea-{number:02d}-multisectoral",
                organisation=organisation,
                kind=Unit.Kind.SERVICE_UNIT,
                name_fi="Monialaiset palvelut",
            )
            tym = Unit.objects.create(
                slug=f"bench-ea-{number:02d}-tym",
                organisation=organisation,
                parent=multisectoral,
                kind=Unit.Kind.TYM_TEAM,
                name_fi="TYM-tiimi",
            )
            county, social, health = counties[(number - 1) % county_count]
            county.municipalities.add(*municipalities)
            areas.append(
                Area(
                    key=f"ea{number:02d}",
                    employment_area=organisation,
                    county=county,
                    kela=kela,
                    employment_units=[multisectoral, tym],
                    intake_unit=tym,
                    social_units=[social],
                    health_unit=health,
                    kela_unit=kela_units[number % 2],
                    municipalities=[municipality.code for municipality in municipalities],
                    weights=[1.0] * len(municipalities),
                )
            )
        return areas

    # Professionals ---------------------------------------------------------------------------------

    def _professionals(
        self, area: Area, role: str, unit_for: Callable[[int], Unit], count: int
    ) -> list[User]:
        abbreviation = {
            "employment_expert": "ee",
            "social_worker": "sw",
            "kela_work_ability_advisor": "kela",
            "public_health_nurse": "nurse",
        }[role]
        users = []
        for number in range(1, count + 1):
            unit = unit_for(number - 1)
            users.append(
                User(
                    username=username(self.scale.name, area.key, abbreviation, f"{number:03d}"),
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    role=self.roles[role],
                    organisation=unit.organisation,
                    unit=unit,
                    password=self.unusable_password,
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        self.report.add("professionals", len(users))
        return users

    # Clients ---------------------------------------------------------------------------------------

    def _measure_identity_code_costs(self) -> None:
        """Per-code costs on a sample, so the report says where the time of the client insert goes."""
        sample = 2000
        born = date(1980, 1, 1)
        started = time.perf_counter()
        codes = [hetu.compose(born + timedelta(days=i), 900 + i % 100) for i in range(sample)]
        self.report.compose_us = (time.perf_counter() - started) / sample * 1e6
        client = Client()
        started = time.perf_counter()
        for code in codes:
            client.set_identity_code(code, allow_temporary=True)
        self.report.set_identity_code_us = (time.perf_counter() - started) / sample * 1e6
        encrypted = Client._meta.get_field("identity_code")
        assert isinstance(encrypted, EncryptedCharField)
        encrypted.get_prep_value(codes[0])  # derives the key once (PBKDF2), not part of the per-code cost
        started = time.perf_counter()
        for code in codes:
            encrypted.get_prep_value(code)
        self.report.fernet_encrypt_us = (time.perf_counter() - started) / sample * 1e6

    def _identity_code(self) -> tuple[str, str]:
        while True:
            born = date(1961, 1, 1) + timedelta(days=self.rng.randrange(47 * 365))
            individual = self.rng.randrange(900, 1000)
            if (born, individual) in self.used_codes:
                continue
            self.used_codes.add((born, individual))
            code = hetu.compose(born, individual)
            lookup = hetu.lookup_hash(code)
            if lookup not in self.used_hashes:
                self.used_hashes.add(lookup)
                return code, lookup

    def _client(self, area: Area) -> Client:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        client = Client(
            first_names=first if rng.random() < 0.6 else f"{first} {rng.choice(FIRST_NAMES)}",
            last_name=rng.choice(LAST_NAMES),
            calling_name=first,
            phone=f"040 {rng.randrange(1000000):07d}",
            home_municipality_id=rng.choices(area.municipalities, area.weights)[0],
            service_language=rng.choices(["fi", "sv", "en"], [92, 5, 3])[0],
            mother_tongue=rng.choices(["fi", "sv", "other"], [85, 5, 10])[0],
            education_level=rng.choice(Client.EducationLevel.values),
            recorded_by=area.employment_area,
            is_demo=True,
        )
        with _Timer(self.report, "identity codes (compose + set_identity_code)"):
            code, _lookup = self._identity_code()
            client.set_identity_code(code, allow_temporary=True)
        return client

    # One area --------------------------------------------------------------------------------------

    def _area(self, area: Area, count: int, *, with_probes: bool) -> None:
        scale, rng, today = self.scale, self.rng, self.today
        open_count = round(count * scale.open_share)
        referral_count = round(count * scale.referral_share)
        pairs = math.ceil(open_count / scale.caseload)
        with _Timer(self.report, "professionals"):
            experts = self._professionals(
                area,
                "employment_expert",
                lambda i: area.employment_units[i % len(area.employment_units)],
                pairs,
            )
            social = self._professionals(
                area, "social_worker", lambda i: area.social_units[i % len(area.social_units)], pairs
            )
            advisors = self._professionals(
                area,
                "kela_work_ability_advisor",
                lambda i: area.kela_unit,
                math.ceil(open_count * scale.kela_share / scale.caseload),
            )
            nurses = self._professionals(
                area,
                "public_health_nurse",
                lambda i: area.health_unit,
                math.ceil(open_count * scale.nurse_share / scale.caseload),
            )

        clients = [self._client(area) for _ in range(count)]
        with _Timer(self.report, "clients insert (includes Fernet)"):
            Client.objects.bulk_create(clients, batch_size=BATCH_SIZE)
        self.report.add("clients", count)

        relationships: list[ClientRelationship] = []
        members: list[TeamMember] = []
        teams: list[dict[str, User]] = []
        for index, client in enumerate(clients):
            if index < open_count:
                phase = rng.choices(list(OPEN_PHASE_WEIGHTS), list(OPEN_PHASE_WEIGHTS.values()))[0]
                started_on = today - timedelta(days=rng.randrange(14, 700))
                ended_on = None
                pair = index // scale.caseload
                team = {"employment": experts[pair], "social": social[pair]}
                # Kela and health join every fifth team each, in turn, so their caseloads fill up too.
                if index % 5 == 0 and advisors:
                    team["kela"] = advisors[min(index // 5 // scale.caseload, len(advisors) - 1)]
                if index % 5 == 2 and nurses:
                    team["health"] = nurses[min(index // 5 // scale.caseload, len(nurses) - 1)]
            elif index < open_count + referral_count:
                phase, ended_on = Phase.REFERRAL, None
                started_on = today - timedelta(days=rng.randrange(0, 21))
                team = {}
            else:
                phase = Phase.CLOSED
                started_on = today - timedelta(days=rng.randrange(400, 1500))
                ended_on = started_on + timedelta(days=rng.randrange(90, 365))
                pair = rng.randrange(pairs)
                team = {"employment": experts[pair], "social": social[pair]}
            unit = area.intake_unit if phase == Phase.REFERRAL else team["employment"].unit
            # R-TYM-5: the team registers a TYM client with Kela within days of the start; a few have
            # not been yet (an overdue item each), as in a real caseload.
            kela_registered_on = None
            if phase != Phase.REFERRAL and rng.random() >= UNREGISTERED_WITH_KELA:
                kela_registered_on = started_on + timedelta(days=rng.randrange(0, 4))
            relationships.append(
                ClientRelationship(
                    client=client,
                    track=Track.TYM,
                    responsible_organisation=area.employment_area,
                    responsible_unit=unit,
                    phase=phase,
                    started_on=started_on,
                    ended_on=ended_on,
                    kela_registered_on=kela_registered_on,
                )
            )
            teams.append(team)
        with _Timer(self.report, "relationships and teams"):
            ClientRelationship.objects.bulk_create(relationships, batch_size=BATCH_SIZE)
            for relationship, team in zip(relationships, teams, strict=True):
                for sector, user in team.items():
                    members.append(
                        TeamMember(
                            relationship=relationship,
                            user=user,
                            team_role={
                                "employment": TeamRole.WORKER_PAIR_EMPLOYMENT,
                                "social": TeamRole.WORKER_PAIR_SOCIAL,
                            }.get(sector, TeamRole.MEMBER),
                            joined_on=relationship.started_on,
                            left_on=relationship.ended_on,
                        )
                    )
            if with_probes:
                members += self._probes(area, relationships[:open_count])
            TeamMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
        self.report.add("relationships", len(relationships))
        self.report.add("team members", len(members))

        consents = self._consents(area, relationships, teams)
        entries = self._journal(relationships, teams, advisors, nurses)
        with _Timer(self.report, "casework (plans, KUTY, consultations, applications, documents)"):
            self.casework.add(relationships, teams)
        self._audit_history(relationships, teams, consents, entries, intake_writer=experts[0])

    def _probes(self, area: Area, open_relationships: list[ClientRelationship]) -> list[TeamMember]:
        """Two extra employment experts in a unit without referrals, with exactly 10 and 50 clients."""
        unit = area.employment_units[0]
        members = []
        for caseload in (10, 50):
            probe = User(
                username=username(self.scale.name, "probe", f"{caseload:03d}"),
                first_name="Mittari",
                last_name=f"{caseload} asiakasta",
                role=self.roles["employment_expert"],
                organisation=unit.organisation,
                unit=unit,
                password=self.unusable_password,
            )
            probe.save()
            self.report.add("professionals", 1)
            # Teams of the last pair, whose caseload is otherwise the smallest.
            for relationship in open_relationships[-caseload:]:
                members.append(
                    TeamMember(
                        relationship=relationship,
                        user=probe,
                        team_role=TeamRole.MEMBER,
                        joined_on=relationship.started_on,
                    )
                )
        return members

    def _consents(
        self, area: Area, relationships: list[ClientRelationship], teams: list[dict[str, User]]
    ) -> list[Consent]:
        scale, rng = self.scale, self.rng
        consents = []
        for relationship, team in zip(relationships, teams, strict=True):
            if not team:
                continue  # a referral: consent is asked at the first meeting
            draw = rng.random()
            closed = relationship.phase == Phase.CLOSED
            if not closed and draw >= scale.consent_share + scale.revoked_share:
                continue
            revoked = not closed and draw >= scale.consent_share
            recorder = team["employment"]
            # Revoked some weeks after it was given, and never in the future.
            revoked_on = relationship.started_on + timedelta(
                days=min(30, (self.today - relationship.started_on).days // 2)
            )
            consents.append(
                Consent(
                    client=relationship.client,
                    purpose=Purpose.TYM_JOINT_WORK,
                    categories=[category.value for category in CONSENTABLE_CATEGORIES],
                    given_how=Consent.GivenHow.WRITTEN,
                    given_on=relationship.started_on,
                    valid_from=relationship.started_on,
                    # A closed relationship's consent ran out when the work ended.
                    valid_until=relationship.ended_on,
                    recorded_by=recorder,
                    revoked_at=_moment(revoked_on) if revoked else None,
                    revoked_by=recorder if revoked else None,
                    revoked_how=Consent.GivenHow.WRITTEN if revoked else "",
                )
            )
        with _Timer(self.report, "consents"):
            Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
            through = Consent.organisations.through
            organisations = (area.employment_area.pk, area.county.pk, area.kela.pk)
            Consent.organisations.through.objects.bulk_create(
                [
                    through(consent_id=consent.pk, organisation_id=organisation)
                    for consent in consents
                    for organisation in organisations
                ],
                batch_size=BATCH_SIZE,
            )
        self.report.add("consents", len(consents))
        return consents

    def _journal(
        self,
        relationships: list[ClientRelationship],
        teams: list[dict[str, User]],
        advisors: list[User],
        nurses: list[User],
    ) -> list[JournalEntry]:
        low, high = self.scale.journal_per_category
        # Outside the team the entry was written by whoever held the client then.
        fallback = {"health": nurses[0] if nurses else None, "kela": advisors[0] if advisors else None}
        author_key = {
            DataCategory.EMPLOYMENT: "employment",
            DataCategory.PLAN: "employment",
            DataCategory.SOCIAL: "social",
            DataCategory.HEALTH: "health",
            DataCategory.KELA: "kela",
        }
        entries = []
        for relationship, team in zip(relationships, teams, strict=True):
            if not team:
                continue
            for category in JOURNAL_CATEGORIES:
                author = team.get(author_key[category]) or fallback[author_key[category]]
                if author is None:
                    continue
                for _ in range(self.rng.randint(low, high)):
                    entries.append(
                        JournalEntry(
                            client=relationship.client,
                            category=category,
                            text=self.rng.choice(JOURNAL_TEXTS[category]),
                            author=author,
                            organisation=author.organisation,
                        )
                    )
        with _Timer(self.report, "journal entries"):
            JournalEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        self.report.add("journal entries", len(entries))
        return entries

    def _audit_history(
        self,
        relationships: list[ClientRelationship],
        teams: list[dict[str, User]],
        consents: list[Consent],
        entries: list[JournalEntry],
        *,
        intake_writer: User,
    ) -> None:
        """The log entries the registrations, consents and journal writes would have left.

        Written through record_accesses, the one way into the chain: a bulk insert would bypass it.
        """
        groups: dict[tuple[User, str, str], list[Any]] = defaultdict(list)
        for relationship, team in zip(relationships, teams, strict=True):
            writer = team.get("employment", intake_writer)
            groups[(writer, DataCategory.BASIC, "clients.client")].append(relationship.client.code)
        for consent in consents:
            groups[(consent.recorded_by, DataCategory.BASIC, "clients.consent")].append(consent.client.code)
        if self.scale.audit_journal_writes:
            for entry in entries:
                groups[(entry.author, entry.category, "cases.journalentry")].append(entry.client.code)
        with _Timer(self.report, "audit history (record_accesses)"):
            for (actor, category, object_type), codes in groups.items():
                for chunk in _chunks(codes, 500):
                    record_accesses(
                        actor=actor,
                        action=Action.CREATE,
                        category=category,
                        purpose=Purpose.TYM_JOINT_WORK,
                        client_codes=chunk,
                        object_type=object_type,
                    )
                    self.report.add("audit entries", len(chunk))


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))
