"""The answer date of an open access-log request is on the DPO's worklist and front page, and in the header's
count once due this week; a delivered request leaves them. Other professionals never see it."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.privacy.conftest import record
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.privacy import services
from yhteispolku.worklist.selectors import collect, inbox_count

pytestmark = pytest.mark.django_db


def test_the_answer_date_is_on_the_officers_worklist_until_delivered(
    officer: User, expert: User, maija: Client, verified_client: Callable[[User], HttpClient]
) -> None:
    today = timezone.localdate()
    row = record(officer, maija, received_on=today - timedelta(days=40))  # overdue
    worklist, _relations, _shown = collect(actor=officer, today=today)
    assert [item.label for item in worklist.overdue] == [f"Vastaa lokitietopyyntöön {row.reference}"]
    assert worklist.overdue[0].due_on == row.due_on
    assert inbox_count(actor=officer, today=today) == 1
    assert collect(actor=expert, today=today)[0].items == []

    http = verified_client(officer)
    page = http.get(reverse("worklist:worklist")).content.decode()
    assert f"Vastaa lokitietopyyntöön {row.reference}" in page
    assert reverse("privacy:request", kwargs={"pk": row.pk}) in page
    assert AccessEvent.objects.filter(
        actor=officer,
        client_code=maija.code,
        object_type="worklist.dueitem",
        purpose="data_protection_request",
    ).exists()
    home = http.get(reverse("web:home")).content.decode()
    assert "Vastaa lokitietopyyntöihin – 1" in home

    services.deliver_request(actor=officer, log_request=row, delivered_on=today)
    assert collect(actor=officer, today=today)[0].items == []
