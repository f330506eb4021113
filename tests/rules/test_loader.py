from pathlib import Path

import pytest

from yhteispolku.rules import loader
from yhteispolku.rules.models import RuleVersion

pytestmark = pytest.mark.django_db

HEADER = """
id = "R-TEST-1"
group = "tym"
title_fi = "testi"
title_sv = "test"
title_en = "test"
summary_fi = "selitys"
summary_sv = "förklaring"
summary_en = "explanation"
source = "tests"
"""
REGION = """
region_name_fi = "alue"
region_name_sv = "region"
region_name_en = "region"
"""
SOURCES = """
[[sources]]
law = "381/2023"
"""
PARAMETER_X = """
[parameter_info.x]
unit = "months"
label = { fi = "x", sv = "x", en = "x" }
"""


def write(
    directory: Path, body: str, name: str = "R-TEST-1.toml", head: str = HEADER + SOURCES + PARAMETER_X
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(head + body, encoding="utf-8")
    return path


def version(label: str, start: str, end: str = "") -> str:
    until = f"effective_to = {end}\n" if end else ""
    head = f'\n[[versions]]\nversion = "{label}"\neffective_from = {start}\n'
    return head + until + "[versions.parameters]\nx = 1\n"


def test_every_shipped_rule_file_is_valid():
    rules = loader.read_all()
    assert {"R-TYM-2", "R-TYM-4", "R-POLICY-1"} <= {rule.rule_id for rule in rules}


def test_overlapping_versions_are_refused_naming_the_rule(tmp_path):
    write(tmp_path, version("a", "2025-01-01", "2025-12-31") + version("b", "2025-12-31"))
    with pytest.raises(
        loader.RuleDataError, match=r"R-TEST-1: versions a and b are in force on the same days"
    ):
        loader.read_all(tmp_path)


def test_an_open_ended_version_followed_by_another_overlaps(tmp_path):
    write(tmp_path, version("a", "2025-01-01") + version("b", "2026-01-01"))
    with pytest.raises(loader.RuleDataError, match="R-TEST-1"):
        loader.read_all(tmp_path)


def test_adjacent_versions_are_accepted(tmp_path):
    write(tmp_path, version("a", "2025-01-01", "2025-12-31") + version("b", "2026-01-01"))
    assert [v.version for v in loader.read_all(tmp_path)[0].versions] == ["a", "b"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "has no versions"),
        (version("a", "2025-01-01") + version("a", "2030-01-01"), "appears twice"),
        (version("a", "2025-06-01", "2025-01-01"), "before effective_from"),
        (
            '\n[[versions]]\nversion = "a"\neffective_from = "1.1.2025"\n[versions.parameters]\nx = 1\n',
            "must be a date",
        ),
        ('\n[[versions]]\nversion = "a"\neffective_from = 2025-01-01\n', "no parameters"),
    ],
)
def test_malformed_rule_files_are_refused(tmp_path, body, message):
    write(tmp_path, body)
    with pytest.raises(loader.RuleDataError, match=message):
        loader.read_all(tmp_path)


def test_the_file_name_must_match_the_rule(tmp_path):
    write(tmp_path, version("a", "2025-01-01"), name="R-OTHER.toml")
    with pytest.raises(loader.RuleDataError, match=r"must be named R-TEST-1\.toml"):
        loader.read_all(tmp_path)


def test_loading_is_idempotent_and_drops_versions_removed_from_the_files(tmp_path):
    write(tmp_path, version("a", "2025-01-01", "2025-12-31") + version("b", "2026-01-01"))
    write(
        tmp_path / "regions" / "satakunta-employment-area",
        version("r", "2025-01-01"),
        head=HEADER + REGION + SOURCES + PARAMETER_X,
    )
    assert loader.load(tmp_path) == 3
    assert loader.load(tmp_path) == 3
    assert RuleVersion.objects.filter(rule__rule_id="R-TEST-1").count() == 3
    write(tmp_path, version("a", "2025-01-01"))
    loader.load(tmp_path)
    assert list(
        RuleVersion.objects.filter(rule__rule_id="R-TEST-1", rule__region="").values_list(
            "version", flat=True
        )
    ) == ["a"]


# What the rules page needs from a file: the loader refuses a file that would show a raw key or value.

ITEMS = """
[parameter_info.kinds]
unit = "items"
label = { fi = "lajit", sv = "slag", en = "kinds" }
[parameter_info.kinds.items]
a = { fi = "aa", sv = "aa", en = "aa" }
"""


def one_version(parameters: str = "x = 1\n", extra: str = "") -> str:
    head = '\n[[versions]]\nversion = "a"\neffective_from = 2025-01-01\n'
    return f"{head}{extra}[versions.parameters]\n{parameters}"


@pytest.mark.parametrize(
    ("head", "body", "message"),
    [
        (
            HEADER.replace('summary_sv = "förklaring"\n', "") + SOURCES + PARAMETER_X,
            one_version(),
            "missing summary_sv",
        ),
        (
            HEADER.replace('group = "tym"', 'group = "misc"') + SOURCES + PARAMETER_X,
            one_version(),
            "group 'misc'",
        ),
        (HEADER + 'titel = "x"\n' + SOURCES + PARAMETER_X, one_version(), "unknown key titel"),
        (HEADER + PARAMETER_X, one_version(), "sources must be a non-empty list"),
        (HEADER + '[[sources]]\nlaw = "1/1999"\n' + PARAMETER_X, one_version(), "law '1/1999' is not in"),
        (
            HEADER + '[[sources]]\nlaw = "381/2023"\ntext = { fi = "a", sv = "b", en = "c" }\n' + PARAMETER_X,
            one_version(),
            "either a law or a text",
        ),
        (
            HEADER + '[[sources]]\nlaw = "381/2023"\nsection = { fi = "16 §" }\n' + PARAMETER_X,
            one_version(),
            "source section must give fi, sv and en",
        ),
        (HEADER + SOURCES, one_version(), r"no \[parameter_info"),
        (HEADER + SOURCES + PARAMETER_X, one_version("x = 1\ny = 2\n"), "parameter y has no"),
        (HEADER + SOURCES + PARAMETER_X + ITEMS, one_version(), "describes kinds, which no version has"),
        (
            HEADER + SOURCES + PARAMETER_X.replace('"months"', '"fortnights"'),
            one_version(),
            "unit 'fortnights'",
        ),
        (HEADER + SOURCES + PARAMETER_X, one_version('x = "3 kk"\n'), "must be a number of months"),
        (HEADER + SOURCES + PARAMETER_X, one_version("x = true\n"), "must be a number of months"),
        (
            HEADER + SOURCES + PARAMETER_X.replace('"months"', '"yes_no"'),
            one_version("x = 1\n"),
            "must be true or false",
        ),
        (
            HEADER + SOURCES + PARAMETER_X + ITEMS,
            one_version('x = 1\nkinds = ["a", "b"]\n'),
            "no words for b",
        ),
        (
            HEADER + SOURCES + PARAMETER_X + ITEMS,
            one_version('x = 1\nkinds = "a"\n'),
            "must be a list of keys",
        ),
        (
            HEADER + SOURCES + PARAMETER_X.replace('unit = "months"', 'unit = "months"\nrange_to = "z"'),
            one_version(),
            "range_to 'z' is not another parameter",
        ),
        (
            HEADER
            + SOURCES
            + PARAMETER_X
            + '[parameter_info.x.items]\na = { fi = "a", sv = "a", en = "a" }\n',
            one_version(),
            "items belong only",
        ),
        (
            HEADER + SOURCES + PARAMETER_X.replace('label = { fi = "x", sv = "x", en = "x" }', 'label = "x"'),
            one_version(),
            "label must give fi, sv and en",
        ),
        (
            HEADER + SOURCES + PARAMETER_X,
            one_version(extra='note_fi = "muutos"\n'),
            "missing note_sv, note_en",
        ),
        (HEADER + SOURCES + PARAMETER_X, one_version(extra='notes = "x"\n'), "unknown key notes"),
        (HEADER + REGION + SOURCES + PARAMETER_X, one_version(), "only to a region's rule"),
    ],
)
def test_a_file_the_rules_page_could_not_show_in_words_is_refused(tmp_path, head, body, message):
    write(tmp_path, body, head=head)
    with pytest.raises(loader.RuleDataError, match=message):
        loader.read_all(tmp_path)


def test_a_regions_rule_must_name_its_region_in_three_languages(tmp_path):
    write(tmp_path / "regions" / "satakunta-employment-area", one_version())
    with pytest.raises(loader.RuleDataError, match="missing region_name_fi, region_name_sv, region_name_en"):
        loader.read_all(tmp_path)


def test_a_range_joins_two_parameters_of_one_number_unit(tmp_path):
    low = PARAMETER_X.replace('unit = "months"', 'unit = "months"\nrange_to = "y"')
    high = '[parameter_info.y]\nunit = "hours"\nlabel = { fi = "y", sv = "y", en = "y" }\n'
    write(tmp_path, one_version("x = 1\ny = 2\n"), head=HEADER + SOURCES + low + high)
    with pytest.raises(loader.RuleDataError, match="need the same number unit"):
        loader.read_all(tmp_path)
    write(
        tmp_path, one_version("x = 1\ny = 2\n"), head=HEADER + SOURCES + low + high.replace("hours", "months")
    )
    [rule] = loader.read_all(tmp_path)
    assert rule.parameter_info["x"]["range_to"] == "y"


def test_the_law_registry_gives_the_titles_and_refuses_a_malformed_entry(tmp_path):
    laws = loader.read_laws()
    assert laws["381/2023"]["fi"] == "laki työllistymisen monialaisesta edistämisestä"
    assert laws["381/2023"]["sv"] == "lag om sektorsövergripande främjande av sysselsättningen"
    assert laws["1369/2014"]["repealed"] == "2025-01-01"
    bad = tmp_path / "laws.toml"
    bad.write_text('[laws."381/2023"]\ntitle_fi = "x"\n', encoding="utf-8")
    with pytest.raises(loader.RuleDataError, match="law 381/2023 must have title_fi, title_sv and title_en"):
        loader.read_laws(bad)
    bad.write_text('[laws."laki"]\ntitle_fi = "x"\ntitle_sv = "x"\ntitle_en = "x"\n', encoding="utf-8")
    with pytest.raises(loader.RuleDataError, match="not a law number"):
        loader.read_laws(bad)


def test_the_shipped_rules_cite_381_2023_by_its_own_title_and_the_repealed_law_only_for_its_era():
    """Issue 11: R-TYM-1, R-TYM-2 and R-YOUTH-1 cited 381/2023 with the title of the repealed 1369/2014."""
    old_title = "laki työllistymistä edistävästä monialaisesta yhteispalvelusta"
    rules = {rule.rule_id: rule for rule in loader.read_all()}
    for rule_id in ("R-TYM-1", "R-TYM-2", "R-TYM-3", "R-TYM-5", "R-YOUTH-1"):
        rule = rules[rule_id]
        cited = {source["law"]: source["title"] for source in rule.sources if source["law"]}
        assert cited["381/2023"]["fi"] == "laki työllistymisen monialaisesta edistämisestä", rule_id
        assert f"{old_title} 381/2023" not in rule.source, rule_id
    for rule in rules.values():
        for source in (*rule.sources, *(s for version in rule.versions for s in version.sources)):
            if source["title"]["fi"] == old_title:
                assert source["law"] == "1369/2014"
    # The TYP-era version of R-TYM-2 keeps the old law; the version in force since 2025 cites 381/2023.
    tym2 = {version.version: version for version in rules["R-TYM-2"].versions}
    assert [source["law"] for source in tym2["2015.1"].sources] == ["1369/2014"]
    assert tym2["2025.1"].sources == ()


def test_every_shipped_rule_has_words_for_every_value_it_shows():
    for rule in loader.read_all():
        assert set(rule.summaries) == {"fi", "sv", "en"}
        assert "SPEC" not in "".join(rule.summaries.values()), rule.rule_id
        for version in rule.versions:
            assert set(version.parameters) <= set(rule.parameter_info), rule.rule_id
