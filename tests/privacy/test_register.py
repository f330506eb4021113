"""The register of access-log requests: its dates come from R-LOG-1, and bad input is refused on the form
in plain words at each boundary (received in the future, an extension without a reason, delivered before
received), in Finnish and Swedish."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.privacy.conftest import record
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.privacy import services
from yhteispolku.privacy.errors import DeskNotAllowed, RequestConflict, RequestInvalid
from yhteispolku.privacy.models import AccessLogRequest

pytestmark = pytest.mark.django_db


def form(**fields: object) -> dict[str, object]:
    return {"reference": "TSV-2026-17", "requester": "client", "representative_name": "", **fields}


def test_a_request_received_today_is_recorded_with_its_answer_date_and_audited(
    officer: User, maija: Client
) -> None:
    today = timezone.localdate()
    row = record(officer, maija, received_on=today)
    assert row.due_on >= today + timedelta(days=28)
    assert row.rule_reference == "R-LOG-1 v2018.1"
    assert AccessEvent.objects.filter(
        actor=officer,
        client_code=maija.code,
        action="create",
        category="log",
        object_id="request:TSV-2026-17",
    ).exists()


def test_a_request_received_on_a_weekend_day_month_later_is_due_on_monday(
    officer: User, maija: Client
) -> None:
    row = record(officer, maija, received_on=date(2026, 1, 15))
    assert row.due_on == date(2026, 2, 16)


def test_a_request_received_tomorrow_is_refused(officer: User, maija: Client) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(RequestInvalid) as refused:
        record(officer, maija, received_on=tomorrow)
    assert "received_on" in refused.value.error_dict
    assert not AccessLogRequest.objects.exists()


def test_a_representative_must_be_named_and_a_reference_is_used_once(officer: User, maija: Client) -> None:
    with pytest.raises(RequestInvalid) as unnamed:
        services.record_request(
            actor=officer,
            client=maija,
            data=form(requester="representative", received_on=timezone.localdate()),
        )
    assert "representative_name" in unnamed.value.error_dict
    record(officer, maija)
    with pytest.raises(RequestInvalid) as twice:
        record(officer, maija)
    assert "reference" in twice.value.error_dict


def test_only_the_data_protection_officer_records_a_request(expert: User, maija: Client) -> None:
    with pytest.raises(DeskNotAllowed):
        record(expert, maija)


def test_an_extension_needs_a_reason_and_gives_two_more_months_once(officer: User, maija: Client) -> None:
    row = record(officer, maija, received_on=date(2026, 3, 6))
    with pytest.raises(RequestInvalid) as no_reason:
        services.extend_request(actor=officer, log_request=row, reason="  ")
    assert "extension_reason" in no_reason.value.error_dict
    services.extend_request(actor=officer, log_request=row, reason="Laaja pyyntö: viiden vuoden tiedot.")
    row.refresh_from_db()
    assert row.extended_to == date(2026, 6, 8)  # 6.6.2026 is a Saturday
    assert row.answer_due == date(2026, 6, 8)
    with pytest.raises(RequestConflict):
        services.extend_request(actor=officer, log_request=row, reason="Uudelleen")


def test_delivery_on_the_day_of_receipt_is_accepted_and_the_day_before_refused(
    officer: User, maija: Client
) -> None:
    received = timezone.localdate() - timedelta(days=3)
    row = record(officer, maija, received_on=received)
    with pytest.raises(RequestInvalid) as early:
        services.deliver_request(actor=officer, log_request=row, delivered_on=received - timedelta(days=1))
    assert "delivered_on" in early.value.error_dict
    with pytest.raises(RequestInvalid):
        services.deliver_request(
            actor=officer, log_request=row, delivered_on=timezone.localdate() + timedelta(days=1)
        )
    services.deliver_request(actor=officer, log_request=row, delivered_on=received)
    row.refresh_from_db()
    assert row.delivered_on == received
    assert not row.is_open
    with pytest.raises(RequestConflict):
        services.extend_request(actor=officer, log_request=row, reason="Liian myöhään")


def test_the_form_names_a_future_receipt_in_finnish(
    officer: User, maija: Client, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(officer)
    url = reverse("privacy:request_new", kwargs={"code": maija.code})
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = http.post(url, form(received_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "Saapumispäivä ei voi olla tulevaisuudessa." in response.content.decode()
    saved = http.post(url, form(received_on=timezone.localdate().isoformat()))
    row = AccessLogRequest.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("privacy:request", kwargs={"pk": row.pk})


def test_the_request_page_refuses_an_extension_without_a_reason_and_an_early_delivery_in_swedish(
    officer: User, maija: Client, verified_client: Callable[[User], HttpClient]
) -> None:
    row = record(officer, maija, received_on=timezone.localdate() - timedelta(days=2))
    http = verified_client(officer)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    url = reverse("privacy:request", kwargs={"pk": row.pk})
    no_reason = http.post(url, {"step": "extend", "extension_reason": ""})
    early = http.post(
        url, {"step": "deliver", "delivered_on": (row.received_on - timedelta(days=1)).isoformat()}
    )
    assert no_reason.status_code == 400
    assert "Skriv skälet till förlängningen" in no_reason.content.decode()
    assert early.status_code == 400
    assert "innan begäran kom in" in early.content.decode()
    row.refresh_from_db()
    assert (row.extended_to, row.delivered_on) == (None, None)
