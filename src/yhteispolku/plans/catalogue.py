"""Loading the service catalogue (SPEC §7) from its dated data file.

Used by the data migration; a region extends the catalogue in the admin, so loading never deletes
or renames a service a region has added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_FILE = DATA_DIR / "service_catalogue_2025-01-01.json"
SERVICE_FIELDS = ("organiser", "is_kuty", "name_fi", "name_sv", "name_en", "sort_order")


def catalogue_rows(path: Path = CATALOGUE_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = json.load(handle)["services"]
    return rows


def load_catalogue(service_type_model: Any, path: Path = CATALOGUE_FILE) -> int:
    """Create or update the services of the file; returns how many it holds."""
    rows = catalogue_rows(path)
    for row in rows:
        service_type_model.objects.update_or_create(
            code=row["code"], defaults={field: row[field] for field in SERVICE_FIELDS}
        )
    return len(rows)


def unload_catalogue(service_type_model: Any, path: Path = CATALOGUE_FILE) -> None:
    service_type_model.objects.filter(code__in=[row["code"] for row in catalogue_rows(path)]).delete()
