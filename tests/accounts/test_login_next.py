"""The `next` parameter of the login and second-factor pages never leads off the site."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFF_SITE = ["https://evil.example/", "//evil.example/", "http:///evil.example", "https:evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_does_not_redirect_off_site(client, totp_optional, employment_expert, password, target):
    response = client.post(
        reverse("accounts:login"),
        {"username": employment_expert.username, "password": password, "next": target},
    )

    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_login_follows_a_local_next(client, totp_optional, employment_expert, password):
    response = client.post(
        reverse("accounts:login"),
        {"username": employment_expert.username, "password": password, "next": "/healthz"},
    )

    assert response.status_code == 302
    assert response.url == "/healthz"


@pytest.mark.parametrize("target", OFF_SITE)
def test_totp_verification_does_not_redirect_off_site(
    client, employment_expert, confirmed_device, totp_code, target
):
    device = confirmed_device(employment_expert)
    client.force_login(employment_expert)

    response = client.post(
        f"{reverse('accounts:totp_verify')}?next={target}", {"token": totp_code(device), "next": target}
    )

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_totp_enrolment_does_not_redirect_off_site(client, employment_expert, totp_code, target):
    client.force_login(employment_expert)
    client.get(reverse("accounts:totp_setup"))
    device = employment_expert.totpdevice_set.get()

    response = client.post(reverse("accounts:totp_setup"), {"token": totp_code(device), "next": target})

    assert response.status_code == 302
    assert response.url == "/"


def test_totp_verification_over_https_does_not_send_on_to_plain_http(
    client, employment_expert, confirmed_device, totp_code
):
    device = confirmed_device(employment_expert)
    client.force_login(employment_expert)

    response = client.post(
        reverse("accounts:totp_verify"),
        {"token": totp_code(device), "next": "http://testserver/"},
        secure=True,
    )

    assert response.status_code == 302
    assert response.url == "/"


def test_the_page_asked_for_survives_the_second_factor(
    client, employment_expert, confirmed_device, password, totp_code
):
    device = confirmed_device(employment_expert)
    response = client.post(
        reverse("accounts:login"),
        {"username": employment_expert.username, "password": password, "next": "/?valilehti=omat"},
        follow=True,
    )
    verify_url = response.redirect_chain[-1][0]
    assert 'name="next" value="/?valilehti=omat"' in response.content.decode()

    response = client.post(verify_url, {"token": totp_code(device)})

    assert response.status_code == 302
    assert response.url == "/?valilehti=omat"
