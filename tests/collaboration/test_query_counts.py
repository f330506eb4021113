"""The network-work lists ask the database the same number of questions however many rows they show."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.collaboration.conftest import Network
from yhteispolku.accounts.models import User
from yhteispolku.collaboration import services

pytestmark = pytest.mark.django_db


def grow(network: Network, rows: int) -> None:
    for number in range(rows):
        consultation = network.consultation(participants=[network.kela_advisor, network.coordinator_wa])
        services.follow_up_add(
            actor=network.social_worker,
            consultation=consultation,
            description=f"Jatkotoimi {number}",
            owner=network.kela_advisor,
            due_on=network.today,
        )
        services.client_todo_add(
            actor=network.social_worker,
            relationship=network.relationship,
            kind="application",
            description=f"Hakemus {number}",
            deliver_to=network.kela,
            due_on=network.today - timedelta(days=number),
        )
        item = services.kela_request_send(
            actor=network.social_worker,
            relationship=network.relationship,
            kind="typpi_notice",
            question=f"Kysymys {number}",
            sent_on=network.today,
        )
        services.kela_request_answer(
            actor=network.kela_advisor,
            kela_request=item,
            answered_on=network.today,
            answer="Vastaus",
            expected_revision=0,
        )


def selects(http: HttpClient, url: str) -> int:
    assert http.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return sum(query["sql"].lstrip().upper().startswith("SELECT") for query in captured.captured_queries)


@pytest.mark.parametrize("page", ["overview", "case"])
def test_the_todo_and_consultation_lists_read_in_a_constant_number_of_queries(
    network: Network, verified_client: Callable[[User], HttpClient], page: str
) -> None:
    if page == "overview":
        url = reverse("collaboration:overview", kwargs={"relationship_code": network.relationship.code})
    else:
        url = reverse("cases:detail", kwargs={"code": network.client.code})
    http = verified_client(network.social_worker)
    grow(network, 1)
    few = selects(http, url)
    grow(network, 6)
    assert selects(http, url) == few
