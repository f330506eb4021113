"""A professional without a TOTP device enrols one before seeing anything else."""

import base64

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INVALID_CODE = "Koodi ei kelpaa."


def log_in(client, user, password):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}, follow=True
    )


def test_it_sends_a_professional_without_a_device_to_enrolment(
    client, totp_required, employment_expert, password
):
    response = log_in(client, employment_expert, password)

    assert response.redirect_chain[-1][0] == f"{reverse('accounts:totp_setup')}?next=%2F"
    html = response.content.decode()
    assert "Ota kaksivaiheinen tunnistautuminen käyttöön" in html
    assert "<svg" in html
    device = employment_expert.totpdevice_set.get()
    assert not device.confirmed
    assert base64.b32encode(device.bin_key).decode() in html


def test_it_keeps_the_same_secret_when_the_enrolment_page_is_reloaded(client, employment_expert):
    client.force_login(employment_expert)

    client.get(reverse("accounts:totp_setup"))
    client.get(reverse("accounts:totp_setup"))

    assert employment_expert.totpdevice_set.count() == 1


def test_it_keeps_an_enrolling_professional_away_from_other_pages(client, employment_expert, password):
    log_in(client, employment_expert, password)

    response = client.get(reverse("web:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:totp_setup"))


def test_it_refuses_a_wrong_code_with_a_message(client, employment_expert, password, wrong_totp_code):
    log_in(client, employment_expert, password)
    device = employment_expert.totpdevice_set.get()

    response = client.post(reverse("accounts:totp_setup"), {"token": wrong_totp_code(device)})

    assert response.status_code == 200
    assert INVALID_CODE in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_it_refuses_a_code_that_is_not_six_digits(client, employment_expert, password):
    log_in(client, employment_expert, password)

    response = client.post(reverse("accounts:totp_setup"), {"token": "12345"})

    assert response.status_code == 200
    assert "Koodissa on kuusi numeroa." in response.content.decode()


def test_it_confirms_the_device_and_lets_the_professional_in_with_the_right_code(
    client, employment_expert, password, totp_code
):
    log_in(client, employment_expert, password)
    device = employment_expert.totpdevice_set.get()

    response = client.post(
        reverse("accounts:totp_setup"), {"token": totp_code(device), "next": "/"}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == "/"
    assert "Kaksivaiheinen tunnistautuminen on otettu käyttöön." in response.content.decode()
    assert "Omat tietosi" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed


def test_it_sends_a_professional_with_a_device_to_verification_instead(
    client, employment_expert, confirmed_device
):
    confirmed_device(employment_expert)
    client.force_login(employment_expert)

    response = client.get(reverse("accounts:totp_setup"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:totp_verify")


def test_it_requires_a_password_login_first(client):
    response = client.get(reverse("accounts:totp_setup"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
