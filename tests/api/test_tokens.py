"""API tokens: made on the profile page and shown once, kept only as a hash, revoked by their holder."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from yhteispolku.accounts.models import ApiToken, User
from yhteispolku.accounts.tokens import api_token_create, user_for_token


@pytest.fixture
def expert(make_professional: Callable[..., User]) -> User:
    return make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")


def test_the_profile_page_shows_a_new_token_once_and_stores_only_its_hash(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    browser = verified_client(expert)
    response = browser.post(reverse("accounts:profile"), {"name": "Raportointi"})
    token = ApiToken.objects.get(user=expert)
    raw = response.context["new_token"]
    assert response.status_code == 200
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.name, token.prefix, token.token_hash}
    assert raw.startswith(token.prefix)
    assert raw not in browser.get(reverse("accounts:profile")).content.decode()


def test_a_token_is_valid_for_ninety_days(expert: User) -> None:
    token, _raw = api_token_create(user=expert, name="x")
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))


def test_a_token_needs_a_name(expert: User, verified_client: Callable[[User], HttpClient]) -> None:
    response = verified_client(expert).post(reverse("accounts:profile"), {"name": ""})
    assert response.status_code == 400
    assert "Anna tunnisteelle nimi." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_profile_page_lists_own_tokens_only(
    expert: User, make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    other = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    api_token_create(user=expert, name="Oma tunniste")
    api_token_create(user=other, name="Toisen tunniste")
    body = verified_client(expert).get(reverse("accounts:profile")).content.decode()
    assert "Oma tunniste" in body
    assert "Toisen tunniste" not in body


def test_the_profile_page_needs_the_second_factor(
    expert: User, confirmed_device: Callable[[User], object]
) -> None:
    confirmed_device(expert)
    browser = HttpClient()
    browser.force_login(expert)
    response = browser.post(reverse("accounts:profile"), {"name": "Ohitus"})
    assert response.status_code == 302
    assert reverse("accounts:totp_verify") in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_holder_revokes_a_token_and_it_stops_working_at_once(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    token, raw = api_token_create(user=expert, name="Vanha")
    response = verified_client(expert).post(reverse("accounts:api_token_revoke", args=[token.code]))
    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None
    assert user_for_token(raw) is None


def test_nobody_revokes_another_users_token(
    expert: User, make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    other = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    token, raw = api_token_create(user=other, name="Toisen")
    response = verified_client(expert).post(reverse("accounts:api_token_revoke", args=[token.code]))
    assert response.status_code == 404
    assert user_for_token(raw) == other


def test_an_expired_token_does_not_authenticate(expert: User) -> None:
    _token, raw = api_token_create(user=expert, name="x")
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert user_for_token(raw) is None


def test_a_deactivated_users_token_does_not_authenticate(expert: User) -> None:
    _token, raw = api_token_create(user=expert, name="x")
    expert.is_active = False
    expert.save()
    assert user_for_token(raw) is None


def test_using_a_token_records_when_it_was_last_used(expert: User) -> None:
    token, raw = api_token_create(user=expert, name="x")
    assert user_for_token(raw) == expert
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_token_command_prints_a_working_token_in_demo_mode(
    expert: User, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEMO_MODE = True
    call_command("token", expert.username)
    raw = capsys.readouterr().out.strip()
    assert user_for_token(raw) == expert


def test_the_token_command_is_refused_outside_demo_mode(expert: User, settings: Settings) -> None:
    settings.DEMO_MODE = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("token", expert.username)
    assert not ApiToken.objects.exists()
