"""The national code lists as dated data: loaded by migration, idempotent, a code in force by its dates."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps

from yhteispolku.applications.models import Benefit as ApplicationBenefit
from yhteispolku.interop import codes
from yhteispolku.interop.code_lists import FIRST_FILE, CodeListError, load_code_lists, read_code_lists
from yhteispolku.interop.models import Code
from yhteispolku.plans.models import PlanType, ServiceType

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_the_lists_of_1_1_2025() -> None:
    assert sorted(Code.objects.filter(system__key="plan-type").values_list("code", flat=True)) == [
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "07",
    ]
    # Every plan type of the model and every catalogue service is on its list.
    assert set(PlanType.values) <= set(
        Code.objects.filter(system__key="plan-type").values_list("code", flat=True)
    )
    services = set(Code.objects.filter(system__key="service").values_list("code", flat=True))
    assert set(ServiceType.objects.values_list("code", flat=True)) <= services
    # Kela's benefits of the applications are on the Kela list, and Kela's services name their benefit.
    benefits = set(Code.objects.filter(system__key="kela-benefit").values_list("code", flat=True))
    kela = {b.value for b in ApplicationBenefit if not b.value.startswith("other_")}
    assert kela <= benefits
    for code in Code.objects.filter(system__key="service", code__startswith="kela-"):
        assert code.properties["kela_benefit"] in benefits


def test_a_code_is_in_force_between_its_dates(tmp_path: Path) -> None:
    assert codes.in_force(codes.PLAN_TYPE, "07", date(2024, 12, 31)) is None
    assert (
        codes.in_force(codes.PLAN_TYPE, "07", date(2025, 1, 1)).display_fi
        == "monialainen työllistymissuunnitelma"
    )
    data = json.loads(FIRST_FILE.read_text(encoding="utf-8"))
    plan_types = data["systems"][0]
    plan_types["codes"] = [
        {**plan_types["codes"][1], "effective_to": "2026-12-31"},
        {
            "code": "02",
            "display_fi": "työllistymisohjelma (uusi)",
            "display_sv": "sysselsättningsprogram (ny)",
            "display_en": "employment programme (new)",
            "effective_from": "2027-01-01",
            "effective_to": None,
        },
    ]
    data["systems"] = [plan_types]
    later = tmp_path / "code_lists-2027-01-01.json"
    later.write_text(json.dumps(data), encoding="utf-8")
    load_code_lists(apps, later)
    load_code_lists(apps, later)  # a rerun changes nothing
    assert Code.objects.filter(system__key="plan-type", code="02").count() == 2
    book = codes.CodeBook()
    assert book.get(codes.PLAN_TYPE, "02", date(2026, 12, 31)).display == "työllistymisohjelma"
    assert book.get(codes.PLAN_TYPE, "02", date(2027, 1, 1)).display == "työllistymisohjelma (uusi)"


def test_overlapping_versions_are_refused_whole(tmp_path: Path) -> None:
    data = json.loads(FIRST_FILE.read_text(encoding="utf-8"))
    plan_types = data["systems"][0]
    plan_types["codes"].append({**plan_types["codes"][0], "effective_from": "2026-01-01"})
    bad = tmp_path / "code_lists-2026-01-01.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = Code.objects.count()
    with pytest.raises(CodeListError, match="plan-type 01"):
        load_code_lists(apps, bad)
    assert Code.objects.count() == before
    assert read_code_lists(FIRST_FILE)
