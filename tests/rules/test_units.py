"""Rule values in words with their units, in Finnish, Swedish and English (the rules page's vocabulary)."""

import pytest
from django.utils import translation

from yhteispolku.rules import units
from yhteispolku.rules.models import RuleVersion
from yhteispolku.rules.presentation import format_source, values_of


@pytest.mark.parametrize(
    ("language", "value", "unit", "expected"),
    [
        ("fi", 3, "months", "3 kuukautta"),
        ("fi", 1, "months", "1 kuukausi"),
        ("fi", 5, "working_days", "5 arkipäivää"),
        ("fi", 1, "working_days", "1 arkipäivä"),
        ("fi", 30, "days", "30 päivää"),
        ("fi", 30, "years", "30 vuotta"),
        ("fi", 2, "hours", "2 tuntia"),
        ("fi", 32, "hours_per_week", "32 tuntia viikossa"),
        ("fi", 1, "days_per_week", "1 päivä viikossa"),
        ("fi", 15, "meetings", "15 tapaamista"),
        ("sv", 3, "months", "3 månader"),
        ("sv", 1, "months", "1 månad"),
        ("sv", 5, "working_days", "5 vardagar"),
        ("sv", 8, "hours_per_day", "8 timmar per dag"),
        ("sv", 4, "days_per_week", "4 dagar i veckan"),
        ("en", 3, "months", "3 months"),
        ("en", 1, "months", "1 month"),
        ("en", 10, "working_days", "10 working days"),
        ("en", 1, "hours_per_day", "1 hour a day"),
        ("en", 24, "months", "24 months"),
    ],
)
def test_a_number_and_its_unit_in_words(language, value, unit, expected):
    with translation.override(language):
        assert units.quantity(value, unit) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "4–8 tuntia päivässä"), ("sv", "4–8 timmar per dag"), ("en", "4–8 hours a day")],
)
def test_a_range_takes_the_form_of_its_upper_end(language, expected):
    with translation.override(language):
        assert units.quantity_range(4, 8, "hours_per_day") == expected
        assert units.quantity_range(3, 3, "months") == units.quantity(3, "months")


def test_a_decimal_uses_the_languages_separator():
    with translation.override("fi"):
        assert units.quantity(2.5, "hours") == "2,5 tuntia"
    with translation.override("en"):
        assert units.quantity(2.5, "hours") == "2.5 hours"
        assert units.quantity(3.0, "months") == "3 months"


def test_yes_and_no_in_each_language():
    with translation.override("sv"):
        assert (units.yes_no(True), units.yes_no(False)) == ("ja", "nej")
    with translation.override("fi"):
        assert units.yes_no(True) == "kyllä"


INFO = {
    "min_hours_per_day": {
        "unit": "hours_per_day",
        "label": {"fi": "Päivittäinen kesto", "sv": "Längd per dag", "en": "Daily duration"},
        "range_to": "max_hours_per_day",
    },
    "max_hours_per_day": {"unit": "hours_per_day", "label": {"fi": "x", "sv": "x", "en": "x"}},
    "kinds": {
        "unit": "items",
        "label": {"fi": "Lajit", "sv": "Slag", "en": "Kinds"},
        "items": {
            "a": {"fi": "ensimmäinen", "sv": "första", "en": "first"},
            "b": {"fi": "toinen", "sv": "andra", "en": "second"},
        },
    },
    "pair": {"unit": "technical", "label": {"fi": "pari", "sv": "par", "en": "pair"}},
}


def test_a_versions_values_in_words_join_ranges_name_items_and_leave_technical_ones_out():
    version = RuleVersion(
        parameters={
            "min_hours_per_day": 4,
            "max_hours_per_day": 8,
            "kinds": ["a", "b"],
            "pair": {"x": "y"},
            "other": 1,
        }
    )
    with translation.override("fi"):
        shown = [(value.label, value.text) for value in values_of(version, INFO)]
    assert shown == [("Päivittäinen kesto", "4–8 tuntia päivässä"), ("Lajit", "ensimmäinen; toinen")]
    with translation.override("en"):
        assert values_of(version, INFO)[1].text == "first; second"
    # Without its upper end a range start stands alone.
    alone = RuleVersion(parameters={"min_hours_per_day": 4})
    with translation.override("sv"):
        assert [value.text for value in values_of(alone, INFO)] == ["4 timmar per dag"]


def test_a_legal_source_with_its_number_section_and_repeal():
    source = {
        "law": "1369/2014",
        "title": {"fi": "laki vanha", "sv": "lag gammal", "en": "Old Act"},
        "section": {"fi": "10 §", "sv": "10 §", "en": "section 10"},
        "repealed": "2025-01-01",
    }
    with translation.override("fi"):
        assert format_source(source) == "laki vanha (1369/2014, kumottu 1.1.2025), 10 §"
    with translation.override("en"):
        assert format_source(source) == "Old Act (1369/2014, repealed 1.1.2025), section 10"
    text = {"law": "", "title": {"fi": "käytäntö", "sv": "praxis", "en": "practice"}, "section": {}}
    with translation.override("sv"):
        assert format_source(text) == "praxis"
