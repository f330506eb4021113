from datetime import date

import pytest
from django.core.management import CommandError, call_command

from yhteispolku.rules import deadlines, loader
from yhteispolku.rules.deadlines import DueItem


def _item(day: date, kind: str) -> DueItem:
    return DueItem(day, kind, kind, "code", "Name", 1, "/", "R-X", "1")


def test_items_of_every_source_come_back_earliest_first(monkeypatch):
    monkeypatch.setattr(deadlines, "_sources", [])
    later = lambda ids, today: [_item(date(2026, 2, 1), "b")]  # noqa: E731
    earlier = lambda ids, today: [_item(date(2026, 1, 1), "a")] if ids else []  # noqa: E731
    deadlines.register_source(later)
    deadlines.register_source(earlier)
    deadlines.register_source(earlier)  # registering twice (a reloaded app) does not double the items
    assert [item.kind for item in deadlines.due_items([1], date(2026, 1, 1))] == ["a", "b"]
    assert _item(date(2026, 1, 1), "a").rule_reference == "R-X v1"


@pytest.mark.django_db
def test_load_rules_command_refuses_a_broken_set(monkeypatch, tmp_path):
    (tmp_path / "R-BROKEN.toml").write_text('id = "R-BROKEN"\n', encoding="utf-8")
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    monkeypatch.setattr(loader.load, "__defaults__", (tmp_path,))
    with pytest.raises(CommandError, match="R-BROKEN: missing"):
        call_command("load_rules")
