"""`yhteispolku import` (interop.importing, docs/import.md): dry run, real run, rerun, resume, XLSX, bad files."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, PhaseTransition
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent
from yhteispolku.interop import import_sample
from yhteispolku.interop.models import ImportCheckpoint
from yhteispolku.plans.models import AgreedService, PlanVersion

from .import_state import database_state

pytestmark = pytest.mark.django_db

ERROR_LINE = re.compile(r"^rivi (?P<row>[0-9]+), sarake (?P<column>[a-z_]+): ", re.MULTILINE)


@pytest.fixture
def importer(make_professional: Callable[..., User]) -> User:
    return make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym", username="tuoja"
    )


def run_import(path: Path, *arguments: str) -> str:
    out = io.StringIO()
    call_command("import", str(path), "--user", "tuoja", "--no-progress", *arguments, stdout=out)
    return out.getvalue()


def errors_in(output: str) -> set[tuple[int, str]]:
    return {(int(match["row"]), match["column"]) for match in ERROR_LINE.finditer(output)}


def test_a_2000_row_file_with_20_bad_rows(importer: User, tmp_path: Path) -> None:
    bad = import_sample.bad_rows(2000, 20)
    table = import_sample.rows(2000, bad)
    path = import_sample.write_csv(tmp_path / "alue.csv", table)
    expected = import_sample.expected_errors(bad, table)
    assert len(expected) == 20

    dry = run_import(path, "--dry-run")
    assert errors_in(dry) == expected
    assert "Koeajo: 2000 riviä, kelvollisia 1980, virheellisiä 20." in dry
    assert dry.count("uusi asiakas") == 1980
    assert Client.objects.count() == 0
    assert not AccessEvent.objects.filter(object_type="clients.client").exists()

    real = run_import(path)
    assert errors_in(real) == expected
    assert Client.objects.count() == 1980
    assert ClientRelationship.objects.count() == 1980
    tym_rows = sum(1 for index, values in enumerate(table) if values["track"] == "tym" and index not in bad)
    assert PlanVersion.objects.filter(status="in_force").count() == tym_rows
    assert AgreedService.objects.count() == 2 * tym_rows
    assert Consent.objects.count() == tym_rows
    assert PhaseTransition.objects.filter(actor=importer).count() == 1980
    created = AccessEvent.objects.filter(actor=importer, action="create", allowed=True)
    assert created.filter(object_type="clients.client").count() == 1980
    assert created.filter(object_type="clients.consent").count() == tym_rows
    checkpoint = ImportCheckpoint.objects.get()
    assert checkpoint.last_committed_row == 2000 and checkpoint.finished_at is not None

    # The one valid row of each client is there as the file says; the identity code is found by its hash.
    first = table[0]
    client = Client.objects.with_identity_code(first["identity_code"]).get()
    assert client.identity_code == first["identity_code"]
    assert client.home_municipality_id == first["home_municipality"]
    assert client.recorded_by == importer.organisation

    before = database_state()
    again = run_import(path)
    assert "Uusia asiakkaita 0, asiakkuuksia 0, palveluita 0 ja suostumuksia 0" in again
    assert database_state() == before


def test_an_xlsx_file_imports_as_its_csv_does(importer: User, tmp_path: Path) -> None:
    bad = import_sample.bad_rows(40, 4)
    table = import_sample.rows(40, bad)
    expected = import_sample.expected_errors(bad, table)
    xlsx = import_sample.write_xlsx(tmp_path / "alue.xlsx", table)

    assert errors_in(run_import(xlsx, "--dry-run")) == expected
    assert errors_in(run_import(xlsx)) == expected
    assert Client.objects.count() == 36
    xlsx_state = database_state()

    # The same rows as CSV find everything already there.
    csv_path = import_sample.write_csv(tmp_path / "alue.csv", table)
    assert "Uusia asiakkaita 0, asiakkuuksia 0" in run_import(csv_path)
    assert database_state()["clients"] == xlsx_state["clients"]


def test_a_second_file_adds_a_relationship_to_an_existing_client(importer: User, tmp_path: Path) -> None:
    table = import_sample.rows(4)
    run_import(import_sample.write_csv(tmp_path / "first.csv", table))
    moved = dict(table[1], track="kuty", organisation="satakunta-wellbeing-county", unit="satakunta-wc-social")
    moved.update(phase="work", ended_on="")
    output = run_import(import_sample.write_csv(tmp_path / "second.csv", [table[0], moved]))
    assert "Uusia asiakkaita 0, asiakkuuksia 1" in output
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

    with pytest.raises(CommandError, match="Käyttäjää nobody ei ole"):
        call_command("import", str(large), "--user", "nobody", "--no-progress")
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
        ).encode("utf-8")
    )
    assert "Uusia asiakkaita 1" in run_import(path)
    client = Client.objects.get()
    assert (client.first_names, client.home_municipality_id) == ("Äijö", "049")
    assert client.relationships.get().started_on.isoformat() == "2025-01-05"
