"""Generated import files (docs/import.md): the tests' and the benchmark's data, and the docs' example.

Every identity code is in the temporary/test range 900–999 (`hetu.compose`), so no generated person can
be a real one; importing them needs ALLOW_TEST_IDENTITY_CODES, as demo data does.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from yhteispolku.clients import hetu
from yhteispolku.interop.importing import COLUMNS

FIRST_NAMES = ("Aino", "Eero", "Helmi", "Juho", "Kerttu", "Lauri", "Maija", "Niilo", "Oona", "Sami")
LAST_NAMES = ("Aalto", "Heikkinen", "Korhonen", "Laine", "Mäkinen", "Nieminen", "Rantanen", "Virtanen")
MUNICIPALITIES = ("609", "684", "051", "079", "102")  # Pori, Rauma, Eurajoki, Harjavalta, Huittinen
PLACES = (
    ("tym", "satakunta-employment-area", "satakunta-ea-tym", "work"),
    ("employment_services", "satakunta-employment-area", "satakunta-ea-multisectoral", "work"),
    ("work_ability_support", "satakunta-wellbeing-county", "satakunta-wc-work-ability", "mapping"),
    ("kuty", "satakunta-wellbeing-county", "satakunta-wc-social", "closed"),
)
# The importing administrator and the professionals the rows name to teams: the demo's own
# (web/demo_data.py), so the docs' example imports into the demo; `people()` makes them elsewhere.
IMPORTER = ("paakayttaja", "administrator", "satakunta-employment-area", "satakunta-ea-administration")
EMPLOYMENT_WORKER = (
    "tyollisyysasiantuntija",
    "employment_expert",
    "satakunta-employment-area",
    "satakunta-ea-tym",
)
SOCIAL_WORKER = ("sosiaalityontekija", "social_worker", "satakunta-wellbeing-county", "satakunta-wc-tym")
SOCIAL_COUNSELLOR = (
    "sosiaaliohjaaja",
    "social_counsellor",
    "satakunta-wellbeing-county",
    "satakunta-wc-social",
)
# Each place's team: (worker_employment, worker_social, team_members), by PLACES' order.
TEAMS = (
    (EMPLOYMENT_WORKER[0], SOCIAL_WORKER[0], SOCIAL_COUNSELLOR[0]),
    (EMPLOYMENT_WORKER[0], "", ""),
    ("", SOCIAL_COUNSELLOR[0], ""),
    ("", SOCIAL_COUNSELLOR[0], ""),
)
SERVICES = ("job-coaching", "work-trial", "rehabilitative-work-activity", "social-rehabilitation")

# One kind of mistake per bad row, each found in exactly one column.
MISTAKES = (
    ("home_municipality", "999"),
    ("identity_code", "checksum"),
    ("identity_code", "duplicate"),
    ("organisation", "no-such-organisation"),
    ("unit", "no-such-unit"),
    ("track", "tym-plus"),
    ("started_on", "31.2.2024"),
    ("phase", "referral"),
    ("services", "no-such-service@2025-01-01"),
    ("consent_categories", "health;log"),
    ("worker_employment", SOCIAL_COUNSELLOR[0]),  # a social professional in the employment place
)


def people(importer: str = IMPORTER[0]) -> dict[str, Any]:
    """The importing administrator (username `importer`) and the teams' professionals, made when missing."""
    from yhteispolku.accounts.models import Role, User
    from yhteispolku.organisations.models import Organisation, Unit

    made = {}
    for username, role, organisation, unit in (
        (importer, *IMPORTER[1:]),
        EMPLOYMENT_WORKER,
        SOCIAL_WORKER,
        SOCIAL_COUNSELLOR,
    ):
        made[username], _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.objects.get(code=role),
                "organisation": Organisation.objects.get(slug=organisation),
                "unit": Unit.objects.get(slug=unit),
            },
        )
    return made


def identity_code(index: int) -> str:
    """The index-th generated code: 100 test codes per birth date from 1 January 1960."""
    return hetu.compose(date(1960, 1, 1) + timedelta(days=index // 100), 900 + index % 100)


def row(index: int) -> dict[str, str]:
    track, organisation, unit, phase = PLACES[index % len(PLACES)]
    worker_employment, worker_social, team_members = TEAMS[index % len(PLACES)]
    started = date(2024, 1, 1) + timedelta(days=index % 300)
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "identity_code": identity_code(index),
            "first_names": FIRST_NAMES[index % len(FIRST_NAMES)],
            "last_name": LAST_NAMES[index % len(LAST_NAMES)],
            "home_municipality": MUNICIPALITIES[index % len(MUNICIPALITIES)],
            "phone": f"040 {index:07d}",
            "service_language": "sv" if index % 7 == 0 else "fi",
            "track": track,
            "organisation": organisation,
            "unit": unit,
            "started_on": started.isoformat(),
            "phase": phase,
            "worker_employment": worker_employment,
            "worker_social": worker_social,
            "team_members": team_members,
        }
    )
    if phase == "closed":
        values["ended_on"] = (started + timedelta(days=200)).isoformat()
    if track == "tym":
        first, second = SERVICES[index % 2], SERVICES[2 + index % 2]
        values.update(
            {
                "plan_type": "07",
                "plan_next_review_on": (started + timedelta(days=120)).isoformat(),
                "services": f"{first}@{started.isoformat()};{second}@{started.isoformat()}/"
                f"{(started + timedelta(days=90)).isoformat()}",
                "consent_purpose": "tym_joint_work",
                "consent_categories": "basic;employment;social",
                "consent_organisations": "satakunta-employment-area;satakunta-wellbeing-county",
                "consent_given_on": started.strftime("%-d.%-m.%Y"),
                "consent_given_how": "written",
            }
        )
    return values


def rows(count: int, bad: dict[int, int] | None = None, *, start: int = 0) -> list[dict[str, str]]:
    """`count` rows (people `start` onwards); `bad` maps a row index to the MISTAKES entry made in it."""
    generated = [row(start + index) for index in range(count)]
    for index, mistake in (bad or {}).items():
        column, value = MISTAKES[mistake]
        if value == "checksum":
            code = generated[index]["identity_code"]
            value = code[:-1] + ("A" if code[-1] != "A" else "B")
        elif value == "duplicate":
            value = generated[index - 1]["identity_code"]
        elif column == "consent_categories" and not generated[index]["consent_purpose"]:
            column, value = "started_on", "2024-13-01"
        elif column == "services":
            generated[index]["plan_next_review_on"] = generated[index]["plan_next_review_on"] or "2026-06-01"
        generated[index][column] = value
    return generated


def bad_rows(count: int, how_many: int) -> dict[int, int]:
    """Evenly spread bad rows (never the first), cycling through the kinds of mistake."""
    step = count // how_many
    return {step * k + step // 2: k % len(MISTAKES) for k in range(how_many)}


def expected_errors(bad: dict[int, int], generated: list[dict[str, str]]) -> set[tuple[int, str]]:
    """(file row, column) of each bad row: the header is row 1, so index i is row i + 2."""
    found = set()
    for index, mistake in bad.items():
        column, _value = MISTAKES[mistake]
        if column == "consent_categories" and not generated[index]["consent_purpose"]:
            column = "started_on"
        found.add((index + 2, column))
    return found


def write_csv(path: Path, table: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, table: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("asiakkaat")
    sheet.append(list(COLUMNS))
    for values in table:
        sheet.append([values[name] for name in COLUMNS])
    workbook.save(path)
    return path
