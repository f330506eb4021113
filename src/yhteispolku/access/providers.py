"""What a service provider's professionals reach (SPEC §1: providers "see only the assignment they deliver,
report attendance and feedback"), whatever the kind of assignment: an agreed service of a plan in force
(`plans.assignments`) or a KUTY period at its site (`paths.site`).

An owning app describes its assignments by one query, the rows its organisation delivers on a day, and the
lookup from such a row to the client. From that one description come the relation source (the client
relates to the provider's professionals as `Relation.SERVICE_PROVIDER` while a row of theirs is current),
the authorisation and audit of their assignment list, and the facts for one assignment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import CONTACT_OBJECT_TYPE, decide
from yhteispolku.access.relations import Relation, RelationFacts, is_service_provider, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_accesses
from yhteispolku.core.categories import Action, DataCategory, Purpose

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client

# The rows an organisation (by id) delivers on a day.
CurrentRows = Callable[[int | None, date], QuerySet[Any, Any]]


class ProviderAssignments:
    """The relation source of one kind of assignment: one indexed query per client, none for anyone but a
    provider's professional."""

    def __init__(self, current: CurrentRows, client_lookup: str, assignment_object_type: str) -> None:
        self.current = current
        self.client_lookup = client_lookup
        self.assignment_object_type = assignment_object_type

    def relation(self, actor: User, client: Client) -> Relation:
        if not is_service_provider(actor):
            return Relation.NONE
        current = self.current(actor.organisation_id, timezone.localdate())
        found = current.filter(**{self.client_lookup: client}).exists()
        return Relation.SERVICE_PROVIDER if found else Relation.NONE

    def reachable(self, actor: User) -> QuerySet[Any, Any] | None:
        if not is_service_provider(actor):
            return None
        current = self.current(actor.organisation_id, timezone.localdate())
        return current.values(f"{self.client_lookup}_id").order_by()

    def owns(self, actor: User, pk: int, today: date) -> bool:
        """Whether the row `pk` is one of the actor's organisation's current assignments on `today`."""
        return self.current(actor.organisation_id, today).filter(pk=pk).exists()

    def facts(self, actor: User, client: Client, *, pk: int, today: date) -> RelationFacts:
        """The facts to authorise one assignment with: the actor's relation when the row is theirs, none
        otherwise (another provider's, or ended: the policy refuses and logs the attempt)."""
        if self.owns(actor, pk, today):
            return relation_facts(actor=actor, client=client)
        return RelationFacts(relation=Relation.NONE, recorded_by_id=client.recorded_by_id)

    def list_allowed(self, actor: User) -> bool:
        """Whether the policy lets a provider's professional see the list: the clients' contact and the
        assignments. Anyone else is refused outright."""
        if not is_service_provider(actor):
            raise PermissionDenied(_("Toimeksiannot näkyvät vain palveluntuottajan työntekijöille."))
        facts = RelationFacts(relation=Relation.SERVICE_PROVIDER, recorded_by_id=None)
        return all(
            decide(
                actor=actor, action=Action.VIEW, category=category, facts=facts, object_type=object_type
            ).allowed
            for category, object_type in self._list_scopes()
        )

    def record_list(self, actor: User, client_codes: Iterable[str], request: HttpRequest | None) -> None:
        """Log the clients a list showed: one entry each for the contact and for the assignment."""
        codes = sorted(set(client_codes))
        for category, object_type in self._list_scopes():
            record_accesses(
                actor=actor,
                action=Action.VIEW,
                category=category,
                purpose=Purpose.SERVICE_DELIVERY,
                client_codes=codes,
                object_type=object_type,
                request=request,
            )

    def _list_scopes(self) -> tuple[tuple[DataCategory, str], ...]:
        return ((DataCategory.BASIC, CONTACT_OBJECT_TYPE), (DataCategory.PLAN, self.assignment_object_type))
