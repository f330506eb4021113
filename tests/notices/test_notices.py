"""The client's notices through a real SMTP server (aiosmtpd on localhost): a content-free message once
something waits for her, only to a contact detail she agreed to, once per thing; failures retried."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404

from tests.notices.conftest import MaijaCase, SmtpServer
from yhteispolku.audit.models import AccessEvent
from yhteispolku.collaboration.models import TodoKind
from yhteispolku.collaboration.services import client_todo_add
from yhteispolku.notices import services
from yhteispolku.notices.errors import AgreementExists, NoContactDetail
from yhteispolku.notices.models import Channel, Notice
from yhteispolku.plans import services as plans
from yhteispolku.plans.models import PlanVersion

pytestmark = pytest.mark.django_db

PORTAL = "https://yhteispolku.example.fi/oma/"


def _with_contacts(maija: MaijaCase, email: str = "maija.m@example.fi", phone: str = "040 123 4567") -> None:
    maija.client.email = email
    maija.client.phone = phone
    maija.client.save()


def _add_todo(maija: MaijaCase, capture, description: str = "B-lausunto Satasairaalasta") -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        client_todo_add(
            actor=maija.employment_expert,
            relationship=maija.relationship,
            kind=TodoKind.MEDICAL_STATEMENT,
            description=description,
            deliver_to=maija.employment_area,
            due_on=maija.today + timedelta(days=14),
        )


def _assert_content_free(text: str, maija: MaijaCase) -> None:
    for private in (
        maija.client.first_names,
        maija.client.last_name,
        maija.client.identity_code,
        "Satasairaala",
        "lausunto",
        maija.employment_area.name_fi,
        "Tiina",
        str(maija.client.code),
    ):
        assert private not in text


def test_a_new_todo_sends_one_content_free_email_after_commit(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    _add_todo(maija, django_capture_on_commit_callbacks)

    assert len(smtp_server.received) == 1
    mail = smtp_server.received[0]
    assert mail.recipients == ["maija.m@example.fi"]
    assert mail.message["Subject"] == "Oma Yhteispolku"
    assert "Sinulle on uusi asia Oma Yhteispolussa" in mail.text
    assert PORTAL in mail.text
    _assert_content_free(mail.text + mail.message["Subject"], maija)
    notice = Notice.objects.get(client=maija.client)
    assert notice.sent_at is not None
    assert notice.subject.startswith("collaboration.clienttodo:")
    # Audited as the system's use of her contact detail, naming the notice and nothing of its content.
    event = AccessEvent.objects.get(client_code=maija.client.code, object_type="notices.notice")
    assert event.actor_id is None
    assert event.allowed
    assert event.object_id == f"{notice.pk}:email"


def test_nothing_is_sent_without_her_agreement(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)  # an address on record is no agreement
    _add_todo(maija, django_capture_on_commit_callbacks)
    call_command("send_notices")
    assert smtp_server.received == []
    assert not Notice.objects.exists()


def test_a_thing_is_noticed_once_and_a_new_thing_again(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    _add_todo(maija, django_capture_on_commit_callbacks)
    call_command("send_notices")
    assert services.send_waiting() == 0
    assert len(smtp_server.received) == 1
    _add_todo(maija, django_capture_on_commit_callbacks, "Työtodistus")
    call_command("send_notices")
    assert len(smtp_server.received) == 2
    assert Notice.objects.filter(client=maija.client, sent_at__isnull=False).count() == 2


def test_not_before_commit_and_not_for_a_rolled_back_change(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        try:
            with transaction.atomic():
                client_todo_add(
                    actor=maija.employment_expert,
                    relationship=maija.relationship,
                    kind=TodoKind.CERTIFICATE,
                    description="Koulutodistus",
                    deliver_to=maija.employment_area,
                    due_on=maija.today,
                )
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert smtp_server.received == []


def test_a_version_every_authority_confirmed_is_noticed_in_her_service_language(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    maija.client.service_language = "sv"
    _with_contacts(maija)
    first = maija.in_force(maija.first_version(add_services=[maija.job_coaching(), maija.kuty()]))
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    second = plans.plan_version_create(
        actor=maija.employment_expert,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={"goals": "Lönearbete"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        plans.commitment_confirm(
            actor=maija.employment_expert, version=second, organisation=maija.employment_area
        )
    assert smtp_server.received == []  # the social welfare authority has not confirmed yet
    with django_capture_on_commit_callbacks(execute=True):
        plans.commitment_confirm(actor=maija.social_worker, version=second, organisation=maija.county)
    assert len(smtp_server.received) == 1
    text = smtp_server.received[0].text
    assert "Du har något nytt i Egna Yhteispolku" in text
    assert "Sinulle" not in text
    assert PORTAL in text
    assert "Lönearbete" not in text
    assert Notice.objects.get().subject == f"plans.planversion:{PlanVersion.objects.get(pk=second.pk).code}"


def test_a_failed_send_is_logged_and_retried_once_by_the_job(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks, caplog
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    smtp_server.refuse = True
    with caplog.at_level(logging.WARNING, logger="yhteispolku.notices.services"):
        _add_todo(maija, django_capture_on_commit_callbacks)
    notice = Notice.objects.get()
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert notice.last_error == "SMTPDataError 451"
    assert "maija.m@example.fi" not in caplog.text
    assert "SMTPDataError 451" in caplog.text
    assert not AccessEvent.objects.filter(object_type="notices.notice").exists()

    smtp_server.refuse = False
    call_command("send_notices")
    call_command("send_notices")
    assert len(smtp_server.received) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.attempts == 2


def test_no_notice_after_revoking_or_to_a_changed_address(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    maija.client.email = "uusi@example.fi"  # the agreement named the old address
    maija.client.save()
    _add_todo(maija, django_capture_on_commit_callbacks)
    assert smtp_server.received == []

    services.agreement_give(client=maija.client, channel=Channel.EMAIL)  # she agrees to the new one
    services.agreement_revoke(client=maija.client, channel=Channel.EMAIL)
    _add_todo(maija, django_capture_on_commit_callbacks, "Työtodistus")
    call_command("send_notices")
    assert smtp_server.received == []


def test_only_what_began_to_wait_after_she_agreed_is_noticed(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    _add_todo(maija, django_capture_on_commit_callbacks)
    services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    call_command("send_notices")
    assert smtp_server.received == []


def test_sms_through_an_email_gateway_when_configured(
    maija: MaijaCase, smtp_server: SmtpServer, django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    _with_contacts(maija)
    services.agreement_give(client=maija.client, channel=Channel.SMS, actor=maija.employment_expert)
    _add_todo(maija, django_capture_on_commit_callbacks)
    assert smtp_server.received == []  # SMS is off by default: nothing goes out
    settings.NOTICE_SMS_BACKEND = "email"
    settings.NOTICE_SMS_EMAIL_GATEWAY = "{number}@sms.example.fi"
    # Once it is on, the job notices what waits, once; a new to-do is noticed after its commit.
    call_command("send_notices")
    call_command("send_notices")
    _add_todo(maija, django_capture_on_commit_callbacks, "Työtodistus")
    assert [mail.recipients for mail in smtp_server.received] == [["358401234567@sms.example.fi"]] * 2
    assert "Sinulle on uusi asia Oma Yhteispolussa" in smtp_server.received[0].text
    _assert_content_free(smtp_server.received[0].text, maija)


def test_agreements_need_a_contact_detail_are_once_and_a_professional_records_them_under_the_policy(
    maija: MaijaCase,
) -> None:
    _with_contacts(maija, phone="")
    with pytest.raises(NoContactDetail):
        services.agreement_give(client=maija.client, channel=Channel.SMS)
    agreement = services.agreement_give(client=maija.client, channel=Channel.EMAIL, actor=maija.social_worker)
    assert agreement.recorded_by == maija.social_worker
    assert agreement.address == "maija.m@example.fi"
    with pytest.raises(AgreementExists):
        services.agreement_give(client=maija.client, channel=Channel.EMAIL)
    with pytest.raises(Http404):
        services.agreement_revoke(client=maija.client, channel=Channel.EMAIL, actor=maija.outsider)
    assert AccessEvent.objects.filter(
        client_code=maija.client.code, object_type="notices.noticeagreement", allowed=False
    ).exists()
    revoked = services.agreement_revoke(client=maija.client, channel=Channel.EMAIL)
    assert revoked.revoked_by_client
    assert revoked.revoked_at is not None
