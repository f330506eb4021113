"""Strong identification against a real OpenID provider on localhost (oidc-provider-mock): success and
each refusal, logged and told in the user's language; the demo page only in demo mode; sessions of
clients and professionals kept apart."""

from __future__ import annotations

import logging

import httpx
import pytest
from django.test import Client as HttpClient
from pytest_django import Settings as SettingsWrapper

from tests.portal.conftest import CLIENT_ID, STRONG, MaijaCase, Provider, identify_through
from yhteispolku.portal import identification
from yhteispolku.portal.session import CLIENT_SESSION_KEY

pytestmark = pytest.mark.django_db

HETU_CLAIM = "urn:oid:1.2.246.21"


def _person(provider: Provider, maija: MaijaCase, sub: str, **claims: object) -> None:
    provider.person(sub, {HETU_CLAIM: maija.client.identity_code, "acr": STRONG, **claims})


def test_maija_identifies_and_sees_her_page(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper
) -> None:
    oidc_provider.configure(settings)
    _person(oidc_provider, maija, "maija-ok")
    browser = HttpClient()
    response = identify_through(oidc_provider, browser, "maija-ok")
    assert response.status_code == 302
    assert response["Location"] == "/oma/"
    assert browser.session[CLIENT_SESSION_KEY] == maija.client.pk
    page = browser.get("/oma/")
    assert page.status_code == 200
    assert "Tiina Työnen" in page.content.decode()  # her worker pair


def test_found_by_the_identity_codes_lookup_hash_not_by_name(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper
) -> None:
    oidc_provider.configure(settings)
    # Same name as Maija's, another person's identity code: not Maija, and not a client at all.
    oidc_provider.person(
        "namesake",
        {HETU_CLAIM: "010203A999W", "acr": STRONG, "given_name": "Maija", "family_name": "Meikäläinen"},
    )
    browser = HttpClient()
    response = identify_through(oidc_provider, browser, "namesake")
    assert response.status_code == 200
    assert "Sinulla ei ole asiakkuutta Yhteispolussa" in response.content.decode()
    assert CLIENT_SESSION_KEY not in browser.session


def _refused(response: object, caplog: pytest.LogCaptureFixture, reason: str, text: str) -> None:
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert text in response.content.decode()  # type: ignore[attr-defined]
    assert f"reason={reason}" in caplog.text


def test_too_low_level_of_assurance_is_refused(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    oidc_provider.configure(settings)
    _person(oidc_provider, maija, "maija-weak", acr="http://eidas.europa.eu/LoA/low")
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger="yhteispolku.portal.identification"):
        response = identify_through(oidc_provider, browser, "maija-weak")
    _refused(response, caplog, "low_assurance", "Tunnistuksen varmuustaso ei riitä")
    assert CLIENT_SESSION_KEY not in browser.session


def test_missing_identity_claim_is_refused(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    oidc_provider.configure(settings)
    oidc_provider.person("no-code", {"acr": STRONG, "name": "Maija Meikäläinen"})
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger="yhteispolku.portal.identification"):
        response = identify_through(oidc_provider, browser, "no-code")
    _refused(response, caplog, "missing_identity_code", "Tunnistuksesta puuttui henkilötunnus")


def test_expired_token_is_refused(
    expiring_oidc_provider: Provider,
    maija: MaijaCase,
    settings: SettingsWrapper,
    caplog: pytest.LogCaptureFixture,
) -> None:
    expiring_oidc_provider.configure(settings)
    _person(expiring_oidc_provider, maija, "maija-late")
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger="yhteispolku.portal.identification"):
        response = identify_through(expiring_oidc_provider, browser, "maija-late")
    _refused(response, caplog, "expired", "Tunnistus on vanhentunut")
    assert CLIENT_SESSION_KEY not in browser.session


def test_token_for_another_audience_is_refused(
    oidc_provider: Provider,
    maija: MaijaCase,
    settings: SettingsWrapper,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real token the provider issued to another service, slipped into our code exchange."""
    oidc_provider.configure(settings)
    _person(oidc_provider, maija, "maija-elsewhere")
    browser = HttpClient()
    started = browser.get("/oma/tunnistaudu/aloita/")
    # The same request (our state and nonce) made as another service: the provider answers with its code.
    other = started["Location"].replace(f"client_id={CLIENT_ID}", "client_id=toinen-palvelu")
    back = oidc_provider.authorize(other, "maija-elsewhere")
    other_code = httpx.URL(back).params["code"]
    tokens = httpx.post(
        settings.OIDC_OP_TOKEN_ENDPOINT,
        data={
            "grant_type": "authorization_code",
            "code": other_code,
            "redirect_uri": "http://testserver/oma/tunnistaudu/paluu/",
            "client_id": "toinen-palvelu",
            "client_secret": "secret",
        },
        timeout=5,
    ).json()
    assert "id_token" in tokens
    monkeypatch.setattr(identification.ClientIdentificationBackend, "get_token", lambda self, payload: tokens)
    with caplog.at_level(logging.WARNING, logger="yhteispolku.portal.identification"):
        response = browser.get("/oma/tunnistaudu/paluu/", dict(httpx.URL(back).params))
    _refused(response, caplog, "wrong_audience", "Tunnistus oli tarkoitettu toiselle palvelulle")
    assert CLIENT_SESSION_KEY not in browser.session


def test_replayed_state_is_refused(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    oidc_provider.configure(settings)
    _person(oidc_provider, maija, "maija-twice")
    browser = HttpClient()
    started = browser.get("/oma/tunnistaudu/aloita/")
    back = httpx.URL(oidc_provider.authorize(started["Location"], "maija-twice"))
    assert browser.get(back.path, dict(back.params)).status_code == 302
    thief = HttpClient()
    with caplog.at_level(logging.WARNING, logger="yhteispolku.portal.identification"):
        response = thief.get(back.path, dict(back.params))
    _refused(response, caplog, "state", "Aloita tunnistautuminen alusta")


def test_refusal_message_in_swedish(
    oidc_provider: Provider, maija: MaijaCase, settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    oidc_provider.configure(settings)
    _person(oidc_provider, maija, "maija-weak-sv", acr="http://eidas.europa.eu/LoA/low")
    browser = HttpClient()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = identify_through(oidc_provider, browser, "maija-weak-sv")
    assert response.status_code == 403
    assert 'lang="sv"' in response.content.decode()
    assert "Tunnistuksen varmuustaso ei riitä" not in response.content.decode()


def test_identification_is_off_until_configured(settings: SettingsWrapper, db: None) -> None:
    settings.OIDC_OP_ISSUER = ""
    assert HttpClient().get("/oma/tunnistaudu/aloita/").status_code == 404
    assert HttpClient().get("/oma/tunnistaudu/paluu/", {"code": "x", "state": "y"}).status_code == 404


def test_demo_identification_only_in_demo_mode(maija: MaijaCase, settings: SettingsWrapper) -> None:
    settings.DEMO_MODE = False
    browser = HttpClient()
    page = browser.get("/oma/tunnistaudu/")
    assert "Esittelytunnistus" not in page.content.decode()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)}).status_code == 404
    assert CLIENT_SESSION_KEY not in browser.session

    settings.DEMO_MODE = True
    page = browser.get("/oma/tunnistaudu/")
    assert "Esittelytunnistus" in page.content.decode()
    assert maija.client.full_name in page.content.decode()
    response = browser.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)})
    assert response.status_code == 302
    assert browser.session[CLIENT_SESSION_KEY] == maija.client.pk


def test_client_and_professional_sessions_are_apart(
    maija: MaijaCase, settings: SettingsWrapper, verified_client
) -> None:
    settings.DEMO_MODE = True
    anonymous = HttpClient()
    client_session = HttpClient()
    client_session.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)})
    assert client_session.get("/oma/").status_code == 200
    # Professionals' pages answer her session exactly as they answer nobody.
    plan_url = f"/suunnitelmat/{maija.relationship.code}/"
    for url in ["/", "/asiakkaat/", plan_url, "/tyolista/", "/api/v1/clients"]:
        mine, nobody = client_session.get(url), anonymous.get(url)
        assert (mine.status_code, mine.get("Location")) == (nobody.status_code, nobody.get("Location")), url
    # A professional's session does not answer the portal, even with a client id planted in it.
    professional = verified_client(maija.social_worker)
    session = professional.session
    session[CLIENT_SESSION_KEY] = maija.client.pk
    session.save()
    response = professional.get("/oma/")
    assert response.status_code == 302
    assert response["Location"].startswith("/oma/tunnistaudu/")
    # Identifying ends the professional's session in the same browser.
    professional.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)})
    assert professional.get("/asiakkaat/").status_code == 302
