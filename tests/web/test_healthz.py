"""Liveness and readiness: what load balancers and process managers ask, without a login and without data."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from yhteispolku.audit.models import ChainHead
from yhteispolku.audit.services import record_access
from yhteispolku.web import views

pytestmark = pytest.mark.django_db

READINESS_KEYS = {"status", "database", "migrations", "audit"}


@pytest.fixture(autouse=True)
def migrations_not_yet_checked(monkeypatch):
    # Each test starts as a fresh server process would: the migrations not yet seen applied.
    monkeypatch.setattr(views, "_migrations_applied", False)


def test_readiness_answers_ok_without_a_login(client):
    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok", "audit": "ok"}


def test_readiness_answers_ok_midway_through_a_login(client, employment_expert, password):
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})

    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readiness_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("web:healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_readiness_is_503_while_a_migration_of_this_code_is_not_applied(client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[("a", False)]
    ):
        response = client.get(reverse("web:healthz"))

    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"
    assert response.json()["database"] == "ok"


def test_readiness_reads_the_migrations_only_until_they_are_applied(client, django_assert_num_queries):
    client.get(reverse("web:healthz"))

    # Later probes: the database's answer and the chain head, not the migration table.
    with django_assert_num_queries(2):
        response = client.get(reverse("web:healthz"))

    assert response.status_code == 200


def test_readiness_is_503_when_the_newest_entrys_chain_has_lost_its_head(client, employment_expert):
    record_access(actor=employment_expert, action="view", category="basic", purpose="other", allowed=True)
    assert client.get(reverse("web:healthz")).status_code == 200
    ChainHead.objects.all().delete()

    response = client.get(reverse("web:healthz"))

    assert response.status_code == 503
    assert response.json()["audit"] == "missing"


def test_readiness_is_503_when_the_audit_log_cannot_be_read(client):
    with mock.patch.object(
        views, "_newest_entry_lacks_its_chain_head", side_effect=OperationalError("permission denied")
    ):
        response = client.get(reverse("web:healthz"))

    assert response.status_code == 503
    assert set(response.json()) == READINESS_KEYS
    assert response.json()["audit"] == "unreachable"


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with (
        mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")),
        django_assert_num_queries(0),
    ):
        response = client.get(reverse("web:liveness"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_liveness_answers_midway_through_a_login(client, employment_expert, password):
    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})

    response = client.get(reverse("web:liveness"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["web:healthz", "web:liveness"])
def test_it_is_never_cached(client, name):
    response = client.get(reverse(name))

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["web:healthz", "web:liveness"])
def test_it_refuses_post(client, name):
    assert client.post(reverse(name)).status_code == 405
