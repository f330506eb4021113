"""A form sent with a stale or missing CSRF token gets a Finnish page that says what to do."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_login_without_the_csrf_token_gets_our_finnish_page(strict_client):
    response = strict_client.post(reverse("accounts:login"), {"username": "a", "password": "b"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Lomake vanheni" in html
    assert "CSRF" not in html
    assert "Forbidden" not in html


def test_a_token_that_no_longer_matches_the_cookie_gets_the_same_page(
    strict_client, employment_expert, password
):
    stale_token = str(strict_client.get(reverse("accounts:login")).context["csrf_token"])
    strict_client.cookies["csrftoken"] = "x" * 32

    response = strict_client.post(
        reverse("accounts:login"),
        {"username": employment_expert.username, "password": password, "csrfmiddlewaretoken": stale_token},
    )

    assert response.status_code == 403
    assert "Lomake vanheni" in response.content.decode()


def test_the_page_follows_the_chosen_language(strict_client):
    strict_client.cookies["yhteispolku_language"] = "sv"

    response = strict_client.post(reverse("accounts:login"), {"username": "a", "password": "b"})

    assert '<html lang="sv">' in response.content.decode()
