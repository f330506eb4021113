"""Names are one spelling (NFC) and refuse invisible format characters, on the form and through the API."""

import json
import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.clients import hetu
from yhteispolku.clients.forms import ClientRegisterForm
from yhteispolku.clients.models import Client

Call = Callable[[User], HttpClient]
INVISIBLE = ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad"]


def register(api_client: HttpClient, **names: str):  # type: ignore[no-untyped-def]
    body = {
        "identity_code": hetu.compose(date(1988, 4, 5), 979),
        "first_names": "Maija",
        "last_name": "Virta",
    }
    return api_client.post(f"{API}/clients", json.dumps({**body, **names}), content_type="application/json")


@pytest.mark.parametrize("character", INVISIBLE)
def test_the_api_refuses_a_name_with_an_invisible_character(
    maija: Maija, token_client: Call, character: str
) -> None:
    before = Client.objects.count()
    response = register(token_client(maija.expert), first_names=f"Mai{character}ja")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "first_names"
    assert response.json()["errors"][0]["code"] == "format_characters"
    assert Client.objects.count() == before


@pytest.mark.parametrize("character", INVISIBLE)
def test_the_form_refuses_it_too(character: str) -> None:
    form = ClientRegisterForm(
        {
            "identity_code": hetu.compose(date(1988, 4, 5), 979),
            "first_names": "Maija",
            "last_name": f"Vir{character}ta",
        }
    )
    assert not form.is_valid()
    assert "last_name" in form.errors


def test_a_decomposed_name_is_stored_composed(maija: Maija, token_client: Call) -> None:
    decomposed = unicodedata.normalize("NFD", "Mäkelä")
    assert decomposed != "Mäkelä"
    response = register(token_client(maija.expert), last_name=decomposed)
    assert response.status_code == 201, response.json()
    assert Client.objects.get(code=response.json()["code"]).last_name == "Mäkelä"
