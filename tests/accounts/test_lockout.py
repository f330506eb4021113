"""django-axes locks a username-and-address pair after AXES_FAILURE_LIMIT failures."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "Tunnus on lukittu hetkeksi"


def fail(client, username, times):
    return [
        client.post(reverse("accounts:login"), {"username": username, "password": f"väärin-{n}"})
        for n in range(times)
    ]


def test_it_locks_the_account_after_five_failures(client, employment_expert):
    assert settings.AXES_FAILURE_LIMIT == 5

    responses = fail(client, employment_expert.username, 5)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    html = responses[-1].content.decode()
    assert LOCKED in html
    assert "Yritä uudelleen 30 minuutin kuluttua" in html
    assert '<html lang="fi">' in html


def test_it_refuses_the_right_password_while_locked(client, employment_expert, password):
    fail(client, employment_expert.username, 5)

    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": password}
    )

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_lets_the_user_in_after_the_cool_off(clock, client, totp_optional, employment_expert, password):
    fail(client, employment_expert.username, 5)
    clock.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))

    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": password}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(employment_expert.pk)


def test_it_is_still_locked_just_before_the_cool_off_ends(clock, client, employment_expert, password):
    fail(client, employment_expert.username, 5)
    clock.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))

    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": password}
    )

    assert response.status_code == 429


def test_a_successful_login_resets_the_failure_count(client, totp_optional, employment_expert, password):
    fail(client, employment_expert.username, 4)
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})
    client.post(reverse("accounts:logout"))

    responses = fail(client, employment_expert.username, 4)

    assert [r.status_code for r in responses] == [200, 200, 200, 200]


def test_a_locked_username_does_not_lock_a_colleague(
    client, totp_optional, employment_expert, social_worker, password
):
    fail(client, employment_expert.username, 5)

    response = client.post(
        reverse("accounts:login"), {"username": social_worker.username, "password": password}
    )

    assert response.status_code == 302
