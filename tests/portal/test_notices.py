"""Her notices in Oma Yhteispolku: she agrees to notices at her e-mail address herself (audited as hers),
gets one through a real SMTP server when a to-do is added, and stops them at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as HttpClient

from tests.notices.conftest import SmtpServer, _smtp_controller, smtp_server  # noqa: F401 - the fixtures
from tests.portal.conftest import MaijaCase
from yhteispolku.audit.models import AccessEvent
from yhteispolku.collaboration.models import TodoKind
from yhteispolku.collaboration.services import client_todo_add
from yhteispolku.notices.models import NoticeAgreement

pytestmark = pytest.mark.django_db


def _as_client(maija: MaijaCase, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)}).status_code == 302
    return browser


def test_she_agrees_gets_a_notice_and_stops_them(
    maija: MaijaCase,
    settings,  # type: ignore[no-untyped-def]
    smtp_server: SmtpServer,  # noqa: F811
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    maija.client.email = "maija.m@example.fi"
    maija.client.save()
    browser = _as_client(maija, settings)
    page = browser.get("/oma/ilmoitukset/").content.decode()
    assert "maija.m@example.fi" in page
    assert "Et saa ilmoituksia tähän yhteystietoon." in page
    assert "Sinulta ei ole tallennettu tätä yhteystietoa." in page  # no phone number on record

    response = browser.post("/oma/ilmoitukset/", {"channel": "email", "agree": "1"}, follow=True)
    assert "Saat ilmoitukset tähän yhteystietoon." in response.content.decode()
    agreement = NoticeAgreement.objects.get(client=maija.client, revoked_at__isnull=True)
    assert agreement.given_by_client
    assert agreement.recorded_by is None
    event = AccessEvent.objects.filter(object_type="notices.noticeagreement", action="create").latest("id")
    assert event.actor_username == f"client:{maija.client.code}"
    assert event.client_code == maija.client.code

    with django_capture_on_commit_callbacks(execute=True):
        client_todo_add(
            actor=maija.employment_expert,
            relationship=maija.relationship,
            kind=TodoKind.CERTIFICATE,
            description="Työtodistus",
            deliver_to=maija.employment_area,
            due_on=maija.today + timedelta(days=7),
        )
    assert [mail.recipients for mail in smtp_server.received] == [["maija.m@example.fi"]]

    browser.post("/oma/ilmoitukset/", {"channel": "email", "agree": "0"})
    assert not NoticeAgreement.objects.filter(client=maija.client, revoked_at__isnull=True).exists()
    again = browser.post("/oma/ilmoitukset/", {"channel": "email", "agree": "0"})
    assert again.status_code == 409
    assert "Ilmoituksista tähän kanavaan ei ole voimassa olevaa sopimusta." in again.content.decode()
    no_phone = browser.post("/oma/ilmoitukset/", {"channel": "sms", "agree": "1"})
    assert no_phone.status_code == 400
    assert not NoticeAgreement.objects.filter(client=maija.client, channel="sms").exists()
