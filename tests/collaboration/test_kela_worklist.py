"""A request sent to Kela on the worklist (issue #11): Kela's professionals on the team see it, dated the
day it was sent, linked to the answer form they may open; it leaves once answered, and the sender gets a
notice of the answer."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from tests.access.conftest import join_team, new_client, open_relationship
from tests.collaboration.conftest import Network
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import Phase
from yhteispolku.collaboration import deadlines, services
from yhteispolku.collaboration.models import KelaRequest
from yhteispolku.organisations.models import Unit
from yhteispolku.rules.deadlines import DueItem, Group, sources
from yhteispolku.worklist.selectors import collect

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], HttpClient]


def send(network: Network, relationship: object = None, days_ago: int = 2) -> KelaRequest:
    return services.kela_request_send(
        actor=network.social_worker,
        relationship=relationship or network.relationship,  # type: ignore[arg-type]
        kind="benefit_mapping",
        question="Pyydämme kartoittamaan Maijan etuustiedot.",
        sent_on=network.today - timedelta(days=days_ago),
    )


def answer(network: Network, kela_request: KelaRequest) -> None:
    services.kela_request_answer(
        actor=network.kela_advisor,
        kela_request=kela_request,
        answered_on=network.today,
        answer="Työmarkkinatuki; ei vireillä olevia hakemuksia.",
        expected_revision=kela_request.revision,
    )


def kela_items(user: User, network: Network, kind: str = "kela_request") -> list[DueItem]:
    worklist, _relations, _shown = collect(actor=user, today=network.today)
    return [item for group in worklist.groups.values() for item in group if item.kind == kind]


def test_the_sources_are_registered() -> None:
    assert {deadlines.kela_request_items, deadlines.kela_answer_notices} <= set(sources())


def test_an_open_request_is_on_kelas_worklists_dated_the_day_it_was_sent(network: Network) -> None:
    kela_request = send(network)
    for kela_user in (network.kela_advisor, network.kela_expert):
        (item,) = kela_items(kela_user, network)
        assert item.due_on == kela_request.sent_on
        assert item.owner_organisation_id == network.kela.pk
        assert item.url.endswith(f"/kela/{kela_request.code}/vastaus/")
        assert "etuustiedot" in item.label
        assert "Maijan" not in item.label  # no free text on a list
    worklist, _relations, _shown = collect(actor=network.kela_advisor, today=network.today)
    assert "kela_request" in [item.kind for item in worklist.groups[Group.OVERDUE]]


def test_other_professionals_of_the_team_do_not_get_it(network: Network) -> None:
    send(network)
    assert kela_items(network.social_worker, network) == []
    assert kela_items(network.employment_expert, network) == []
    assert kela_items(network.outsider, network) == []


def test_the_advisor_may_open_the_items_page(network: Network, verified_client: SignIn) -> None:
    send(network)
    (item,) = kela_items(network.kela_advisor, network)
    assert verified_client(network.kela_advisor).get(item.url).status_code == 200


def test_an_answered_request_leaves_and_the_sender_is_told(network: Network) -> None:
    kela_request = send(network)
    answer(network, kela_request)
    assert kela_items(network.kela_advisor, network) == []
    (notice,) = kela_items(network.social_worker, network, "kela_request_answered")
    assert notice.notice
    assert notice.owner_id == network.social_worker.pk
    assert notice.due_on == network.today
    assert notice.url.endswith(f"/#kela-{kela_request.code}")
    assert "Työmarkkinatuki" not in notice.label
    assert kela_items(network.employment_expert, network, "kela_request_answered") == []
    assert kela_items(network.kela_advisor, network, "kela_request_answered") == []


def test_the_notice_ends_after_its_days(network: Network) -> None:
    kela_request = send(network, days_ago=30)
    answer(network, kela_request)
    later = network.today + timedelta(days=deadlines.KELA_ANSWER_NOTICE_DAYS + 1)
    assert list(deadlines.kela_answer_notices([network.relationship.pk], later)) == []
    assert len(list(deadlines.kela_answer_notices([network.relationship.pk], network.today))) == 1


def test_the_sources_read_in_a_constant_number_of_queries(network: Network) -> None:
    answer(network, send(network))
    send(network)
    ids = [network.relationship.pk]

    def run() -> int:
        return len(
            [
                *deadlines.kela_request_items(ids, network.today),
                *deadlines.kela_answer_notices(ids, network.today),
            ]
        )

    with CaptureQueriesContext(connection) as one:
        assert run() == 2
    for _ in range(3):
        relationship = open_relationship(
            new_client(network.employment_area), Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.WORK
        )
        join_team(relationship, network.social_worker)
        join_team(relationship, network.kela_advisor)
        answer(network, send(network, relationship))
        send(network, relationship)
        ids.append(relationship.pk)
    with CaptureQueriesContext(connection) as many:
        assert run() == 8
    assert len(many.captured_queries) == len(one.captured_queries) == 2
