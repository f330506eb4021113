"""An identity code with surrounding spaces is the same code on the form and through the API."""

import json
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
CODE = hetu.compose(date(1988, 4, 5), 978)


@pytest.mark.parametrize("typed", [f"  {CODE}  ", f"\t{CODE.lower()}\n", f" {CODE} "])
def test_the_api_registers_a_code_with_surrounding_spaces(
    maija: Maija, token_client: Call, typed: str
) -> None:
    response = token_client(maija.expert).post(
        f"{API}/clients",
        json.dumps({"identity_code": typed, "first_names": "Uusi", "last_name": "Asiakas"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert Client.objects.get(code=response.json()["code"]).identity_code == CODE


@pytest.mark.parametrize("typed", [f"  {CODE}  ", f"\t{CODE.lower()}\n"])
def test_the_form_and_the_api_tidy_alike(typed: str) -> None:
    form = ClientRegisterForm({"identity_code": typed, "first_names": "Uusi", "last_name": "Asiakas"})
    form.is_valid()
    assert form.cleaned_data.get("identity_code") == CODE == hetu.tidy(typed)
