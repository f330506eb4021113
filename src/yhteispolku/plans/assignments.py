"""A service provider's assignments: the agreed services its organisation delivers (SPEC §1: providers
"see only the assignment they deliver, report attendance and feedback").

An assignment is an agreed service of a plan version in force, of an open client relationship, whose
provider is the actor's organisation and which is current (started, not yet ended). While it lasts, the
provider's professionals relate to the client as `Relation.SERVICE_PROVIDER` (registered in apps.py);
the policy gives that relation the client's name and contact and the assignment, nothing else. An
assignment is addressed by its service's `lineage`, so its address survives a new plan version.

The provider's attendance records are `Participation`s: the case team sees them in the plan's follow-up
like its own. The provider sees only the records its own organisation made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.policy import (
    ASSIGNMENT_OBJECT_TYPE,
    ATTENDANCE_OBJECT_TYPE,
    CONTACT_OBJECT_TYPE,
    authorize,
)
from yhteispolku.access.providers import ProviderAssignments
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.plans.errors import InvalidPlanData
from yhteispolku.plans.models import AgreedService, Participation, ParticipationStatus, VersionStatus

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client


def current_assignments(organisation_id: int | None, today: date) -> QuerySet[AgreedService]:
    """The agreed services `organisation_id` delivers on `today` in plans in force of open relationships."""
    return AgreedService.objects.filter(
        provider_id=organisation_id,
        version__status=VersionStatus.IN_FORCE,
        version__plan__relationship__phase__in=OPEN_PHASES,
        starts_on__lte=today,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


PROVIDER_ASSIGNMENTS = ProviderAssignments(
    current_assignments, "version__plan__relationship__client", ASSIGNMENT_OBJECT_TYPE
)


@dataclass
class Assignment:
    """One assignment as its provider sees it: the service and the client's name and contact."""

    service: AgreedService
    records: list[Participation] = field(default_factory=list)

    @property
    def client(self) -> Client:
        return self.service.version.plan.relationship.client

    @property
    def latest(self) -> Participation | None:
        return self.records[-1] if self.records else None


def _with_client(services: QuerySet[AgreedService]) -> QuerySet[AgreedService]:
    return services.select_related(
        "service_type",
        "responsible_organisation",
        "responsible_professional",
        "version__plan__relationship__client",
    )


def _own_records(actor: User, services: list[AgreedService]) -> dict[uuid.UUID, list[Participation]]:
    """The attendance records the actor's organisation made in these services, oldest first: one query."""
    records: dict[uuid.UUID, list[Participation]] = {service.lineage: [] for service in services}
    if not services or actor.organisation_id is None:
        return records
    for record in (
        Participation.objects.filter(
            plan_id__in={service.version.plan_id for service in services},
            lineage__in=list(records),
            recorded_by__organisation_id=actor.organisation_id,
        )
        .select_related("recorded_by")
        .order_by("on", "id")
    ):
        records[record.lineage].append(record)
    return records


def assignment_list(
    *, actor: User, request: HttpRequest | None = None, today: date | None = None
) -> list[Assignment]:
    """The actor's organisation's current assignments, in the order they started: a constant number of
    queries. Every client shown is logged, one entry each for the contact and for the assignment.

    The query is the relation itself (the same condition as the relation source), so each client on it
    relates to the actor as `SERVICE_PROVIDER`; the policy then decides what that relation may see.
    """
    if not PROVIDER_ASSIGNMENTS.list_allowed(actor):
        return []
    services = list(
        _with_client(current_assignments(actor.organisation_id, today or timezone.localdate())).order_by(
            "starts_on", "id"
        )
    )
    records = _own_records(actor, services)
    PROVIDER_ASSIGNMENTS.record_list(
        actor, (str(service.version.plan.relationship.client.code) for service in services), request
    )
    return [Assignment(service, records[service.lineage]) for service in services]


def _assignment_or_404(
    *,
    actor: User,
    lineage: uuid.UUID | str,
    action: Action,
    object_type: str,
    request: HttpRequest | None,
    today: date,
) -> tuple[AgreedService, RelationFacts]:
    """The actor's current assignment of this lineage, authorised (and audited) for `action`.

    Another organisation's assignment, or one that has ended, answers 404 like an unknown one; its
    client is logged with the denied attempt.
    """
    try:
        in_force = _with_client(
            AgreedService.objects.filter(lineage=lineage, version__status=VersionStatus.IN_FORCE)
        ).first()
    except (ValidationError, ValueError) as error:
        raise Http404 from error
    if in_force is None:
        raise Http404
    client = in_force.version.plan.relationship.client
    facts = PROVIDER_ASSIGNMENTS.facts(actor, client, pk=in_force.pk, today=today)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        object_type=object_type,
        object_id=str(in_force.lineage),
        facts=facts,
    )
    return in_force, facts


def assignment_get(
    *, actor: User, lineage: uuid.UUID | str, request: HttpRequest | None = None, today: date | None = None
) -> Assignment:
    """One assignment with the attendance the actor's organisation has recorded in it."""
    service, facts = _assignment_or_404(
        actor=actor,
        lineage=lineage,
        action=Action.VIEW,
        object_type=ASSIGNMENT_OBJECT_TYPE,
        request=request,
        today=today or timezone.localdate(),
    )
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        client=service.version.plan.relationship.client,
        request=request,
        object_type=CONTACT_OBJECT_TYPE,
        object_id=str(service.lineage),
        facts=facts,
    )
    return Assignment(service, _own_records(actor, [service])[service.lineage])


def attendance_record(
    *,
    actor: User,
    lineage: uuid.UUID | str,
    status: str,
    on: date,
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Participation:
    """The provider records the client's attendance and its feedback in its assignment (SPEC §3 step 7).

    The record is the plan's follow-up of participation: the case team sees it in the plan.
    """
    today = today or timezone.localdate()
    service, _facts = _assignment_or_404(
        actor=actor,
        lineage=lineage,
        action=Action.CREATE,
        object_type=ATTENDANCE_OBJECT_TYPE,
        request=request,
        today=today,
    )
    if status not in ParticipationStatus.values:
        raise InvalidPlanData({"status": _("Valitse osallistumisen tilanne.")})
    if on > today:
        raise InvalidPlanData({"on": _("Osallistumista ei voi kirjata tulevalle päivälle.")})
    if on < service.starts_on:
        raise InvalidPlanData({"on": _("Päivä ei voi olla ennen palvelun alkua.")})
    with transaction.atomic():
        return Participation.objects.create(
            plan_id=service.version.plan_id,
            service=service,
            lineage=service.lineage,
            status=status,
            on=on,
            note=note.strip(),
            recorded_by=actor,
        )
