"""Reads of client data. Each one goes through the access policy and leaves audit entries."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import (
    MANAGER_ROLES,
    ActiveConsent,
    Relation,
    RelationFacts,
    can_work_with_clients,
    reachable_clients,
    relation_facts,
)
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access, record_accesses
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import (
    BENEFIT_CATEGORIES,
    BENEFIT_PERIOD_OBJECT_TYPE,
    JOURNAL_OBJECT_TYPE,
    BenefitPeriod,
    Client,
    Consent,
    JournalEntry,
    WithheldFromClient,
)
from yhteispolku.core.categories import Action, DataCategory, Purpose

LIST_LIMIT = 50


def _client_or_404(code: uuid.UUID | str) -> Client:
    try:
        return Client.objects.select_related("home_municipality", "recorded_by").get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class ClientView:
    """A client as one actor may see it: the row, the facts and which categories are visible."""

    client: Client
    facts: RelationFacts
    visible: frozenset[DataCategory]

    def can(self, actor: User, action: Action, category: DataCategory, object_type: str = "") -> bool:
        owner = self.client.recorded_by_id if category == DataCategory.BASIC else None
        return decide(
            actor=actor,
            action=action,
            category=category,
            facts=self.facts,
            owner_organisation_id=owner,
            object_type=object_type,
        ).allowed


# Sections other apps add to the client page (the tracks and their links, say): registered at start-up by
# the apps above this one, which this app does not import (docs/architecture.md).
ClientSection = Callable[[User, ClientView, "HttpRequest | None"], object]
_client_sections: dict[str, ClientSection] = {}


def register_client_section(name: str, provide: ClientSection) -> None:
    """`name` is the template variable the client page reads the section from."""
    _client_sections[name] = provide


def client_sections(
    actor: User, view: ClientView, request: HttpRequest | None, only: tuple[str, ...] | None = None
) -> dict[str, object]:
    """The registered sections (or `only` those named), each computed by its own app's checks."""
    return {
        name: provide(actor, view, request)
        for name, provide in _client_sections.items()
        if only is None or name in only
    }


def client_get(*, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None) -> ClientView:
    """A client's basic data; 404 for a client the actor has no relation to (existence is not revealed)."""
    client = _client_or_404(code)
    facts = relation_facts(actor=actor, client=client)
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        facts=facts,
        object_type="clients.client",
        object_id=str(client.code),
    )
    visible = frozenset(
        category
        for category in DataCategory
        if category != DataCategory.LOG
        # The sections on the client page are journal entries: ask as the journal page will.
        and decide(
            actor=actor, action=Action.VIEW, category=category, facts=facts, object_type=JOURNAL_OBJECT_TYPE
        ).allowed
    )
    return ClientView(client=client, facts=facts, visible=visible)


def client_for_action(
    *,
    actor: User,
    code: uuid.UUID | str,
    action: Action,
    category: DataCategory,
    request: HttpRequest | None = None,
    request_reference: str = "",
) -> tuple[Client, RelationFacts]:
    """Load a client for an action on one category, authorising (and auditing) that action."""
    client = _client_or_404(code)
    facts = relation_facts(actor=actor, client=client)
    authorize(
        actor=actor,
        action=action,
        category=category,
        client=client,
        request=request,
        facts=facts,
        owner_organisation_id=client.recorded_by_id if category == DataCategory.BASIC else None,
        object_type="clients.client",
        object_id=str(client.code),
        request_reference=request_reference,
    )
    return client, facts


def journal_entries(
    *,
    actor: User,
    client: Client,
    category: DataCategory,
    facts: RelationFacts | None = None,
    action: Action = Action.VIEW,
    request: HttpRequest | None = None,
) -> QuerySet[JournalEntry]:
    """One category of a client's journal, when the policy allows it for this actor."""
    authorize(
        actor=actor,
        action=action,
        category=category,
        client=client,
        request=request,
        facts=facts,
        object_type=JOURNAL_OBJECT_TYPE,
    )
    return (
        JournalEntry.objects.filter(client=client, category=category)
        .select_related("author__role", "organisation")
        .order_by("-created_at", "-id")
    )


BENEFIT_PERIOD_CATEGORIES = tuple(sorted(set(BENEFIT_CATEGORIES.values())))


@dataclass(frozen=True)
class BenefitPeriods:
    """The client's benefit periods in the categories the actor may see, and those it may not."""

    periods: list[BenefitPeriod]
    hidden: tuple[DataCategory, ...]
    creatable: tuple[DataCategory, ...]


def benefit_periods(
    *,
    actor: User,
    client: Client,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> BenefitPeriods:
    """The benefit periods of each category the policy lets the actor view; each category's read is
    decided and logged, allowed or denied (a denied one is left out, not refused: the list is partial)."""
    facts = facts or relation_facts(actor=actor, client=client)
    if facts.relation == Relation.NONE:
        raise Http404
    visible: list[DataCategory] = []
    hidden: list[DataCategory] = []
    creatable: list[DataCategory] = []
    for category in BENEFIT_PERIOD_CATEGORIES:
        decision = decide(
            actor=actor,
            action=Action.VIEW,
            category=category,
            facts=facts,
            object_type=BENEFIT_PERIOD_OBJECT_TYPE,
        )
        record_access(
            actor=actor,
            action=Action.VIEW,
            category=category,
            purpose=decision.purpose,
            allowed=decision.allowed,
            client_code=client.code,
            object_type=BENEFIT_PERIOD_OBJECT_TYPE,
            reason=decision.reason.value if decision.reason else "",
            request=request,
        )
        (visible if decision.allowed else hidden).append(category)
        if decide(
            actor=actor,
            action=Action.CREATE,
            category=category,
            facts=facts,
            object_type=BENEFIT_PERIOD_OBJECT_TYPE,
        ).allowed:
            creatable.append(category)
    periods = list(
        BenefitPeriod.objects.filter(client=client, category__in=visible).select_related(
            "recorded_by", "organisation"
        )
    )
    return BenefitPeriods(periods=periods, hidden=tuple(hidden), creatable=tuple(creatable))


def active_consents(client: Client, day: date) -> tuple[ActiveConsent, ...]:
    """The consents in force on `day`, as the access policy reads them (two queries)."""
    return tuple(
        ActiveConsent(
            purpose=consent.purpose,
            organisation_ids=frozenset(o.pk for o in consent.organisations.all()),
            categories=frozenset(consent.categories),
        )
        for consent in Consent.objects.filter(client=client).active(on=day).prefetch_related("organisations")
    )


def registering_organisation(client_code: uuid.UUID, day: date) -> set[int]:
    """The event audience's first member (events.audience): the organisation that registered the client."""
    return set(Client.objects.filter(code=client_code).values_list("recorded_by_id", flat=True))


def consents_for(
    *, actor: User, client: Client, facts: RelationFacts | None = None, request: HttpRequest | None = None
) -> QuerySet[Consent]:
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        facts=facts,
        object_type="clients.consent",
    )
    return (
        Consent.objects.filter(client=client)
        .select_related("recorded_by", "revoked_by")
        .prefetch_related("organisations")
        .order_by("-valid_from", "-id")
    )


def consent_for_print(
    *,
    actor: User,
    client: Client,
    consent_code: uuid.UUID | str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """One consent of the client, for printing its form to sign: a PRINT of basic data, decided and logged
    naming the consent (those who may see the consents may print them; 404 for another's consent)."""
    try:
        consent = (
            Consent.objects.select_related("client")
            .prefetch_related("organisations")
            .get(client=client, code=consent_code)
        )
    except (Consent.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    authorize(
        actor=actor,
        action=Action.PRINT,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        facts=facts,
        object_type="clients.consent",
        object_id=str(consent.code),
    )
    return consent


def _log_listed(actor: User, clients: list[Client], request: HttpRequest | None, purpose: str) -> None:
    """A name in a list is a read of basic data: one audit entry per client shown."""
    record_accesses(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=purpose,
        client_codes=[client.code for client in clients],
        object_type="clients.client",
        request=request,
    )


def my_clients(
    *, actor: User, request: HttpRequest | None = None, page: int | str = 1, per_page: int = LIST_LIMIT
) -> Page[Client]:
    """One page of the clients the actor works with (or has pending at intake), by name (the API's list).

    Two queries whatever the caseload (a count and the page); only the clients on the page are
    shown, so only they are logged as read.
    """
    clients = (
        reachable_clients(actor, Client.objects.all())
        .select_related("home_municipality")
        .order_by("last_name", "first_names", "pk")
    )
    shown = Paginator(clients, per_page).get_page(page)
    _log_listed(actor, list(shown.object_list), request, Purpose.TYM_JOINT_WORK)
    return shown


# The caseload list (`/asiakkaat/`): each client the actor works with, with their tracks, phases, workers
# and what is due next. The relationships, the due items and the per-user view of them belong to the apps
# above this one, which register how to summarise a caseload (worklist.caseload), as they register the
# client page's sections; this app lists, filters, sorts, pages and logs.


@dataclass(frozen=True)
class TrackSummary:
    """One of the client's relationships as the actor sees it in the list."""

    relationship_id: int
    track: str
    track_label: str
    phase: str
    phase_label: str
    url: str | None  # the case or path page, only where the policy lets the actor open it
    shows_team: bool  # whether the policy lets the actor see who is on its team


@dataclass(frozen=True)
class NextDue:
    due_on: date
    label: str


@dataclass
class ClientSummary:
    tracks: list[TrackSummary]
    next_due: NextDue | None
    mine: bool  # the actor is on an open case team of the client
    # The audit entry of a listed client: the purpose and object type the relation reads it under.
    purpose: str
    object_type: str
    workers: list[str] = field(default_factory=list)


class CaseloadSource(Protocol):
    def summaries(
        self, actor: User, client_ids: set[int], today: date, *, next_due: bool = True
    ) -> dict[int, ClientSummary]:
        """The summary of each of these clients (the ones the actor may reach): a constant number of
        queries, whatever their number. Without `next_due`, their tracks only (see `add_next_due`)."""
        ...

    def add_next_due(self, actor: User, summaries: list[ClientSummary], today: date) -> None:
        """Fill in what is due next for these summaries (made without it): only their relationships'
        due items are collected, a constant number of queries."""
        ...

    def add_workers(self, summaries: list[ClientSummary]) -> None:
        """Name the workers (the worker pair, or the responsible workers) of these summaries' tracks
        where `shows_team`: one query."""
        ...

    def former_clients(self, actor: User) -> QuerySet[Any, Any] | None:
        """The ids (`client_id`) of the clients of closed relationships the actor was on the team of when
        they ended (read-only access, `Relation.FORMER_CASE_TEAM`): found by search, not listed."""
        ...


_caseload_sources: list[CaseloadSource] = []


def register_caseload_source(source: CaseloadSource) -> None:
    _caseload_sources[:] = [source]


class Sort(enum.StrEnum):
    NAME = "nimi"
    NEXT_DUE = "maaraaika"
    PHASE = "vaihe"
    TRACK = "polku"


class Scope(enum.StrEnum):
    UNIT = "yksikko"
    MINE = "omat"


@dataclass(frozen=True)
class CaseloadQuery:
    sort: str = Sort.NAME
    track: str = ""
    phase: str = ""
    overdue: bool = False
    scope: str = ""  # a coordinator's or manager's: the unit's clients (default) or their own


@dataclass
class CaseloadRow:
    client: Client
    summary: ClientSummary
    today: date

    @property
    def overdue(self) -> bool:
        return self.summary.next_due is not None and self.summary.next_due.due_on < self.today


@dataclass
class Caseload:
    page: Page[CaseloadRow]
    query: CaseloadQuery  # the sort and filters in effect (one naming no track or phase listed is dropped)
    total: int  # every client of the caseload, before the filters
    track_choices: list[tuple[str, str]]
    phase_choices: list[tuple[str, str]]
    has_unit_view: bool


PHASE_ORDER = ("referral", "mapping", "planning", "work", "closing")
_FAR = date.max


def has_unit_view(actor: User) -> bool:
    """A TYM coordinator or unit manager lists their unit's clients (and may narrow them to their own)."""
    return actor.role_id in MANAGER_ROLES and actor.unit_id is not None


def caseload(
    *,
    actor: User,
    query: CaseloadQuery,
    today: date,
    request: HttpRequest | None = None,
    page: int | str = 1,
    per_page: int = LIST_LIMIT,
) -> Caseload:
    """One page of the actor's caseload, filtered and sorted; the clients on the page are logged as read,
    one entry each (in one write per purpose). A constant number of queries whatever the caseload: the
    clients, the registered source's few (relationships, due items), the page's clients and workers, the
    audit write."""
    names = {
        pk: (last.casefold(), first.casefold(), pk)
        for pk, last, first in reachable_clients(actor, Client.objects.all())
        .order_by()
        .values_list("pk", "last_name", "first_names")
    }
    source = _caseload_sources[0] if _caseload_sources else None
    # What is due next decides the order and the overdue filter; otherwise it is only shown, so it is
    # collected for the page's clients alone (a third of a 150-client caseload's due items).
    due_for_all = query.sort == Sort.NEXT_DUE or query.overdue
    summaries = source.summaries(actor, set(names), today, next_due=due_for_all) if source else {}
    empty = ClientSummary(
        tracks=[], next_due=None, mine=False, purpose=Purpose.TYM_JOINT_WORK, object_type=""
    )
    every = {pk: summaries.get(pk, empty) for pk in names}
    track_choices = sorted(
        {(t.track, t.track_label) for summary in every.values() for t in summary.tracks},
        key=lambda choice: choice[1].casefold(),
    )
    phase_labels: dict[str, list[str]] = {}
    for summary in every.values():
        for t in summary.tracks:
            labels = phase_labels.setdefault(t.phase, [])
            if t.phase_label not in labels:
                labels.append(t.phase_label)
    phase_choices = [
        (phase, " / ".join(sorted(phase_labels[phase], key=str.casefold)))
        for phase in PHASE_ORDER
        if phase in phase_labels
    ]
    unit_view = has_unit_view(actor)
    query = CaseloadQuery(
        sort=query.sort if query.sort in set(Sort) else Sort.NAME,
        track=query.track if query.track in dict(track_choices) else "",
        phase=query.phase if query.phase in dict(phase_choices) else "",
        overdue=query.overdue,
        scope=query.scope if unit_view and query.scope in set(Scope) else (Scope.UNIT if unit_view else ""),
    )
    chosen = [pk for pk, summary in every.items() if _matches(summary, query, today, unit_view)]
    chosen.sort(key=lambda pk: _sort_key(query.sort, every[pk], names[pk]))
    shown = Paginator(chosen, per_page).get_page(page)
    ids = list(shown.object_list)
    clients = Client.objects.select_related("home_municipality").in_bulk(ids)
    on_page = [every[pk] for pk in ids]
    if source is not None:
        if not due_for_all:
            source.add_next_due(actor, on_page, today)
        source.add_workers(on_page)
    rows = [CaseloadRow(client=clients[pk], summary=every[pk], today=today) for pk in ids]
    shown.object_list = rows  # type: ignore[assignment]
    _log_caseload(actor, rows, request)
    return Caseload(
        page=shown,  # type: ignore[arg-type]
        query=query,
        total=len(names),
        track_choices=track_choices,
        phase_choices=phase_choices,
        has_unit_view=unit_view,
    )


def _matches(summary: ClientSummary, query: CaseloadQuery, today: date, unit_view: bool) -> bool:
    if (query.track or query.phase) and not any(
        (not query.track or t.track == query.track) and (not query.phase or t.phase == query.phase)
        for t in summary.tracks
    ):
        return False
    if query.overdue and not (summary.next_due is not None and summary.next_due.due_on < today):
        return False
    return not (unit_view and query.scope == Scope.MINE and not summary.mine)


def _sort_key(sort: str, summary: ClientSummary, name: tuple[str, str, int]) -> tuple[Any, ...]:
    first = summary.tracks[0] if summary.tracks else None
    if sort == Sort.NEXT_DUE:
        return (summary.next_due.due_on if summary.next_due else _FAR, name)
    if sort == Sort.PHASE:
        phase = PHASE_ORDER.index(first.phase) if first and first.phase in PHASE_ORDER else len(PHASE_ORDER)
        return (phase, name)
    if sort == Sort.TRACK:
        return (first.track_label.casefold() if first else "\uffff", name)
    return name


def _log_caseload(actor: User, rows: list[CaseloadRow], request: HttpRequest | None) -> None:
    """A row shows the client's name and their case's phase, team and deadlines (the plan category, as
    the worklist logs them): one entry per client shown, one write per purpose the relations read under."""
    batches: dict[tuple[str, str, str], list[uuid.UUID]] = {}
    for row in rows:
        summary = row.summary
        if summary.object_type:
            key = (DataCategory.PLAN, summary.purpose, summary.object_type)
        else:
            key = (DataCategory.BASIC, summary.purpose, "clients.client")
        batches.setdefault(key, []).append(row.client.code)
    for (category, purpose, object_type), codes in sorted(batches.items()):
        record_accesses(
            actor=actor,
            action=Action.VIEW,
            category=category,
            purpose=purpose,
            client_codes=codes,
            object_type=object_type,
            request=request,
        )


def client_search(*, actor: User, query: str, request: HttpRequest | None = None) -> list[Client]:
    """Find clients by identity code (exact) or name, only among those the actor may reach.

    The search is audited without its text (it may be an identity code); a search that matches
    a client the actor may not reach returns nothing and is recorded as denied for that client.
    """
    query = query.strip()
    if not query:
        return []
    base = Client.objects.select_related("home_municipality")
    by_identity_code = _looks_like_identity_code(query)
    if by_identity_code:
        try:
            normalized = hetu.validate(query, allow_temporary=True)
        except InvalidIdentityCode:
            raise
        matches = base.with_identity_code(normalized)
    else:
        matches = base
        for word in query.split():
            matches = matches.filter(_name_filter(word))
    reachable = list(_findable(actor, matches).order_by("last_name", "first_names", "pk")[:LIST_LIMIT])
    record_access(
        actor=actor,
        action=Action.SEARCH,
        category=DataCategory.BASIC,
        purpose=Purpose.TYM_JOINT_WORK,
        allowed=True,
        object_type="clients.search",
        object_id="identity_code" if by_identity_code else "name",
        request=request,
    )
    if by_identity_code and not reachable:
        hidden = matches.values_list("code", flat=True).first()
        if hidden is not None:
            record_access(
                actor=actor,
                action=Action.SEARCH,
                category=DataCategory.BASIC,
                purpose=Purpose.TYM_JOINT_WORK,
                allowed=False,
                client_code=hidden,
                object_type="clients.search",
                object_id="identity_code",
                reason="no_relation",
                request=request,
            )
    _log_listed(actor, reachable, request, Purpose.TYM_JOINT_WORK)
    return reachable


def _findable(actor: User, matches: QuerySet[Client]) -> QuerySet[Client]:
    """The clients the actor may reach, and those of closed relationships they were on the team of (whose
    pages stay readable to them): one query."""
    reachable = reachable_clients(actor, matches)
    former = _caseload_sources[0].former_clients(actor) if _caseload_sources else None
    if former is None or not can_work_with_clients(actor):
        return reachable
    return reachable | matches.filter(pk__in=former)


def _looks_like_identity_code(query: str) -> bool:
    compact = query.replace(" ", "")
    return len(compact) == 11 and compact[:6].isdigit()


def _name_filter(word: str) -> Q:
    return Q(last_name__icontains=word) | Q(first_names__icontains=word) | Q(calling_name__icontains=word)


def withheld_codes(client: Client, object_type: str) -> set[uuid.UUID]:
    """The codes of her entries of `object_type` a standing decision withholds from her (SPEC §5.1): what
    Oma Yhteispolku leaves out of every list and answers 404 for. One query."""
    return set(
        WithheldFromClient.objects.filter(
            client=client, object_type=object_type, lifted_at__isnull=True
        ).values_list("object_code", flat=True)
    )


def withholding_of(object_type: str, object_code: uuid.UUID) -> WithheldFromClient | None:
    """The standing decision withholding this entry from the client, for the professionals' mark."""
    return (
        WithheldFromClient.objects.filter(
            object_type=object_type, object_code=object_code, lifted_at__isnull=True
        )
        .select_related("decided_by", "organisation")
        .first()
    )
