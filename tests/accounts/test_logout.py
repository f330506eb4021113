"""Logging out is a POST (a link or an image must not log anyone out)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_refuses_to_log_out_on_get(verified_client, employment_expert):
    client = verified_client(employment_expert)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse("web:home")).status_code == 200


def test_it_logs_out_on_post_and_says_so(verified_client, employment_expert):
    client = verified_client(employment_expert)

    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert "Olet kirjautunut ulos." in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302


def test_logging_out_requires_the_csrf_token(employment_expert, password):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(employment_expert)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 403
