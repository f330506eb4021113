"""The pages refuse control characters in any field with the same message as the API, and store nothing."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db
MESSAGE = "Tekstissä on näkymättömiä ohjausmerkkejä, joita ei voi tallentaa."


@pytest.fixture
def expert(make_professional: Callable[..., User]) -> User:
    return make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")


def test_a_nul_in_the_search_is_a_400_with_the_message(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    response = verified_client(expert).get("/asiakkaat/", {"q": "Mai\x00ja"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_control_character_in_a_form_is_refused_and_nothing_changes(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    area = Organisation.objects.get(slug="satakunta-employment-area")
    client = new_client(area)
    join_team(open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym")), expert)
    give_consent(client, [area], expert)
    last_name = client.last_name

    response = verified_client(expert).post(
        f"/asiakkaat/{client.code}/muokkaa/", {"last_name": "Meikäläinen\x1b[31m", "first_names": "Maija"}
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Client.objects.get(pk=client.pk).last_name == last_name


def test_the_message_is_in_the_chosen_language(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(expert)
    http.cookies["yhteispolku_language"] = "en"
    response = http.get("/asiakkaat/", {"q": "\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
