"""R-CONS-1's prior agreement given by the client herself (issue 13): the team asks her in Oma
Yhteispolku; she sees who is consulted, what for and when (nothing of the notes), agrees or declines after
the confirmation step; it is recorded as hers (no professional recorded it), audited as hers, told to the
organiser, and the consultation then proceeds exactly as one whose agreement a professional recorded.
Until she agrees it does not proceed; a second answer, or one after the consultation's time, is a 409;
another client's consultation is a 404 and a denied entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import Client as HttpClient
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.collaboration import services
from yhteispolku.collaboration.deadlines import review_items
from yhteispolku.collaboration.errors import AwaitingClientAgreement, InvalidInput
from yhteispolku.collaboration.models import AgreedHow, Consultation
from yhteispolku.web.demo_data import load_demo
from yhteispolku.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> dict[str, Client]:
    return load_demo()


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _asked(client: Client, organiser: User, days: int = 3) -> Consultation:
    relationship = client.relationships.filter(ended_on__isnull=True).first()
    assert relationship is not None
    return services.consultation_create(
        actor=organiser,
        relationship=relationship,
        kind="kela",
        mode="remote",
        scheduled_at=timezone.now() + timedelta(days=days),
        agenda="Ammatillisen kuntoutuksen mahdollisuudet",
        ask_client=True,
        participants=[User.objects.get(username="sosiaalityontekija")],
    )


@pytest.fixture
def expert(demo: dict[str, Client]) -> User:
    return User.objects.get(username="tyollisyysasiantuntija")


def test_maija_agrees_and_the_consultation_proceeds(demo: dict[str, Client], expert: User, settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    consultation = _asked(maija, expert)
    assert consultation.awaiting_client
    assert consultation.agreement_recorded_by is None
    # Waiting: nothing of what was discussed, no follow-ups, no review on anyone's worklist.
    with pytest.raises(AwaitingClientAgreement):
        services.follow_up_add(
            actor=expert,
            consultation=consultation,
            description="Selvitä",
            owner=expert,
            due_on=consultation.day + timedelta(days=7),
        )
    with pytest.raises(AwaitingClientAgreement):
        services.consultation_notes_update(
            actor=expert,
            consultation=consultation,
            agenda=consultation.agenda,
            notes="Keskusteltiin",
            decisions="",
            expected_revision=consultation.revision,
        )
    today = timezone.localdate()
    assert all(
        item.url.find(str(consultation.code)) < 0
        for item in review_items([consultation.relationship_id], today)
    )
    consultation.notes = "Salainen muistiinpano"
    Consultation.objects.filter(pk=consultation.pk).update(notes="Salainen muistiinpano")

    browser = _as_client(maija, settings)
    listing = browser.get("/oma/konsultaatiot/").content.decode()
    assert "Odottaa vastaustasi." in listing
    assert "Ammatillisen kuntoutuksen mahdollisuudet" in listing
    social_worker = User.objects.get(username="sosiaalityontekija")
    assert str(social_worker) in listing
    assert str(expert) in listing
    assert "Salainen muistiinpano" not in listing
    url = f"/oma/konsultaatiot/{consultation.code}/suostun/"
    asked = browser.get(url)
    assert asked.status_code == 200
    assert "Suostutko konsultaatioon" in asked.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).awaiting_client  # the question changes nothing
    answered = browser.post(url, {"confirmed": "1"})
    assert answered.status_code == 302
    consultation.refresh_from_db()
    assert consultation.agreed_by_client
    assert consultation.agreed_with_client_on == today
    assert consultation.agreed_how == AgreedHow.PORTAL
    assert consultation.agreement_recorded_by is None
    assert not consultation.awaiting_client
    written = AccessEvent.objects.get(
        client_code=maija.code, object_id=str(consultation.code), action="update", actor_role="client"
    )
    assert written.allowed
    assert written.object_type == "collaboration.consultation"

    # The organiser is told; the consultation proceeds as one whose agreement a professional recorded.
    notices = worklist_for(actor=expert, today=today).notices
    assert any(item.kind == "consultation_client_answer" and "suostui" in item.label for item in notices)
    follow_up = services.follow_up_add(
        actor=expert,
        consultation=consultation,
        description="Selvitä koulutus",
        owner=expert,
        due_on=consultation.day + timedelta(days=7),
    )
    assert follow_up.pk
    assert any(
        str(consultation.code) in item.url for item in review_items([consultation.relationship_id], today)
    )

    again = browser.post(url, {"confirmed": "1"})
    assert again.status_code == 409
    assert "Olet jo vastannut tähän konsultaatiopyyntöön." in again.content.decode()
    declined = browser.post(f"/oma/konsultaatiot/{consultation.code}/en-suostu/", {"confirmed": "1"})
    assert declined.status_code == 409
    consultation.refresh_from_db()
    assert consultation.declined_by_client_on is None


def test_maija_declines_and_it_does_not_take_place(demo: dict[str, Client], expert: User, settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    consultation = _asked(maija, expert)
    browser = _as_client(maija, settings)
    assert (
        browser.post(f"/oma/konsultaatiot/{consultation.code}/en-suostu/", {"confirmed": "1"}).status_code
        == 302
    )
    consultation.refresh_from_db()
    assert consultation.declined_by_client_on == timezone.localdate()
    assert consultation.agreed_with_client_on is None
    with pytest.raises(AwaitingClientAgreement):
        services.consultation_reviewed(
            actor=expert, consultation=consultation, reviewed_on=timezone.localdate()
        )
    notices = worklist_for(actor=expert, today=timezone.localdate()).notices
    assert any("ei suostunut" in item.label for item in notices if item.kind == "consultation_client_answer")
    assert "Kieltäydyit" in browser.get("/oma/konsultaatiot/").content.decode()


def test_an_answer_after_the_consultation_time_is_refused(
    demo: dict[str, Client], expert: User, settings
) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    consultation = _asked(maija, expert)
    Consultation.objects.filter(pk=consultation.pk).update(scheduled_at=timezone.now() - timedelta(hours=1))
    response = _as_client(maija, settings).post(
        f"/oma/konsultaatiot/{consultation.code}/suostun/", {"confirmed": "1"}
    )
    assert response.status_code == 409
    assert "Konsultaation aika on jo mennyt" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.awaiting_client


def test_someone_elses_consultation_is_404_and_denied(
    demo: dict[str, Client], expert: User, settings
) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    mine = _asked(maija, expert)
    other_client = next(
        c
        for key, c in demo.items()
        if key != "maija" and c.relationships.filter(ended_on__isnull=True).exists()
    )
    relationship = other_client.relationships.filter(ended_on__isnull=True).first()
    assert relationship is not None
    other = Consultation.objects.create(
        relationship=relationship,
        kind="kela",
        mode="remote",
        scheduled_at=mine.scheduled_at,
        agenda="Toisen asiakkaan asia",
        agreement_asked_at=timezone.now(),
        organiser=expert,
        organisation=expert.organisation,
    )
    browser = _as_client(maija, settings)
    for response in (
        browser.get(f"/oma/konsultaatiot/{other.code}/suostun/"),
        browser.post(f"/oma/konsultaatiot/{other.code}/suostun/", {"confirmed": "1"}),
        browser.post(f"/oma/konsultaatiot/{other.code}/en-suostu/", {"confirmed": "1"}),
    ):
        assert response.status_code == 404
        assert "Toisen asiakkaan asia" not in response.content.decode()
    other.refresh_from_db()
    assert other.awaiting_client
    assert (
        AccessEvent.objects.filter(
            client_code=other_client.code, allowed=False, actor_role="client", object_id=str(other.code)
        ).count()
        == 3
    )
    assert "Toisen asiakkaan asia" not in browser.get("/oma/konsultaatiot/").content.decode()


def test_a_recorded_agreement_is_not_asked_and_the_database_keeps_one_or_the_other(
    demo: dict[str, Client], expert: User
) -> None:
    with pytest.raises(InvalidInput):
        services.consultation_create(
            actor=expert,
            relationship=demo["maija"].relationships.filter(ended_on__isnull=True).first(),
            kind="kela",
            mode="remote",
            scheduled_at=timezone.now() + timedelta(days=2),
            agreed_with_client_on=timezone.localdate(),
            agreed_how=AgreedHow.PHONE,
            ask_client=True,
        )
    recorded = services.consultation_create(
        actor=expert,
        relationship=demo["maija"].relationships.filter(ended_on__isnull=True).first(),
        kind="kela",
        mode="remote",
        scheduled_at=timezone.now() + timedelta(days=2),
        agreed_with_client_on=timezone.localdate(),
        agreed_how=AgreedHow.PHONE,
    )
    assert recorded.agreement_recorded_by == expert
    assert not recorded.agreed_by_client
    with pytest.raises(IntegrityError):
        Consultation.objects.filter(pk=recorded.pk).update(agreed_by_client=True)


def test_the_professionals_see_the_answer_and_the_api_tells_it(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], expert: User, settings, verified_client
) -> None:
    maija = demo["maija"]
    consultation = _asked(maija, expert)
    assert consultation.relationship is not None
    professional = verified_client(expert)
    page_url = f"/verkostotyo/{consultation.relationship.code}/konsultaatiot/{consultation.code}/"
    page = professional.get(page_url).content.decode()
    assert "Odottaa asiakkaan suostumusta Oma Yhteispolussa" in page
    assert "Kirjaa jatkotoimi" not in page
    api_url = f"/api/v1/collaboration/{consultation.relationship.code}/consultations/{consultation.code}"
    shown = professional.get(api_url)
    assert shown.status_code == 200
    assert shown.json()["awaiting_client"] is True
    assert shown.json()["agreed_by_client"] is False
    _as_client(maija, settings).post(f"/oma/konsultaatiot/{consultation.code}/suostun/", {"confirmed": "1"})
    page = professional.get(page_url).content.decode()
    assert "asiakas antoi suostumuksensa itse Oma Yhteispolussa" in page
    assert "Kirjaa jatkotoimi" in page
