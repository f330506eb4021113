"""Her access log in Oma Yhteispolku comes in pages of OWN_LOG_PAGE_SIZE rows, newest day first: page 2
continues page 1 without gaps or repeats even when many rows share one day and one moment, every page
read is audited, and a page costs the same number of queries whatever the size of the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.portal.conftest import MaijaCase
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.services import record_accesses
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.portal import selectors
from yhteispolku.privacy.selectors import letter_rows

pytestmark = pytest.mark.django_db

CATEGORIES = [DataCategory.BASIC, DataCategory.EMPLOYMENT, DataCategory.SOCIAL, DataCategory.PLAN]


def _history(maija: MaijaCase, days: int, first_day: int = 1) -> None:
    """On each of `days` days, at one and the same moment, two people each read four categories of her
    data: eight letter rows per day that tie on the day."""
    now = timezone.now()
    for day in range(first_day, first_day + days):
        with time_machine.travel(now - timedelta(days=day), tick=False):
            for actor in (maija.employment_expert, maija.social_worker):
                for category in CATEGORIES:
                    record_accesses(
                        actor=actor,
                        action=Action.VIEW,
                        category=category,
                        purpose=Purpose.TYM_JOINT_WORK,
                        client_codes=[maija.client.code],
                    )


def _key(row: selectors.LetterRow) -> tuple[object, ...]:
    # Not the count: her reading of the log is itself a row of it, counted once more at each reading.
    return (row.day, row.name, row.organisation, row.category, row.action)


def test_pages_are_newest_first_and_continue_without_gaps_or_repeats(maija: MaijaCase) -> None:
    _history(maija, days=20)  # 160 rows and Maija's own case's: two pages
    # Each reading is audited before the page is read, so the page includes it and reading page 1 does
    # not push a row from page 1 onto page 2.
    first = selectors.own_log(client=maija.client, page=1)
    second = selectors.own_log(client=maija.client, page=2)
    everything = letter_rows(client=maija.client, today=timezone.localdate())
    assert selectors.OWN_LOG_PAGE_SIZE < len(everything) <= 2 * selectors.OWN_LOG_PAGE_SIZE
    assert any(row.category == str(DataCategory.LOG.label) for row in first.rows)
    assert len(first.rows) == selectors.OWN_LOG_PAGE_SIZE
    assert first.page.has_next()
    assert not second.page.has_next()
    shown = [_key(row) for row in first.rows + second.rows]
    assert len(set(shown)) == len(shown)
    assert sorted(shown) == sorted(_key(row) for row in everything)
    days = [row.day for row in first.rows + second.rows]
    assert days == sorted(days, reverse=True)
    assert days[0] == max(row.day for row in everything)
    # Past the end or not a number: the nearest page, as Django's get_page gives.
    assert selectors.own_log(client=maija.client, page=99).page.number == 2
    assert selectors.own_log(client=maija.client, page="x").page.number == 1


def test_every_page_read_is_audited_and_costs_the_same_queries(maija: MaijaCase) -> None:
    _history(maija, days=15)
    # The first audit write of a run sets up its chain's head; later readings are what is compared.
    selectors.own_log(client=maija.client, page=1)
    before = AccessEvent.objects.filter(client_code=maija.client.code, category=DataCategory.LOG).count()
    with CaptureQueriesContext(connection) as small:
        selectors.own_log(client=maija.client, page=2)
    _history(maija, days=30, first_day=16)
    with CaptureQueriesContext(connection) as large:
        selectors.own_log(client=maija.client, page=3)
    assert len(small.captured_queries) == len(large.captured_queries)
    after = AccessEvent.objects.filter(
        client_code=maija.client.code,
        category=DataCategory.LOG,
        actor_username=f"client:{maija.client.code}",
        object_type="portal.accesslog",
    ).count()
    assert after == before + 2


def test_the_page_links_to_older_and_newer_pages(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    _history(maija, days=30)  # 240 rows: three pages
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)}).status_code == 302
    first = browser.get("/oma/kayttoloki/").content.decode()
    assert 'aria-label="Sivut"' in first
    assert 'href="?sivu=2"' in first
    assert "Edellinen sivu" not in first
    middle = browser.get("/oma/kayttoloki/?sivu=2").content.decode()
    assert 'href="?sivu=1"' in middle
    assert 'href="?sivu=3"' in middle
    assert 'aria-current="page">Sivu 2 / 3<' in middle
    browser.cookies["yhteispolku_language"] = "en"
    english = browser.get("/oma/kayttoloki/?sivu=2").content.decode()
    assert 'aria-label="Pages"' in english
    assert "Previous page" in english
    assert "Next page" in english
