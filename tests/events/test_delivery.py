"""`deliver-events` against a real receiver process: audience, signature, order, retries, parking."""

import hashlib
import hmac
import itertools
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client as HttpClient
from django.utils import timezone

from tests.access.conftest import new_client
from tests.assessments.conftest import Team, team
from tests.events.conftest import QUICK, SECRET, Receiver, drain, start_receiver, subscribe
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import TeamMember
from yhteispolku.clients.models import Client
from yhteispolku.events import services as events
from yhteispolku.events.delivery import body_of, resume, run_once, sign
from yhteispolku.events.models import Delivery, DeliveryAttempt, EventType, OutboxEvent, Subscriber
from yhteispolku.organisations.models import Organisation

__all__ = ["team"]
pytestmark = pytest.mark.django_db


def emit(client: Client, n: int = 1, occurred_at: object = None) -> list[OutboxEvent]:
    """Events as a service writes them (in a transaction), here consent revocations with made-up codes."""
    written = []
    for _ in range(n):
        with transaction.atomic():
            written.append(
                events.record(
                    EventType.CONSENT_REVOKED,
                    client_code=client.code,
                    occurred_at=occurred_at,  # type: ignore[arg-type]
                    consent=uuid.uuid4(),
                    purpose="tym_joint_work",
                    revoked_by_client=False,
                )
            )
    return written


def delivered_clients(subscriber: Subscriber) -> set[uuid.UUID]:
    return set(Delivery.objects.filter(subscriber=subscriber).values_list("client_code", flat=True))


def test_a_subscriber_receives_only_the_clients_its_organisation_may_see(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    """The client is registered and served by the employment area, with the county's and Kela's
    professionals on the case team; Keusote has nothing to do with her (docs/events.md)."""
    receiver = start_receiver(receivers, tmp_path)
    keusote = Organisation.objects.get(slug="keusote")
    subscribers = {
        org.slug: subscribe(org, receiver.url)
        for org in (team.employment_area, team.county, team.kela, keusote)
    }
    Subscriber.objects.update(created_at=timezone.now() - timedelta(days=10))
    keusote_client = new_client(keusote)
    # Kela's advisor left the team yesterday: Kela sees the event of five days ago, not today's.
    TeamMember.objects.filter(user=team.kela_advisor).update(left_on=timezone.localdate() - timedelta(days=1))
    earlier = emit(team.client, occurred_at=timezone.now() - timedelta(days=5))[0]
    today = emit(team.client)[0]
    emit(keusote_client)
    drain()
    assert delivered_clients(subscribers["satakunta-employment-area"]) == {team.client.code}
    assert delivered_clients(subscribers["satakunta-wellbeing-county"]) == {team.client.code}
    assert delivered_clients(subscribers["keusote"]) == {keusote_client.code}
    kela = Delivery.objects.filter(subscriber=subscribers["kela"])
    assert [d.event_id for d in kela] == [earlier.pk]
    assert not kela.filter(event=today).exists()
    received = {(entry["body"]["client"], entry["body"]["id"]) for entry in receiver.received()}
    assert (str(today.client_code), str(today.code)) in received
    assert all(d.status == Delivery.Status.DELIVERED for d in Delivery.objects.all())


def test_a_subscriber_gets_only_its_event_types_and_nothing_from_before_it_existed(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    receiver = start_receiver(receivers, tmp_path)
    before = emit(team.client, occurred_at=timezone.now() - timedelta(minutes=5))[0]
    subscriber = subscribe(team.employment_area, receiver.url, types=[EventType.CONSENT_REVOKED])
    other_types = subscribe(team.employment_area, receiver.url, types=[EventType.TRACK_CLOSED])
    after = emit(team.client)[0]
    drain()
    assert [d.event_id for d in Delivery.objects.filter(subscriber=subscriber)] == [after.pk]
    assert not Delivery.objects.filter(subscriber=other_types).exists()
    assert not Delivery.objects.filter(event=before).exists()


def test_the_signature_verifies_over_timestamp_and_body(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    receiver = start_receiver(receivers, tmp_path)
    subscribe(team.employment_area, receiver.url)
    event = emit(team.client)[0]
    drain()
    [entry] = receiver.received()
    assert entry["signature_ok"] is True
    assert entry["event_id"] == str(event.code)
    assert entry["body"] == event.payload
    # The scheme as docs/events.md states it: HMAC-SHA256 over "timestamp.body", hex, "sha256=" prefix.
    body = body_of(event)
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert sign(SECRET, "1700000000", body) == f"sha256={expected}"
    assert sign(SECRET, "1700000001", body) != sign(SECRET, "1700000000", body)


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    receiver = start_receiver(receivers, tmp_path)
    subscriber = subscribe(team.employment_area, receiver.url)
    Subscriber.objects.filter(pk=subscriber.pk).update(secret="another-secret-" + "x" * 30)
    emit(team.client)
    run_once(QUICK)
    delivery = Delivery.objects.get(subscriber=subscriber)
    assert delivery.status == Delivery.Status.PENDING
    assert [(a.status_code, a.error) for a in delivery.log.all()] == [(401, "HTTP 401")]


def test_a_killed_receiver_loses_nothing_and_gets_each_client_in_order(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    """The done-when of issue 17: the receiver is killed (SIGKILL) in the middle of the deliveries and
    started again; every event arrives once or more, each client's in order, none lost."""
    receiver = start_receiver(receivers, tmp_path)
    subscribe(team.employment_area, receiver.url)
    others = [new_client(team.employment_area) for _ in range(3)]
    written: list[OutboxEvent] = []
    for _round in range(15):  # interleaved: a, b, c, d, a, b, c, d, ...
        for client in (team.client, *others):
            written += emit(client)
    patient = replace(QUICK, park_attempts=10_000)

    killed = threading.Event()

    def kill_midway() -> None:
        while len(receiver.received()) < 20:
            time.sleep(0.002)
        receiver.kill()
        killed.set()

    killer = threading.Thread(target=kill_midway, daemon=True)
    killer.start()
    deadline = time.monotonic() + 30
    while not killed.is_set() and time.monotonic() < deadline:
        run_once(patient)
    assert killed.is_set(), "the receiver was never killed"
    for _ in range(20):  # the receiver is down: posts fail and are retried with backoff
        run_once(patient)
        time.sleep(0.01)
    refused = DeliveryAttempt.objects.exclude(error="")
    assert refused.exists(), "no post failed while the receiver was down"
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
    receiver.start()
    drain(patient)

    received = receiver.received()
    assert {entry["event_id"] for entry in received} == {str(e.code) for e in written}, "an event was lost"
    assert all(entry["signature_ok"] for entry in received)
    for client in (team.client, *others):
        sequences = [
            entry["body"]["sequence"] for entry in received if entry["body"]["client"] == str(client.code)
        ]
        # Once or more (a post cut by the kill comes again), never a later event before an earlier one.
        assert sequences == sorted(sequences)
        assert sorted(set(sequences)) == list(range(1, 16))
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


def test_a_receiver_failing_forever_is_backed_off_then_parked_without_blocking_another_subscriber(
    team: Team,
    receivers: list[Receiver],
    tmp_path: Path,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    failing_receiver = start_receiver(receivers, tmp_path, mode="fail")
    good_receiver = start_receiver(receivers, tmp_path)
    failing = subscribe(team.employment_area, failing_receiver.url, name="Rikki")
    good = subscribe(team.county, good_receiver.url, name="Kunnossa")
    first, *later = emit(team.client, 3)
    deadline = time.monotonic() + 20
    while Subscriber.objects.get(pk=failing.pk).parked_at is None and time.monotonic() < deadline:
        run_once(QUICK)
        time.sleep(0.005)
    failing.refresh_from_db()
    assert failing.parked_at is not None
    assert "HTTP 500" in failing.parked_reason
    head = Delivery.objects.get(subscriber=failing, event=first)
    attempts = list(head.log.all())
    assert [a.status_code for a in attempts] == [500] * QUICK.park_attempts
    # Exponential backoff: each wait at least the policy's for that failure.
    for number, (previous, following) in enumerate(itertools.pairwise(attempts), start=1):
        assert following.at - previous.at >= QUICK.backoff(number)
    # The client's later events waited behind the failing one and were never posted to it.
    assert not DeliveryAttempt.objects.filter(
        delivery__subscriber=failing, delivery__event__in=later
    ).exists()
    assert len(failing_receiver.received()) == QUICK.park_attempts
    # The other subscriber had everything, in order, meanwhile.
    assert [entry["body"]["sequence"] for entry in good_receiver.received()] == [1, 2, 3]
    assert not Delivery.objects.filter(subscriber=good, status=Delivery.Status.PENDING).exists()

    # Parked: nothing more is posted to it, and the administrator sees it.
    run_once(QUICK)
    assert len(failing_receiver.received()) == QUICK.park_attempts
    administrator = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    admin = verified_client(administrator)
    page = admin.get("/hallinta/events/subscriber/?parked=yes").content.decode()
    assert "Rikki" in page
    assert "HTTP 500" in page
    assert "Kunnossa" not in page

    # Resumed from the admin: posted again at once, counted afresh.
    response = admin.post(
        "/hallinta/events/subscriber/",
        {"action": "resume_delivery", "_selected_action": [failing.pk]},
    )
    assert response.status_code == 302
    failing.refresh_from_db()
    assert failing.parked_at is None
    run_once(QUICK)
    head.refresh_from_db()
    assert (head.attempts, head.failures) == (QUICK.park_attempts + 1, 1)


def test_resuming_delivers_what_waited_in_order(
    team: Team, receivers: list[Receiver], tmp_path: Path
) -> None:
    receiver = start_receiver(receivers, tmp_path)
    subscriber = subscribe(team.employment_area, receiver.url)
    Subscriber.objects.filter(pk=subscriber.pk).update(parked_at=timezone.now(), parked_reason="test")
    emit(team.client, 4)
    run_once(QUICK)
    assert receiver.received() == []
    assert resume(Subscriber.objects.get(pk=subscriber.pk)) == 4
    drain()
    assert [entry["body"]["sequence"] for entry in receiver.received()] == [1, 2, 3, 4]


def test_the_command_runs_one_pass(team: Team, receivers: list[Receiver], tmp_path: Path) -> None:
    receiver = start_receiver(receivers, tmp_path)
    subscribe(team.employment_area, receiver.url)
    emit(team.client, 2)
    call_command("deliver_events", "--once")
    assert [entry["body"]["sequence"] for entry in receiver.received()] == [1, 2]


def test_only_https_webhooks_outside_development(team: Team, settings: object) -> None:
    from django.core.exceptions import ValidationError

    settings.TESTING = False  # type: ignore[attr-defined]
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="https"):
        subscribe(team.employment_area, "http://127.0.0.1:8000/events")
    with pytest.raises(ValidationError, match="https"):
        subscribe(team.employment_area, "http://receiver.example/events")
    assert subscribe(team.employment_area, "https://receiver.example/events").pk
    with pytest.raises(ValidationError):
        subscribe(
            team.employment_area, "https://receiver.example/events", types=["referral.sent", "nonsense"]
        )


def test_the_administrator_adds_a_subscriber_and_bad_input_is_explained(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    administrator = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    admin = verified_client(administrator)
    kela = Organisation.objects.get(slug="kela")
    form = {
        "organisation": kela.pk,
        "name": "Kelan järjestelmä",
        "url": "http://kela.example/events",
        "secret": "s" * 40,
        "event_types": [EventType.REFERRAL_SENT, EventType.CONSENT_REVOKED],
        "active": "on",
    }
    page = admin.post("/hallinta/events/subscriber/add/", form).content.decode()
    assert "Webhookin osoitteen on oltava https-osoite." in page
    page = admin.post(
        "/hallinta/events/subscriber/add/", {**form, "url": "https://kela.example/events", "event_types": []}
    ).content.decode()
    assert "Valitse vähintään yksi tapahtumatyyppi." in page
    assert not Subscriber.objects.exists()
    response = admin.post("/hallinta/events/subscriber/add/", {**form, "url": "https://kela.example/events"})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.organisation, subscriber.event_types) == (kela, ["referral.sent", "consent.revoked"])
    assert subscriber.secret == "s" * 40
