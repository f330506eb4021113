"""Errors are JSON with a stable code and a message in the caller's language (Finnish by default)."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import Maija
from yhteispolku.accounts.models import User

Call = Callable[[User], HttpClient]


def test_an_error_is_json_with_a_code_and_a_finnish_message_by_default(
    maija: Maija, token_client: Call
) -> None:
    response = token_client(maija.social_worker).get(f"{maija.url}/journal/employment")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Language"] == "fi"
    assert response.json()["code"] == "access_denied"
    assert response.json()["message"].startswith("Asiakkaan voimassa oleva suostumus")


@pytest.mark.parametrize("header", ["sv", "sv-FI,sv;q=0.9,fi;q=0.5"])
def test_accept_language_swedish_keeps_the_code_and_answers_in_swedish(
    maija: Maija, token_client: Call, header: str
) -> None:
    response = token_client(maija.social_worker).get(
        f"{maija.url}/journal/employment", HTTP_ACCEPT_LANGUAGE=header
    )
    assert response.status_code == 403
    assert response["Content-Language"] == "sv"
    assert response.json()["code"] == "access_denied"
    assert response.json()["reason"] == "consent_missing"
    assert "samtycke" in response.json()["message"]


def test_the_language_chosen_on_the_pages_applies_without_accept_language(
    maija: Maija, token_client: Call
) -> None:
    api_client = token_client(maija.outsider)
    api_client.cookies["yhteispolku_language"] = "en"
    response = api_client.get(maija.url)
    assert response["Content-Language"] == "en"
    assert response.json()["code"] == "not_found"


def test_an_unsupported_language_falls_back_to_finnish(maija: Maija) -> None:
    response = HttpClient().get(maija.url, HTTP_ACCEPT_LANGUAGE="de-DE,*;q=0.5")
    assert response.status_code == 401
    assert response["Content-Language"] == "fi"
    assert response.json()["message"].startswith("Kirjaudu sisään")


def test_unparsable_json_is_a_400_not_a_422(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/journal/employment", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_a_malformed_client_code_is_a_400_with_the_field(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get("/api/v1/clients/not-a-uuid")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["errors"][0]["field"] == "code"
    assert response.json()["errors"][0]["message"] == "Tunniste ei ole kelvollinen."


def test_field_errors_list_every_field(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/consents", {"purpose": "advertising"}, content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 400
    assert body["message"] == "Pyynnön tiedoissa on korjattavaa."
    assert {e["field"] for e in body["errors"]} == {
        "purpose",
        "organisations",
        "categories",
        "given_how",
        "given_on",
        "valid_from",
    }


def test_an_unknown_api_address_is_a_json_404(db: None) -> None:
    response = HttpClient().post("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
