"""A professional with a confirmed TOTP device must give a code after the password."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INVALID_CODE = "Koodi ei kelpaa."


def log_in(client, user, password):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}, follow=True
    )


def test_it_sends_a_professional_with_a_device_to_verification(
    client, totp_required, employment_expert, confirmed_device, password
):
    confirmed_device(employment_expert)

    response = log_in(client, employment_expert, password)

    assert response.redirect_chain[-1][0] == f"{reverse('accounts:totp_verify')}?next=%2F"
    html = response.content.decode()
    assert "Vahvista kirjautuminen" in html
    assert "<svg" not in html


def test_it_keeps_an_unverified_professional_away_from_other_pages(
    client, employment_expert, confirmed_device, password
):
    confirmed_device(employment_expert)
    log_in(client, employment_expert, password)

    response = client.get(reverse("web:home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:totp_verify')}?next=%2F"


def test_it_refuses_a_wrong_code_with_a_message(
    client, employment_expert, confirmed_device, password, wrong_totp_code
):
    device = confirmed_device(employment_expert)
    log_in(client, employment_expert, password)

    response = client.post(reverse("accounts:totp_verify"), {"token": wrong_totp_code(device)})

    assert response.status_code == 200
    assert INVALID_CODE in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302


def test_it_lets_the_professional_in_with_the_right_code(
    client, employment_expert, confirmed_device, password, totp_code
):
    device = confirmed_device(employment_expert)
    log_in(client, employment_expert, password)

    response = client.post(
        reverse("accounts:totp_verify"), {"token": totp_code(device), "next": "/"}, follow=True
    )

    assert response.status_code == 200
    assert "Omat tietosi" in response.content.decode()


def test_it_does_not_accept_the_same_code_twice(
    client, employment_expert, confirmed_device, password, totp_code
):
    device = confirmed_device(employment_expert)
    code = totp_code(device)
    log_in(client, employment_expert, password)
    client.post(reverse("accounts:totp_verify"), {"token": code})
    client.post(reverse("accounts:logout"))
    log_in(client, employment_expert, password)

    response = client.post(reverse("accounts:totp_verify"), {"token": code})

    assert response.status_code == 200
    assert INVALID_CODE in response.content.decode()


def test_it_sends_a_professional_without_a_device_to_enrolment(client, employment_expert):
    client.force_login(employment_expert)

    response = client.get(reverse("accounts:totp_verify"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:totp_setup")


def test_the_whole_login_takes_a_social_worker_to_the_home_page(logged_in_client, social_worker):
    client = logged_in_client(social_worker)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert "sosiaalityöntekijä" in response.content.decode()
