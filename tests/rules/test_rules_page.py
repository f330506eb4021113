"""The rules page lists each rule in force with its parameters and history; the admin refuses a version
that would overlap another, naming the rule."""

from collections.abc import Callable
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.rules.models import Rule, RuleVersion
from yhteispolku.rules.selectors import rules_overview

pytestmark = pytest.mark.django_db


def test_the_overview_splits_each_rule_into_earlier_in_force_and_later() -> None:
    rule = Rule.objects.get(rule_id="R-TYM-2", region="")
    rule.versions.filter(version="2025.1").update(effective_to=date(2027, 6, 30))
    RuleVersion.objects.create(
        rule=rule, version="2027.1", effective_from=date(2027, 7, 1), parameters={"goal_months": 18}
    )
    [row] = [row for row in rules_overview(today=date(2026, 11, 23)) if row.rule.rule_id == "R-TYM-2"]
    assert row.in_force is not None
    assert row.in_force.version == "2025.1"
    assert [v.version for v in row.earlier] == ["2015.1"]
    assert [v.version for v in row.later] == ["2027.1"]
    [later] = [row for row in rules_overview(today=date(2027, 7, 1)) if row.rule.rule_id == "R-TYM-2"]
    assert later.in_force is not None
    assert later.in_force.version == "2027.1"


def test_every_signed_in_professional_sees_the_rules_in_their_language(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(
        make_professional("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym")
    )
    page = http.get(reverse("rules:list"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "R-TYM-2: TYM: kartoitus noin 3 kuukautta" in text
    assert "mapping_target_months" in text
    assert "2015.1 (aiempi)" in text
    assert "R-POLICY-1 (satakunta-employment-area)" in text
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert "TYM: kartläggning cirka 3 månader" in http.get(reverse("rules:list")).content.decode()
    assert HttpClient().get(reverse("rules:list")).status_code == 302


def test_an_overlapping_version_is_refused_naming_the_rule() -> None:
    rule = Rule.objects.get(rule_id="R-TYM-4", region="")
    overlapping = RuleVersion(
        rule=rule, version="2026.1", effective_from=date(2026, 1, 1), parameters={"max_review_months": 4}
    )
    with pytest.raises(ValidationError, match=r"R-TYM-4: versiot 2015\.1 ja 2026\.1"):
        overlapping.full_clean()
    rule.versions.update(effective_to=date(2025, 12, 31))
    overlapping.full_clean()  # once the earlier version ends the day before, it fits


def test_the_admin_refuses_an_overlapping_version(client: HttpClient, django_user_model, settings) -> None:
    settings.TOTP_REQUIRED = False
    client.force_login(django_user_model.objects.create_superuser("paakayttaja", "p@example.invalid", "x"))
    rule = Rule.objects.get(rule_id="R-TYM-4", region="")
    [existing] = rule.versions.all()
    url = reverse("admin:rules_rule_change", args=[rule.pk])
    data = {
        "rule_id": rule.rule_id,
        "region": "",
        "title_fi": rule.title_fi,
        "title_sv": rule.title_sv,
        "title_en": rule.title_en,
        "source": rule.source,
        "versions-TOTAL_FORMS": "2",
        "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        "versions-0-id": str(existing.pk),
        "versions-0-rule": str(rule.pk),
        "versions-0-version": existing.version,
        "versions-0-effective_from": existing.effective_from.isoformat(),
        "versions-0-effective_to": "",
        "versions-0-parameters": '{"default_review_months": 3, "max_review_months": 6}',
        "versions-0-note": "",
        "versions-1-rule": str(rule.pk),
        "versions-1-version": "2026.1",
        "versions-1-effective_from": "2026-01-01",
        "versions-1-effective_to": "",
        "versions-1-parameters": '{"default_review_months": 3, "max_review_months": 4}',
        "versions-1-note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "R-TYM-4: versiot 2015.1 ja 2026.1" in response.content.decode()
    assert rule.versions.count() == 1
