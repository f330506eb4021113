"""The caseload list (`/asiakkaat/`): each client the professional works with, their track, phase, worker
pair and next due date (the worklist's own items and view of them), sorted, filtered and paged by GET
parameters, in a constant number of queries; never a client the policy would not open."""

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team
from tests.worklist.conftest import Unit_
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.clients.models import Client

pytestmark = pytest.mark.django_db

LIST = reverse("clients:list")


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _page(http: HttpClient, **params: str) -> str:
    response = http.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def _names(html: str) -> list[str]:
    """The clients' names in the list's order."""
    return re.findall(r'<th scope="row"><a href="/asiakkaat/[^"]+/">([^<]+)</a>', html)


def _overdue_review(tym: Unit_, first_names: str, days: int, today: date) -> ClientRelationship:
    relationship = tym.case(first_names=first_names)
    tym.plan(relationship, made_on=today - timedelta(days=80), next_review_on=today + timedelta(days=days))
    return relationship


def test_a_row_shows_the_track_phase_worker_pair_and_next_due_date(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = _overdue_review(tym, "Maija", -3, today)
    html = _page(verified_client(tym.employment_expert))
    row = html[html.index(maija.client.full_name) :].split("</tr>")[0]
    assert f'href="{reverse("clients:detail", kwargs={"code": maija.client.code})}"' in html
    assert f'href="{reverse("cases:detail", kwargs={"code": maija.client.code})}"' in row
    assert "TYM-yhteispalvelu" in row
    assert "TYM-työskentely" in row
    assert tym.employment_expert.get_full_name() in row
    assert tym.social_worker.get_full_name() in row
    assert (today - timedelta(days=3)).strftime("%-d.%-m.%Y") in row
    assert "Myöhässä" in row


def _kuty(tym: Unit_, client: Client, phase: str = Phase.WORK) -> ClientRelationship:
    relationship = ClientRelationship.objects.create(
        client=client,
        track=Track.KUTY,
        responsible_organisation=tym.organisation,
        responsible_unit=tym.unit,
        phase=phase,
        started_on=date(2026, 6, 1),
    )
    join_team(relationship, tym.employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    return relationship


def test_each_track_speaks_its_own_words_and_links_its_own_page(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = _overdue_review(tym, "Maija", 10, today)
    kuty = _kuty(tym, maija.client)
    html = _page(verified_client(tym.employment_expert))
    row = html[html.index(maija.client.full_name) :].split("</tr>")[0]
    assert "Kuntouttava työtoiminta käynnissä" in row
    assert f'href="{reverse("paths:detail", kwargs={"relationship_code": kuty.code})}"' in row
    # One row per client, whatever the number of tracks.
    assert _names(html) == [maija.client.full_name]
    assert "Myöhässä" not in row


def test_sorted_by_name_next_due_phase_and_track(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    aaro = _overdue_review(tym, "Aaro", 20, today)
    bertta = _overdue_review(tym, "Bertta", -5, today)
    cecilia = tym.case(first_names="Cecilia", phase=Phase.MAPPING, started_on=today - timedelta(days=10))
    _kuty(tym, cecilia.client, Phase.MAPPING)
    names = [r.client.full_name for r in (aaro, bertta, cecilia)]
    http = verified_client(tym.employment_expert)
    assert _names(_page(http)) == names
    assert _names(_page(http, jarjestys="nimi")) == names
    by_due = _names(_page(http, jarjestys="maaraaika"))
    assert by_due[:2] == [names[1], names[0]]  # overdue first; Cecilia's mapping target in ~3 months last
    assert _names(_page(http, jarjestys="vaihe")) == [names[2], names[0], names[1]]  # mapping before work
    # An unknown sort is the default.
    assert _names(_page(http, jarjestys="pituus")) == names


def test_filtered_by_track_phase_and_overdue(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    aaro = _overdue_review(tym, "Aaro", 20, today)
    bertta = _overdue_review(tym, "Bertta", -5, today)
    cecilia = tym.case(first_names="Cecilia", phase=Phase.MAPPING, started_on=today - timedelta(days=10))
    _kuty(tym, cecilia.client, Phase.WORK)
    http = verified_client(tym.employment_expert)
    assert _names(_page(http, myohassa="1")) == [bertta.client.full_name]
    assert _names(_page(http, polku=Track.KUTY)) == [cecilia.client.full_name]
    assert _names(_page(http, vaihe=Phase.WORK)) == [r.client.full_name for r in (aaro, bertta, cecilia)]
    # Track and phase together: the same relationship matches both.
    assert _names(_page(http, polku=Track.KUTY, vaihe=Phase.MAPPING)) == []
    assert _names(_page(http, polku=Track.TYM, vaihe=Phase.MAPPING)) == [cecilia.client.full_name]
    html = _page(http, polku=Track.KUTY)
    assert '<option value="kuty" selected>Kuntouttava työtoiminta</option>' in html
    assert "Poista rajaukset" in html
    # The phase filter names each phase in the words of the tracks present.
    assert "Kuntouttava työtoiminta käynnissä / TYM-työskentely" in html
    # A track no client is on (a stale link) is no filter.
    assert len(_names(_page(http, polku="olematon"))) == 3


def test_paged_with_the_sort_and_filters_kept_in_the_links(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    for index in range(55):
        _overdue_review(tym, f"Asiakas{index:02d}", -1 - index, today)
    http = verified_client(tym.employment_expert)
    first = _page(http, jarjestys="maaraaika", myohassa="1")
    assert len(_names(first)) == 50
    assert "Sivu 1 / 2" in first
    assert 'href="?jarjestys=maaraaika&amp;myohassa=1&amp;sivu=2"' in first
    second = _page(http, jarjestys="maaraaika", myohassa="1", sivu="2")
    assert len(_names(second)) == 5
    assert _names(second)[-1] == "Asiakas00 Meikäläinen"  # the latest due date last
    assert 'href="?jarjestys=maaraaika&amp;myohassa=1&amp;sivu=1"' in second


def _counted(http: HttpClient) -> tuple[int, int]:
    http.get(LIST)  # the first request of a session also rewrites it
    before = AccessEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        assert http.get(LIST).status_code == 200
    return len(captured), AccessEvent.objects.count() - before


def test_the_same_number_of_queries_for_10_and_60_clients(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient], make_professional
) -> None:
    other = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    for index in range(10):
        _overdue_review(tym, f"Pieni{index}", index - 5, today)
    for index in range(60):
        relationship = tym.case(first_names=f"Suuri{index}", team=(other, tym.social_worker))
        tym.plan(
            relationship, made_on=today - timedelta(days=80), next_review_on=today + timedelta(days=index - 5)
        )
    small_queries, small_entries = _counted(verified_client(tym.employment_expert))
    large_queries, large_entries = _counted(verified_client(other))
    assert small_queries == large_queries
    assert (small_entries, large_entries) == (10, 50)  # one audit entry per client shown, in one write
    # The social worker sees all 70 in the same number of queries too.
    assert _counted(verified_client(tym.social_worker))[0] == small_queries


def test_one_audit_write_per_request_names_each_client_shown(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = _overdue_review(tym, "Maija", 3, today)
    http = verified_client(tym.employment_expert)
    before = AccessEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        _page(http)
    inserts = [
        q
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("INSERT") and "audit_accessevent" in q["sql"].lower()
    ]
    assert len(inserts) == 1
    event = AccessEvent.objects.order_by("-pk").first()
    assert AccessEvent.objects.count() == before + 1
    assert event is not None
    assert (str(event.client_code), event.category, event.action) == (str(maija.client.code), "plan", "view")


def test_a_professional_never_sees_another_teams_client_and_a_coordinator_sees_the_units(
    tym: Unit_, today: date, verified_client: Callable[[User], HttpClient]
) -> None:
    ours = _overdue_review(tym, "Oma", 3, today)
    theirs = tym.case(first_names="Vieras", team=(tym.other_expert,))
    referral = tym.referral(first_names="Aino")
    expert = _page(verified_client(tym.employment_expert))
    assert ours.client.full_name in expert
    assert theirs.client.full_name not in expert
    # The intake unit's professional sees the referral waiting for the unit, not who is on a team.
    intake = _page(verified_client(tym.intake_expert))
    assert _names(intake) == [referral.client.full_name]
    row = intake[intake.index(referral.client.full_name) :].split("</tr>")[0]
    assert "Lähete vastaanotettavana" in row
    assert f'href="{reverse("cases:detail", kwargs={"code": referral.client.code})}"' in row
    assert _names(_page(verified_client(tym.other_expert))) == [theirs.client.full_name]
    assert _names(_page(verified_client(tym.outsider))) == []
    # The coordinator: the unit's clients, and the worker pair, by default; their own on request.
    coordinator = verified_client(tym.coordinator)
    unit = _page(coordinator)
    assert "Yksikön asiakkaat" in unit
    assert {ours.client.full_name, theirs.client.full_name, referral.client.full_name} <= set(_names(unit))
    assert tym.employment_expert.get_full_name() in unit
    assert _names(_page(coordinator, nakyma="omat")) == []
    join_team(ours, tym.coordinator)
    assert _names(_page(coordinator, nakyma="omat")) == [ours.client.full_name]
    # Every client listed opens.
    for http, html in ((verified_client(tym.employment_expert), expert), (coordinator, unit)):
        for link in re.findall(r'href="(/(?:asiakkaat|asiakkuudet|polut)/[0-9a-f-]{36}/)"', html):
            assert http.get(link).status_code == 200, link


def test_search_finds_the_client_of_a_closed_relationship_one_was_on_the_team_of(
    tym: Unit_, verified_client: Callable[[User], HttpClient]
) -> None:
    closed = tym.case(first_names="Päättynyt", phase=Phase.CLOSED, team=())
    ClientRelationship.objects.filter(pk=closed.pk).update(ended_on=date(2026, 10, 1))
    join_team(closed, tym.employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    left_early = join_team(closed, tym.other_expert)
    type(left_early).objects.filter(pk=left_early.pk).update(left_on=date(2026, 9, 1))
    name = closed.client.full_name
    expert = verified_client(tym.employment_expert)
    # Not in the caseload (no open relationship) ...
    assert name not in _names(_page(expert))
    # ... but found by name and by identity code, and the client page opens, read-only.
    found = _page(expert, q="Päättynyt")
    assert name in found
    assert name in _page(expert, q=closed.client.identity_code or "")
    assert expert.get(reverse("clients:detail", kwargs={"code": closed.client.code})).status_code == 200
    # Who had left before it ended, the unit's coordinator and an outsider find nothing.
    for user in (tym.other_expert, tym.coordinator, tym.outsider):
        assert name not in _page(verified_client(user), q="Päättynyt")
