"""Reads of the privacy desk: finding a client among all clients, the register, and the client's log.

Only the data-protection officer uses the desk (`may_use_desk`, the test `access.relations` uses for the
DATA_PROTECTION_OFFICER relation). Every search and every reading of a log is audited with the request
reference it is made for; the log itself is read through the access policy (`authorize`, category LOG,
which requires a recorded request).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.policy import Reason
from yhteispolku.access.relations import DATA_PROTECTION_OFFICER_ROLE, dpo_clients, dpo_serves
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.selectors import CLIENT_LOG_YEARS, describe_event
from yhteispolku.audit.services import record_access, record_accesses
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import client_for_action
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.privacy.errors import DeskNotAllowed
from yhteispolku.privacy.models import AccessLogRequest

SEARCH_OBJECT_TYPE = "privacy.search"
SEARCH_LIMIT = 50
PAGE_SIZE = 50
# The policy's code for a role that is not granted the action (the desk is the DPO's alone).
NOT_DPO_REASON = Reason.NOT_GRANTED.value
# Another controller's client (no joint-controller agreement): answered like an unknown client.
OUT_OF_SCOPE_REASON = Reason.NO_RELATION.value


def recorded_references(client: Client) -> frozenset[str]:
    """The references of the client's requests in the register: what a read of the log may name."""
    return frozenset(AccessLogRequest.objects.filter(client=client).values_list("reference", flat=True))


def may_use_desk(actor: User) -> bool:
    """The desk's one question: is this the data-protection officer (an active account in that role)?"""
    return bool(actor.is_authenticated and actor.is_active and actor.role_id == DATA_PROTECTION_OFFICER_ROLE)


def require_desk(actor: User) -> None:
    if not may_use_desk(actor):
        raise DeskNotAllowed()


def looks_like_identity_code(query: str) -> bool:
    compact = query.replace(" ", "")
    return len(compact) == 11 and compact[:6].isdigit()


def search_clients(
    *, actor: User, query: str, reference: str, request: HttpRequest | None = None
) -> list[Client]:
    """Clients by identity code (exact, through the keyed lookup hash) or by name, among all clients.

    The search is logged with its request reference (never its text: it may be an identity code), and
    each client listed as a read of basic data for that request. Raises InvalidIdentityCode for a
    malformed code.
    """
    require_desk(actor)
    query = query.strip()
    by_identity_code = looks_like_identity_code(query)
    base = Client.objects.select_related("home_municipality")
    if by_identity_code:
        matches = base.with_identity_code(hetu.validate(query, allow_temporary=True))
    else:
        matches = base
        for word in query.split():
            matches = matches.filter(
                Q(last_name__icontains=word)
                | Q(first_names__icontains=word)
                | Q(calling_name__icontains=word)
            )
    # The officer's own organisation's clients, and those of joint-controller agreements in force.
    in_scope = dpo_clients(actor, matches)
    found = list(in_scope.order_by("last_name", "first_names", "pk")[:SEARCH_LIMIT])
    object_id = f"request:{reference}"
    record_access(
        actor=actor,
        action=Action.SEARCH,
        category=DataCategory.BASIC,
        purpose=Purpose.DATA_PROTECTION_REQUEST,
        allowed=True,
        object_type=SEARCH_OBJECT_TYPE,
        object_id=object_id,
        request=request,
    )
    if found:
        record_accesses(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=Purpose.DATA_PROTECTION_REQUEST,
            client_codes=[client.code for client in found],
            object_type=SEARCH_OBJECT_TYPE,
            object_id=object_id,
            request=request,
        )
    return found


def requests_by_client(clients: list[Client]) -> dict[int, list[AccessLogRequest]]:
    """The registered requests of the listed clients, newest first (one query)."""
    grouped: dict[int, list[AccessLogRequest]] = {client.pk: [] for client in clients}
    for row in AccessLogRequest.objects.filter(client__in=clients).order_by("-received_on", "-id"):
        grouped[row.client_id].append(row)
    return grouped


def open_requests(*, actor: User) -> list[AccessLogRequest]:
    """The register's open requests, the earliest answer date first (the desk's front)."""
    require_desk(actor)
    return sorted(requests_in_scope(actor), key=lambda row: (row.answer_due, row.pk))


def requests_in_scope(actor: User) -> QuerySet[AccessLogRequest]:
    """The open requests of the clients the officer works for (their register's share of the requests)."""
    return AccessLogRequest.objects.filter(
        delivered_on__isnull=True, client__in=dpo_clients(actor, Client.objects.all())
    ).select_related("client")


def client_for_desk(*, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None) -> Client:
    """A client found on the desk, to record a request for (their name is shown, as in the search).

    Anyone else's attempt is refused and logged as denied for the client.
    """
    try:
        client = Client.objects.get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError) as error:
        require_desk(actor)
        raise Http404 from error
    is_officer = may_use_desk(actor)
    in_scope = is_officer and dpo_serves(actor, client)
    record_access(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=Purpose.DATA_PROTECTION_REQUEST,
        allowed=in_scope,
        client_code=client.code,
        object_type=SEARCH_OBJECT_TYPE,
        reason="" if in_scope else (OUT_OF_SCOPE_REASON if is_officer else NOT_DPO_REASON),
        request=request,
    )
    if not is_officer:
        raise DeskNotAllowed()
    if not in_scope:
        raise Http404
    return client


def request_get(*, actor: User, pk: int, request: HttpRequest | None = None) -> AccessLogRequest:
    """A request of the register, for a client the officer works for; another controller's request is
    answered like an unknown one, and the attempt is logged for its client."""
    require_desk(actor)
    try:
        log_request = AccessLogRequest.objects.select_related("client", "recorded_by").get(pk=pk)
    except AccessLogRequest.DoesNotExist as error:
        raise Http404 from error
    if not dpo_serves(actor, log_request.client):
        record_access(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.LOG,
            purpose=Purpose.DATA_PROTECTION_REQUEST,
            allowed=False,
            client_code=log_request.client.code,
            object_type="privacy.accesslogrequest",
            object_id=f"request:{log_request.reference}",
            reason=OUT_OF_SCOPE_REASON,
            request=request,
        )
        raise Http404
    return log_request


# --- the client's log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    since: date | None = None
    until: date | None = None
    actor_id: int | None = None
    organisation: str = ""
    action: str = ""


@dataclass
class LogPage:
    log_request: AccessLogRequest
    filters: LogFilters
    page: Page[AccessEvent]
    rows: list[tuple[AccessEvent, str]]
    total: int
    # The choices of each filter with the number of entries each would show (the other filters applied).
    professionals: list[tuple[int, str, int]] = field(default_factory=list)
    organisations: list[tuple[str, int]] = field(default_factory=list)
    actions: list[tuple[str, str, int]] = field(default_factory=list)


def default_since(today: date) -> date:
    """R-LOG-1: the log view and the answer cover the last two years."""
    try:
        return today.replace(year=today.year - CLIENT_LOG_YEARS)
    except ValueError:
        return today.replace(year=today.year - CLIENT_LOG_YEARS, day=28)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _events(client_code: uuid.UUID, filters: LogFilters, today: date) -> QuerySet[AccessEvent]:
    """The client's entries in the period (an index range on client and time) and the other filters."""
    since = filters.since or default_since(today)
    events = AccessEvent.objects.filter(client_code=client_code, occurred_at__gte=_start_of(since))
    if filters.until is not None:
        events = events.filter(occurred_at__lt=_start_of(filters.until + timedelta(days=1)))
    if filters.actor_id is not None:
        events = events.filter(actor_id=filters.actor_id)
    if filters.organisation:
        events = events.filter(actor_organisation=filters.organisation)
    if filters.action:
        events = events.filter(action=filters.action)
    return events


def log_page(
    *,
    actor: User,
    log_request: AccessLogRequest,
    filters: LogFilters,
    page: int | str = 1,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> LogPage:
    """One page of the client's log for a recorded request, with the counts of each filter's choices.

    Authorised and audited as the DPO reading the log (category LOG, the request's reference). A constant
    number of queries whatever the size of the log: the client, the audit entry, one grouped count (every
    filter's choices and the total) and the page's rows.
    """
    require_desk(actor)
    today = today or timezone.localdate()
    client, _facts = client_for_action(
        actor=actor,
        code=log_request.client.code,
        action=Action.VIEW,
        category=DataCategory.LOG,
        request=request,
        request_reference=log_request.reference,
    )
    # One grouped query gives every filter's counts and the total: its rows (a few hundred at most, one per
    # professional, organisation and action in the period) are filtered here by the other filters.
    period = LogFilters(since=filters.since, until=filters.until)
    grouped = list(
        _events(client.code, period, today)
        .values("actor_id", "actor_name", "actor_username", "actor_organisation", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    names: dict[int, str] = {}
    by_professional: Counter[int] = Counter()
    by_organisation: Counter[str] = Counter()
    by_action: Counter[str] = Counter()
    total = 0
    for row in grouped:
        if row["actor_id"] is not None and _matches(row, filters, without="actor"):
            names.setdefault(row["actor_id"], row["actor_name"] or row["actor_username"])
            by_professional[row["actor_id"]] += row["n"]
        if row["actor_organisation"] and _matches(row, filters, without="organisation"):
            by_organisation[row["actor_organisation"]] += row["n"]
        if _matches(row, filters, without="action"):
            by_action[row["action"]] += row["n"]
        if _matches(row, filters):
            total += row["n"]
    events = _events(client.code, filters, today).select_related("actor").order_by("-occurred_at", "-id")
    shown = _CountedPaginator(events, PAGE_SIZE, total).get_page(page)
    return LogPage(
        log_request=log_request,
        filters=filters,
        page=shown,
        rows=[(event, describe_event(event)) for event in shown.object_list],
        total=total,
        professionals=sorted(
            ((actor_id, names[actor_id], count) for actor_id, count in by_professional.items()),
            key=lambda choice: (choice[1].casefold(), choice[0]),
        ),
        organisations=sorted(by_organisation.items(), key=lambda choice: choice[0].casefold()),
        actions=[(value, str(label), by_action[value]) for value, label in Action.choices],
    )


def _matches(row: dict[str, Any], filters: LogFilters, without: str = "") -> bool:
    """Whether a grouped row passes the filters other than `without` (the period is applied in SQL)."""
    if filters.actor_id is not None and without != "actor" and row["actor_id"] != filters.actor_id:
        return False
    if (
        filters.organisation
        and without != "organisation"
        and row["actor_organisation"] != filters.organisation
    ):
        return False
    return not (filters.action and without != "action" and row["action"] != filters.action)


class _CountedPaginator(Paginator):
    """A paginator told its count, which the grouped query has already given (one query fewer)."""

    def __init__(self, object_list: QuerySet[AccessEvent], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# --- the answer letter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterRow:
    day: date
    name: str
    organisation: str
    category: str
    action: str
    count: int


def letter_row_values(*, client: Client, today: date) -> QuerySet[AccessEvent, dict[str, Any]]:
    """The grouped rows of `letter_rows` as a query, newest day first in a total order (every grouped
    column is a sort key), so that the portal can page it with LIMIT/OFFSET without gaps or repeats."""
    return (
        AccessEvent.objects.filter(
            client_code=client.code, allowed=True, occurred_at__gte=_start_of(default_since(today))
        )
        .annotate(day=TruncDate("occurred_at"))
        .values("day", "actor_name", "actor_username", "actor_organisation", "category", "action")
        .annotate(n=Count("id"))
        .order_by("-day", "actor_name", "category", "action", "actor_username", "actor_organisation")
    )


def letter_row(row: dict[str, Any]) -> LetterRow:
    """One row of `letter_row_values` with its labels in the active language."""
    return LetterRow(
        day=row["day"],
        name=row["actor_name"] or row["actor_username"],
        organisation=row["actor_organisation"],
        category=str(DataCategory(row["category"]).label),
        action=str(Action(row["action"]).label),
        count=row["n"],
    )


def letter_rows(*, client: Client, today: date) -> list[LetterRow]:
    """Who read or changed which category of the client's data and when, over the last two years: one row
    per day, professional, organisation, category and action (allowed accesses; one query)."""
    return [letter_row(row) for row in letter_row_values(client=client, today=today)]
