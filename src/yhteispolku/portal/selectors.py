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
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.policy import Reason
from yhteispolku.applications.models import Application, KelaInterview
from yhteispolku.applications.selectors import dates_for
from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import ClientRelationship, Closure, Phase, TeamMember, TeamRole
from yhteispolku.clients.models import Client, Consent
from yhteispolku.clients.selectors import withheld_codes
from yhteispolku.collaboration.models import ClientTodo, Consultation, TodoStatus
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.documents.models import Attachment, Document
from yhteispolku.plans.models import AgreedService, ClientTask, Plan, PlanVersion, VersionStatus
from yhteispolku.plans.selectors import awaiting_acceptance
from yhteispolku.portal.session import actor_of
from yhteispolku.privacy.selectors import LetterRow, letter_row, letter_row_values

WORKER_PAIR_ROLES = (TeamRole.WORKER_PAIR_EMPLOYMENT, TeamRole.WORKER_PAIR_SOCIAL)
# Rows of her access log per page (one row per day, person, category and action): a busy client has
# thousands of such rows in two years, and the page must cost the same whatever the size of her log.
OWN_LOG_PAGE_SIZE = 100
# Someone else's plan: the client has no relation to that client (the access policy's reason code).
NOT_OWN_DATA = Reason.NO_RELATION.value
# The kinds of entry a recorded professional decision may withhold from her (SPEC §5.1) that these pages
# show; `clients.selectors.withheld_codes` names them. Her access log is never one of them.
TODO_OBJECT_TYPE = "collaboration.clienttodo"
CONSULTATION_OBJECT_TYPE = "collaboration.consultation"
KELA_INTERVIEW_OBJECT_TYPE = "applications.kelainterview"


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


@dataclass
class OwnLogPage:
    page: Page[dict[str, Any]]
    rows: list[LetterRow]


def own_log(*, client: Client, page: int | str = 1, request: HttpRequest | None = None) -> OwnLogPage:
    """Who has read or changed her data over the last two years (703/2023 §11), one page of it, newest
    day first: the rows of the data-protection officer's answer letter (`privacy.selectors.letter_rows`).

    Two queries whatever the size of her log (the number of rows, then the page's rows; both an index
    range on client and time); reading it is audited, every page as before the whole log was. The entry
    is recorded first: outside a request it is written at once and the page includes it; in a request
    the audit middleware writes it as the request ends, so a day's first reading shows from the next
    page view on (and may repeat one row at the foot of page 1 on page 2, that once).
    """
    _audit_own(client, request, object_type="portal.accesslog", category=DataCategory.LOG)
    values = letter_row_values(client=client, today=timezone.localdate())
    shown = Paginator(values, OWN_LOG_PAGE_SIZE).get_page(page)
    rows = [letter_row(row) for row in shown.object_list]
    return OwnLogPage(page=shown, rows=rows)


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
    hidden_todos = withheld_codes(client, TODO_OBJECT_TYPE)
    todos = [
        todo
        for todo in ClientTodo.objects.filter(relationship__client=client)
        .exclude(status=TodoStatus.CANCELLED)
        .select_related("deliver_to")
        .order_by("due_on", "id")
        if todo.code not in hidden_todos
    ]
    _audit_own(client, request, object_type=TODO_OBJECT_TYPE)
    hidden_applications = withheld_codes(client, "applications.application")
    pending = [
        application
        for application in Application.objects.filter(client=client, decision="").order_by(
            "submitted_on", "id"
        )
        if application.code not in hidden_applications
    ]
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


def own_todo(
    *,
    client: Client,
    todo_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    action: str = Action.VIEW,
) -> ClientTodo:
    """One to-do of hers (read, or `action` on it, audited as hers); someone else's is a 404 with a denied
    entry in that client's log, and so is a cancelled one (not on her list)."""
    todo = (
        ClientTodo.objects.select_related("relationship__client", "deliver_to").filter(code=todo_code).first()
    )
    if todo is None:
        raise Http404
    owner = todo.relationship.client
    _audit_own(
        client,
        request,
        object_type="collaboration.clienttodo",
        object_id=str(todo.code),
        action=action,
        owner=owner,
    )
    if owner.pk != client.pk or todo.status == TodoStatus.CANCELLED:
        raise Http404
    if todo.code in withheld_codes(client, TODO_OBJECT_TYPE):
        raise Http404
    return todo


@dataclass
class ConsultationRequest:
    """A consultation she was asked to agree to, as she sees it: who is consulted, what for and when —
    nothing of its notes or decisions."""

    consultation: Consultation
    participants: list[str]

    @property
    def upcoming(self) -> bool:
        return self.consultation.scheduled_at > timezone.now()


def _asked(client: Client) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(relationship__client=client, agreement_asked_at__isnull=False)
        .select_related("organiser", "organisation")
        .prefetch_related("participants__user__organisation", "participants__user__role")
    )


def _shown(consultation: Consultation) -> ConsultationRequest:
    people = [consultation.organiser, *(p.user for p in consultation.participants.all())]
    seen: dict[int, str] = {}
    for user in people:
        organisation = user.organisation.name if user.organisation else ""
        seen.setdefault(user.pk, f"{user}, {organisation}" if organisation else str(user))
    return ConsultationRequest(consultation=consultation, participants=list(seen.values()))


def own_consultation_requests(
    *, client: Client, request: HttpRequest | None = None
) -> list[ConsultationRequest]:
    """The consultations she was asked to agree to (R-CONS-1): the ones waiting for her answer first,
    then those she answered, newest first; one audited read."""
    hidden = withheld_codes(client, CONSULTATION_OBJECT_TYPE)
    rows = [
        _shown(consultation)
        for consultation in _asked(client).order_by("scheduled_at", "id")
        if consultation.code not in hidden
    ]
    _audit_own(client, request, object_type="collaboration.consultation")
    waiting = [row for row in rows if row.consultation.awaiting_client and row.upcoming]
    answered = [row for row in reversed(rows) if row not in waiting]
    return waiting + answered


def own_consultation_request(
    *,
    client: Client,
    consultation_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    action: str = Action.VIEW,
) -> ConsultationRequest:
    """One consultation she was asked about (read, or her answer, audited as hers); someone else's is a
    404 with a denied entry, and so is one she was never asked about here."""
    consultation = (
        Consultation.objects.select_related("relationship__client").filter(code=consultation_code).first()
    )
    if consultation is None or consultation.relationship is None:
        raise Http404
    owner = consultation.relationship.client
    _audit_own(
        client,
        request,
        object_type="collaboration.consultation",
        object_id=str(consultation.code),
        action=action,
        owner=owner,
    )
    if owner.pk != client.pk or consultation.agreement_asked_at is None:
        raise Http404
    if consultation.code in withheld_codes(client, CONSULTATION_OBJECT_TYPE):
        raise Http404
    return _shown(_asked(client).get(pk=consultation.pk))


# --- her documents, less what a professional's decision withholds (SPEC §5.1) --------------------------

DOCUMENT_OBJECT_TYPE = "documents.document"


def own_documents(*, client: Client, request: HttpRequest | None = None) -> list[Document]:
    """Her documents and statements, newest first, with their files; those a recorded professional
    decision withholds from her are left out (SPEC §5.1). One audited read per category shown."""
    hidden = withheld_codes(client, DOCUMENT_OBJECT_TYPE)
    documents = [
        document
        for document in Document.objects.filter(client=client)
        .select_related("author_organisation", "organisation")
        .prefetch_related("attachments")
        .order_by("-dated_on", "-id")
        if document.code not in hidden
    ]
    for category in sorted({document.category for document in documents}):
        _audit_own(client, request, object_type=DOCUMENT_OBJECT_TYPE, category=category)
    return documents


def own_attachment(
    *,
    client: Client,
    document_code: uuid.UUID | str,
    attachment_code: uuid.UUID | str,
    request: HttpRequest | None = None,
) -> Attachment:
    """A file of one of her documents, for download (audited as hers); someone else's is a 404 with a
    denied entry, and one of a document withheld from her is a 404 too (its address reveals nothing)."""
    attachment = (
        Attachment.objects.select_related("document__client")
        .filter(code=attachment_code, document__code=document_code)
        .first()
    )
    if attachment is None:
        raise Http404
    document = attachment.document
    if document.client_id == client.pk and document.code in withheld_codes(client, DOCUMENT_OBJECT_TYPE):
        raise Http404
    _audit_own(
        client,
        request,
        object_type="documents.attachment",
        object_id=str(attachment.code),
        category=document.category,
        owner=document.client,
    )
    if document.client_id != client.pk:
        raise Http404
    return attachment


def own_kela_interviews(*, client: Client, request: HttpRequest | None = None) -> list[KelaInterview]:
    """Her booked Kela rehabilitation interviews from today on (seed 004: the work-ability advisor agrees
    the time with her): when, how, where and who; those a recorded professional decision withholds from her
    are left out. One audited read of the Kela category when she has any."""
    hidden = withheld_codes(client, KELA_INTERVIEW_OBJECT_TYPE)
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    interviews = [
        interview
        for interview in KelaInterview.objects.filter(client=client, starts_at__gte=start_of_today)
        .select_related("interviewer")
        .order_by("starts_at", "id")
        if interview.code not in hidden
    ]
    if interviews:
        _audit_own(client, request, object_type=KELA_INTERVIEW_OBJECT_TYPE, category=DataCategory.KELA)
    return interviews
