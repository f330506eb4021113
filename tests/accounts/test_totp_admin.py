"""The administrator can reset a user's second factor but never read or change its secret key."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.accounts.models import User

pytestmark = pytest.mark.django_db
ADMIN = "/hallinta/otp_totp/totpdevice/"


@pytest.fixture
def administrator(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> HttpClient:
    user = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    user.is_staff = user.is_superuser = True
    user.save()
    return verified_client(user)


@pytest.fixture
def device(
    make_professional: Callable[..., User], confirmed_device: Callable[[User], TOTPDevice]
) -> TOTPDevice:
    user = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    return confirmed_device(user)


def test_the_change_page_shows_no_key(administrator: HttpClient, device: TOTPDevice) -> None:
    response = administrator.get(f"{ADMIN}{device.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert device.user.username in html
    assert device.key not in html
    assert device.key.upper() not in html
    assert "otpauth" not in html
    assert 'name="key"' not in html


def test_the_list_shows_no_qr_code_link(administrator: HttpClient, device: TOTPDevice) -> None:
    html = administrator.get(ADMIN).content.decode()
    assert device.user.username in html
    assert "otpauth" not in html
    assert "qrcode" not in html
    assert administrator.get(f"{ADMIN}{device.pk}/qrcode/").status_code in (302, 404)
    assert administrator.get(f"{ADMIN}{device.pk}/config/").status_code in (302, 404)


def test_a_post_cannot_change_the_key(administrator: HttpClient, device: TOTPDevice) -> None:
    key = device.key
    response = administrator.post(
        f"{ADMIN}{device.pk}/change/",
        {
            "user": device.user.pk, "name": "x", "confirmed": "on", "key": "00" * 20,
            "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0,
            "throttling_failure_count": 0,
        },
    )  # fmt: skip
    assert response.status_code in (403, 302, 200)
    device.refresh_from_db()
    assert device.key == key
    assert device.name != "x"


def test_no_device_can_be_added_with_a_chosen_key(administrator: HttpClient) -> None:
    assert administrator.get(f"{ADMIN}add/").status_code == 403


def test_a_device_can_be_reset(administrator: HttpClient, device: TOTPDevice) -> None:
    response = administrator.post(f"{ADMIN}{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
