"""The client list over the API asks the database the same number of questions for 5 clients as for 60."""

from collections.abc import Callable

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from tests.access.conftest import join_team, new_client, open_relationship
from tests.api.conftest import API
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import TeamMember
from yhteispolku.organisations.models import Organisation, Unit

SMALL, LARGE = 5, 60


def statements_for_list(expert: User, caseload: int, token_client: Callable[[User], HttpClient]) -> int:
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    unit = Unit.objects.get(slug="satakunta-ea-tym")
    for number in range(caseload - TeamMember.objects.filter(user=expert).count()):
        join_team(open_relationship(new_client(employment_area, last_name=f"Mittaaja{number}"), unit), expert)
    api_client = token_client(expert)
    api_client.get(f"{API}/clients")  # the token's first use is recorded once; measure the steady state
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(f"{API}/clients")
    assert response.status_code == 200
    return len(queries)


def test_the_client_list_costs_the_same_for_a_small_and_a_large_caseload(
    make_professional: Callable[..., User], token_client: Callable[[User], HttpClient]
) -> None:
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    small = statements_for_list(expert, SMALL, token_client)
    shown_before = AccessEvent.objects.count()
    large = statements_for_list(expert, LARGE, token_client)
    assert large == small
    assert AccessEvent.objects.count() - shown_before > SMALL
