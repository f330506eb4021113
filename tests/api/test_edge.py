"""Control characters are refused at the edge with one message, and every API error is JSON with its code.

A NUL byte cannot be stored in PostgreSQL's text; before the edge refused it, the API's search, the
journal and a dozen other fields answered 500 as the site's HTML page. Run on PostgreSQL too
(DATABASE_URL=$(bash scripts/ensure-postgres)).
"""

import json
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import JournalEntry

Call = Callable[[User], HttpClient]
MESSAGE = "Tekstissä on näkymättömiä ohjausmerkkejä, joita ei voi tallentaa. Poista ne ja yritä uudelleen."


def assert_refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == MESSAGE
    assert body["errors"] == [{"field": field, "code": "control_characters", "message": MESSAGE}]


def test_a_nul_in_the_search_is_a_json_400(maija: Maija, token_client: Call) -> None:
    assert_refused(token_client(maija.expert).get(f"{API}/clients", {"q": "Mai\x00ja"}), "q")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_in_a_json_body_is_refused_and_nothing_is_stored(
    maija: Maija, token_client: Call, character: str
) -> None:
    before = JournalEntry.objects.count()
    response = token_client(maija.expert).post(
        f"{maija.url}/journal/employment",
        json.dumps({"text": f"Kirjaus{character}"}),
        content_type="application/json",
    )
    assert_refused(response, "text")
    assert JournalEntry.objects.count() == before


def test_tabs_and_line_breaks_are_text(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/journal/employment",
        json.dumps({"text": "Rivi 1\r\n\tRivi 2\n"}),
        content_type="application/json",
    )
    assert response.status_code in (200, 201)


def test_a_nested_field_is_named_by_its_place(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/consents",
        json.dumps({"purpose": "tym_joint_work", "organisations": ["ok", "x\x00"]}),
        content_type="application/json",
    )
    assert_refused(response, "organisations.1")


def test_the_message_follows_accept_language(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get(f"{API}/clients", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert response["Content-Language"] == "sv"
    assert "styrtecken" in response.json()["message"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversize_body_is_a_json_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/journal/employment",
        json.dumps({"text": "x" * 2000}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "request_too_large"


def test_an_address_outside_every_api_version_is_a_json_404(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get("/api/v2/clients")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unforeseen_failure_is_a_json_500(
    maija: Maija, token_client: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yhteispolku.clients import selectors

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(selectors, "client_search", broken)
    response = token_client(maija.expert).get(f"{API}/clients", {"q": "Maija"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "server_error"
