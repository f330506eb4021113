"""The list pages issue 14 added read in a constant number of queries however many rows they show: the
youth one-stop desk (contacts with their entries), the client's network and her benefit periods. Measured
on the demo, then again after adding eight more rows to each list."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.clients import services as client_services
from yhteispolku.clients.models import Benefit, Client
from yhteispolku.collaboration import network
from yhteispolku.paths import youth
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db

MORE = 8


def _queries(browser: HttpClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_issue_14_lists_take_a_constant_number_of_queries(
    verified_client: Callable[[User], HttpClient],
) -> None:
    today = timezone.localdate()
    clients = load_demo(today=today)
    counsellor = User.objects.get(username="ohjaamo-ohjaaja")
    expert = User.objects.get(username="tyollisyysasiantuntija")
    kela = User.objects.get(username="kela-tyokykyneuvoja")
    maija: Client = clients["maija"]
    sofia: Client = clients["sofia"]
    pages = {
        "youth desk": (counsellor, "/polut/ohjaamo/"),
        "network": (expert, f"/asiakkaat/{maija.code}/verkosto/"),
        "benefits": (kela, f"/asiakkaat/{sofia.code}/etuudet/"),
    }
    browsers = {name: verified_client(user) for name, (user, _url) in pages.items()}
    for name, (_user, url) in pages.items():  # warm the caches a first request fills (session, rules)
        _queries(browsers[name], url)
    before = {name: _queries(browsers[name], url) for name, (_user, url) in pages.items()}

    for number in range(MORE):
        contact = youth.youth_contact_create(
            actor=counsellor,
            first_name=f"Nuori{number}",
            age=17 + number,
            municipality="609",
            on=today - timedelta(days=number),
            channel="nopsa",
            topic="Opiskelupaikat",
        )
        youth.youth_contact_entry_add(
            actor=counsellor, contact=contact, on=today, channel="chat", topic="Kesätyöhaku"
        )
        network.contact_add(
            actor=expert,
            client_code=maija.code,
            data={
                "kind": "family",
                "name": f"Sukulainen {number}",
                "organisation": "",
                "phone": "040 000 0000",
                "email": "",
                "purpose": "Tapaamisaikojen muutokset.",
                "consent_given_on": today,
                "consent_how": "oral",
            },
        )
        client_services.benefit_period_record(
            actor=kela,
            client=sofia,
            benefit=Benefit.LABOUR_MARKET_SUBSIDY,
            starts_on=date(2020, 1, 1) + timedelta(days=40 * number),
            ends_on=date(2020, 1, 1) + timedelta(days=40 * number + 30),
            source="kela_decision",
        )
    after = {name: _queries(browsers[name], url) for name, (_user, url) in pages.items()}
    assert after == before
