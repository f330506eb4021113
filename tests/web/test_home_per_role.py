"""The front page per demo role: what waits (counts by kind, overdue first), recent clients, search; the
unit's queue for the coordinator and the manager; a plain page of what they can use for the rest. Every
link the front page's content offers answers 200 or 302 to that user: never a dead end."""

import re
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.conftest import new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import Phase, Referral
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import PROFESSIONALS

pytestmark = pytest.mark.django_db

MAIN = re.compile(r'<main id="main".*?</main>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def main_content(html: str) -> str:
    match = MAIN.search(html)
    assert match is not None
    return match.group(0)


def links(html: str) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href in HREF.findall(main_content(html))
        if href.startswith("/") and not href.startswith("/static/")
    ]


@pytest.fixture
def demo(verified_client: Callable[[User], HttpClient]) -> Callable[[str], HttpClient]:
    call_command("demo")

    def sign_in(username: str) -> HttpClient:
        return verified_client(User.objects.get(username=username))

    return sign_in


def test_no_link_on_any_roles_front_page_is_refused(demo: Callable[[str], HttpClient]) -> None:
    checked = 0
    for person in PROFESSIONALS:
        http = demo(person.username)
        page = http.get(reverse("web:home"))
        assert page.status_code == 200, person.username
        for href in links(page.content.decode()):
            status = http.get(href).status_code
            assert status in (200, 302), (person.username, href, status)
            checked += 1
    assert checked > len(PROFESSIONALS)


def test_the_social_worker_sees_what_waits_overdue_first_and_her_recent_clients(
    demo: Callable[[str], HttpClient],
) -> None:
    http = demo("sosiaalityontekija")
    maija = Client.objects.get(first_names="Maija")
    http.get(reverse("clients:detail", args=[maija.code]))
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first()
    html = main_content(http.get(reverse("web:home")).content.decode())
    assert "Odottaa sinua tänään" in html
    assert "Suunnitelman arviointeja" in html or "Muita määräaikoja" in html
    groups = [group for group in ("Myöhässä", "Tällä viikolla", "Seuraavat 30 päivää") if group in html]
    assert groups == sorted(groups, key=html.index)  # overdue first
    assert reverse("worklist:worklist") in html
    assert 'action="/asiakkaat/"' in html  # the search
    recent = html[html.index("Viimeksi käsitellyt asiakkaat") :]
    assert recent.index("Maija Meikäläinen") < recent.index("</ul>")
    # Each name shown is logged, in one entry per client.
    logged = AccessEvent.objects.filter(id__gt=before, object_type="web.recentclients")
    assert str(maija.code) in {str(code) for code in logged.values_list("client_code", flat=True)}
    assert logged.count() == len(set(logged.values_list("client_code", flat=True)))


def test_the_coordinator_sees_the_units_queue(demo: Callable[[str], HttpClient]) -> None:
    html = main_content(demo("tym-koordinaattori").get(reverse("web:home")).content.decode())
    assert "Yksikön jono" in html
    assert "1 lähete odottaa päätöstä" in html
    # The unit's one referral waiting (Aino's) opens on its decision: the coordinator may decide it.
    aino = Referral.objects.get(status=Referral.Status.PENDING).relationship
    assert reverse("cases:referral_decide", kwargs={"code": aino.client.code}) in html
    assert reverse("cases:referrals") not in html
    manager = main_content(demo("esihenkilo").get(reverse("web:home")).content.decode())
    assert "Yksikön jono" in manager


def test_several_referrals_waiting_open_the_units_list(demo: Callable[[str], HttpClient]) -> None:
    aino = Referral.objects.get(status=Referral.Status.PENDING)
    assert aino.relationship.responsible_unit is not None
    other = open_relationship(
        new_client(aino.from_organisation, first_names="Olli", last_name="Odottava"),
        aino.relationship.responsible_unit,
        phase=Phase.REFERRAL,
    )
    Referral.objects.create(
        relationship=other, from_organisation=aino.from_organisation, referred_by=aino.referred_by
    )
    html = main_content(demo("tym-koordinaattori").get(reverse("web:home")).content.decode())
    assert "2 lähetettä odottaa päätöstä" in html
    assert reverse("cases:referrals") in html
    assert "/lahete/paatos/" not in html


@pytest.mark.parametrize(
    ("username", "says", "admin"),
    [
        ("johtoryhma", "Tilannekuva", False),
        ("tietosuojavastaava", "Tietosuojan työpöytä", False),
        ("paakayttaja", "Sinulla ei ole asiakastyön roolia", True),
        ("palveluntuottaja", "Palveluntuottajana", False),
    ],
)
def test_roles_without_client_work_get_what_they_can_use(
    demo: Callable[[str], HttpClient], username: str, says: str, admin: bool
) -> None:
    html = main_content(demo(username).get(reverse("web:home")).content.decode())
    assert says in html
    assert "Hae asiakasta" not in html
    assert f'href="{reverse("clients:list")}"' not in html
    assert reverse("rules:list") in html
    assert (reverse("admin:index") in html) is admin


def test_the_front_page_costs_the_same_queries_whatever_the_history(
    demo: Callable[[str], HttpClient],
) -> None:
    http = demo("sosiaalityontekija")
    http.get(reverse("web:home"))
    with CaptureQueriesContext(connection) as first:
        http.get(reverse("web:home"))
    for client in Client.objects.all():
        http.get(reverse("clients:detail", args=[client.code]))
    with CaptureQueriesContext(connection) as second:
        http.get(reverse("web:home"))
    assert len(second) == len(first)
