"""Reads of client data. Each one goes through the access policy and leaves audit entries."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import ActiveConsent, RelationFacts, reachable_clients, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access, record_accesses
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode
from yhteispolku.clients.models import JOURNAL_OBJECT_TYPE, Client, Consent, JournalEntry
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
    """One page of the clients the actor works with (or has pending at intake), by name.

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
    reachable = list(
        reachable_clients(actor, matches).order_by("last_name", "first_names", "pk")[:LIST_LIMIT]
    )
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


def _looks_like_identity_code(query: str) -> bool:
    compact = query.replace(" ", "")
    return len(compact) == 11 and compact[:6].isdigit()


def _name_filter(word: str) -> Q:
    return Q(last_name__icontains=word) | Q(first_names__icontains=word) | Q(calling_name__icontains=word)
