"""Maija's to-do list in Oma Yhteispolku: what she delivers, to whom and by when; marking one delivered
(once; a second press is a clear message); the decisions she waits for, from whom and by when (R-KELA-4).
Audited as hers; someone else's to-do is a 404 and a denied entry."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from yhteispolku.applications.models import Application
from yhteispolku.applications.selectors import dates_for
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> dict[str, Client]:
    return load_demo()


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def test_maija_sees_what_to_deliver_and_what_she_waits_for(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    todo = ClientTodo.objects.filter(relationship__client=maija, status=TodoStatus.OPEN).first()
    assert todo is not None
    page = _as_client(maija, settings).get("/oma/tehtavat/").content.decode()
    assert todo.description in page
    assert todo.deliver_to.name in page
    assert todo.due_on.strftime("%-d.%-m.%Y") in page
    pending = Application.objects.filter(client=maija, decision="").first()
    assert pending is not None
    expected, _appeal, _placement = dates_for(pending)
    assert pending.get_benefit_display() in page
    assert "Päättää: Kela" in page
    assert expected is not None
    assert expected.on.strftime("%-d.%-m.%Y") in page
    read = AccessEvent.objects.filter(client_code=maija.code, object_type="collaboration.clienttodo").latest(
        "id"
    )
    assert read.actor_role == "client"
    assert AccessEvent.objects.filter(
        client_code=maija.code, object_type="applications.application", category="kela", actor_role="client"
    ).exists()


def test_maija_marks_a_todo_delivered_once(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    todo = ClientTodo.objects.filter(relationship__client=maija, status=TodoStatus.OPEN).first()
    assert todo is not None
    browser = _as_client(maija, settings)
    url = f"/oma/tehtavat/{todo.code}/toimitettu/"
    assert browser.post(url).status_code == 302
    todo.refresh_from_db()
    assert todo.status == TodoStatus.DONE
    assert todo.closed_on == timezone.localdate()
    written = AccessEvent.objects.get(
        client_code=maija.code,
        object_type="collaboration.clienttodo",
        action="update",
        object_id=str(todo.code),
    )
    assert written.allowed
    assert written.actor_role == "client"
    again = browser.post(url)
    assert again.status_code == 409
    assert "Asia on jo merkitty toimitetuksi tai se on peruttu." in again.content.decode()
    assert ClientTodo.objects.get(pk=todo.pk).closed_on == todo.closed_on
    assert browser.get(url).status_code == 405


def test_someone_elses_todo_is_404_and_denied(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    other = ClientTodo.objects.exclude(relationship__client=maija).filter(status=TodoStatus.OPEN).first()
    if other is None:
        mine = ClientTodo.objects.filter(relationship__client=maija).first()
        assert mine is not None
        someone = next(c for key, c in demo.items() if key != "maija" and c.relationships.exists())
        other = ClientTodo.objects.create(
            relationship=someone.relationships.first(),
            kind=mine.kind,
            description="Toisen asiakkaan todistus",
            deliver_to=mine.deliver_to,
            due_on=mine.due_on,
            recorded_by=mine.recorded_by,
        )
    browser = _as_client(maija, settings)
    response = browser.post(f"/oma/tehtavat/{other.code}/toimitettu/")
    assert response.status_code == 404
    assert other.description not in response.content.decode()
    other.refresh_from_db()
    assert other.status == TodoStatus.OPEN
    assert AccessEvent.objects.filter(
        client_code=other.relationship.client.code, allowed=False, actor_role="client"
    ).exists()
    assert other.description not in browser.get("/oma/tehtavat/").content.decode()
