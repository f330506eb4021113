"""The header's client search (base.html): offered to everyone the policy lets search for clients (those who
work with clients, `access.relations.can_work_with_clients`), never to the steering group, the
administrator, the service provider or the data-protection officer, whose search would find nothing."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.access.relations import can_work_with_clients
from yhteispolku.accounts.models import User
from yhteispolku.web.demo_data import PROFESSIONALS, load_professionals

pytestmark = pytest.mark.django_db

NEVER = {"johtoryhma", "paakayttaja", "palveluntuottaja", "tietosuojavastaava"}


def test_the_header_search_is_offered_exactly_to_those_who_may_search(
    verified_client: Callable[[User], HttpClient],
) -> None:
    users = load_professionals()
    assert {person.username for person in PROFESSIONALS} >= NEVER
    for username, user in users.items():
        html = verified_client(user).get(reverse("web:home")).content.decode()
        offered = 'id="header-search"' in html
        assert offered == can_work_with_clients(user), username
        assert offered == (username not in NEVER), username
        if offered:
            assert 'role="search"' in html
            assert '<label class="visually-hidden" for="header-search">Asiakashaku</label>' in html
            assert f'action="{reverse("clients:list")}" method="get"' in html
