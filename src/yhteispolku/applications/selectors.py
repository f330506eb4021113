"""Reads of applications and the advice, through the access policy and the audit log.

Applications are shown in the categories the actor may see (Kela's to Kela and, with consent, to the
rest of the team); every visible category is authorised once per page, and the rows with their requests
for additional information are read with a constant number of queries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.records import ClientReach, client_reach, client_record_for_action
from yhteispolku.accounts.models import User
from yhteispolku.applications import advice, rules
from yhteispolku.applications.models import (
    VOCATIONAL_REHABILITATION,
    Application,
    Benefit,
    CoachMeeting,
    InformationRequest,
    KelaCheck,
    KelaInterview,
)
from yhteispolku.applications.services import APPLICATION, KELA_CHECK, KELA_INTERVIEW
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.documents import selectors as document_selectors
from yhteispolku.rules.engine import DueDate

APPLICATION_CATEGORIES = (DataCategory.KELA, DataCategory.EMPLOYMENT, DataCategory.SOCIAL)


ClientApplications = ClientReach


def client_applications_get(
    *, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None
) -> ClientApplications:
    """The client for the applications pages: basic data, 404 to anyone without a relation."""
    return client_reach(actor=actor, client=document_selectors.client_or_404(code), request=request)


@dataclass(frozen=True)
class ShownApplication:
    """An application with the dates the rules compute for it."""

    application: Application
    can_update: bool
    requests: list[InformationRequest]
    expected_decision: DueDate | None = None
    appeal: rules.AppealDeadline | None = None
    placement: DueDate | None = None
    overdue: bool = False
    # A granted work trial's coach meetings and their count against R-KELA-3 (the detail only).
    coach_meetings: list[CoachMeeting] | None = None
    coach_count: rules.CoachMeetingCount | None = None


def dates_for(application: Application) -> tuple[DueDate | None, rules.AppealDeadline | None, DueDate | None]:
    """R-KELA-4's expected decision, R-APPEAL-1's appeal deadline and R-KELA-3's placement deadline."""
    expected = rules.expected_decision(application.benefit, application.submitted_on)
    appeal = placement = None
    if application.decided_on is not None:
        if application.decision in rules.APPEALABLE:
            appeal = rules.appeal_deadline(application.decided_on, application.decision_received_on)
        if application.benefit == Benefit.KELA_WORK_TRIAL and application.decision != "rejected":
            placement = rules.placement_due(application.decided_on)
    return expected, appeal, placement


def applications_for(
    *,
    actor: User,
    context: ClientApplications,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> tuple[list[ShownApplication], list[DataCategory]]:
    """The client's applications the actor may see, newest first, and the categories they came from;
    `overdue` marks those whose R-KELA-4 expected decision day has passed without a decision."""
    client = context.client
    today = today or timezone.localdate()
    visible = context.visible(actor, APPLICATION_CATEGORIES, APPLICATION, request)
    if not visible:
        return [], []
    rows = (
        Application.objects.filter(client=client, category__in=visible)
        .select_related("helped_by", "recorded_by", "organisation", "continues")
        .prefetch_related(
            Prefetch(
                "information_requests", queryset=InformationRequest.objects.order_by("requested_on", "id")
            )
        )
        .order_by("-submitted_on", "-id")
    )
    allowed = context.owned_decider(actor)

    shown = []
    for row in rows:
        if not allowed(Action.VIEW, row.category, row.organisation_id):
            continue
        row.client = client
        expected, appeal, placement = dates_for(row)
        shown.append(
            ShownApplication(
                application=row,
                can_update=allowed(Action.UPDATE, row.category, row.organisation_id),
                requests=list(row.information_requests.all()),
                expected_decision=expected,
                appeal=appeal,
                placement=placement,
                overdue=not row.is_decided and expected is not None and expected.on < today,
            )
        )
    return shown, visible


def application_for_action(
    *,
    actor: User,
    context: ClientApplications,
    code: uuid.UUID | str,
    action: Action,
    request: HttpRequest | None = None,
) -> ShownApplication:
    application = client_record_for_action(
        Application.objects.select_related(
            "helped_by", "recorded_by", "organisation", "continues"
        ).prefetch_related("information_requests"),
        actor=actor,
        client=context.client,
        facts=context.facts,
        code=code,
        action=action,
        object_type=APPLICATION,
        request=request,
    )
    expected, appeal, placement = dates_for(application)
    meetings = count = None
    if placement is not None:
        meetings = list(application.coach_meetings.select_related("recorded_by"))
        count = rules.coach_meeting_count(len(meetings), timezone.localdate())
    can_update = decide(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory(application.category),
        facts=context.facts,
        owner_organisation_id=application.organisation_id,
    ).allowed
    return ShownApplication(
        application=application,
        can_update=can_update,
        requests=sorted(application.information_requests.all(), key=lambda r: (r.requested_on, r.pk)),
        expected_decision=expected,
        appeal=appeal,
        placement=placement,
        coach_meetings=meetings,
        coach_count=count,
    )


def information_request_for_action(*, shown: ShownApplication, code: uuid.UUID | str) -> InformationRequest:
    """One request of an application the caller has already authorised (its category's decision)."""
    for information_request in shown.requests:
        if str(information_request.code) == str(code):
            information_request.application = shown.application
            return information_request
    raise Http404


@dataclass(frozen=True)
class AdviceView:
    cooperation: advice.Advice | None
    vocational: advice.Advice | None
    check: KelaCheck | None
    can_record_check: bool
    notes: list[str] = field(default_factory=list)


def advice_for(
    *,
    actor: User,
    context: ClientApplications,
    applications: list[ShownApplication],
    kela_visible: bool,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> AdviceView:
    """R-KELA-1 and R-KELA-2 advice from the latest checklist, the newest B statement the actor may see
    and the pending vocational-rehabilitation applications. The checklist is the team's written work
    (plan text): a coordinator or manager gets no advice."""
    today = today or timezone.localdate()
    if not context.can(actor, Action.VIEW, DataCategory.PLAN, KELA_CHECK):
        return AdviceView(None, None, None, False)
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=context.client,
        request=request,
        facts=context.facts,
        object_type=KELA_CHECK,
    )
    check = KelaCheck.objects.filter(client=context.client).select_related("recorded_by").first()
    documents_context = document_selectors.ClientDocuments(client=context.client, facts=context.facts)
    health_visible = documents_context.can(actor, Action.VIEW, DataCategory.HEALTH)
    if health_visible:
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.HEALTH,
            client=context.client,
            request=request,
            facts=context.facts,
            object_type="documents.document",
        )
    _visible, b_statement = document_selectors.latest_b_statement(
        actor=actor, context=documents_context, today=today
    )
    pending = [
        shown.application.submitted_on
        for shown in applications
        if shown.application.benefit in VOCATIONAL_REHABILITATION and not shown.application.is_decided
    ]
    checked_on = check.checked_on if check else None
    return AdviceView(
        cooperation=advice.cooperation_advice(
            today=today,
            indicators=list(check.indicators) if check else [],
            check_recorded_on=checked_on,
            health_visible=health_visible,
            b_statement=b_statement,
            rehabilitation_submitted_on=pending,
            kela_visible=kela_visible,
        ),
        vocational=advice.vocational_advice(
            today=today, criteria=list(check.criteria) if check else [], check_recorded_on=checked_on
        ),
        check=check,
        can_record_check=context.can(actor, Action.CREATE, DataCategory.PLAN, KELA_CHECK),
    )


@dataclass(frozen=True)
class Interviews:
    """The client's Kela interviews from today on (for one who may see Kela's data) and whether to offer
    booking one."""

    interviews: list[KelaInterview]
    can_book: bool


def kela_interviews(
    *, actor: User, context: ClientApplications, request: HttpRequest | None = None
) -> Interviews | None:
    """The upcoming (and today's) interviews, the Kela category's read logged; None when it is refused."""
    if not context.visible(actor, (DataCategory.KELA,), KELA_INTERVIEW, request):
        return None
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    rows = (
        KelaInterview.objects.filter(client=context.client, starts_at__gte=start_of_today)
        .select_related("interviewer")
        .order_by("starts_at", "id")
    )
    return Interviews(
        interviews=list(rows),
        can_book=context.can(actor, Action.CREATE, DataCategory.KELA, KELA_INTERVIEW),
    )


def interviews_for_case(actor: User, view: Any, request: HttpRequest | None) -> Interviews | None:
    """The case page's section (registered in apps.py): the team's view of the Kela interviews."""
    if view.relationship is None or not view.can_view_plan:
        return None
    return kela_interviews(
        actor=actor, context=ClientReach(client=view.client, facts=view.facts), request=request
    )
