"""Oma Yhteispolku's fixtures: Maija's case (tests/plans), a real OpenID provider on localhost
(oidc-provider-mock, in a thread), and helpers to identify through it or through the demo page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
from django.test import Client as HttpClient
from pytest_django import Settings as SettingsWrapper

from tests.plans.conftest import MaijaCase, maija

__all__ = ["MaijaCase", "maija"]

STRONG = "http://ftn.ficora.fi/2017/loa2"
CLIENT_ID = "yhteispolku-oma"


@dataclass
class Provider:
    url: str

    def person(self, sub: str, claims: dict[str, object]) -> None:
        response = httpx.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=5)
        assert response.status_code == 204

    def configure(self, settings: SettingsWrapper, client_id: str = CLIENT_ID) -> None:
        settings.OIDC_OP_ISSUER = self.url
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{self.url}/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{self.url}/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{self.url}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{self.url}/jwks"
        settings.OIDC_RP_CLIENT_ID = client_id
        settings.OIDC_RP_CLIENT_SECRET = "secret"
        settings.OIDC_RP_SIGN_ALGO = "RS256"

    def authorize(self, authorization_url: str, sub: str) -> str:
        """The person identifies at the provider (its form's POST); the redirect back to the service."""
        response = httpx.post(authorization_url, data={"sub": sub}, timeout=5)
        assert response.status_code in {302, 303}, response.text[:500]
        return response.headers["location"]


def _served(max_age: timedelta) -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread(access_token_max_age=max_age) as server:
        yield Provider(f"http://localhost:{server.server_port}")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    yield from _served(timedelta(hours=1))


@pytest.fixture(scope="session")
def expiring_oidc_provider() -> Iterator[Provider]:
    """A provider whose tokens expired a minute before they were issued."""
    yield from _served(timedelta(seconds=-60))


def identify_through(
    provider: Provider, browser: HttpClient, sub: str, start: str = "/oma/tunnistaudu/aloita/"
):
    """Start at the service, identify at the provider as `sub`, come back; the callback's response."""
    started = browser.get(start)
    assert started.status_code == 302
    back = provider.authorize(started["Location"], sub)
    parts = urlsplit(back)
    return browser.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


@pytest.fixture
def identify(settings: SettingsWrapper) -> Callable[..., object]:
    def run(provider: Provider, browser: HttpClient, sub: str, **kwargs: object) -> object:
        provider.configure(settings)
        return identify_through(provider, browser, sub, **kwargs)  # type: ignore[arg-type]

    return run
