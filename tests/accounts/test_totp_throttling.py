"""After a wrong TOTP code the next try waits a moment, and the page says so instead of "wrong code"."""

from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WAIT = "Liian monta väärää koodia peräkkäin."


@pytest.fixture
def awaiting_code(clock, client, employment_expert, confirmed_device, password):
    device = confirmed_device(employment_expert)
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})
    return device


def test_it_asks_to_wait_when_the_right_code_follows_a_wrong_one_too_soon(
    client, awaiting_code, totp_code, wrong_totp_code
):
    client.post(reverse("accounts:totp_verify"), {"token": wrong_totp_code(awaiting_code)})

    response = client.post(reverse("accounts:totp_verify"), {"token": totp_code(awaiting_code)})

    assert response.status_code == 200
    html = response.content.decode()
    assert WAIT in html
    assert "Odota 1 sekunti" in html
    assert "Koodi ei kelpaa." not in html


def test_the_wait_doubles_with_each_wrong_code(client, clock, awaiting_code, wrong_totp_code):
    for _ in range(3):
        clock.shift(timedelta(seconds=5))
        client.post(reverse("accounts:totp_verify"), {"token": wrong_totp_code(awaiting_code)})

    response = client.post(reverse("accounts:totp_verify"), {"token": wrong_totp_code(awaiting_code)})

    assert "Odota 4 sekuntia" in response.content.decode()


def test_it_accepts_the_right_code_after_the_wait(client, clock, awaiting_code, totp_code, wrong_totp_code):
    client.post(reverse("accounts:totp_verify"), {"token": wrong_totp_code(awaiting_code)})
    clock.shift(timedelta(seconds=2))

    response = client.post(reverse("accounts:totp_verify"), {"token": totp_code(awaiting_code)})

    assert response.status_code == 302
    assert response.url == "/"


def test_enrolment_is_throttled_the_same_way(
    client, clock, employment_expert, password, totp_code, wrong_totp_code
):
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})
    client.get(reverse("accounts:totp_setup"))
    device = employment_expert.totpdevice_set.get()
    client.post(reverse("accounts:totp_setup"), {"token": wrong_totp_code(device)})

    response = client.post(reverse("accounts:totp_setup"), {"token": totp_code(device)})

    assert WAIT in response.content.decode()
