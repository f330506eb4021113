"""The client sees her booked Kela interview in Oma Yhteispolku (seed 004, issue 14): the time, how it is
held, the place or contact and the interviewer, audited with her as the actor; a past interview, one
withheld from her by a recorded decision and another client's are not shown. Before, only the team saw it."""

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from tests.access.conftest import new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.applications.models import KelaInterview
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client, WithheldFromClient
from yhteispolku.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db


def _as_client(client: Client, settings: SettingsWrapper) -> HttpClient:
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client.code)}).status_code == 302
    return browser


def _book(client: Client, advisor: User, days: int, place: str, mode: str = "in_person") -> KelaInterview:
    starts_at = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(10, 30))
    )
    assert advisor.organisation is not None
    return KelaInterview.objects.create(
        client=client,
        starts_at=starts_at,
        mode=mode,
        interviewer=advisor,
        place=place,
        recorded_by=advisor,
        organisation=advisor.organisation,
    )


def test_she_sees_her_booked_kela_interview_audited_as_herself(
    make_professional: Callable[..., User], settings: SettingsWrapper
) -> None:
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    advisor = make_professional(
        "kela_work_ability_advisor", "kela", "kela-west", first_name="Kari", last_name="Kela"
    )
    client = new_client(employment_area, "Helmi", "Haastateltava")
    open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"))
    upcoming = _book(client, advisor, 7, "Kelan toimisto, Itsenäisyydenkatu 1, Pori")
    _book(client, advisor, -7, "Mennyt tapaaminen")
    withheld = _book(client, advisor, 9, "Salattu paikka", mode="phone")
    WithheldFromClient.objects.create(
        client=client,
        object_type="applications.kelainterview",
        object_code=withheld.code,
        category="kela",
        reason="Ammattilaisen päätös.",
        decided_on=timezone.localdate(),
        decided_by=advisor,
        organisation=advisor.organisation,
    )
    other = new_client(employment_area, "Toinen", "Asiakas")
    _book(other, advisor, 8, "Toisen asiakkaan paikka")

    body = _as_client(client, settings).get("/oma/").content.decode()
    day = upcoming.starts_at.astimezone(timezone.get_current_timezone())
    assert "Kelan kuntoutushaastattelu" in body
    assert (
        f"{day.day}.{day.month}.{day.year} klo 10.30, tapaaminen paikan päällä, haastattelijana Kari Kela"
        in body
    )
    assert "Itsenäisyydenkatu 1" in body
    assert "Mennyt tapaaminen" not in body
    assert "Salattu paikka" not in body
    assert "Toisen asiakkaan paikka" not in body
    event = AccessEvent.objects.filter(
        client_code=client.code, object_type="applications.kelainterview"
    ).get()
    assert (event.allowed, event.actor_id, event.actor_role, event.category) == (True, None, "client", "kela")
    assert not AccessEvent.objects.filter(client_code=other.code).exists()


def test_without_an_interview_nothing_is_shown_or_logged(settings: SettingsWrapper) -> None:
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"), "Ilman", "Haastattelua")
    body = _as_client(client, settings).get("/oma/").content.decode()
    assert "Kelan kuntoutushaastattelu" not in body
    assert not AccessEvent.objects.filter(
        client_code=client.code, object_type="applications.kelainterview"
    ).exists()
