"""`yhteispolku import` (interop.importing, docs/import.md): dry run, run, rerun, resume, XLSX, bad files."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.drills.conftest import PROJECT_DIR, YHTEISPOLKU, database_url
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, PhaseTransition, TeamMember, worker_pair_named
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent
from yhteispolku.interop import import_sample
from yhteispolku.interop.models import ImportCheckpoint
from yhteispolku.plans.models import AgreedService, PlanVersion

from .import_state import database_state

pytestmark = pytest.mark.django_db

ERROR_LINE = re.compile(r"^rivi (?P<row>[0-9]+), sarake (?P<column>[a-z_]+): ", re.MULTILINE)


@pytest.fixture
def importer(db: None) -> User:
    """The importing administrator ("tuoja") and the professionals the sample rows name to teams."""
    return import_sample.people("tuoja")["tuoja"]


def run_import(path: Path, *arguments: str, user: str = "tuoja", rows_refused: bool | None = None) -> str:
    """The command's output. A run with refused rows ends in exit status 2 (CommandError's returncode),
    after the output and the good rows; `rows_refused` None means: whatever the file holds."""
    out = io.StringIO()
    refused: CommandError | None = None
    try:
        call_command("import", str(path), "--user", user, "--no-progress", *arguments, stdout=out)
    except CommandError as error:
        if error.returncode != 2:
            raise
        refused = error
    if rows_refused is not None:
        assert (refused is not None) == rows_refused, out.getvalue()
    if refused is not None:
        assert "Virheellisiä rivejä" in str(refused)
    return out.getvalue()


def errors_in(output: str) -> set[tuple[int, str]]:
    return {(int(match["row"]), match["column"]) for match in ERROR_LINE.finditer(output)}


def test_a_2000_row_file_with_20_bad_rows(importer: User, tmp_path: Path) -> None:
    bad = import_sample.bad_rows(2000, 20)
    table = import_sample.rows(2000, bad)
    path = import_sample.write_csv(tmp_path / "alue.csv", table)
    expected = import_sample.expected_errors(bad, table)
    assert len(expected) == 20

    dry = run_import(path, "--dry-run", rows_refused=True)
    assert errors_in(dry) == expected
    assert "Koeajo: 2000 riviä, kelvollisia 1980, virheellisiä 20." in dry
    assert dry.count("uusi asiakas") == 1980
    assert Client.objects.count() == 0
    assert not AccessEvent.objects.filter(object_type="clients.client").exists()

    real = run_import(path, rows_refused=True)
    assert errors_in(real) == expected
    assert Client.objects.count() == 1980
    assert ClientRelationship.objects.count() == 1980
    tym_rows = sum(1 for index, values in enumerate(table) if values["track"] == "tym" and index not in bad)
    assert PlanVersion.objects.filter(status="in_force").count() == tym_rows
    assert AgreedService.objects.count() == 2 * tym_rows
    assert Consent.objects.count() == tym_rows
    assert PhaseTransition.objects.filter(actor=importer).count() == 1980
    # Every imported relationship has its team as the file names it; each TYM one its worker pair.
    team_places = sum(
        bool(values[column])
        for index, values in enumerate(table)
        if index not in bad
        for column in ("worker_employment", "worker_social", "team_members")
    )
    assert TeamMember.objects.count() == team_places
    tym = ClientRelationship.objects.filter(track="tym").prefetch_related("team")
    assert tym.count() == tym_rows
    assert all(worker_pair_named(relationship) for relationship in tym)
    created = AccessEvent.objects.filter(actor=importer, action="create", allowed=True)
    assert created.filter(object_type="clients.client").count() == 1980
    assert created.filter(object_type="clients.consent").count() == tym_rows
    assert created.filter(object_type="cases.teammember").count() == team_places
    checkpoint = ImportCheckpoint.objects.get()
    assert checkpoint.last_committed_row == 2000
    assert checkpoint.finished_at is not None

    # The one valid row of each client is there as the file says; the identity code is found by its hash.
    first = table[0]
    client = Client.objects.with_identity_code(first["identity_code"]).get()
    assert client.identity_code == first["identity_code"]
    assert client.home_municipality_id == first["home_municipality"]
    assert client.recorded_by == importer.organisation

    before = database_state()
    again = run_import(path, rows_refused=True)
    assert "Uusia asiakkaita 0, asiakkuuksia 0, palveluita 0, tiimin jäseniä 0 ja suostumuksia 0" in again
    assert database_state() == before


def test_an_xlsx_file_imports_as_its_csv_does(importer: User, tmp_path: Path) -> None:
    bad = import_sample.bad_rows(40, 4)
    table = import_sample.rows(40, bad)
    expected = import_sample.expected_errors(bad, table)
    xlsx = import_sample.write_xlsx(tmp_path / "alue.xlsx", table)

    assert errors_in(run_import(xlsx, "--dry-run", rows_refused=True)) == expected
    assert errors_in(run_import(xlsx, rows_refused=True)) == expected
    assert Client.objects.count() == 36
    xlsx_state = database_state()

    # The same rows as CSV find everything already there.
    csv_path = import_sample.write_csv(tmp_path / "alue.csv", table)
    assert "Uusia asiakkaita 0, asiakkuuksia 0" in run_import(csv_path)
    assert database_state()["clients"] == xlsx_state["clients"]


def test_a_second_file_adds_a_relationship_to_an_existing_client(importer: User, tmp_path: Path) -> None:
    table = import_sample.rows(4)
    run_import(import_sample.write_csv(tmp_path / "first.csv", table))
    moved = dict(
        table[1], track="kuty", organisation="satakunta-wellbeing-county", unit="satakunta-wc-social"
    )
    moved.update(phase="work", ended_on="", worker_employment="", worker_social="sosiaaliohjaaja")
    output = run_import(import_sample.write_csv(tmp_path / "second.csv", [table[0], moved]))
    assert "Uusia asiakkaita 0, asiakkuuksia 1, palveluita 0, tiimin jäseniä 1" in output
    client = Client.objects.with_identity_code(table[1]["identity_code"]).get()
    assert set(client.relationships.values_list("track", flat=True)) == {table[1]["track"], "kuty"}


def test_bad_files_are_refused_whole(importer: User, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("identity_code;first_names\n010101-9XXX;Äijä\n".encode("latin-1"))
    with pytest.raises(CommandError, match="merkistö ei ole UTF-8"):
        run_import(latin1, "--dry-run")

    missing = tmp_path / "missing.csv"
    missing.write_text("identity_code,first_names,last_name\n", encoding="utf-8")
    with pytest.raises(CommandError, match="puuttuu sarake: home_municipality, track"):
        run_import(missing, "--dry-run")

    large = import_sample.write_csv(tmp_path / "large.csv", import_sample.rows(50))
    with pytest.raises(CommandError, match="Tiedosto on liian suuri"):
        run_import(large, "--max-mb", "0.001")

    with pytest.raises(CommandError, match="Käyttäjää nobody ei ole") as refused:
        call_command("import", str(large), "--user", "nobody", "--no-progress")
    assert refused.value.returncode == 1
    assert Client.objects.count() == 0
    assert not ImportCheckpoint.objects.exists()


def test_semicolons_finnish_dates_and_a_bom_are_read(importer: User, tmp_path: Path) -> None:
    code = hetu.compose(__import__("datetime").date(1985, 3, 4), 931)
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (
            "identity_code;first_names;last_name;home_municipality;track;organisation;unit;started_on;phase\n"
            f"{code};Äijö;Öhman;49;employment_services;satakunta-employment-area;"
            "satakunta-ea-multisectoral;5.1.2025;work\n"
        ).encode()
    )
    assert "Uusia asiakkaita 1" in run_import(path)
    client = Client.objects.get()
    assert (client.first_names, client.home_municipality_id) == ("Äijö", "049")
    assert client.relationships.get().started_on.isoformat() == "2025-01-05"


# --- Killed and resumed, in real processes on scratch databases ---------------------------------------

SETUP_SCRIPT = """
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from yhteispolku.interop import import_sample
import_sample.people("tuoja")
"""
STATE_SCRIPT = """
import django, json
django.setup()
from tests.interop.import_state import database_state
print(json.dumps(database_state(), default=str))
"""
KILL_ROWS = 600
KILL_BATCH = 30


class ScratchDatabases:
    """Two databases outside the test run's own, for processes to import into: on PostgreSQL migrated once
    and copied as a template; on SQLite copies (the backup API) of this run's migrated test database."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.vendor = connection.vendor
        self.names: list[str] = []

    def environment(self, name: str) -> dict[str, str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"))
        }
        environment |= {
            "DJANGO_SETTINGS_MODULE": "yhteispolku.settings",
            "YHTEISPOLKU_TESTING": "1",
            "PYTHONPATH": str(PROJECT_DIR),
            # The keys of the var directory (identity-code hash, field encryption) are shared by both.
            "YHTEISPOLKU_VAR_DIR": str(self.tmp_path / "var"),
        }
        if self.vendor == "postgresql":
            environment["DATABASE_URL"] = database_url(name)
        else:
            environment["DATABASE_URL"] = f"sqlite:///{self.sqlite_path(name)}"
        return environment

    def sqlite_path(self, name: str) -> Path:
        return self.tmp_path / f"{name}.sqlite3"

    def create(self, first: str, second: str) -> None:
        if self.vendor == "postgresql":
            self._postgres(f'CREATE DATABASE "{first}"')
            self.names.append(first)
            self.python(first, SETUP_SCRIPT)
            self._postgres(f'CREATE DATABASE "{second}" TEMPLATE "{first}"')
            self.names.append(second)
            return
        # The test database (in memory) holds the migrations' reference data and the importing user.
        self.python_inline_user()
        connection.ensure_connection()
        for name in (first, second):
            with sqlite3.connect(self.sqlite_path(name)) as target:
                connection.connection.backup(target)
            target.close()

    def python_inline_user(self) -> None:
        import_sample.people("tuoja")

    def drop(self) -> None:
        for name in self.names:
            self._postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(database_url("postgres"), autocommit=True) as server:
            server.execute(statement)  # type: ignore[arg-type]

    def python(self, name: str, script: str) -> str:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script],
            env=self.environment(name),
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert finished.returncode == 0, finished.stderr[-3000:]
        return finished.stdout

    def import_command(self, name: str, path: Path) -> list[str]:
        del name
        return [*YHTEISPOLKU, "import", str(path), "--user", "tuoja", "--batch-size", str(KILL_BATCH)]

    def committed_row(self, name: str) -> int:
        query = "SELECT last_committed_row FROM interop_importcheckpoint"
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(database_url(name), autocommit=True) as database:
                found = database.execute(query).fetchone()  # type: ignore[arg-type]
        else:
            database = sqlite3.connect(self.sqlite_path(name), timeout=20)
            try:
                found = database.execute(query).fetchone()
            finally:
                database.close()
        return int(found[0]) if found else 0

    def state(self, name: str) -> dict[str, Any]:
        return dict(json.loads(self.python(name, STATE_SCRIPT)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_at_half_and_rerun_ends_as_an_uninterrupted_import(tmp_path: Path) -> None:
    bad = import_sample.bad_rows(KILL_ROWS, 6)
    path = import_sample.write_csv(tmp_path / "alue.csv", import_sample.rows(KILL_ROWS, bad))
    suffix = f"{os.getpid()}_{int(time.time())}"
    scratch = ScratchDatabases(tmp_path)
    killed, whole = f"import_killed_{suffix}", f"import_whole_{suffix}"
    try:
        scratch.create(killed, whole)

        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            scratch.import_command(killed, path),
            env=scratch.environment(killed),
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while scratch.committed_row(killed) < KILL_ROWS // 2:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        at_kill = scratch.committed_row(killed)
        assert KILL_ROWS // 2 <= at_kill < KILL_ROWS
        # Whole batches only: every committed batch's valid rows, none of the batch the kill cut.
        interrupted = scratch.state(killed)
        valid_before = sum(1 for index in range(at_kill) if index not in bad)
        assert len(interrupted["relationships"]) == valid_before

        resumed = subprocess.run(  # noqa: S603 - our own interpreter and module
            [*scratch.import_command(killed, path), "--no-progress"],
            env=scratch.environment(killed),
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        # The file's bad rows were refused: exit status 2, the good rows imported.
        assert resumed.returncode == 2, resumed.stderr[-3000:]
        assert f"Jatkettiin keskeytyneestä tuonnista: {valid_before} riviä" in resumed.stdout

        uninterrupted = subprocess.run(  # noqa: S603 - our own interpreter and module
            [*scratch.import_command(whole, path), "--no-progress"],
            env=scratch.environment(whole),
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert uninterrupted.returncode == 2, uninterrupted.stderr[-3000:]
        assert "Virheellisiä rivejä 6: niitä ei tuotu." in uninterrupted.stderr

        after_resume, after_whole = scratch.state(killed), scratch.state(whole)
        assert len(after_whole["clients"]) == KILL_ROWS - len(bad)
        assert after_resume == after_whole
    finally:
        scratch.drop()


def test_the_documented_example_file_imports_without_errors(importer: User) -> None:
    example = PROJECT_DIR / "docs" / "examples" / "import-example.csv"
    dry = run_import(example, "--dry-run", rows_refused=False)
    assert "kelvollisia 8, virheellisiä 0" in dry
    assert (
        "Uusia asiakkaita 8, asiakkuuksia 8, palveluita 4, tiimin jäseniä 12 ja suostumuksia 2"
        in run_import(example, rows_refused=False)
    )


def test_the_case_team_reaches_the_imported_client(importer: User, tmp_path: Path) -> None:
    people = import_sample.people("tuoja")
    table = import_sample.rows(4)  # TYM (worker pair and a member), employment services, mapping, closed
    run_import(import_sample.write_csv(tmp_path / "teams.csv", table), rows_refused=False)
    tym = ClientRelationship.objects.get(track="tym")
    assert sorted(tym.team.values_list("user__username", "team_role", "joined_on")) == [
        ("sosiaaliohjaaja", "member", tym.started_on),
        ("sosiaalityontekija", "worker_pair_social", tym.started_on),
        ("tyollisyysasiantuntija", "worker_pair_employment", tym.started_on),
    ]
    assert (
        relation_facts(actor=people["sosiaalityontekija"], client=tym.client).relation == Relation.CASE_TEAM
    )
    # The employment-services client is the employment expert's alone; the closed KUTY one is his former.
    services = ClientRelationship.objects.get(track="employment_services").client
    assert (
        relation_facts(actor=people["tyollisyysasiantuntija"], client=services).relation == Relation.CASE_TEAM
    )
    assert relation_facts(actor=people["sosiaalityontekija"], client=services).relation == Relation.NONE
    closed = ClientRelationship.objects.get(track="kuty").client
    assert (
        relation_facts(actor=people["sosiaaliohjaaja"], client=closed).relation == Relation.FORMER_CASE_TEAM
    )


def test_team_columns_are_checked_as_on_the_team_page(importer: User, tmp_path: Path) -> None:
    base = import_sample.rows(5)[0]  # a TYM row in the work phase
    assert base["track"] == "tym"
    rows = [
        dict(base, worker_employment="", worker_social=""),  # R-TYM-3: the worker pair is required
        dict(base, worker_employment="no-such-user"),
        dict(base, worker_social="tyollisyysasiantuntija"),  # the sector does not match the place
        dict(base, team_members="tuoja"),  # an administrator does no client work
        dict(base, worker_employment="", worker_social="", phase="mapping"),  # before planning: may wait
    ]
    for index, values in enumerate(rows):
        values["identity_code"] = import_sample.identity_code(100 + index)
    output = run_import(import_sample.write_csv(tmp_path / "teams.csv", rows), rows_refused=True)
    assert errors_in(output) == {
        (2, "worker_employment"),
        (2, "worker_social"),
        (3, "worker_employment"),
        (4, "worker_social"),
        (5, "team_members"),
    }
    assert "rivi 3, sarake worker_employment: Tuntematon käyttäjä no-such-user." in output
    assert "rivi 5, sarake team_members: tuoja: Vain asiakastyötä tekevän ammattilaisen" in output
    # Only the mapping-phase row was imported, with the member it names.
    assert list(ClientRelationship.objects.get().team.values_list("user__username", "team_role")) == [
        ("sosiaaliohjaaja", "member")
    ]


def test_only_an_active_administrator_imports(importer: User, tmp_path: Path, make_professional: Any) -> None:
    path = import_sample.write_csv(tmp_path / "alue.csv", import_sample.rows(2))
    make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym", username="asiantuntija"
    )
    with pytest.raises(CommandError, match="vain organisaation pääkäyttäjä") as refused:
        run_import(path, user="asiantuntija")
    assert refused.value.returncode == 1
    User.objects.filter(username="tuoja").update(is_active=False)
    with pytest.raises(CommandError, match="Käyttäjä tuoja ei ole käytössä"):
        run_import(path, "--dry-run")
    assert Client.objects.count() == 0
    assert not ImportCheckpoint.objects.exists()

    # A superuser of an organisation may import; the clients are recorded by that organisation.
    User.objects.filter(username="asiantuntija").update(is_superuser=True)
    assert "Uusia asiakkaita 2" in run_import(path, user="asiantuntija", rows_refused=False)
    assert {client.recorded_by.slug for client in Client.objects.all()} == {"satakunta-employment-area"}
