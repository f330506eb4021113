"""The measurements of `bench.run`: page times, audit overhead, query counts and chain verification.

Needs Django set up and the benchmark data generated (`bench.synthetic`).
"""

from __future__ import annotations

import math
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client as HttpClient
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from yhteispolku.access.relations import reachable_clients
from yhteispolku.accounts.models import User
from yhteispolku.audit import services as audit_services
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.verification import verify_chain
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, Track
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.core.categories import Action, DataCategory, Purpose

AUDIT_FUNCTIONS = ("record_access", "record_accesses")
ORIGINALS: dict[str, Callable[..., Any]] = {name: getattr(audit_services, name) for name in AUDIT_FUNCTIONS}
ORIGINAL_APPEND = audit_services._append


@dataclass
class Samples:
    """Durations in seconds of repeated runs of one thing."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        # Nearest rank: with 30 samples this is the second slowest, not an interpolation.
        ordered = sorted(self.values)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def summary(self, unit: float = 1e3, digits: int = 2) -> dict[str, float]:
        return {
            "median": round(self.median * unit, digits),
            "p95": round(self.p95 * unit, digits),
            "n": len(self.values),
        }


class AuditPatch:
    """Replace record_access and record_accesses wherever the application imported them.

    "timed" wraps them, adding up the time spent inside per request, and the request's one write of its
    entries at its end (`audit.services._append`, called by the audit middleware); "noop" makes them do
    nothing, for a benchmark-only comparison of the same page without audit writes. Never used outside
    bench/.
    """

    def __init__(self, mode: str) -> None:
        assert mode in ("timed", "noop")
        self.mode = mode
        self.seconds = 0.0
        self.entries = 0
        self._patched: list[tuple[ModuleType, str]] = []
        self._depth = 0

    def reset(self) -> None:
        self.seconds, self.entries = 0.0, 0

    def _replacement(self, name: str) -> Callable[..., Any]:
        original = ORIGINALS[name]

        def noop(**kwargs: Any) -> None:
            return None

        def timed(**kwargs: Any) -> Any:
            if name == "record_accesses":
                kwargs["client_codes"] = list(kwargs["client_codes"])
            started = time.perf_counter()
            self._depth += 1
            try:
                return original(**kwargs)
            finally:
                self._depth -= 1
                self.seconds += time.perf_counter() - started
                self.entries += len(kwargs["client_codes"]) if name == "record_accesses" else 1

        return timed if self.mode == "timed" else noop

    def _timed_append(self, events: list[Any]) -> None:
        started = time.perf_counter()
        try:
            ORIGINAL_APPEND(events)
        finally:
            if self._depth == 0:  # not already counted inside a record_access(es) call
                self.seconds += time.perf_counter() - started

    def __enter__(self) -> AuditPatch:
        for module in list(sys.modules.values()):
            if not getattr(module, "__name__", "").startswith("yhteispolku."):
                continue
            for name in AUDIT_FUNCTIONS:
                if getattr(module, name, None) is ORIGINALS[name]:
                    setattr(module, name, self._replacement(name))
                    self._patched.append((module, name))
        if self.mode == "timed":
            audit_services._append = self._timed_append  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        for module, name in self._patched:
            setattr(module, name, ORIGINALS[name])
        self._patched.clear()
        audit_services._append = ORIGINAL_APPEND  # type: ignore[assignment]


def signed_in(user: User) -> HttpClient:
    """A browser past password and TOTP, as tests/conftest.py's verified_client makes one."""
    http = HttpClient()
    http.force_login(user, backend="yhteispolku.accounts.backends.ProfessionalBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return http


@dataclass(frozen=True)
class Page:
    name: str
    urls: list[str]


def _get(http: HttpClient, url: str) -> None:
    response = http.get(url)
    if response.status_code != 200:
        raise AssertionError(f"GET {url} answered {response.status_code}")


class SqlTimer:
    """The time the request spent inside the database driver's `execute` (the statements' round trips and
    the database's work; turning rows into Python objects is the application's)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def time_page(
    http: HttpClient,
    page: Page,
    repetitions: int,
    warmup: int,
    audit: AuditPatch | None = None,
    sql: Samples | None = None,
) -> tuple[Samples, Samples, list[int]]:
    """Total time per request and, with a timed AuditPatch, the part spent in audit writes; with `sql`,
    each request's time inside the database driver."""
    for index in range(warmup):
        _get(http, page.urls[index % len(page.urls)])
    totals, audits, entries = Samples(), Samples(), []
    for index in range(repetitions):
        if audit is not None:
            audit.reset()
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            _get(http, page.urls[index % len(page.urls)])
            totals.values.append(time.perf_counter() - started)
        if sql is not None:
            sql.values.append(timer.seconds)
        if audit is not None:
            audits.values.append(audit.seconds)
            entries.append(audit.entries)
    return totals, audits, entries


def count_queries(http: HttpClient, url: str) -> dict[str, int]:
    _get(http, url)  # the first request of a session also rewrites it (idle-timeout bookkeeping)
    with CaptureQueriesContext(connection) as captured:
        _get(http, url)
    counts = {"total": 0, "select": 0, "audit_insert": 0, "chain_head": 0, "other_write": 0, "transaction": 0}
    for query in captured.captured_queries:
        sql = query["sql"].lstrip().upper()
        counts["total"] += 1
        if "AUDIT_CHAINHEAD" in sql:
            counts["chain_head"] += 1  # the lock and the update of the chain head, two per audit write
        elif sql.startswith("SELECT"):
            counts["select"] += 1
        elif sql.startswith("INSERT") and "AUDIT_ACCESSEVENT" in sql:
            counts["audit_insert"] += 1
        elif sql.startswith(("INSERT", "UPDATE", "DELETE")):
            counts["other_write"] += 1
        else:
            counts["transaction"] += 1  # BEGIN, SAVEPOINT, RELEASE, COMMIT
    return counts


@dataclass
class Subject:
    """The professional with 150 clients, and some of their clients to open."""

    user: User
    reachable: int
    client_codes: list[uuid.UUID]
    # Their TYM relationships (the plan page's address).
    relationship_codes: list[uuid.UUID]
    last_name: str
    identity_code: str


def subject(username: str) -> Subject:
    user = User.objects.select_related("organisation", "role").get(username=username)
    reachable = reachable_clients(user, Client.objects.all())
    clients = list(reachable.order_by("last_name", "first_names", "pk")[:20])
    first = clients[0]
    code = first.identity_code or ""
    try:
        hetu.validate(code, allow_temporary=True)
    except Exception as error:
        raise SystemExit(
            "the identity codes in this database do not decrypt with this installation's keys: it was "
            "generated with another SECRET_KEY / FIELD_ENCRYPTION_SALTS (YHTEISPOLKU_VAR_DIR); "
            "use the same ones or a fresh database"
        ) from error
    return Subject(
        user=user,
        reachable=reachable.count(),
        client_codes=[client.code for client in clients],
        relationship_codes=list(
            ClientRelationship.objects.filter(client__in=clients, track=Track.TYM)
            .exclude(phase=Phase.REFERRAL)
            .order_by("client__last_name", "client__first_names", "client_id")
            .values_list("code", flat=True)
        ),
        last_name=first.last_name,
        identity_code=code,
    )


def pages(who: Subject) -> list[Page]:
    listing = reverse("clients:list")
    return [
        Page("client list (50 of 150 shown)", [listing]),
        Page(
            "client detail",
            [reverse("clients:detail", kwargs={"code": code}) for code in who.client_codes],
        ),
        Page(
            "journal category (employment)",
            [
                reverse("clients:category", kwargs={"code": code, "category": "employment"})
                for code in who.client_codes
            ],
        ),
        Page("search by name", [f"{listing}?q={who.last_name}"]),
        Page("search by identity code", [f"{listing}?q={who.identity_code}"]),
        # Every due item of the 150 clients' cases (issue 5): all registered sources, one page.
        Page("worklist (150-client caseload)", [reverse("worklist:worklist")]),
        Page("case page (TYM)", [reverse("cases:detail", kwargs={"code": c}) for c in who.client_codes]),
        Page(
            "plan page",
            [reverse("plans:detail", kwargs={"relationship_code": code}) for code in who.relationship_codes],
        ),
    ]


def measure_pages(who: Subject, repetitions: int, warmup: int) -> dict[str, Any]:
    http = signed_in(who.user)
    results: dict[str, Any] = {}
    for page in pages(who):
        sql = Samples()
        with AuditPatch("timed") as timed:
            totals, audits, entries = time_page(http, page, repetitions, warmup, timed, sql)
        with AuditPatch("noop") as noop:
            without, _unused, _entries = time_page(http, page, repetitions, warmup, noop)
        shares = [audit / total for audit, total in zip(audits.values, totals.values, strict=True)]
        results[page.name] = {
            "ms": totals.summary(),
            "sql_ms": sql.summary(),
            # The page's time against its own SQL time, request by request (issue 15: at most 2).
            "ratio_to_sql_median": round(
                statistics.median(t / q for t, q in zip(totals.values, sql.values, strict=True) if q), 2
            ),
            "audit_write_ms": audits.summary(),
            "audit_share_median": round(statistics.median(shares), 3),
            "audit_entries_per_request": statistics.median(entries),
            "ms_with_audit_as_noop": without.summary(),
        }
    return results


def measure_record_access(who: Subject, calls: int, batches: int) -> dict[str, Any]:
    code = who.client_codes[0]
    single = Samples()
    for _ in range(calls):
        started = time.perf_counter()
        audit_services.record_access(
            actor=who.user,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=Purpose.TYM_JOINT_WORK,
            allowed=True,
            client_code=code,
            object_type="bench",
        )
        single.values.append(time.perf_counter() - started)
    codes = list(Client.objects.order_by("pk").values_list("code", flat=True)[:50])
    batch = Samples()
    for _ in range(batches):
        started = time.perf_counter()
        audit_services.record_accesses(
            actor=who.user,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=Purpose.TYM_JOINT_WORK,
            client_codes=codes,
            object_type="bench",
        )
        batch.values.append(time.perf_counter() - started)
    return {
        "record_access_us": single.summary(unit=1e6, digits=0),
        "record_accesses_50_ms": batch.summary(),
        "record_accesses_50_us_per_entry": round(batch.median / len(codes) * 1e6, 0),
    }


def measure_queries(usernames: dict[int, str], who: Subject) -> dict[str, Any]:
    listing = reverse("clients:list")
    results: dict[str, Any] = {}
    for _caseload, name in sorted(usernames.items()):
        user = User.objects.get(username=name)
        reachable = reachable_clients(user, Client.objects.all()).count()
        results[f"client list, {reachable} clients"] = count_queries(signed_in(user), listing)
    for _caseload, name in sorted(usernames.items()):
        user = User.objects.get(username=name)
        reachable = reachable_clients(user, Client.objects.all()).count()
        results[f"worklist, {reachable} clients"] = count_queries(
            signed_in(user), reverse("worklist:worklist")
        )
    http = signed_in(who.user)
    for page in pages(who)[1:-1]:
        results[page.name] = count_queries(http, page.urls[0])
    return results


def measure_verify_chain() -> dict[str, Any]:
    started = time.perf_counter()
    result = verify_chain()
    elapsed = time.perf_counter() - started
    return {
        "entries": result.checked,
        "seconds": round(elapsed, 2),
        "entries_per_second": round(result.checked / elapsed),
        "intact": result.is_intact,
    }


def data_counts() -> dict[str, int]:
    return {
        "clients": Client.objects.count(),
        "professionals": User.objects.exclude(role=None).count(),
        "relationships": ClientRelationship.objects.count(),
        "team members": TeamMember.objects.count(),
        "consents": Consent.objects.count(),
        "journal entries": JournalEntry.objects.count(),
        "audit entries": AccessEvent.objects.count(),
    }


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


@contextmanager
def testserver_allowed() -> Iterator[None]:
    """The test client calls itself `testserver`; let it in for the benchmark only. And count the header's
    inbox as production does, at most once a minute per user (the test mode that `bench.run` sets counts
    it on every page, which would add a whole worklist to each page measured)."""
    before = settings.ALLOWED_HOSTS
    settings.ALLOWED_HOSTS = [*before, "testserver"]
    try:
        with override_settings(INBOX_COUNT_CACHE_SECONDS=60):
            yield
    finally:
        settings.ALLOWED_HOSTS = before
