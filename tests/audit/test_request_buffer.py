"""One audit write per request: the entries of a request are collected and written together at its end,
except that a write's allowed entry goes with the write's transaction and a denial outlives a rollback."""

import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from yhteispolku.accounts.models import User
from yhteispolku.audit.middleware import AuditWriteMiddleware
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.services import one_write_per_request, record_access, record_accesses
from yhteispolku.audit.verification import verify_chain

CLIENTS = [uuid.UUID(int=number, version=4) for number in range(1, 6)]


def audit_inserts(captured: CaptureQueriesContext) -> int:
    return sum(1 for query in captured if query["sql"].startswith('INSERT INTO "audit_accessevent"'))


def read(actor: User, client: uuid.UUID, *, allowed: bool = True) -> None:
    record_access(
        actor=actor,
        action="view",
        category="health",
        purpose="tym_joint_work",
        allowed=allowed,
        reason="" if allowed else "no_relation",
        client_code=client,
    )


@pytest.mark.django_db
def test_a_requests_entries_are_written_together_when_it_ends(sanna: User) -> None:
    with CaptureQueriesContext(connection) as captured, one_write_per_request():
        for client in CLIENTS[:3]:
            read(sanna, client)
        record_accesses(actor=sanna, action="view", category="basic", purpose="other", client_codes=CLIENTS)
        read(sanna, CLIENTS[4], allowed=False)
        assert not AccessEvent.objects.exists()

    assert audit_inserts(captured) == 1
    assert AccessEvent.objects.count() == 9
    assert verify_chain().checked == 9


@pytest.mark.django_db
def test_a_writes_entry_is_rolled_back_with_it_but_a_denial_is_kept(sanna: User) -> None:
    written_inside: list[bool] = []

    def failing_write() -> None:
        with transaction.atomic():
            read(sanna, CLIENTS[0])
            # Written at once, inside the write's transaction.
            written_inside.append(AccessEvent.objects.filter(client_code=CLIENTS[0]).exists())
            read(sanna, CLIENTS[1], allowed=False)
            raise RuntimeError("the write failed")

    with one_write_per_request():
        with pytest.raises(RuntimeError):
            failing_write()
        assert not AccessEvent.objects.exists()

    assert written_inside == [True]

    assert list(AccessEvent.objects.values_list("client_code", "allowed")) == [(CLIENTS[1], False)]
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_entries_are_written_when_the_view_fails_and_before_the_response_leaves(sanna: User) -> None:
    def failing_view(request: HttpRequest) -> HttpResponse:
        read(sanna, CLIENTS[0])
        raise ValueError("the view failed")

    def view(request: HttpRequest) -> HttpResponse:
        read(sanna, CLIENTS[1])
        return HttpResponse(str(AccessEvent.objects.count()))

    with pytest.raises(ValueError, match="the view failed"):
        AuditWriteMiddleware(failing_view)(RequestFactory().get("/"))
    response = AuditWriteMiddleware(view)(RequestFactory().get("/"))

    assert response.content == b"1"  # the failed request's entry; this one's is written after the view
    assert list(AccessEvent.objects.order_by("id").values_list("client_code", flat=True)) == CLIENTS[:2]


@pytest.mark.django_db
def test_outside_a_request_every_call_writes_at_once(sanna: User) -> None:
    read(sanna, CLIENTS[0])

    assert AccessEvent.objects.filter(client_code=CLIENTS[0]).exists()
