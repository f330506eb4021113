"""Importing a region's existing clients from a CSV or XLSX file (`yhteispolku import`, docs/import.md).

Three steps, each usable alone:

1. `read_table` reads the file into rows of text (UTF-8 CSV or the first sheet of an XLSX workbook) and
   refuses a whole file that is too large, not UTF-8, empty or missing a column.
2. `Validator.check` turns one row into a `RowPlan` (what the row means) or a list of `RowError`s, each
   naming its row and column. It applies the registry's own rules: `hetu.validate` (test codes only where
   ALLOW_TEST_IDENTITY_CODES allows them), the client model's field validation, the shipped municipality
   codes, the organisations, units, tracks, phases, service catalogue and consent purposes/categories.
3. `Importer.run` writes the valid rows in batches. Each batch is one transaction: its clients,
   relationships (with their first PhaseTransition), plans (version 1 in force with the agreed
   services) and consents, their audit entries (one `record_accesses` write per kind of record, the
   importing user as actor) and the file's `ImportCheckpoint` moving past the batch. A killed import
   leaves whole batches only; a rerun of the same file starts after the last committed row.

Rows are matched before anything is written, so a rerun creates nothing: a client by the keyed lookup
hash of the identity code (`hetu.lookup_hash`), a relationship by client + track + responsible
organisation, a consent by client + purpose + given on. An existing client's data is never changed.

The per-row domain services (`clients.services.client_register`, `consent_give`) check the policy for a
professional working with one client and write one audit entry per call under the log's chain lock; at
tens of thousands of rows that is too slow, and an importing administrator works with none of the
clients. So the importer applies the same validation rules itself and writes the audit entries in one
write per batch and kind, as `audit.services.record_accesses` allows.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import TEAM_OBJECT_TYPE
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_accesses
from yhteispolku.cases.errors import TeamMemberInvalid
from yhteispolku.cases.models import (
    ClientRelationship,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
    Track,
    worker_pair_sectors,
)
from yhteispolku.cases.services import check_team_place
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import (
    CONSENT_PURPOSES,
    CONSENTABLE_CATEGORIES,
    Action,
    DataCategory,
    Purpose,
)
from yhteispolku.interop.models import ImportCheckpoint
from yhteispolku.organisations.models import Municipality, Organisation, Unit
from yhteispolku.plans.models import AgreedService, Plan, PlanType, PlanVersion, ServiceType, VersionStatus

# A region's whole client base is some tens of thousands of rows, a few megabytes; a file far larger
# than this is a wrong file (or an attempt to exhaust the server) and is refused before it is read.
MAX_FILE_BYTES = 20 * 1024 * 1024
DEFAULT_BATCH_SIZE = 500

REQUIRED_COLUMNS = (
    "identity_code",
    "first_names",
    "last_name",
    "home_municipality",
    "track",
    "organisation",
    "unit",
    "started_on",
    "phase",
)
OPTIONAL_COLUMNS = (
    "phone",
    "email",
    "service_language",
    "ended_on",
    "plan_type",
    "plan_next_review_on",
    "services",
    "consent_purpose",
    "consent_categories",
    "consent_organisations",
    "consent_given_on",
    "consent_given_how",
    "consent_valid_until",
    "worker_employment",
    "worker_social",
    "team_members",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# The phases an existing relationship can be brought in at: a pending referral or a declined one is not
# an existing client relationship of the region.
IMPORTABLE_PHASES = (Phase.MAPPING, Phase.PLANNING, Phase.WORK, Phase.CLOSING, Phase.CLOSED)
# R-TYM-3: a TYM relationship reaches planning only with its worker pair named (cases.services
# phase_transition), so a TYM row past the mapping must name both places.
WORKER_PAIR_PHASES = (Phase.PLANNING, Phase.WORK, Phase.CLOSING, Phase.CLOSED)
# The team columns and the places they fill (cases.TeamRole).
TEAM_COLUMNS = {
    "worker_employment": TeamRole.WORKER_PAIR_EMPLOYMENT,
    "worker_social": TeamRole.WORKER_PAIR_SOCIAL,
}
# Who may import: an organisation's administrator (pääkäyttäjä), whose organisation records the clients.
IMPORTER_ROLE = "administrator"
# The command's exit status when some rows were refused (the others were imported, or in a dry run would
# be): distinct from 1, a refused file or user with nothing done (docs/import.md).
EXIT_ROWS_REFUSED = 2
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FINNISH_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# The first data row is the file's row 2: the header is row 1, as a spreadsheet numbers them.
FIRST_DATA_ROW = 2


class ImportFileError(Exception):
    """The whole file is refused (too large, wrong encoding, no header, a column missing)."""


class ImportNotAllowed(Exception):
    """The importing user may not import (not active, not an administrator, no organisation)."""


def check_importer(user: User | None, username: str) -> User:
    """The importing user, when they may import: an active user with the administrator role of an
    organisation, or an active superuser of an organisation (the clients are recorded by it). The
    import writes clients of any responsible unit without asking the access policy case by case, so
    it is no professional's task."""
    if user is None:
        raise ImportNotAllowed(_("Käyttäjää %(user)s ei ole.") % {"user": username})
    if not user.is_active:
        raise ImportNotAllowed(_("Käyttäjä %(user)s ei ole käytössä.") % {"user": username})
    if not (user.is_superuser or user.role_id == IMPORTER_ROLE):
        raise ImportNotAllowed(
            _("Asiakkaita voi tuoda vain organisaation pääkäyttäjä; käyttäjä %(user)s ei ole pääkäyttäjä.")
            % {"user": username}
        )
    if user.organisation_id is None:
        raise ImportNotAllowed(
            _("Käyttäjällä %(user)s ei ole organisaatiota, joka kirjattaisiin asiakkaat rekisteröineeksi.")
            % {"user": username}
        )
    return user


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("rivi %(row)s, sarake %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]]
    sha256: str


@dataclass
class ServicePlan:
    service_type: ServiceType
    starts_on: date
    ends_on: date | None


@dataclass
class ConsentPlan:
    purpose: str
    categories: list[str]
    organisations: list[Organisation]
    given_on: date
    given_how: str
    valid_until: date | None


@dataclass
class RowPlan:
    """What one valid row means: a client, one relationship, perhaps a plan's services and a consent."""

    row: int
    identity_code: str
    lookup_hash: str
    client: Client
    track: str
    organisation: Organisation
    unit: Unit
    phase: str
    started_on: date
    ended_on: date | None
    plan_type: str
    next_review_on: date | None
    services: list[ServicePlan] = field(default_factory=list)
    consent: ConsentPlan | None = None
    team: list[tuple[User, str]] = field(default_factory=list)


@dataclass
class RowOutcome:
    """What a row did (or, in a dry run, would do)."""

    row: int
    client_created: bool = False
    relationship_created: bool = False
    services_created: int = 0
    team_created: int = 0
    consent_created: bool = False
    errors: list[RowError] = field(default_factory=list)

    def describe(self) -> str:
        if self.errors:
            return "; ".join(str(error) for error in self.errors)
        parts = []
        if self.client_created:
            parts.append(_("uusi asiakas"))
        if self.relationship_created:
            parts.append(_("uusi asiakkuus"))
        if self.services_created:
            parts.append(_("suunnitelma, palveluita %(n)s") % {"n": self.services_created})
        if self.team_created:
            parts.append(_("tiimissä %(n)s") % {"n": self.team_created})
        if self.consent_created:
            parts.append(_("suostumus"))
        what = ", ".join(parts) if parts else _("kaikki jo tuotu, ei muutoksia")
        return _("rivi %(row)s: %(what)s") % {"row": self.row, "what": what}


@dataclass
class Summary:
    rows: int = 0
    rows_valid: int = 0
    rows_skipped_resumed: int = 0
    clients: int = 0
    relationships: int = 0
    services: int = 0
    team_members: int = 0
    consents: int = 0
    errors: list[RowError] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    seconds: float = 0.0


# --- 1. Reading the file ---------------------------------------------------------------------------


def read_table(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """The file's rows as text, or ImportFileError naming what is wrong with the whole file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(_("Tiedostoa %(name)s ei voi lukea.") % {"name": path.name}) from error
    if size > max_bytes:
        raise ImportFileError(
            _("Tiedosto on liian suuri: %(size)s Mt, enintään %(max)s Mt. Jaa aineisto useaan tiedostoon.")
            % {"size": round(size / 1024 / 1024, 1), "max": round(max_bytes / 1024 / 1024, 1)}
        )
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xlsx":
        header, raw_rows = _xlsx_rows(data)
    elif path.suffix.lower() in (".csv", ".txt"):
        header, raw_rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Tuettuja tiedostomuotoja ovat CSV (UTF-8) ja XLSX."))
    header = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("Tiedostosta puuttuu sarake: %(columns)s.") % {"columns": ", ".join(missing)})
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise ImportFileError(_("Sarake %(column)s on tiedostossa kahdesti.") % {"column": name})
        seen.add(name)
    rows: list[dict[str, str]] = []
    for values in raw_rows:
        if not any(value.strip() for value in values):
            rows.append({})  # an empty line keeps its row number and is passed over
            continue
        rows.append({name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)})
    return Table(header=header, rows=rows, sha256=sha256)


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Tiedoston merkistö ei ole UTF-8 (ensimmäinen virheellinen tavu rivillä %(line)s). "
                "Tallenna tiedosto UTF-8-muodossa."
            )
            % {"line": line}
        ) from error
    sample = text[:4096]
    delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            _("CSV-tiedoston rakenne on virheellinen: %(error)s") % {"error": error}
        ) from error
    if not all_rows:
        raise ImportFileError(_("Tiedosto on tyhjä."))
    return all_rows[0], all_rows[1:]


def _xlsx_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("Tiedosto ei ole kelvollinen XLSX-työkirja.")) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        raise ImportFileError(_("Tiedosto on tyhjä."))
    return rows[0], rows[1:]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- 2. Checking one row ---------------------------------------------------------------------------


def parse_date(text: str) -> date:
    """YYYY-MM-DD or the Finnish D.M.YYYY; ValueError otherwise."""
    if _ISO_DATE.fullmatch(text):
        return date.fromisoformat(text)
    match = _FINNISH_DATE.fullmatch(text)
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    raise ValueError(text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class Validator:
    """Checks rows against the registry's rules and the reference data, loaded once per import."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.organisations = {o.slug: o for o in Organisation.objects.all()}
        self.units = {u.slug: u for u in Unit.objects.select_related("organisation")}
        self.service_types = {s.code: s for s in ServiceType.objects.filter(active=True)}
        # The professionals a row may name to a team, found by username (inactive ones too, so that
        # the error can say why); the rule's worker-pair sectors are read once for the file.
        self.users = {
            user.username: user
            for user in User.objects.filter(role__isnull=False).select_related("role", "organisation")
        }
        self.worker_pair = worker_pair_sectors()
        self.seen_codes: dict[str, int] = {}

    def check(self, row_number: int, row: dict[str, str]) -> RowPlan | list[RowError]:
        errors: list[RowError] = []

        def error(column: str, message: str) -> None:
            errors.append(RowError(row_number, column, message))

        def day(column: str, *, required: bool) -> date | None:
            text = row.get(column, "")
            if not text:
                if required:
                    error(column, _("Päivämäärä puuttuu."))
                return None
            try:
                return parse_date(text)
            except ValueError:
                error(
                    column,
                    _("Päivämäärä %(value)s ei kelpaa (muoto VVVV-KK-PP tai P.K.VVVV).") % {"value": text},
                )
                return None

        code = ""
        try:
            code = hetu.validate(row.get("identity_code", ""))
        except InvalidIdentityCode as invalid:
            error("identity_code", str(invalid))
        if code:
            if code in self.seen_codes:
                error(
                    "identity_code",
                    _("Sama henkilötunnus on jo rivillä %(row)s.") % {"row": self.seen_codes[code]},
                )
            else:
                self.seen_codes[code] = row_number

        municipality = None
        municipality_code = row.get("home_municipality", "")
        if municipality_code:
            padded = municipality_code.zfill(3) if municipality_code.isdigit() else municipality_code
            municipality = self.municipalities.get(padded)
            if municipality is None:
                error(
                    "home_municipality",
                    _("Tuntematon kuntanumero %(value)s.") % {"value": municipality_code},
                )

        client = Client(
            first_names=row.get("first_names", ""),
            last_name=row.get("last_name", ""),
            phone=row.get("phone", ""),
            email=row.get("email", ""),
            service_language=row.get("service_language", "") or Client.ServiceLanguage.FINNISH,
            home_municipality=municipality,
            recorded_by=self.actor.organisation,
        )
        try:
            client.full_clean(
                exclude=[
                    "recorded_by",
                    "home_municipality",
                    "identity_code",
                    "identity_code_hash",
                    "birth_date",
                ],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                error(name if name in COLUMNS else "first_names", " ".join(messages))

        track = row.get("track", "")
        if track not in Track.values:
            error("track", _("Tuntematon palvelupolku %(value)s.") % {"value": track})
        organisation = self.organisations.get(row.get("organisation", ""))
        if organisation is None:
            error(
                "organisation",
                _("Tuntematon organisaatio %(value)s.") % {"value": row.get("organisation", "")},
            )
        unit = self.units.get(row.get("unit", ""))
        if unit is None:
            error("unit", _("Tuntematon yksikkö %(value)s.") % {"value": row.get("unit", "")})
        elif organisation is not None and unit.organisation_id != organisation.pk:
            error("unit", _("Yksikkö %(value)s ei kuulu organisaatioon.") % {"value": unit.slug})
        phase = row.get("phase", "")
        if phase not in IMPORTABLE_PHASES:
            error(
                "phase",
                _("Tuntematon vaihe %(value)s; sallitut: %(allowed)s.")
                % {"value": phase, "allowed": ", ".join(IMPORTABLE_PHASES)},
            )
        started_on = day("started_on", required=True)
        ended_on = day("ended_on", required=phase == Phase.CLOSED)
        if started_on and ended_on and ended_on < started_on:
            error("ended_on", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        if ended_on and phase in IMPORTABLE_PHASES and phase != Phase.CLOSED:
            error("ended_on", _("Vain päättyneellä asiakkuudella on päättymispäivä."))

        plan_type = row.get("plan_type", "") or PlanType.MULTI_SECTORAL_PLAN
        if plan_type not in PlanType.values:
            error("plan_type", _("Tuntematon suunnitelman tyyppi %(value)s.") % {"value": plan_type})
        services: list[ServicePlan] = []
        for item in _split(row.get("services", "")):
            service_code, _at, period = item.partition("@")
            service_type = self.service_types.get(service_code.strip())
            start_text, _slash, end_text = period.partition("/")
            if service_type is None:
                error("services", _("Tuntematon palvelu %(value)s.") % {"value": service_code})
                continue
            try:
                starts = parse_date(start_text.strip())
                ends = parse_date(end_text.strip()) if end_text.strip() else None
            except ValueError:
                error("services", _("Palvelun %(value)s ajanjakso ei kelpaa.") % {"value": item})
                continue
            if ends is not None and ends < starts:
                error(
                    "services",
                    _("Palvelun %(value)s päättymispäivä on ennen alkamispäivää.") % {"value": item},
                )
                continue
            services.append(ServicePlan(service_type, starts, ends))
        next_review_on = day("plan_next_review_on", required=bool(services))

        consent = self._consent(row, error, day)
        team = self._team(row, error, track=track, phase=phase)

        if errors:
            return errors
        assert organisation is not None
        assert unit is not None
        assert started_on is not None
        return RowPlan(
            row=row_number,
            identity_code=code,
            lookup_hash=hetu.lookup_hash(code),
            client=client,
            track=track,
            organisation=organisation,
            unit=unit,
            phase=phase,
            started_on=started_on,
            ended_on=ended_on,
            plan_type=plan_type,
            next_review_on=next_review_on,
            services=services,
            consent=consent,
            team=team,
        )

    def _team(
        self, row: dict[str, str], error: Callable[[str, str], None], *, track: str, phase: str
    ) -> list[tuple[User, str]]:
        """The case team the row names, each place checked as on the team page (cases.services
        check_team_place): the worker pair's places by their sectors, others as members."""
        team: list[tuple[User, str]] = []
        named: set[str] = set()
        places = [(column, role, row.get(column, "")) for column, role in TEAM_COLUMNS.items()]
        places += [("team_members", TeamRole.MEMBER, name) for name in _split(row.get("team_members", ""))]
        for column, role, username in places:
            if not username:
                if track == Track.TYM and phase in WORKER_PAIR_PHASES and role != TeamRole.MEMBER:
                    error(
                        column,
                        _(
                            "TYM-asiakkuus suunnitteluvaiheesta alkaen edellyttää työparia (R-TYM-3): "
                            "nimeä työllisyysasiantuntija ja sosiaalialan ammattilainen."
                        ),
                    )
                continue
            if username in named:
                if role != TeamRole.MEMBER:
                    error(column, _("Työparin paikoille on nimettävä kaksi eri ammattilaista."))
                continue  # a worker-pair holder named again as a member is on the team already
            user = self.users.get(username)
            if user is None:
                error(column, _("Tuntematon käyttäjä %(value)s.") % {"value": username})
                continue
            try:
                check_team_place(user, role, self.worker_pair)
            except TeamMemberInvalid as invalid:
                error(column, f"{username}: {' '.join(invalid.messages)}")
                continue
            named.add(username)
            team.append((user, role))
        return team

    def _consent(
        self,
        row: dict[str, str],
        error: Callable[[str, str], None],
        day: Callable[..., date | None],
    ) -> ConsentPlan | None:
        purpose = row.get("consent_purpose", "")
        if not purpose:
            return None
        if purpose not in CONSENT_PURPOSES:
            error(
                "consent_purpose",
                _("Tuntematon suostumuksen käyttötarkoitus %(value)s.") % {"value": purpose},
            )
        categories = _split(row.get("consent_categories", ""))
        allowed = {str(category) for category in CONSENTABLE_CATEGORIES}
        if not categories or not set(categories) <= allowed:
            error(
                "consent_categories",
                _("Tietoryhmät puuttuvat tai ovat tuntemattomia; sallitut: %(allowed)s.")
                % {"allowed": ", ".join(sorted(allowed))},
            )
        organisations = []
        for slug in _split(row.get("consent_organisations", "")):
            if slug in self.organisations:
                organisations.append(self.organisations[slug])
            else:
                error("consent_organisations", _("Tuntematon organisaatio %(value)s.") % {"value": slug})
        if not organisations:
            error("consent_organisations", _("Nimeä organisaatiot, joiden välillä tietoja saa vaihtaa."))
        given_how = row.get("consent_given_how", "") or Consent.GivenHow.WRITTEN
        if given_how not in Consent.GivenHow.values:
            error("consent_given_how", _("Tuntematon antotapa %(value)s.") % {"value": given_how})
        given_on = day("consent_given_on", required=True)
        valid_until = day("consent_valid_until", required=False)
        if given_on and valid_until and valid_until < given_on:
            error("consent_valid_until", _("Voimassaolon loppupäivä ei voi olla ennen alkupäivää."))
        if given_on is None:
            return None
        return ConsentPlan(purpose, sorted(set(categories)), organisations, given_on, given_how, valid_until)


# --- 3. Writing ------------------------------------------------------------------------------------


class Importer:
    """Runs one file: a dry run reports only; a real run writes batch by batch with a checkpoint."""

    def __init__(
        self,
        *,
        path: Path,
        actor: User,
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_bytes: int = MAX_FILE_BYTES,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.path = path
        self.actor = check_importer(actor, actor.username)
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.table = read_table(path, max_bytes=max_bytes)
        self.progress = progress or (lambda advance: None)

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    def checkpoint(self) -> ImportCheckpoint | None:
        return ImportCheckpoint.objects.filter(file_sha256=self.table.sha256).first()

    def run(self) -> Summary:
        started = time.monotonic()
        summary = Summary(rows=self.row_count)
        validator = Validator(self.actor)
        checkpoint = None if self.dry_run else self._checkpoint()
        # Rows up to the checkpoint were committed by an earlier, interrupted run. They are still checked
        # (a duplicate code later in the file must be found against them) but not written again.
        resume_after = checkpoint.last_committed_row if checkpoint and checkpoint.finished_at is None else 0
        for start in range(0, self.row_count, self.batch_size):
            batch = list(enumerate(self.table.rows[start : start + self.batch_size], start=start + 1))
            plans: list[RowPlan] = []
            for index, row in batch:
                if not row:
                    continue
                checked = validator.check(index - 1 + FIRST_DATA_ROW, row)
                if isinstance(checked, list):
                    summary.errors.extend(checked)
                    summary.outcomes.append(RowOutcome(row=index - 1 + FIRST_DATA_ROW, errors=checked))
                    continue
                summary.rows_valid += 1
                if index <= resume_after:
                    summary.rows_skipped_resumed += 1
                    continue
                plans.append(checked)
            last_index = batch[-1][0]
            if last_index <= resume_after:
                self.progress(len(batch))
                continue
            outcomes = self._write_batch(plans, checkpoint, last_index)
            for outcome in outcomes:
                summary.clients += outcome.client_created
                summary.relationships += outcome.relationship_created
                summary.services += outcome.services_created
                summary.team_members += outcome.team_created
                summary.consents += outcome.consent_created
            summary.outcomes.extend(outcomes)
            self.progress(len(batch))
        if checkpoint is not None and checkpoint.finished_at is None:
            checkpoint.finished_at = timezone.now()
            checkpoint.save(update_fields=["finished_at"])
        summary.outcomes.sort(key=lambda outcome: outcome.row)
        summary.seconds = time.monotonic() - started
        return summary

    def _checkpoint(self) -> ImportCheckpoint:
        checkpoint, _created = ImportCheckpoint.objects.get_or_create(
            file_sha256=self.table.sha256,
            defaults={
                "file_name": self.path.name[:200],
                "rows_total": self.row_count,
                "started_by": self.actor,
            },
        )
        return checkpoint

    def _write_batch(
        self, plans: Sequence[RowPlan], checkpoint: ImportCheckpoint | None, last_index: int
    ) -> list[RowOutcome]:
        if self.dry_run:
            return self._match(plans, write=False)
        with transaction.atomic():
            outcomes = self._match(plans, write=True)
            assert checkpoint is not None
            if checkpoint.finished_at is None:
                checkpoint.last_committed_row = last_index
                checkpoint.save(update_fields=["last_committed_row", "updated_at"])
        return outcomes

    def _match(self, plans: Sequence[RowPlan], *, write: bool) -> list[RowOutcome]:
        """Each row's outcome against the database; with `write`, the missing records are created."""
        hashes = [plan.lookup_hash for plan in plans]
        clients = {
            c.identity_code_hash or "": c for c in Client.objects.filter(identity_code_hash__in=hashes)
        }
        client_ids = [client.pk for client in clients.values()]
        relationships = set(
            ClientRelationship.objects.filter(client_id__in=client_ids).values_list(
                "client_id", "track", "responsible_organisation_id"
            )
        )
        consents = set(
            Consent.objects.filter(client_id__in=client_ids).values_list("client_id", "purpose", "given_on")
        )
        outcomes = []
        new_clients: list[Client] = []
        for plan in plans:
            outcome = RowOutcome(row=plan.row)
            client = clients.get(plan.lookup_hash)
            if client is None:
                client = plan.client
                client.set_identity_code(plan.identity_code)
                clients[plan.lookup_hash] = client
                new_clients.append(client)
                outcome.client_created = True
            key = (client.pk, plan.track, plan.organisation.pk)
            outcome.relationship_created = outcome.client_created or key not in relationships
            outcome.services_created = len(plan.services) if outcome.relationship_created else 0
            outcome.team_created = len(plan.team) if outcome.relationship_created else 0
            outcome.consent_created = plan.consent is not None and (
                outcome.client_created
                or (client.pk, plan.consent.purpose, plan.consent.given_on) not in consents
            )
            outcomes.append(outcome)
        if write:
            self._create(plans, outcomes, clients, new_clients)
        return outcomes

    def _create(
        self,
        plans: Sequence[RowPlan],
        outcomes: Sequence[RowOutcome],
        clients: dict[str, Client],
        new_clients: list[Client],
    ) -> None:
        actor = self.actor
        Client.objects.bulk_create(new_clients)
        today = timezone.localdate()
        now = timezone.now()
        new_relationships: list[tuple[RowPlan, ClientRelationship]] = []
        new_consents: list[tuple[ConsentPlan, Consent]] = []
        for plan, outcome in zip(plans, outcomes, strict=True):
            client = clients[plan.lookup_hash]
            if outcome.relationship_created:
                relationship = ClientRelationship(
                    client=client,
                    track=plan.track,
                    responsible_organisation=plan.organisation,
                    responsible_unit=plan.unit,
                    phase=plan.phase,
                    started_on=plan.started_on,
                    ended_on=plan.ended_on,
                )
                new_relationships.append((plan, relationship))
            if outcome.consent_created:
                assert plan.consent is not None
                consent = plan.consent
                new_consents.append(
                    (
                        consent,
                        Consent(
                            client=client,
                            purpose=consent.purpose,
                            categories=consent.categories,
                            given_how=consent.given_how,
                            given_on=consent.given_on,
                            valid_from=consent.given_on,
                            valid_until=consent.valid_until,
                            recorded_by=actor,
                        ),
                    )
                )
        ClientRelationship.objects.bulk_create([relationship for _plan, relationship in new_relationships])
        PhaseTransition.objects.bulk_create(
            PhaseTransition(
                relationship=relationship,
                from_phase="",
                to_phase=relationship.phase,
                actor=actor,
                note=_("Tuotu tiedostosta %(name)s") % {"name": self.path.name},
            )
            for _plan, relationship in new_relationships
        )
        # The case team, as a relationship normally gets it (cases.services referral_accept, the worker
        # pair named at acceptance; cases.registration open_track): from the day the work started.
        members = TeamMember.objects.bulk_create(
            TeamMember(
                relationship=relationship, user=user, team_role=role, joined_on=relationship.started_on
            )
            for plan, relationship in new_relationships
            for user, role in plan.team
        )
        with_services = [(plan, relationship) for plan, relationship in new_relationships if plan.services]
        plans_created = Plan.objects.bulk_create(
            Plan(relationship=relationship, plan_type=plan.plan_type) for plan, relationship in with_services
        )
        versions = PlanVersion.objects.bulk_create(
            PlanVersion(
                plan=plan_row,
                number=1,
                next_review_on=row_plan.next_review_on or today + timedelta(days=180),
                status=VersionStatus.IN_FORCE,
                created_by=actor,
                created_on=today,
                in_force_from=now,
            )
            for plan_row, (row_plan, _relationship) in zip(plans_created, with_services, strict=True)
        )
        AgreedService.objects.bulk_create(
            AgreedService(
                version=version,
                service_type=service.service_type,
                responsible_organisation=relationship.responsible_organisation,
                starts_on=service.starts_on,
                ends_on=service.ends_on,
            )
            for version, (row_plan, relationship) in zip(versions, with_services, strict=True)
            for service in row_plan.services
        )
        consents = Consent.objects.bulk_create([consent for _plan, consent in new_consents])
        Through = Consent.organisations.through
        Through.objects.bulk_create(
            Through(consent_id=consent.pk, organisation_id=organisation.pk)
            for consent, (consent_plan, _consent) in zip(consents, new_consents, strict=True)
            for organisation in consent_plan.organisations
        )
        # One audit write per kind of record, the importing user as actor (audit.services).
        self._audit("clients.client", DataCategory.BASIC, [client.code for client in new_clients])
        self._audit(
            "cases.clientrelationship",
            DataCategory.BASIC,
            [relationship.client.code for _plan, relationship in new_relationships],
        )
        self._audit(
            TEAM_OBJECT_TYPE, DataCategory.PLAN, [member.relationship.client.code for member in members]
        )
        self._audit("plans.planversion", DataCategory.PLAN, [rel.client.code for _plan, rel in with_services])
        self._audit("clients.consent", DataCategory.BASIC, [consent.client.code for consent in consents])

    def _audit(self, object_type: str, category: DataCategory, client_codes: list[Any]) -> None:
        if client_codes:
            record_accesses(
                actor=self.actor,
                action=Action.CREATE,
                category=category,
                purpose=Purpose.OTHER,
                client_codes=client_codes,
                object_type=object_type,
            )


def iter_errors(summary: Summary) -> Iterator[RowError]:
    yield from sorted(summary.errors, key=lambda error: (error.row, COLUMNS.index(error.column)))
