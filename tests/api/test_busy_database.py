"""No free database connection in time is a 503 with Retry-After — the API's JSON, the pages' 503 page —
never a 500 (tests/core/test_connection_pool.py shows it with a real pool and server on PostgreSQL)."""

from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.test import Client as HttpClient
from psycopg_pool import PoolTimeout

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.clients import selectors


def no_connection(*args: object, **kwargs: object) -> None:
    # What Django raises when psycopg_pool's getconn() times out.
    try:
        raise PoolTimeout("couldn't get a connection after 10.00 sec")
    except PoolTimeout as error:
        raise OperationalError(str(error)) from error


def test_the_api_answers_503_json(
    maija: Maija, token_client: Callable[[User], HttpClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "client_search", no_connection)
    response = token_client(maija.expert).get(f"{API}/clients", {"q": "Maija"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["code"] == "service_busy"
    assert response.json()["message"] == "Tjänsten är överbelastad just nu. Försök igen om en stund."


def test_a_page_answers_the_503_page(
    maija: Maija, verified_client: Callable[[User], HttpClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "client_search", no_connection)
    http = verified_client(maija.expert)
    http.raise_request_exception = False
    response = http.get("/asiakkaat/", {"q": "Maija"})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Palvelu on juuri nyt ruuhkautunut" in response.content.decode()


def test_any_other_database_error_is_still_a_500(
    maija: Maija, verified_client: Callable[[User], HttpClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "client_search", broken)
    http = verified_client(maija.expert)
    http.raise_request_exception = False
    assert http.get("/asiakkaat/", {"q": "Maija"}).status_code == 500
