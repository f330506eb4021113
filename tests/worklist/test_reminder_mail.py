"""The reminders on the worklist page and the content-free e-mail notice (`remind --send`), sent once; the
header's `inbox_count` in a constant number of queries."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.worklist.conftest import Unit_
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import Phase
from yhteispolku.web.context_processors import inbox
from yhteispolku.worklist.models import Reminder
from yhteispolku.worklist.selectors import inbox_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(tym: Unit_):
    """Maija's plan review tomorrow and Mikael's mapping target passed, for the worker pair."""
    today = timezone.localdate()
    maija = tym.case(first_names="Maija")
    tym.plan(maija, made_on=today - timedelta(days=60), next_review_on=today + timedelta(days=1))
    mikael = tym.case(first_names="Mikael", phase=Phase.MAPPING, started_on=today - timedelta(days=120))
    User.objects.filter(pk=tym.employment_expert.pk).update(email="tiina@example.fi")
    User.objects.filter(pk=tym.social_worker.pk).update(email="")
    return maija, mikael


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_one_content_free_notice_per_professional_sent_once(tym: Unit_, due) -> None:
    maija, _mikael = due
    output = remind("--send")
    assert "1 e-mail notices sent" in output
    [message] = mail.outbox
    assert message.to == ["tiina@example.fi"]  # only the professional's own address
    assert message.subject == "Yhteispolku: odottavia asioita"
    assert "Sinulla on 2 odottavaa asiaa Yhteispolussa." in message.body
    assert reverse("worklist:worklist") in message.body
    for detail in (
        "Maija",
        "Mikael",
        "Meikäläinen",
        str(maija.client.code),
        "arviointi",
        "kartoitus",
        "R-TYM",
    ):
        assert detail not in message.body
        assert detail not in message.subject
    sent = set(Reminder.objects.filter(recipient=tym.employment_expert).values_list("emailed_at", flat=True))
    assert None not in sent
    # The social worker has no address: her reminders stay unsent, nothing goes elsewhere.
    assert not Reminder.objects.filter(recipient=tym.social_worker, emailed_at__isnull=False).exists()
    # Running again sends nothing.
    assert "0 e-mail notices sent" in remind("--send")
    assert len(mail.outbox) == 1
    # Without --send nothing is e-mailed.
    remind()
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_notice(tym: Unit_, due) -> None:
    User.objects.filter(pk=tym.employment_expert.pk).update(is_active=False)
    remind("--send")
    assert mail.outbox == []


def test_the_worklist_page_lists_the_reminders_of_open_items(
    tym: Unit_, due, verified_client: Callable[[User], HttpClient]
) -> None:
    maija, _mikael = due
    remind("--send")
    http = verified_client(tym.employment_expert)
    page = http.get(reverse("worklist:worklist")).content.decode()
    assert "Muistutukset (2)" in page
    assert "ilmoitettu sähköpostilla" in page
    # Done (the review moves on): the reminder goes with the item.
    maija.plan.versions.update(next_review_on=timezone.localdate() + timedelta(days=90))
    page = http.get(reverse("worklist:worklist")).content.decode()
    assert "Muistutukset (1)" in page


def _count_queries(user: User) -> tuple[int, int]:
    request = RequestFactory().get("/")
    request.user = user
    inbox_count(actor=user, today=timezone.localdate())  # rule caches warm
    with CaptureQueriesContext(connection) as captured:
        value = inbox(request)["inbox_count"]
        number = int(value)  # type: ignore[call-overload]
    return number, len(captured)


def test_inbox_count_is_overdue_and_this_week_in_constant_queries(tym: Unit_) -> None:
    today = timezone.localdate()

    def fill(count: int) -> None:
        for index in range(count):
            relationship = tym.case(first_names=f"Asiakas{index}")
            tym.plan(
                relationship, made_on=today - timedelta(days=80), next_review_on=today - timedelta(days=1)
            )

    fill(1)
    one, one_queries = _count_queries(tym.employment_expert)
    assert one == 1
    fill(9)
    assert _count_queries(tym.employment_expert) == (10, one_queries)
    fill(40)
    assert _count_queries(tym.employment_expert) == (50, one_queries)
    # Lazy: a page that does not show it pays nothing; equality and truth work as for an int.
    request = RequestFactory().get("/")
    request.user = tym.employment_expert
    with CaptureQueriesContext(connection) as captured:
        value = inbox(request)["inbox_count"]
    assert len(captured) == 0
    assert value == 50
    assert value > 0
    assert value >= 50
    assert bool(value)
    # Anyone who does not work with clients: 0 without a query.
    request.user = User(username="no-role")
    with CaptureQueriesContext(connection) as none:
        assert inbox(request)["inbox_count"] == 0
    assert len(none) == 0


def test_inbox_count_is_in_every_page_context(
    tym: Unit_, due, verified_client: Callable[[User], HttpClient]
) -> None:
    response = verified_client(tym.employment_expert).get(reverse("web:home"))
    assert response.context["inbox_count"] == 2
