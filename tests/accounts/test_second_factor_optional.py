"""Demo mode (TOTP_REQUIRED off): no device means no second step, but a device is always used."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, user, password):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}, follow=True
    )


def test_it_lets_a_professional_without_a_device_straight_in(
    client, totp_optional, employment_expert, password
):
    response = log_in(client, employment_expert, password)

    assert response.redirect_chain == [(reverse("web:home"), 302)]
    assert "Omat tietosi" in response.content.decode()


def test_it_still_asks_a_professional_with_a_device_for_the_code(
    client, totp_optional, employment_expert, confirmed_device, password
):
    confirmed_device(employment_expert)

    response = log_in(client, employment_expert, password)

    assert response.redirect_chain[-1][0] == f"{reverse('accounts:totp_verify')}?next=%2F"


def test_an_unconfirmed_device_does_not_count_as_a_device(client, totp_optional, employment_expert, password):
    employment_expert.totpdevice_set.create(name="kesken", confirmed=False)

    response = log_in(client, employment_expert, password)

    assert response.redirect_chain == [(reverse("web:home"), 302)]


def test_outside_demo_mode_staff_without_a_role_must_enrol_too(
    client, totp_required, django_user_model, password
):
    admin = django_user_model.objects.create_user("yllapito", password=password, is_staff=True)

    response = log_in(client, admin, password)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:totp_setup"))
