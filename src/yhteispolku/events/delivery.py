"""The worker behind `yhteispolku deliver-events` (docs/events.md): fan-out, signed posts, retries, parking.

One pass (`run_once`):
1. **Fan-out.** Each event not yet fanned out gets a `Delivery` for every active subscriber that wants its
   type, was created before the event happened, and whose organisation is in the client's audience on the
   event's day (`events.audience`).
2. **Delivery.** A delivery is due when it is the *head* of its (subscriber, client) queue — no pending
   delivery of the same subscriber and client has a lower sequence — its time has come and its subscriber
   is active and not parked. Each due head is posted; 2xx marks it delivered (the next event of the
   client becomes the head), anything else is logged and retried after an exponential backoff. A head
   failing for `park_attempts` attempts or `park_after` parks its subscriber: nothing more is sent to it
   until the administrator resumes it in the admin, and no other subscriber waits for it.
At least once: a post whose answer is lost is posted again; receivers deduplicate by the event's `id`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yhteispolku.events.audience import audience
from yhteispolku.events.models import LOCAL_HOSTS, Delivery, DeliveryAttempt, OutboxEvent, Subscriber

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Yhteispolku-Signature"
TIMESTAMP_HEADER = "X-Yhteispolku-Timestamp"
EVENT_ID_HEADER = "X-Yhteispolku-Event-Id"
EVENT_TYPE_HEADER = "X-Yhteispolku-Event-Type"
FAN_OUT_BATCH = 500
HEAD_BATCH = 200


@dataclass(frozen=True)
class Policy:
    """Timeouts, backoff and the parking limit; Django settings `EVENT_*` override the defaults."""

    timeout: float = 10.0  # seconds for connecting and for each read of the answer
    retry_base: float = 30.0  # the first retry after this many seconds, then doubled
    retry_max: float = 3600.0  # never waits longer than this between two attempts
    park_attempts: int = 20
    park_after: timedelta = timedelta(hours=24)
    lease: timedelta = timedelta(minutes=2)

    @classmethod
    def from_settings(cls) -> Policy:
        defaults = cls()
        return cls(
            timeout=getattr(settings, "EVENT_DELIVERY_TIMEOUT", defaults.timeout),
            retry_base=getattr(settings, "EVENT_RETRY_BASE", defaults.retry_base),
            retry_max=getattr(settings, "EVENT_RETRY_MAX", defaults.retry_max),
            park_attempts=getattr(settings, "EVENT_PARK_ATTEMPTS", defaults.park_attempts),
            park_after=getattr(settings, "EVENT_PARK_AFTER", defaults.park_after),
        )

    def backoff(self, attempts: int) -> timedelta:
        """After the n:th failed attempt: base × 2^(n-1), at most `retry_max`."""
        return timedelta(seconds=min(self.retry_max, self.retry_base * 2 ** max(0, attempts - 1)))


@dataclass
class PassResult:
    fanned_out: int = 0
    delivered: int = 0
    failed: int = 0
    parked: list[str] = field(default_factory=list)


def body_of(event: OutboxEvent) -> bytes:
    """The exact bytes posted (and signed): the payload as compact JSON with sorted keys."""
    return json.dumps(event.payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of "timestamp.body" with the subscriber's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it could carry a signed event to an address nobody configured."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST and return the status code; raises OSError (refused, reset, timed out) when there is none."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and (parts.hostname or "") in LOCAL_HOSTS):
        raise OSError("only https addresses are posted to")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked above)
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(4096)
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def fan_out(now: datetime | None = None) -> int:
    """Create the deliveries of every event not yet fanned out; returns how many events were handled."""
    handled = 0
    subscribers = list(Subscriber.objects.filter(active=True))
    while True:
        with transaction.atomic():
            # Locked, not skipped: a second worker waits and then finds them fanned out. Skipping would let
            # it fan out a client's later event while an earlier one is still being fanned out.
            waiting = (
                OutboxEvent.objects.filter(fanned_out_at__isnull=True).order_by("id").select_for_update()
            )
            events = list(waiting[:FAN_OUT_BATCH])
            if not events:
                return handled
            stamp = now or timezone.now()
            deliveries = []
            audiences: dict[tuple[Any, Any], set[int]] = {}
            for event in events:
                wanting = [
                    s
                    for s in subscribers
                    if event.event_type in s.event_types and s.created_at <= event.occurred_at
                ]
                if not wanting:
                    continue
                day = timezone.localdate(event.occurred_at)
                key = (event.client_code, day)
                if key not in audiences:
                    audiences[key] = audience(event.client_code, day)
                deliveries += [
                    Delivery(
                        event=event,
                        subscriber=s,
                        client_code=event.client_code,
                        sequence=event.sequence,
                        next_attempt_at=stamp,
                    )
                    for s in wanting
                    if s.organisation_id in audiences[key]
                ]
            Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(fanned_out_at=stamp)
            handled += len(events)


def due_heads(now: datetime) -> list[Delivery]:
    earlier = Delivery.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        client_code=OuterRef("client_code"),
        status=Delivery.Status.PENDING,
        sequence__lt=OuterRef("sequence"),
    )
    return list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=now,
            subscriber__active=True,
            subscriber__parked_at__isnull=True,
        )
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .filter(~Exists(earlier))
        .select_related("event", "subscriber")
        .order_by("event_id")[:HEAD_BATCH]
    )


def attempt(delivery: Delivery, policy: Policy, result: PassResult) -> bool:
    """Post one delivery and record the outcome; True when the receiver took it."""
    now = timezone.now()
    # The lease: only the worker whose update hits the row posts it.
    leased = (
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + policy.lease)
    )
    if not leased:
        return False
    subscriber = delivery.subscriber
    body = body_of(delivery.event)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Yhteispolku-events/1",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(subscriber.secret, timestamp, body),
        EVENT_ID_HEADER: str(delivery.event.code),
        EVENT_TYPE_HEADER: delivery.event.event_type,
    }
    started = time.monotonic()
    status_code: int | None = None
    error = ""
    try:
        status_code = post(subscriber.url, body, headers, policy.timeout)
    except (
        OSError,
        ValueError,
        http.client.HTTPException,
    ) as exc:  # refused, reset, timed out, TLS, a bad answer
        error = f"{type(exc).__name__}: {exc}"[:300]
    duration = int((time.monotonic() - started) * 1000)
    ok = status_code is not None and 200 <= status_code < 300
    if not ok and not error:
        error = f"HTTP {status_code}"
    finished = timezone.now()
    number = delivery.attempts + 1
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=finished,
            status_code=status_code,
            error=error,
            duration_ms=duration,
        )
        if ok:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.DELIVERED,
                attempts=number,
                delivered_at=finished,
                leased_until=None,
            )
            result.delivered += 1
            return True
        first_failed = delivery.first_failed_at or finished
        failures = delivery.failures + 1
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=number,
            failures=failures,
            first_failed_at=first_failed,
            next_attempt_at=finished + policy.backoff(failures),
            leased_until=None,
        )
        result.failed += 1
        if failures >= policy.park_attempts or finished - first_failed >= policy.park_after:
            reason = f"{failures} epäonnistunutta yritystä, viimeisin: {error}"[:300]
            parked = Subscriber.objects.filter(pk=subscriber.pk, parked_at__isnull=True).update(
                parked_at=finished, parked_reason=reason
            )
            if parked:
                result.parked.append(subscriber.name)
                logger.warning("Event subscriber %s parked after %s failed attempts", subscriber.pk, number)
    return False


def deliver_due(policy: Policy, *, deadline: float | None = None) -> PassResult:
    """Post every due head, then the heads that became due by those deliveries, until none is due."""
    result = PassResult()
    failing: set[int] = set()
    while True:
        heads = due_heads(timezone.now())
        if not heads:
            return result
        progressed = False
        for delivery in heads:
            if delivery.subscriber_id in failing:
                # The receiver failed a moment ago: spare it this pass's other posts (not counted).
                continue
            if attempt(delivery, policy, result):
                progressed = True
            else:
                failing.add(delivery.subscriber_id)
        if not progressed or (deadline is not None and time.monotonic() > deadline):
            return result


def run_once(policy: Policy | None = None, *, deadline: float | None = None) -> PassResult:
    policy = policy or Policy.from_settings()
    fanned = fan_out()
    result = deliver_due(policy, deadline=deadline)
    result.fanned_out = fanned
    return result


def resume(subscriber: Subscriber) -> int:
    """The administrator resumes a parked subscriber: its waiting deliveries are due now, counted afresh.
    Returns how many deliveries wait."""
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(parked_at=None, parked_reason="")
        return Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
            failures=0, first_failed_at=None, next_attempt_at=timezone.now(), leased_until=None
        )
