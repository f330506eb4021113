"""The case overview (issue #11): the case page's header lists what is due, overdue first, from the same
code as the worklist (`rules.deadlines.due_items` and `visible_to`), so the two cannot disagree; the
coordinator sees the deadlines but no journal or plan text; the page's queries do not grow with the
number of due items; the front page links a recent client's case where the user may open it.

The demo is one timeline relative to the load day (web/demo_data.py): Maija's plan review (R-TYM-2,
three months from the plan's coming into force at T-100) and her school certificate (due T-3) are overdue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.cases.selectors import case_get
from yhteispolku.clients.models import Client, JournalEntry
from yhteispolku.collaboration.models import ClientTodo, TodoKind, TodoStatus
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans.models import PlanVersion, VersionStatus
from yhteispolku.rules.deadlines import DueItem, visible_to
from yhteispolku.web.demo_data import load_demo
from yhteispolku.worklist.selectors import collect

pytestmark = pytest.mark.django_db
Http = Callable[[User], HttpClient]


@pytest.fixture
def maija(clock: time_machine.Traveller) -> Client:
    return load_demo()["maija"]


def tym(client: Client) -> ClientRelationship:
    return ClientRelationship.objects.get(client=client, track=Track.TYM)


def case_html(http: HttpClient, client: Client) -> str:
    response = http.get(reverse("cases:detail", kwargs={"code": client.code}))
    assert response.status_code == 200
    return response.content.decode()


def waiting_region(html: str) -> str:
    start = html.index('id="waiting-heading"')
    return html[start : html.index("</section>", start)]


def case_nav(html: str) -> str:
    start = html.index('id="case-nav-heading"')
    return html[start : html.index("</nav>", start)]


def worklist_items(user: User, relationship: ClientRelationship, today: date) -> list[DueItem]:
    worklist, _relations, _shown = collect(actor=user, today=today)
    return [item for item in worklist.items if item.relationship_id == relationship.pk]


def test_maijas_case_page_shows_her_overdue_plan_review_and_to_do(
    maija: Client, verified_client: Http
) -> None:
    expert = User.objects.get(username="tyollisyysasiantuntija")
    today = timezone.localdate()
    review_on = PlanVersion.objects.get(
        plan__relationship__client=maija, status=VersionStatus.IN_FORCE
    ).next_review_on
    todo = ClientTodo.objects.get(relationship=tym(maija), status=TodoStatus.OPEN, due_on__lt=today)
    assert review_on is not None
    assert review_on < today

    waiting = waiting_region(case_html(verified_client(expert), maija))

    assert "Ei odottavia asioita" not in waiting
    rows = re.findall(r"<li>(.*?)</li>", waiting, flags=re.S)
    overdue = [row for row in rows if "Myöhässä" in row]
    assert len(overdue) == 2
    # Overdue first, each with its tag and due date; the link is the worklist's.
    assert rows[:2] == overdue
    assert f"{review_on:%-d.%-m.%Y}" in overdue[0]
    assert "Suunnitelman arviointi (versio 1)" in overdue[0]
    assert "R-TYM-2 v2025.1" in overdue[0]
    assert (
        f'href="{reverse("plans:version", kwargs={"relationship_code": tym(maija).code, "number": 1})}"'
        in (overdue[0])
    )
    assert f"{todo.due_on:%-d.%-m.%Y}" in overdue[1]
    assert "Asiakas toimittaa" in overdue[1]


@pytest.mark.parametrize("username", ["tyollisyysasiantuntija", "sosiaalityontekija", "tym-koordinaattori"])
def test_the_case_page_lists_the_worklists_items_of_the_relationship(maija: Client, username: str) -> None:
    user = User.objects.get(username=username)
    today = timezone.localdate()

    view = case_get(actor=user, code=maija.code, today=today)

    # The coordinator's worklist sends each item's link to this page (`_overview_urls`): compare the rest.
    expected = [replace(item, url="") for item in worklist_items(user, tym(maija), today)]
    shown = [replace(due.item, url="") for due in view.due]
    assert expected, "the demo gives every one of them something due on Maija's case"
    assert sorted(shown, key=repr) == sorted(expected, key=repr)
    assert [item for item, due in zip(shown, view.due, strict=True) if due.overdue] == [
        item for item in expected if item.due_on < today
    ]


def test_an_item_named_to_another_professional_is_on_neither_list(maija: Client) -> None:
    """The consultation follow-up named to the social worker: hers on both pages, not the expert's."""
    expert = User.objects.get(username="tyollisyysasiantuntija")
    social_worker = User.objects.get(username="sosiaalityontekija")
    today = timezone.localdate()
    hers = [due.item for due in case_get(actor=social_worker, code=maija.code, today=today).due]
    named = [item for item in hers if item.owner_id == social_worker.pk]
    assert named
    expert_items = [due.item for due in case_get(actor=expert, code=maija.code, today=today).due]
    assert not set(named) & set(expert_items)
    assert all(not visible_to(item, expert) for item in named)
    assert all(visible_to(item, None) for item in named)  # the unit's view counts everyone's


def test_the_coordinator_sees_the_deadlines_but_no_journal_or_plan_text(
    maija: Client, verified_client: Http
) -> None:
    coordinator = User.objects.get(username="tym-koordinaattori")
    html = case_html(verified_client(coordinator), maija)
    waiting = waiting_region(html)

    assert "Suunnitelman arviointi (versio 1)" in waiting
    assert waiting.count("Myöhässä") == 2
    # No links to the items' own pages: they hold the joint work's text (SPEC §5.1).
    assert "href" not in waiting
    assert "/verkostotyo/" not in html
    for entry in JournalEntry.objects.filter(client=maija):
        assert entry.text[:40] not in html
    for todo in ClientTodo.objects.filter(relationship=tym(maija)):
        assert todo.description not in html
    version = PlanVersion.objects.get(plan__relationship__client=maija, status=VersionStatus.IN_FORCE)
    assert version.goals[:40] not in html
    assert "Esitietolomakkeet" not in html
    assert "Kirjaukset:" not in html
    # Phase, team and the parts the policy lets them open are there; the plan's own page (its text) is
    # not offered (issue 16, finding 1).
    nav = case_nav(html)
    assert reverse("plans:detail", kwargs={"relationship_code": tym(maija).code}) not in nav
    assert "Anna Virtanen" in html


def test_the_case_navigation_offers_each_part_the_expert_may_open(
    maija: Client, verified_client: Http
) -> None:
    expert = User.objects.get(username="tyollisyysasiantuntija")
    http = verified_client(expert)
    html = case_html(http, maija)
    nav = case_nav(html)
    relationship = tym(maija)
    expected = [
        reverse("plans:detail", kwargs={"relationship_code": relationship.code}),
        reverse("assessments:mapping", kwargs={"relationship_code": relationship.code}),
        reverse("collaboration:overview", kwargs={"relationship_code": relationship.code}),
        reverse("documents:list", kwargs={"code": maija.code}),
        reverse("applications:list", kwargs={"code": maija.code}),
        reverse("clients:category", kwargs={"code": maija.code, "category": "employment"}),
        reverse("clients:category", kwargs={"code": maija.code, "category": "plan"}),
    ]
    for url in expected:
        assert f'href="{url}"' in nav
        assert http.get(url).status_code == 200, url
    assert 'href="#team-heading"' in nav
    assert 'id="team-heading"' in html
    assert 'href="#history"' in nav
    assert 'id="history"' in html
    # Worker pair in the header, with organisations.
    assert re.search(r"Työpari</dt>\s*<dd>Anna Virtanen \(Satakunnan työllisyysalue\), Sanna Koskinen", html)


def test_the_case_page_queries_do_not_grow_with_the_due_items(maija: Client, verified_client: Http) -> None:
    expert = User.objects.get(username="tyollisyysasiantuntija")
    http = verified_client(expert)
    relationship = tym(maija)
    case_html(http, maija)  # the session and the first-request caches
    with CaptureQueriesContext(connection) as first:
        case_html(http, maija)
    before = len(case_get(actor=expert, code=maija.code).due)
    kela = Organisation.objects.get(slug="kela")
    for days in range(1, 8):
        ClientTodo.objects.create(
            relationship=relationship,
            kind=TodoKind.OTHER,
            description=f"Lisäselvitys {days}",
            deliver_to=kela,
            due_on=timezone.localdate() + timedelta(days=days - 3),
            recorded_by=expert,
        )
    with CaptureQueriesContext(connection) as second:
        html = case_html(http, maija)
    assert len(case_get(actor=expert, code=maija.code).due) == before + 7
    assert html.count("Myöhässä") >= 4
    assert len(second) == len(first), [q["sql"] for q in second.captured_queries]


def test_the_front_page_links_a_recent_client_to_their_case(maija: Client, verified_client: Http) -> None:
    expert = User.objects.get(username="tyollisyysasiantuntija")
    http = verified_client(expert)
    http.get(reverse("clients:detail", kwargs={"code": maija.code}))
    html = http.get(reverse("web:home")).content.decode()
    recent = html[html.index("Viimeksi käsitellyt asiakkaat") :]
    case_url = reverse("cases:detail", kwargs={"code": maija.code})
    assert f'<a href="{case_url}">Maija Meikäläinen</a>' in recent
    assert http.get(case_url).status_code == 200


def test_a_referral_waiting_for_its_decision_is_shown_open_and_later_folded(
    maija: Client, verified_client: Http
) -> None:
    coordinator = verified_client(User.objects.get(username="tym-koordinaattori"))
    aino = Client.objects.get(first_names="Aino")
    waiting = case_html(coordinator, aino)
    assert '<section class="card" aria-labelledby="referral-heading">' in waiting
    assert 'id="referral"' not in waiting
    accepted = case_html(coordinator, maija)
    assert '<details class="card card--details" id="referral">' in accepted
