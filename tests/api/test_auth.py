"""Who may call the API: a verified session (with CSRF for changes) or a usable bearer token."""

import json
from collections.abc import Callable
from datetime import timedelta

import time_machine
from django.test import Client as HttpClient
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api.conftest import API, Maija
from yhteispolku.accounts.models import User
from yhteispolku.accounts.tokens import api_token_create, api_token_revoke


def test_an_anonymous_call_is_answered_401_in_json(maija: Maija) -> None:
    response = HttpClient().get(maija.url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert maija.client.last_name not in response.content.decode()


def test_a_verified_session_reads_the_api(
    maija: Maija, verified_client: Callable[[User], HttpClient]
) -> None:
    response = verified_client(maija.expert).get(maija.url)
    assert response.status_code == 200
    assert response.json()["last_name"] == maija.client.last_name


def test_a_session_that_has_not_passed_totp_does_not_authenticate(
    maija: Maija, confirmed_device: Callable[[User], TOTPDevice]
) -> None:
    confirmed_device(maija.expert)
    browser = HttpClient()
    browser.force_login(maija.expert)
    response = browser.get(maija.url)
    # The second-factor middleware sends the browser to the TOTP page before the API is reached.
    assert response.status_code in (302, 401)
    assert maija.client.last_name not in response.content.decode()


def test_a_session_change_needs_the_csrf_token(
    maija: Maija, verified_client: Callable[[User], HttpClient]
) -> None:
    browser = verified_client(maija.expert)
    browser.handler.enforce_csrf_checks = True
    body = json.dumps({"text": "Ilman tarkistetta."})
    response = browser.post(f"{maija.url}/journal/employment", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    browser.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does for Swagger UI
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"{maija.url}/journal/employment", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_a_token_acts_as_its_holder(maija: Maija, token_client: Callable[[User], HttpClient]) -> None:
    response = token_client(maija.expert).get(f"{API}/clients")
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["items"]] == [str(maija.client.code)]


def test_a_token_needs_no_csrf_token_for_changes(
    maija: Maija, token_client: Callable[[User], HttpClient]
) -> None:
    api_client = token_client(maija.expert)
    api_client.handler.enforce_csrf_checks = True
    response = api_client.post(
        f"{maija.url}/journal/employment", {"text": "Tunnisteella."}, content_type="application/json"
    )
    assert response.status_code == 201


def test_a_revoked_token_is_answered_401(maija: Maija) -> None:
    token, raw = api_token_create(user=maija.expert, name="x")
    api_token_revoke(user=maija.expert, code=token.code)
    response = HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}").get(maija.url)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_an_expired_token_is_answered_401(maija: Maija) -> None:
    _token, raw = api_token_create(user=maija.expert, name="x")
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}").get(maija.url)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_an_unknown_token_is_answered_401_even_with_a_session(
    maija: Maija, verified_client: Callable[[User], HttpClient]
) -> None:
    browser = verified_client(maija.expert)
    response = browser.get(maija.url, HTTP_AUTHORIZATION="Bearer yp_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_a_token_of_an_outsider_reaches_nothing(
    maija: Maija, token_client: Callable[[User], HttpClient]
) -> None:
    response = token_client(maija.outsider).get(maija.url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
