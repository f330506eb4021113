"""The words of the rules page: units of rule parameters and the groups rules are shown in.

A rule file says what a number means (`unit = "months"`); these functions say it in the active language:
3 and "months" give "3 kuukautta", "3 månader", "3 months". Every word goes through gettext, so the
Swedish and English wording lives in the translation catalogues with the rest of the interface.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext


def _months(n: int) -> str:
    return ngettext("%(n)s kuukausi", "%(n)s kuukautta", n)


def _years(n: int) -> str:
    return ngettext("%(n)s vuosi", "%(n)s vuotta", n)


def _days(n: int) -> str:
    return ngettext("%(n)s päivä", "%(n)s päivää", n)


def _working_days(n: int) -> str:
    return ngettext("%(n)s arkipäivä", "%(n)s arkipäivää", n)


def _hours(n: int) -> str:
    return ngettext("%(n)s tunti", "%(n)s tuntia", n)


def _hours_per_day(n: int) -> str:
    return ngettext("%(n)s tunti päivässä", "%(n)s tuntia päivässä", n)


def _hours_per_week(n: int) -> str:
    return ngettext("%(n)s tunti viikossa", "%(n)s tuntia viikossa", n)


def _days_per_week(n: int) -> str:
    return ngettext("%(n)s päivä viikossa", "%(n)s päivää viikossa", n)


def _meetings(n: int) -> str:
    return ngettext("%(n)s tapaaminen", "%(n)s tapaamista", n)


# A number's unit → the words for it, chosen by the number (singular or plural).
NUMBER_UNITS: dict[str, Callable[[int], str]] = {
    "months": _months,
    "years": _years,
    "days": _days,
    "working_days": _working_days,
    "hours": _hours,
    "hours_per_day": _hours_per_day,
    "hours_per_week": _hours_per_week,
    "days_per_week": _days_per_week,
    "meetings": _meetings,
}
# yes_no: a truth value; items: a list of keys, each with its own words in the rule file; technical: shown
# only among the technical details (the rule's summary explains it).
OTHER_UNITS = ("yes_no", "items", "technical")
UNITS = (*NUMBER_UNITS, *OTHER_UNITS)

# The groups of the rules page, in the order shown.
GROUPS: dict[str, Promise] = {
    "tym": gettext_lazy("Monialainen työllistymisen tuki (TYM)"),
    "kuty": gettext_lazy("Kuntouttava työtoiminta"),
    "integration": gettext_lazy("Kotoutuminen"),
    "employment": gettext_lazy("Työvoimapalvelut"),
    "social": gettext_lazy("Sosiaalinen kuntoutus ja vammaispalvelut"),
    "youth": gettext_lazy("Nuoret ja Ohjaamo"),
    "kela": gettext_lazy("Kela-yhteistyö ja Kelan etuudet"),
    "appeals": gettext_lazy("Päätökset ja muutoksenhaku"),
    "consultation": gettext_lazy("Konsultaatiot ja verkostotyö"),
    "privacy": gettext_lazy("Tietosuoja ja käyttöloki"),
    "regional": gettext_lazy("Alueen omat linjaukset"),
}


def _number(value: int | float) -> str:
    """3 → "3", 2.5 → "2,5" in Finnish and Swedish, "2.5" in English."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(number_format(value))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _form(value: int | float) -> int:
    """The count that chooses the singular or plural words: a fraction (2,5 tuntia) takes the plural."""
    return int(value) if float(value).is_integer() else 2


def quantity(value: int | float, unit: str) -> str:
    """A number with its unit in words: (3, "months") → "3 kuukautta"."""
    return NUMBER_UNITS[unit](_form(value)) % {"n": _number(value)}


def quantity_range(low: int | float, high: int | float, unit: str) -> str:
    """Two numbers of one unit: (4, 8, "hours_per_day") → "4–8 tuntia päivässä" (the form follows 8)."""
    if low == high:
        return quantity(low, unit)
    return NUMBER_UNITS[unit](_form(high)) % {"n": f"{_number(low)}–{_number(high)}"}


def yes_no(value: bool) -> str:
    return gettext("kyllä") if value else gettext("ei")


OTHER_GROUP = gettext_lazy("Muut säännöt")
