"""What the client reads in Oma Yhteispolku: her relationships and plans (SPEC §1, §5.1 "the client").

The client reaches only her own data: every lookup is by her own client, and a code of someone else's
plan is a 404 and a denied entry in the access log. Every read is audited with the client as the actor
(`audit.services.ClientActor`), purpose "the client's own data". Journal text and the team's working notes
are not part of what is shown; the plan itself (goals, agreed services, her tasks, the review, her worker
pair) is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.policy import Reason
from yhteispolku.applications.models import Application
from yhteispolku.applications.selectors import dates_for
from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import ClientRelationship, Closure, Phase, TeamMember, TeamRole
from yhteispolku.clients.models import Client, Consent
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.plans.models import AgreedService, ClientTask, Plan, PlanVersion, VersionStatus
from yhteispolku.plans.selectors import awaiting_acceptance
from yhteispolku.portal.session import actor_of
from yhteispolku.privacy.selectors import LetterRow, letter_rows

WORKER_PAIR_ROLES = (TeamRole.WORKER_PAIR_EMPLOYMENT, TeamRole.WORKER_PAIR_SOCIAL)
# Someone else's plan: the client has no relation to that client (the access policy's reason code).
NOT_OWN_DATA = Reason.NO_RELATION.value


@dataclass
class VersionContent:
    version: PlanVersion
    services: list[AgreedService]
    tasks: list[ClientTask]
    confirmed_by: list[str]


@dataclass
class PlanForClient:
    relationship: ClientRelationship
    plan: Plan | None
    in_force: VersionContent | None = None
    # A new version every authority has confirmed, waiting for the client's acceptance.
    to_accept: VersionContent | None = None
    worker_pair: list[TeamMember] = field(default_factory=list)
    # The closure once the relationship is ending or ended: the client may give her feedback on it.
    closure: Closure | None = None


def _content(version: PlanVersion) -> VersionContent:
    services = list(
        version.services.select_related("service_type", "responsible_organisation", "provider").order_by(
            "starts_on", "id"
        )
    )
    tasks = list(version.tasks.order_by("due_on", "id"))
    confirmed = [c.organisation.name for c in version.confirmations.select_related("organisation")]
    return VersionContent(version=version, services=services, tasks=tasks, confirmed_by=confirmed)


def _plan_for(relationship: ClientRelationship) -> PlanForClient:
    plan = Plan.objects.filter(relationship=relationship).first()
    view = PlanForClient(relationship=relationship, plan=plan, closure=_closure_of(relationship))
    view.worker_pair = list(
        TeamMember.objects.filter(
            relationship=relationship, left_on__isnull=True, team_role__in=WORKER_PAIR_ROLES
        )
        .select_related("user", "user__organisation")
        .order_by("team_role")
    )
    if plan is not None:
        in_force = plan.versions.filter(status=VersionStatus.IN_FORCE).first()
        view.in_force = _content(in_force) if in_force else None
        draft = awaiting_acceptance(plan)
        view.to_accept = _content(draft) if draft else None
    return view


def _closure_of(relationship: ClientRelationship) -> Closure | None:
    if relationship.phase not in (Phase.CLOSING, Phase.CLOSED):
        return None
    return Closure.objects.filter(relationship=relationship).first()


def own_closure(
    *,
    client: Client,
    relationship_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    action: str = Action.VIEW,
) -> tuple[ClientRelationship, Closure]:
    """The closure of one relationship of hers (read audited as hers, or `action`); someone else's
    relationship is a 404 with a denied entry, and so is one not yet ending (nothing to give feedback on)."""
    relationship = ClientRelationship.objects.select_related("client").filter(code=relationship_code).first()
    if relationship is None:
        raise Http404
    own = relationship.client_id == client.pk
    closure = _closure_of(relationship) if own else None
    _audit_own(
        client,
        request,
        object_type="cases.closure",
        object_id=str(relationship.code),
        action=action,
        owner=relationship.client,
    )
    if closure is None:
        raise Http404
    return relationship, closure


def _audit_own(
    client: Client,
    request: HttpRequest | None,
    *,
    object_type: str,
    object_id: str = "",
    category: str = DataCategory.PLAN,
    action: str = Action.VIEW,
    owner: Client | None = None,
) -> None:
    """One entry of her reading (or `action` on) her own data. `owner` is whose data the code led to: when
    it is someone else's, the entry is a denied one in that client's log."""
    allowed = owner is None or owner.pk == client.pk
    record_access(
        actor=actor_of(client),
        action=action,
        category=category,
        purpose=Purpose.CLIENT_OWN,
        allowed=allowed,
        reason="" if allowed else NOT_OWN_DATA,
        client_code=(owner or client).code,
        object_type=object_type,
        object_id=object_id,
        request=request,
    )


def overview(*, client: Client, request: HttpRequest | None = None) -> list[PlanForClient]:
    """Her relationships, open ones first, each with its plan; one audited read of her plans."""
    relationships = list(
        ClientRelationship.objects.filter(client=client)
        .select_related("responsible_organisation")
        .order_by("ended_on", "-started_on", "id")
    )
    _audit_own(client, request, object_type="portal.overview")
    return [_plan_for(relationship) for relationship in relationships]


def own_plan(
    *,
    client: Client,
    plan_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    action: str = Action.VIEW,
) -> PlanForClient:
    """One plan of hers (read or printed, audited); another's plan is a 404 with a denied entry."""
    try:
        plan = Plan.objects.select_related("relationship__client").get(code=plan_code)
    except (Plan.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if plan.relationship.client_id != client.pk:
        _audit_own(
            client,
            request,
            object_type="plans.plan",
            object_id=str(plan.code),
            action=action,
            owner=plan.relationship.client,
        )
        raise Http404
    _audit_own(client, request, object_type="plans.plan", object_id=str(plan.code), action=action)
    return _plan_for(plan.relationship)


def own_log(*, client: Client, request: HttpRequest | None = None) -> list[LetterRow]:
    """Who has read or changed her data over the last two years (703/2023 §11): the same rows as the
    data-protection officer's answer letter (`privacy.selectors.letter_rows`); reading it is audited."""
    rows = letter_rows(client=client, today=timezone.localdate())
    _audit_own(client, request, object_type="portal.accesslog", category=DataCategory.LOG)
    return rows


def demo_clients() -> list[Client]:
    """The demo data's clients with a relationship, for the demo identification page (demo mode only)."""
    return list(
        Client.objects.filter(is_demo=True, relationships__isnull=False).distinct().order_by("first_names")
    )


def own_consents(*, client: Client, request: HttpRequest | None = None) -> list[Consent]:
    """Her consents, newest first, with their organisations (one audited read)."""
    consents = list(
        Consent.objects.filter(client=client).prefetch_related("organisations").order_by("-valid_from", "-id")
    )
    _audit_own(client, request, object_type="clients.consent", category=DataCategory.BASIC)
    return consents


def own_consent(
    *, client: Client, consent_code: uuid.UUID | str, request: HttpRequest | None = None
) -> Consent:
    """One consent of hers (read audited); someone else's is a 404 with a denied entry."""
    consent = Consent.objects.select_related("client").filter(code=consent_code).first()
    if consent is None:
        raise Http404
    if consent.client_id != client.pk:
        _audit_own(
            client,
            request,
            object_type="clients.consent",
            object_id=str(consent.code),
            category=DataCategory.BASIC,
            owner=consent.client,
        )
        raise Http404
    _audit_own(
        client,
        request,
        object_type="clients.consent",
        object_id=str(consent.code),
        category=DataCategory.BASIC,
    )
    return consent


# Who decides an application, by the data category of what is applied for.
DECIDERS = {
    DataCategory.KELA: _("Kela"),
    DataCategory.EMPLOYMENT: _("työllisyyspalvelut"),
    DataCategory.SOCIAL: _("hyvinvointialue"),
}


@dataclass
class Waiting:
    """An application of hers still without a decision: what, from whom, and by when it is expected."""

    application: Application
    decider: str
    expected_on: date | None


@dataclass
class TodoList:
    open: list[ClientTodo]
    done: list[ClientTodo]
    waiting: list[Waiting]


def own_todos(*, client: Client, request: HttpRequest | None = None) -> TodoList:
    """What she delivers, to whom and by when (open ones first), and the decisions she waits for; the
    to-dos are one audited read, the applications one per data category shown."""
    todos = list(
        ClientTodo.objects.filter(relationship__client=client)
        .exclude(status=TodoStatus.CANCELLED)
        .select_related("deliver_to")
        .order_by("due_on", "id")
    )
    _audit_own(client, request, object_type="collaboration.clienttodo")
    pending = list(Application.objects.filter(client=client, decision="").order_by("submitted_on", "id"))
    for category in sorted({application.category for application in pending}):
        _audit_own(client, request, object_type="applications.application", category=category)
    waiting = []
    for application in pending:
        expected, _appeal, _placement = dates_for(application)
        waiting.append(
            Waiting(
                application=application,
                decider=str(DECIDERS.get(DataCategory(application.category), "")),
                expected_on=expected.on if expected else None,
            )
        )
    return TodoList(
        open=[todo for todo in todos if todo.status == TodoStatus.OPEN],
        done=[todo for todo in todos if todo.status == TodoStatus.DONE],
        waiting=waiting,
    )
