"""Finnish first; Swedish and English on request through Django's set_language view."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def choose(client, language, next_url):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_switches_the_login_page_to_the_chosen_language(client, language):
    response = choose(client, language, reverse("accounts:login"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'<html lang="{language}">' in html
    current = re.findall(r'<button[^>]*value="(\w+)"[^>]*aria-current="true"', html)
    assert current == [language]


def test_it_remembers_the_choice_beyond_the_browser_session(client):
    response = choose(client, "sv", reverse("accounts:login"))

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["max-age"] >= 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"


def test_it_switches_back_to_finnish(client):
    choose(client, "sv", reverse("accounts:login"))

    choose(client, "fi", reverse("accounts:login"))

    assert '<html lang="fi">' in client.get(reverse("accounts:login")).content.decode()


def test_the_chosen_language_wins_over_the_browser_language(client):
    choose(client, "sv", reverse("accounts:login"))

    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="sv">' in response.content.decode()


def test_an_unsupported_language_cookie_falls_back_to_finnish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get(reverse("accounts:login"))

    assert '<html lang="fi">' in response.content.decode()


def test_the_language_switch_does_not_redirect_off_site(client):
    response = choose(client, "sv", "https://evil.example/")

    assert response.status_code == 302
    assert response.url == "/"


def test_a_professional_can_switch_language_before_the_second_factor(client, employment_expert, password):
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})

    response = choose(client, "en", reverse("accounts:totp_setup"))

    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("accounts:totp_setup")).content.decode()
