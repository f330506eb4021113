"""Reads of network work. Each goes through the access policy and leaves audit entries; lists keep a
constant number of queries whatever their length (the relation facts are read once)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.categories import FieldAccess, withheld_fields
from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import RelationFacts, can_work_with_clients, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.clients.models import Client
from yhteispolku.clients.selectors import ClientView
from yhteispolku.collaboration.models import (
    ClientTodo,
    Consultation,
    EscalationStep,
    EscalationStepKind,
    FollowUpAction,
    KelaRequest,
    Participant,
    TodoStatus,
)
from yhteispolku.collaboration.services import CLIENT_TODO, CONSULTATION, ESCALATION_STEP, KELA_ANSWER
from yhteispolku.core.categories import Action, DataCategory


@dataclass(frozen=True)
class Network:
    """A relationship's network work as one actor reaches it."""

    relationship: ClientRelationship
    facts: RelationFacts
    actor: User

    @property
    def client(self) -> Client:
        return self.relationship.client

    def can(self, action: Action, category: DataCategory = DataCategory.PLAN, object_type: str = "") -> bool:
        return decide(
            actor=self.actor, action=action, category=category, facts=self.facts, object_type=object_type
        ).allowed


def _relationship_or_404(code: uuid.UUID | str) -> ClientRelationship:
    try:
        return ClientRelationship.objects.select_related("client", "responsible_unit").get(code=code)
    except (ClientRelationship.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def network_get(
    *,
    actor: User,
    relationship_code: uuid.UUID | str,
    action: Action = Action.VIEW,
    object_type: str = CONSULTATION,
    object_id: str = "",
    request: HttpRequest | None = None,
) -> Network:
    """The relationship for a network-work page: the client's name (basic) and the joint work's text.

    404 for a relationship of a client the actor has no relation to; 403 for a coordinator or manager,
    who sees deadlines but not the text of the joint work (SPEC §5.1).
    """
    relationship = _relationship_or_404(relationship_code)
    client = relationship.client
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
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=object_type,
        object_id=object_id or str(relationship.code),
    )
    return Network(relationship=relationship, facts=facts, actor=actor)


def _consultations() -> QuerySet[Consultation]:
    return Consultation.objects.select_related("organiser", "organisation", "reviewed_by").prefetch_related(
        Prefetch(
            "participants", queryset=Participant.objects.select_related("user__organisation", "user__role")
        ),
        Prefetch(
            "follow_ups",
            queryset=FollowUpAction.objects.select_related("owner", "done_by").order_by("due_on", "id"),
        ),
    )


@dataclass
class ShownKelaRequest:
    request: KelaRequest
    # False when the answer (Kela's category) is not for the actor: no consent covers it.
    answer_visible: bool


@dataclass
class Overview:
    network: Network
    consultations: list[Consultation] = field(default_factory=list)
    todos: list[ClientTodo] = field(default_factory=list)
    steps: list[EscalationStep] = field(default_factory=list)
    kela_requests: list[ShownKelaRequest] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    @property
    def next_step(self) -> int | None:
        recorded = {step.step for step in self.steps}
        return next((kind.value for kind in EscalationStepKind if kind.value not in recorded), None)

    @property
    def open_reviews(self) -> list[Consultation]:
        return [c for c in self.consultations if c.review_open]


def network_overview(*, network: Network, request: HttpRequest | None = None) -> Overview:
    """Consultations with their participants and follow-ups, the escalation steps, the Kela requests
    and the client's to-do list. Kela's answers are shown only where the policy lets the actor read
    Kela's category (consent), and that read is audited once."""
    relationship = network.relationship
    overview = Overview(network=network)
    overview.consultations = list(_consultations().filter(relationship=relationship))
    overview.todos = list(
        ClientTodo.objects.filter(relationship=relationship)
        .select_related("deliver_to", "document")
        .order_by("status", "due_on", "id")
    )
    overview.steps = list(
        EscalationStep.objects.filter(relationship=relationship).select_related(
            "recorded_by", "opened_relationship"
        )
    )
    requests = list(
        KelaRequest.objects.filter(relationship=relationship).select_related(
            "sent_by", "answered_by__organisation"
        )
    )
    decisions: dict[int | None, bool] = {}
    for item in requests:
        owner = item.answered_by.organisation_id if item.answered_by else None
        if owner not in decisions:
            decisions[owner] = decide(
                actor=network.actor,
                action=Action.VIEW,
                category=DataCategory.KELA,
                facts=network.facts,
                owner_organisation_id=owner,
            ).allowed
        overview.kela_requests.append(ShownKelaRequest(item, decisions[owner]))
    if any(shown.answer_visible and shown.request.answered_by_id for shown in overview.kela_requests):
        authorize(
            actor=network.actor,
            action=Action.VIEW,
            category=DataCategory.KELA,
            client=network.client,
            request=request,
            facts=network.facts,
            object_type=KELA_ANSWER,
        )
    return overview


def consultation_get(*, network: Network, code: uuid.UUID | str) -> Consultation:
    try:
        return _consultations().get(relationship=network.relationship, code=code)
    except (Consultation.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def consultation_fields(
    *, network: Network, consultation: Consultation, request: HttpRequest | None = None
) -> FieldAccess:
    """The consultation's fields the actor may not see: the notes are health (`access.categories`), for
    health professionals and, with consent, Kela's work-ability advisor; their writer reads them back."""
    return withheld_fields(
        actor=network.actor,
        client=network.client,
        facts=network.facts,
        object_type=CONSULTATION,
        object_id=str(consultation.code),
        owner_organisation_id=consultation.organisation_id,
        author_id=consultation.organiser_id,
        request=request,
    )


def follow_up_of(consultation: Consultation, code: uuid.UUID | str) -> FollowUpAction:
    for follow_up in consultation.follow_ups.all():
        if str(follow_up.code) == str(code):
            follow_up.consultation = consultation
            return follow_up
    raise Http404


def todo_get(*, network: Network, code: uuid.UUID | str) -> ClientTodo:
    try:
        todo = ClientTodo.objects.get(relationship=network.relationship, code=code)
    except (ClientTodo.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
    todo.relationship = network.relationship
    return todo


def kela_request_get(*, network: Network, code: uuid.UUID | str) -> KelaRequest:
    try:
        item = KelaRequest.objects.select_related("sent_by", "answered_by").get(
            relationship=network.relationship, code=code
        )
    except (KelaRequest.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
    item.relationship = network.relationship
    return item


def kela_answer_authorize(
    *, network: Network, kela_request: KelaRequest, request: HttpRequest | None = None
) -> None:
    """Opening the answer form is an attempt to write Kela's category: only Kela's professionals may."""
    authorize(
        actor=network.actor,
        action=Action.CREATE,
        category=DataCategory.KELA,
        client=network.client,
        request=request,
        facts=network.facts,
        object_type=KELA_ANSWER,
        object_id=str(kela_request.code),
    )


# --- the case page ----------------------------------------------------------------------------------


@dataclass
class CaseTodos:
    """The client's open to-do items and the open network tasks, as the case page shows them."""

    todos: list[ClientTodo]
    open_reviews: int
    open_follow_ups: int
    today: date

    @property
    def overdue(self) -> list[ClientTodo]:
        return [todo for todo in self.todos if todo.is_overdue(self.today)]


def case_todos(
    *,
    actor: User,
    relationship: ClientRelationship,
    facts: RelationFacts,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> CaseTodos | None:
    """For the case page: the client's open to-dos, for the case team only (None for anyone else).

    Three queries however many items; the read is audited once.
    """
    if not decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=CONSULTATION
    ).allowed:
        return None
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=CLIENT_TODO,
        object_id=str(relationship.code),
    )
    return CaseTodos(
        todos=list(
            ClientTodo.objects.filter(relationship=relationship, status=TodoStatus.OPEN)
            .select_related("deliver_to")
            .order_by("due_on", "id")
        ),
        open_reviews=Consultation.objects.filter(relationship=relationship, reviewed_on__isnull=True).count(),
        open_follow_ups=FollowUpAction.objects.filter(
            consultation__relationship=relationship, done_on__isnull=True
        ).count(),
        today=today or timezone.localdate(),
    )


# --- anonymous consultations ------------------------------------------------------------------------


def _anonymous_for(actor: User) -> QuerySet[Consultation]:
    invited = Participant.objects.filter(consultation=OuterRef("pk"), user=actor)
    return _consultations().filter(relationship__isnull=True).filter(Q(organiser=actor) | Q(Exists(invited)))


def anonymous_consultations(*, actor: User) -> list[Consultation]:
    """The anonymous consultations the actor organised or was invited to. No client, no personal data,
    so there is nothing to audit; a professional who cannot work with clients sees none."""
    if not can_work_with_clients(actor):
        return []
    return list(_anonymous_for(actor))


def anonymous_consultation_get(*, actor: User, code: uuid.UUID | str) -> Consultation:
    if not can_work_with_clients(actor):
        raise Http404
    try:
        return _anonymous_for(actor).get(code=code)
    except (Consultation.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


# --- the work-ability support path on every track's page and the client's page ----------------------


@dataclass
class WorkAbility:
    """A relationship's work-ability support steps (seed 003) as one actor reaches them."""

    relationship: ClientRelationship
    steps: list[EscalationStep]
    # Whether the actor may record the next step here (the relationship open, a step left, the policy).
    can_record: bool

    @property
    def next_step(self) -> int | None:
        recorded = {step.step for step in self.steps}
        return next((kind.value for kind in EscalationStepKind if kind.value not in recorded), None)


def _steps(relationships: list[ClientRelationship]) -> dict[int, list[EscalationStep]]:
    by_relationship: dict[int, list[EscalationStep]] = {r.pk: [] for r in relationships}
    for step in EscalationStep.objects.filter(relationship__in=relationships).select_related(
        "recorded_by", "opened_relationship"
    ):
        by_relationship[step.relationship_id].append(step)
    return by_relationship


def _work_ability_audit(
    actor: User, client: Client, facts: RelationFacts, object_id: str, request: HttpRequest | None
) -> None:
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=ESCALATION_STEP,
        object_id=object_id,
    )


def relationship_work_ability(
    actor: User, relationship: ClientRelationship, facts: RelationFacts, request: HttpRequest | None = None
) -> WorkAbility | None:
    """For a track's relationship page: the steps and whether the actor may record the next one; None for
    whom the policy does not let read them (the read is audited). Two queries."""
    if not decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=ESCALATION_STEP
    ).allowed:
        return None
    _work_ability_audit(actor, relationship.client, facts, str(relationship.code), request)
    steps = _steps([relationship])[relationship.pk]
    shown = WorkAbility(relationship=relationship, steps=steps, can_record=False)
    shown.can_record = bool(
        relationship.is_open
        and shown.next_step
        and decide(
            actor=actor,
            action=Action.CREATE,
            category=DataCategory.PLAN,
            facts=facts,
            object_type=ESCALATION_STEP,
        ).allowed
    )
    return shown


def client_work_ability(
    actor: User, view: ClientView, request: HttpRequest | None = None
) -> list[WorkAbility]:
    """For the client's page: each relationship with recorded steps or where the actor may record one, with
    its steps; empty for whom the policy does not let read them. The read is audited once."""
    if not view.can(actor, Action.VIEW, DataCategory.PLAN, ESCALATION_STEP):
        return []
    relationships = list(ClientRelationship.objects.filter(client=view.client).order_by("-started_on", "id"))
    if not relationships:
        return []
    can_create = view.can(actor, Action.CREATE, DataCategory.PLAN, ESCALATION_STEP)
    steps = _steps(relationships)
    shown = []
    for relationship in relationships:
        item = WorkAbility(relationship=relationship, steps=steps[relationship.pk], can_record=False)
        item.can_record = bool(can_create and relationship.is_open and item.next_step)
        if item.steps or item.can_record:
            shown.append(item)
    if any(item.steps for item in shown):
        _work_ability_audit(actor, view.client, view.facts, str(view.client.code), request)
    return shown
