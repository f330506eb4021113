"""Loads the reference data in data/ (municipalities, real organisations and their units) into the database.

The functions take an app registry so that a data migration can pass its historical models and a test or
a command can pass the live ones. Loading is idempotent: rows are found by their stable keys (municipality
code, organisation and unit slug) and updated in place, so running it twice changes nothing and a newer
dated data file can be applied by a later migration calling the same loader.
"""

import csv
import json
from pathlib import Path
from typing import Any

from django.apps.registry import Apps

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_FILE = DATA_DIR / "municipalities-2021.csv"
ORGANISATIONS_FILE = DATA_DIR / "organisations-2025.json"


def read_municipalities() -> list[dict[str, str]]:
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as csv_file:
        return list(csv.DictReader(csv_file))


def read_organisations() -> dict[str, Any]:
    with ORGANISATIONS_FILE.open(encoding="utf-8") as json_file:
        data: dict[str, Any] = json.load(json_file)
    return data


def load_reference_data(apps: Apps) -> None:
    Municipality = apps.get_model("organisations", "Municipality")
    Organisation = apps.get_model("organisations", "Organisation")
    Unit = apps.get_model("organisations", "Unit")

    for row in read_municipalities():
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name_fi": row["name_fi"], "name_sv": row["name_sv"]}
        )

    data = read_organisations()
    # Historical models in a migration, live ones elsewhere: either way only their attributes are used.
    organisations: dict[str, Any] = {}
    for entry in data["organisations"]:
        organisation, _created = Organisation.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "kind": entry["kind"],
                "name_fi": entry["name_fi"],
                "name_sv": entry["name_sv"],
                "name_en": entry["name_en"],
                "business_id": entry["business_id"],
                "responsible_municipality_id": entry["responsible_municipality"],
                "is_demo": False,
            },
        )
        organisation.municipalities.set(entry["municipalities"])
        organisations[entry["slug"]] = organisation

    # The file lists a parent before its children, so every parent is already saved when it is looked up.
    units: dict[str, Any] = {}
    for entry in data["units"]:
        parent = units[entry["parent"]] if entry["parent"] else None
        unit, _created = Unit.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "organisation": organisations[entry["organisation"]],
                "parent": parent,
                "kind": entry["kind"],
                "name_fi": entry["name_fi"],
                "name_sv": entry["name_sv"],
                "name_en": entry["name_en"],
            },
        )
        unit.municipalities.set(entry["municipalities"])
        units[entry["slug"]] = unit


def unload_reference_data(apps: Apps) -> None:
    """Remove what load_reference_data added; refuses (ProtectedError) while anything still refers to it."""
    Municipality = apps.get_model("organisations", "Municipality")
    Organisation = apps.get_model("organisations", "Organisation")
    Unit = apps.get_model("organisations", "Unit")

    data = read_organisations()
    # Parents are protected from deletion while they have children, so children go first.
    for entry in reversed(data["units"]):
        Unit.objects.filter(slug=entry["slug"]).delete()
    Organisation.objects.filter(slug__in=[entry["slug"] for entry in data["organisations"]]).delete()
    Municipality.objects.filter(code__in=[row["code"] for row in read_municipalities()]).delete()
