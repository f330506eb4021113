"""Reads of the dated code lists: the code of a system in force on a day (`interop.models`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from yhteispolku.interop.models import Code

PLAN_TYPE = "plan-type"
KELA_BENEFIT = "kela-benefit"
SERVICE = "service"


@dataclass(frozen=True)
class CodeInForce:
    system: str  # the system's URI
    code: str
    display: str
    properties: dict[str, object]


class CodeBook:
    """Every code of the lists, read once (one query), looked up by system key, code and day."""

    def __init__(self) -> None:
        self._codes: dict[tuple[str, str], list[Code]] = {}
        for row in Code.objects.select_related("system").order_by("effective_from"):
            self._codes.setdefault((row.system.key, row.code), []).append(row)

    def get(self, key: str, code: str, on: date) -> CodeInForce | None:
        """The code in force on `on`, or None when the list has no such code that day."""
        for row in self._codes.get((key, code), []):
            if row.effective_from <= on and (row.effective_to is None or on <= row.effective_to):
                return CodeInForce(row.system.uri, row.code, row.display, dict(row.properties))
        return None


def in_force(key: str, code: str, on: date) -> Code | None:
    """One code of one list in force on a day (None when there is none)."""
    return (
        Code.objects.filter(system__key=key, code=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("system")
        .first()
    )
