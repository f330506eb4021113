"""The header's `inbox_count` costs the worklist's queries at most once a minute per user and day: in
between, a page's header reads the number from the cache without a query. The pages that show the
worklist's own counts (front page, worklist) leave the count of the list they show, and the page after
the viewer's own action counts afresh."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from tests.worklist.conftest import Unit_
from yhteispolku.accounts.models import User
from yhteispolku.web.context_processors import inbox
from yhteispolku.worklist import selectors
from yhteispolku.worklist.selectors import inbox_count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached() -> Iterator[None]:
    cache.clear()
    with override_settings(INBOX_COUNT_CACHE_SECONDS=60):
        yield
    cache.clear()


def _overdue(tym: Unit_, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        relationship = tym.case(first_names=f"Asiakas{index}")
        tym.plan(relationship, made_on=today - timedelta(days=80), next_review_on=today - timedelta(days=1))


def _header(user: User, path: str = "/saannot/", with_message: bool = False) -> tuple[int, int]:
    """The header's number on a page at `path`, and the queries it took."""
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    if with_message:
        request.session = {}  # type: ignore[assignment]
        storage = FallbackStorage(request)
        storage.add(20, "Tallennettu.")
        request._messages = storage  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as captured:
        number = int(inbox(request)["inbox_count"])  # type: ignore[call-overload]
    return number, len(captured)


def test_the_count_is_read_from_the_cache_without_a_query_until_it_is_a_minute_old(tym: Unit_) -> None:
    _overdue(tym, 3)
    first, counted = _header(tym.employment_expert)
    assert first == 3
    assert counted > 10  # one per registered due-item source: the cost the cache saves
    again, queries = _header(tym.employment_expert)
    assert (again, queries) == (3, 0)
    # Another professional has their own count.
    assert _header(tym.social_worker)[0] == 3
    assert _header(tym.coordinator)[1] > 0
    # The cached number stays until it expires (a colleague's change shows within the minute) ...
    _overdue(tym, 2)
    assert _header(tym.employment_expert) == (3, 0)
    # ... and is per day: a new day counts again.
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert inbox_count(actor=tym.employment_expert, today=tomorrow) == 5


def test_the_front_page_and_the_page_after_an_action_count_afresh(
    tym: Unit_, verified_client: Callable[[User], HttpClient]
) -> None:
    _overdue(tym, 1)
    assert _header(tym.employment_expert)[0] == 1
    _overdue(tym, 1)
    assert _header(tym.employment_expert)[0] == 1  # cached
    _overdue(tym, 1)
    assert verified_client(tym.employment_expert).get(reverse("web:home")).context["inbox_count"] == 3
    assert _header(tym.employment_expert) == (3, 0)
    _overdue(tym, 1)
    assert _header(tym.employment_expert, with_message=True)[0] == 4
    # The fresh count is what the next page reads from the cache.
    assert _header(tym.employment_expert) == (4, 0)


def test_a_page_reads_the_cached_count(tym: Unit_, verified_client: Callable[[User], HttpClient]) -> None:
    _overdue(tym, 2)
    http = verified_client(tym.employment_expert)
    http.get(reverse("web:home"))  # counts and keeps the number
    with CaptureQueriesContext(connection) as cached_page:
        response = http.get(reverse("clients:register"))
    assert response.context["inbox_count"] == 2
    with override_settings(INBOX_COUNT_CACHE_SECONDS=0), CaptureQueriesContext(connection) as uncached_page:
        response = http.get(reverse("clients:register"))
    assert response.context["inbox_count"] == 2
    assert len(uncached_page) - len(cached_page) >= 20


def test_the_worklist_page_leaves_the_count_of_the_list_it_shows(
    tym: Unit_, verified_client: Callable[[User], HttpClient]
) -> None:
    _overdue(tym, 1)
    assert _header(tym.employment_expert)[0] == 1
    _overdue(tym, 1)
    http = verified_client(tym.employment_expert)
    http.get(reverse("clients:register"))  # the session's first request also rewrites it
    # The first audit write of a chain creates its head, once (tests/audit): measured after it, count afresh.
    http.get(reverse("worklist:worklist"))
    cache.clear()
    with CaptureQueriesContext(connection) as worklist_page:
        response = http.get(reverse("worklist:worklist"))
    assert response.context["inbox_count"] == 2
    assert _header(tym.employment_expert) == (2, 0)
    # The list and its header were counted once, with the cache or without it.
    with override_settings(INBOX_COUNT_CACHE_SECONDS=0), CaptureQueriesContext(connection) as uncached:
        assert http.get(reverse("worklist:worklist")).context["inbox_count"] == 2
    assert len(uncached) == len(worklist_page)
    # The coordinator's unit view is what their header counts too.
    coordinator = verified_client(tym.coordinator)
    unit = coordinator.get(reverse("worklist:worklist")).context["inbox_count"]
    assert _header(tym.coordinator) == (unit, 0)
    # Another professional's list, seen by the coordinator, is not the coordinator's count.
    other = coordinator.get(reverse("worklist:worklist"), {"kayttaja": tym.social_worker.username})
    assert other.status_code == 200
    assert _header(tym.coordinator) == (unit, 0)


@pytest.mark.parametrize("cache_seconds", [0, 60])
def test_the_front_page_collects_the_list_once_for_itself_and_its_header(
    tym: Unit_, verified_client: Callable[[User], HttpClient], cache_seconds: int
) -> None:
    _overdue(tym, 2)
    http = verified_client(tym.employment_expert)
    http.get(reverse("clients:register"))  # the session's first request also rewrites it
    calls: list[object] = []
    original = selectors.collect

    def counting(**kwargs: object) -> object:
        calls.append(kwargs)
        return original(**kwargs)  # type: ignore[arg-type]

    with (
        override_settings(INBOX_COUNT_CACHE_SECONDS=cache_seconds),
        mock.patch.object(selectors, "collect", counting),
    ):
        cache.clear()
        response = http.get(reverse("web:home"))
    assert response.context["inbox_count"] == 2
    assert calls == []  # the header read the front page's count; it did not collect the list again
