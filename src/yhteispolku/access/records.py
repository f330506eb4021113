"""One record of a client, found by its code and authorised for an action: the lookup every detail page
and API operation on a client's record shares."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.core.categories import Action, DataCategory

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client

Record = TypeVar("Record", bound=Model)


@dataclass(frozen=True)
class ClientReach:
    """A client as one actor reaches their records: the row and the facts about the relation."""

    client: Client
    facts: RelationFacts

    def can(self, actor: User, action: Action, category: DataCategory, object_type: str = "") -> bool:
        return decide(
            actor=actor, action=action, category=category, facts=self.facts, object_type=object_type
        ).allowed

    def authorize(
        self,
        actor: User,
        action: Action,
        category: DataCategory,
        object_type: str,
        request: HttpRequest | None = None,
    ) -> None:
        """`authorize` an action on the client's records of a kind (no one record yet, e.g. CREATE)."""
        authorize(
            actor=actor,
            action=action,
            category=category,
            client=self.client,
            request=request,
            facts=self.facts,
            object_type=object_type,
        )

    def visible(
        self,
        actor: User,
        categories: Iterable[DataCategory],
        object_type: str,
        request: HttpRequest | None = None,
    ) -> list[DataCategory]:
        """The `categories` the actor may see records of, each authorised (and logged) once for a list."""
        visible = [
            category
            for category in categories
            if decide(actor=actor, action=Action.VIEW, category=category, facts=self.facts).allowed
        ]
        for category in visible:
            self.authorize(actor, Action.VIEW, category, object_type, request)
        return visible

    def owned_decider(self, actor: User) -> Callable[[Action, str, int], bool]:
        """Whether the actor may take an action on a record of a category owned by an organisation: one
        decision per distinct (action, category, organisation), however many rows ask."""
        decisions: dict[tuple[str, str, int], bool] = {}

        def allowed(action: Action, category: str, organisation_id: int) -> bool:
            key = (action, category, organisation_id)
            if key not in decisions:
                decisions[key] = decide(
                    actor=actor,
                    action=action,
                    category=DataCategory(category),
                    facts=self.facts,
                    owner_organisation_id=organisation_id,
                ).allowed
            return decisions[key]

        return allowed


def client_reach(*, actor: User, client: Client, request: HttpRequest | None = None) -> ClientReach:
    """The client's basic data authorised for the actor (404 to anyone without a relation)."""
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
    return ClientReach(client=client, facts=facts)


def client_record_for_action(
    rows: QuerySet[Record],
    *,
    actor: User,
    client: Client,
    facts: RelationFacts,
    code: uuid.UUID | str,
    action: Action,
    object_type: str,
    category: DataCategory | None = None,
    request: HttpRequest | None = None,
) -> Record:
    """The client's record of `rows` with `code` (404 for none or a malformed code), authorised for
    `action` by `authorize_record`."""
    try:
        record = rows.get(client=client, code=code)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    row: Any = record
    row.client = client
    authorize_record(
        actor=actor,
        action=action,
        record=record,
        object_type=object_type,
        category=category,
        request=request,
        facts=facts,
    )
    return record


def authorize_record(
    *,
    actor: User,
    action: Action,
    record: Model,
    object_type: str,
    category: DataCategory | None = None,
    request: HttpRequest | None = None,
    facts: RelationFacts | None = None,
) -> None:
    """`authorize` an action on a client's record, the audit entry naming it by its code.

    Without `category` the record's own category and owning organisation decide; a record of a fixed
    category (a written text of the plan) is decided by the category alone.
    """
    row: Any = record
    authorize(
        actor=actor,
        action=action,
        category=category if category is not None else DataCategory(row.category),
        client=row.client,
        request=request,
        facts=facts,
        owner_organisation_id=None if category is not None else row.organisation_id,
        object_type=object_type,
        object_id=str(row.code),
    )
