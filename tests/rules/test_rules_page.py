"""The rules page lists each rule in force with its parameters and history; the admin refuses a version
that would overlap another, naming the rule."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

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


def visible_text(html: str) -> str:
    """The page's text outside the expandable technical details (and outside scripts and styles)."""
    html = re.sub(r"<details\b.*?</details>", " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def rules_page(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> Callable[[str], str]:
    http = verified_client(
        make_professional("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym")
    )

    def get(language: str) -> str:
        http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = http.get(reverse("rules:list"))
        assert page.status_code == 200
        return page.content.decode()

    return get


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            [
                "TYM: kartoitus, suunnitelman seuranta ja tavoiteaika",
                "Kartoituksen tavoitekesto 3 kuukautta",
                "Alkuhaastattelu työnhaun alkamisesta 10 arkipäivää",
                "Aiempi versio 1.1.2025–31.12.2025: Alkuhaastattelu työnhaun alkamisesta 5 arkipäivää",
                "Päivittäinen kesto 4–8 tuntia päivässä",
                "Päiviä viikossa 1–4 päivää viikossa",
                "Oikeusperusta: laki työllistymisen monialaisesta edistämisestä (381/2023)",
                "laki työllistymistä edistävästä monialaisesta yhteispalvelusta (1369/2014, "
                "kumottu 1.1.2025)",
                "terveydelliset rajoitteet; arjen toimintakyky heikentynyt",
                "Alueen oma sääntö: Satakunnan työllisyysalue",
                "Sisällys",
            ],
        ),
        (
            "sv",
            [
                "TYM: kartläggning, uppföljning av planen och måltid",
                "Kartläggningens mål 3 månader",
                "Inledande intervju från arbetssökandets början 10 vardagar",
                "Längd per dag 4–8 timmar per dag",
                "Rättslig grund: lag om sektorsövergripande främjande av sysselsättningen (381/2023)",
                "Tidigare version 1.1.2025–31.12.2025",
                "Innehåll",
            ],
        ),
        (
            "en",
            [
                "TYM: mapping, plan review and goal time",
                "Mapping target 3 months",
                "Initial interview after registration 10 working days",
                "Daily duration 4–8 hours a day",
                "Legal basis: Act on the Multisectoral Promotion of Employment (381/2023)",
                "Earlier version 1.1.2025–31.12.2025",
                "Contents",
            ],
        ),
    ],
)
def test_each_rule_is_shown_in_words_in_the_professionals_language(
    rules_page: Callable[[str], str], language: str, expected: list[str]
) -> None:
    text = visible_text(rules_page(language))
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_no_technical_key_raw_value_or_developer_note_outside_the_details(
    rules_page: Callable[[str], str], language: str
) -> None:
    html = rules_page(language)
    text = visible_text(html)
    for developer_word in ("SPEC", "seed", "Seed", "mapping_target_months", "_months", "_days", "2025.1"):
        assert developer_word not in text, developer_word
    for bracket in "[]{}":
        assert bracket not in text
    # The English notes of the files stay in the details, not in the Finnish or Swedish page.
    if language != "en":
        assert "in force 1.1.2025" not in text
    # ...where the technical keys still are, for whoever maintains the rules.
    assert "mapping_target_months" in html
    assert "<details" in html


def test_the_contents_list_links_to_every_rule_and_group(rules_page: Callable[[str], str]) -> None:
    html = rules_page("fi")
    contents = html[
        html.index('<nav class="rules-contents"') : html.index("</nav>", html.index("rules-contents"))
    ]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    targets = set(re.findall(r'<(?:article|h2)[^>]* id="([^"]+)"', html))
    rule_count = Rule.objects.count()
    assert len([anchor for anchor in anchors if anchor.startswith("r-")]) == rule_count
    assert set(anchors) <= targets
    assert "r-tym-2" in anchors
    assert "r-policy-1-satakunta-employment-area" in anchors
    groups = [anchor for anchor in anchors if anchor.startswith("ryhma-")]
    assert groups[:2] == ["ryhma-tym", "ryhma-kuty"]
    assert groups[-1] == "ryhma-regional"


def test_a_coming_version_and_a_rule_with_none_in_force_are_shown(rules_page: Callable[[str], str]) -> None:
    ends = timezone.localdate() + timedelta(days=200)
    starts = ends + timedelta(days=1)
    rule = Rule.objects.get(rule_id="R-TYM-4", region="")
    rule.versions.update(effective_to=ends)
    RuleVersion.objects.create(
        rule=rule,
        version="2027.1",
        effective_from=starts,
        parameters={"default_review_months": 3, "max_review_months": 4},
        note_fi="Enimmäisväli lyhenee.",
    )
    text = visible_text(rules_page("fi"))
    on = "{d.day}.{d.month}.{d.year}".format
    assert f"Tuleva versio {on(d=starts)} alkaen: Enimmäisväli 4 kuukautta. Enimmäisväli lyhenee." in text
    assert f"Voimassa 1.1.2015–{on(d=ends)}" in text
    # R-POLICY-1 ended with 2025: no version in force, its earlier one shown with its values.
    assert "Säännöllä ei ole tänään voimassa olevaa versiota." in text
    assert "Aiempi versio 1.1.2025–31.12.2025: Vähimmäisikä 55 vuotta" in text


def test_only_signed_in_people_see_the_rules() -> None:
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
