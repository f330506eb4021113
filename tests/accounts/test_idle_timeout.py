"""A session left idle for SESSION_IDLE_TIMEOUT_SECONDS ends, and the login page says why."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPIRED = "Istuntosi vanheni, koska et käyttänyt palvelua hetkeen. Kirjaudu uudelleen."


def test_it_logs_out_after_the_idle_timeout_and_says_why(clock, verified_client, employment_expert):
    client = verified_client(employment_expert)
    assert client.get(reverse("web:home")).status_code == 200
    clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1))

    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=%2F"

    login_page = client.get(response.url)

    assert EXPIRED in login_page.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(clock, verified_client, employment_expert):
    client = verified_client(employment_expert)
    step = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS * 2 // 3)
    for _ in range(4):
        assert client.get(reverse("web:home")).status_code == 200
        clock.shift(step)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200


def test_it_does_not_end_a_session_before_the_timeout(clock, verified_client, employment_expert):
    client = verified_client(employment_expert)
    client.get(reverse("web:home"))
    clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS - 60))

    response = client.get(reverse("web:home"))

    assert response.status_code == 200


def test_an_expired_session_cannot_be_resumed_with_the_second_factor(
    clock, client, employment_expert, confirmed_device, password
):
    confirmed_device(employment_expert)
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})
    client.get(reverse("accounts:totp_verify"))
    clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS + 1))

    response = client.get(reverse("accounts:totp_verify"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
