from pathlib import Path

import pytest

from yhteispolku.rules import loader
from yhteispolku.rules.models import RuleVersion

pytestmark = pytest.mark.django_db

HEADER = """
id = "R-TEST-1"
title_fi = "testi"
title_sv = "test"
title_en = "test"
source = "tests"
"""


def write(directory: Path, body: str, name: str = "R-TEST-1.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(HEADER + body, encoding="utf-8")
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
    write(tmp_path / "regions" / "satakunta-employment-area", version("r", "2025-01-01"))
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
