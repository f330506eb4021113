"""/healthz answers load balancers without a login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_a_login(client):
    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


def test_it_answers_ok_midway_through_a_login(client, employment_expert, password):
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})

    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_is_never_cached(client):
    response = client.get(reverse("web:healthz"))

    assert "no-cache" in response["Cache-Control"]


def test_it_refuses_post(client):
    assert client.post(reverse("web:healthz")).status_code == 405
