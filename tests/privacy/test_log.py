"""The client's log on the desk: filtered by period, professional, organisation and action, paged, with the
count of each choice; a constant number of queries however long the log; bad filters named on the form."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.privacy.conftest import read, record
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.privacy import selectors
from yhteispolku.privacy.models import AccessLogRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_request(officer: User, maija: Client, expert: User, social_worker: User) -> AccessLogRequest:
    read(expert, maija, times=3)
    read(expert, maija, times=1, category="employment", action="update")
    read(social_worker, maija, times=2, category="social")
    return record(officer, maija)


def test_the_page_lists_the_log_with_the_count_of_each_choice_and_is_audited(
    officer: User, log_request: AccessLogRequest, expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    response = verified_client(officer).get(reverse("privacy:request", kwargs={"pk": log_request.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tiina Työnen (4)" in page
    assert "Sanna Sosiaali (2)" in page
    assert "Satakunnan työllisyysalue (4)" in page
    assert "muutos (1)" in page
    assert AccessEvent.objects.filter(
        actor=officer,
        category="log",
        action="view",
        allowed=True,
        object_id=f"request:{log_request.reference}",
    ).exists()


def test_filters_by_professional_organisation_and_action(
    officer: User, log_request: AccessLogRequest, expert: User, social_worker: User
) -> None:
    def total(**filters: object) -> int:
        return selectors.log_page(
            actor=officer,
            log_request=log_request,
            filters=selectors.LogFilters(**filters),  # type: ignore[arg-type]
        ).total

    assert total(actor_id=expert.pk) == 4
    assert total(actor_id=social_worker.pk) == 2
    assert total(organisation="Satakunnan työllisyysalue") == 4
    assert total(action="update") == 1
    assert total(actor_id=expert.pk, action="view") == 3
    # Counts of one filter's choices follow the other filters: the expert's actions only.
    page = selectors.log_page(
        actor=officer, log_request=log_request, filters=selectors.LogFilters(actor_id=expert.pk)
    )
    assert {value: count for value, _label, count in page.actions}["update"] == 1
    # The officer's own readings of the log are in it too (recording the request, each page read).
    assert [(name, count) for _id, name, count in page.professionals][:2] == [
        ("Sanna Sosiaali", 2),
        ("Tiina Työnen", 4),
    ]
    assert page.professionals[2][1] == "Tuomas Aalto"


def test_the_period_filter_and_its_errors(
    officer: User, log_request: AccessLogRequest, verified_client: Callable[[User], HttpClient]
) -> None:
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    assert (
        selectors.log_page(
            actor=officer,
            log_request=log_request,
            filters=selectors.LogFilters(since=yesterday, until=yesterday),
        ).total
        == 0
    )
    http = verified_client(officer)
    url = reverse("privacy:request", kwargs={"pk": log_request.pk})
    backwards = http.get(url, {"since": today.isoformat(), "until": yesterday.isoformat()})
    future = http.get(url, {"since": (today + timedelta(days=40)).isoformat()})
    unknown = http.get(url, {"organisation": "Tuntematon Oy"})
    assert backwards.status_code == 400
    assert "Jakson loppu ei voi olla ennen sen alkua." in backwards.content.decode()
    assert future.status_code == 400
    assert "Jakso ei voi alkaa tulevaisuudessa." in future.content.decode()
    assert unknown.status_code == 400
    assert "Tätä organisaatiota ei löydy asiakkaan lokista" in unknown.content.decode()


def test_the_log_is_paged_with_a_constant_number_of_queries(
    officer: User,
    maija: Client,
    expert: User,
    social_worker: User,
    verified_client: Callable[[User], HttpClient],
) -> None:
    log_request = record(officer, maija)
    http = verified_client(officer)
    url = reverse("privacy:request", kwargs={"pk": log_request.pk})
    read(expert, maija, times=10)
    http.get(url)
    with CaptureQueriesContext(connection) as small:
        first = http.get(url, {"actor": str(expert.pk)})
    read(expert, maija, times=110)
    read(social_worker, maija, times=20)
    with CaptureQueriesContext(connection) as large:
        third = http.get(url, {"actor": str(expert.pk), "sivu": "3"})
    assert first.status_code == third.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    page = third.content.decode()
    assert "Sivu 3 / 3" in page
    assert "120 lokimerkintää" in page
    assert "Tiina Työnen (120)" in page
    assert f"actor={expert.pk}&amp;sivu=2" in page
