"""Writes of applications, requests for additional information, decisions and the Kela checklist.

Each service asks the access policy (`access.authorize`, which writes the audit entry) before it opens
its transaction. An application is written in the category of the body deciding it (Kela's: the Kela
category, written by Kela's professionals; SPEC §5.1). Edits of an application use optimistic locking
(`revision`): a stale edit is refused with a conflict, never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize
from yhteispolku.access.records import authorize_record
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.applications import rules
from yhteispolku.applications.errors import (
    AlreadyAnswered,
    AlreadyDecided,
    AnswerBeforeRequest,
    BenefitInvalid,
    ChecklistCodeUnknown,
    CoachMeetingLimit,
    CoachMeetingNotApplicable,
    ContinuationInvalid,
    DecisionBeforeSubmission,
    DecisionInvalid,
    DetailsRequired,
    DueBeforeRequest,
    HelperNotOnTeam,
    InterviewInvalid,
    InvalidDate,
    PlacementNotApplicable,
    ReceiptBeforeDecision,
    RequestBeforeSubmission,
    StaleEdit,
    TextRequired,
)
from yhteispolku.applications.models import (
    BENEFIT_CATEGORIES,
    DESCRIBED_BENEFITS,
    Application,
    Benefit,
    CoachMeeting,
    Decision,
    InformationRequest,
    KelaCheck,
    KelaInterview,
)
from yhteispolku.cases.models import TeamMember
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.records import record
from yhteispolku.events import services as events
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Organisation

APPLICATION = "applications.application"
INFORMATION_REQUEST = "applications.informationrequest"
COACH_MEETING = "applications.coachmeeting"
KELA_INTERVIEW = "applications.kelainterview"
KELA_CHECK = "applications.kelacheck"


def _not_in_future(today: date | None, *days: date | None) -> None:
    today = today or timezone.localdate()
    if any(day is not None and day > today for day in days):
        raise InvalidDate()


def _check_helper(client: Client, helped_by: User | None) -> None:
    if (
        helped_by is not None
        and not TeamMember.objects.filter(relationship__client=client, user=helped_by).exists()
    ):
        raise HelperNotOnTeam()


def _authorize_application(
    actor: User,
    action: Action,
    application: Application,
    request: HttpRequest | None,
    object_type: str = APPLICATION,
) -> None:
    authorize_record(actor=actor, action=action, record=application, object_type=object_type, request=request)


def application_record(
    *,
    actor: User,
    client: Client,
    benefit: str,
    submitted_on: date,
    details: str = "",
    helped_by: User | None = None,
    continues: Application | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Application:
    """Record an application submitted on a day, and who helped to apply (seed 004: Kela's work-ability
    advisor interviews the client and makes the applications with them). A continuation application
    (`continues`) continues a decided application of the same client and benefit, submitted no earlier than
    that decision."""
    if benefit not in BENEFIT_CATEGORIES:
        raise BenefitInvalid()
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=BENEFIT_CATEGORIES[benefit],
        client=client,
        request=request,
        object_type=APPLICATION,
    )
    details = details.strip()
    if benefit in DESCRIBED_BENEFITS and not details:
        raise DetailsRequired()
    _not_in_future(today, submitted_on)
    _check_helper(client, helped_by)
    _check_continuation(client, benefit, submitted_on, continues)
    return record(
        Application,
        actor,
        client=client,
        benefit=benefit,
        details=details,
        helped_by=helped_by,
        continues=continues,
        submitted_on=submitted_on,
    )


def _check_continuation(
    client: Client, benefit: str, submitted_on: date, continues: Application | None
) -> None:
    if continues is None:
        return
    if continues.client_id != client.pk or continues.benefit != benefit or not continues.is_decided:
        raise ContinuationInvalid({"continues": ContinuationInvalid.default_message})
    assert continues.decided_on is not None
    if submitted_on < continues.decided_on:
        raise ContinuationInvalid(
            {"submitted_on": _("Jatkohakemus ei voi olla jätetty ennen aiemman hakemuksen päätöstä.")}
        )


def application_update(
    *,
    actor: User,
    application: Application,
    expected_revision: int,
    submitted_on: date,
    details: str = "",
    helped_by: User | None = None,
    placement_found_on: date | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Application:
    """Correct an application, or record that the work-trial placement was found (R-KELA-3)."""
    _authorize_application(actor, Action.UPDATE, application, request)
    details = details.strip()
    if application.benefit in DESCRIBED_BENEFITS and not details:
        raise DetailsRequired()
    _not_in_future(today, submitted_on, placement_found_on)
    if application.decided_on is not None and application.decided_on < submitted_on:
        raise DecisionBeforeSubmission()
    if placement_found_on is not None and not (
        application.benefit == Benefit.KELA_WORK_TRIAL
        and application.decision in (Decision.GRANTED, Decision.PARTLY_GRANTED)
        and application.decided_on is not None
        and placement_found_on >= application.decided_on
    ):
        raise PlacementNotApplicable()
    _check_helper(application.client, helped_by)
    return _save(
        application,
        expected_revision,
        submitted_on=submitted_on,
        details=details,
        helped_by=helped_by,
        placement_found_on=placement_found_on,
    )


def application_decide(
    *,
    actor: User,
    application: Application,
    expected_revision: int,
    decision: str,
    decided_on: date,
    decision_received_on: date | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Application:
    """Record the decision (granted, partly granted, rejected) and its date; the appeal deadline follows
    from R-APPEAL-1. A decision dated before the submission is refused, and so is a second decision."""
    _authorize_application(actor, Action.UPDATE, application, request)
    if decision not in Decision.values:
        raise DecisionInvalid()
    if application.is_decided:
        raise AlreadyDecided()
    _not_in_future(today, decided_on, decision_received_on)
    if decided_on < application.submitted_on:
        raise DecisionBeforeSubmission()
    if decision_received_on is not None and decision_received_on < decided_on:
        raise ReceiptBeforeDecision()
    return _save(
        application,
        expected_revision,
        decision=decision,
        decided_on=decided_on,
        decision_received_on=decision_received_on,
        only_undecided=True,
    )


def _save(
    application: Application, expected_revision: int, only_undecided: bool = False, **values: object
) -> Application:
    rows = Application.objects.filter(pk=application.pk, revision=expected_revision)
    if only_undecided:
        rows = rows.filter(decision="")
    with transaction.atomic():
        updated = rows.update(**values, revision=F("revision") + 1, updated_at=timezone.now())
        if updated and only_undecided:
            # The decision recorded: its outbox event in the same transaction (docs/events.md).
            events.record(
                EventType.APPLICATION_DECIDED,
                client_code=application.client.code,
                application=application.code,
                benefit=application.benefit,
                decision=values["decision"],
                decided_on=values["decided_on"],
                recording_organisation=application.organisation.code,
            )
    if not updated:
        application.refresh_from_db()
        if only_undecided and application.is_decided:
            raise AlreadyDecided()
        raise StaleEdit()
    application.refresh_from_db()
    return application


def information_request_record(
    *,
    actor: User,
    application: Application,
    requested_on: date,
    due_on: date,
    description: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> InformationRequest:
    """Record a request for additional information with its own due date (R-KELA-4)."""
    _authorize_application(actor, Action.UPDATE, application, request, INFORMATION_REQUEST)
    description = description.strip()
    if not description:
        raise TextRequired()
    _not_in_future(today, requested_on)
    if requested_on < application.submitted_on:
        raise RequestBeforeSubmission()
    if due_on < requested_on:
        raise DueBeforeRequest()
    with transaction.atomic():
        return InformationRequest.objects.create(
            application=application,
            requested_on=requested_on,
            due_on=due_on,
            description=description,
            recorded_by=actor,
        )


def information_request_answer(
    *,
    actor: User,
    information_request: InformationRequest,
    answered_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> InformationRequest:
    """Record when the request was answered; never before it was made, and only once."""
    _authorize_application(
        actor, Action.UPDATE, information_request.application, request, INFORMATION_REQUEST
    )
    _not_in_future(today, answered_on)
    if answered_on < information_request.requested_on:
        raise AnswerBeforeRequest()
    with transaction.atomic():
        updated = InformationRequest.objects.filter(
            pk=information_request.pk, answered_on__isnull=True
        ).update(answered_on=answered_on)
    if not updated:
        raise AlreadyAnswered()
    information_request.refresh_from_db()
    return information_request


def kela_interview_book(
    *,
    actor: User,
    client: Client,
    starts_at: datetime,
    mode: str,
    interviewer: User,
    place: str = "",
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> KelaInterview:
    """Book Kela's rehabilitation interview (seed 004): when, how and who interviews. Kela data, booked by
    Kela's professionals; the interviewer is a Kela professional; the time is not in the past."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.KELA,
        client=client,
        request=request,
        facts=facts,
        object_type=KELA_INTERVIEW,
    )
    errors: dict[str, str] = {}
    if mode not in KelaInterview.Mode.values:
        errors["mode"] = _("Valitse haastattelun tapa.")
    if interviewer.organisation is None or interviewer.organisation.kind != Organisation.Kind.KELA:
        errors["interviewer"] = _("Haastattelijan on oltava Kelan ammattilainen.")
    if starts_at < timezone.now():
        errors["starts_at"] = _("Haastatteluaika ei voi olla menneisyydessä.")
    if errors:
        raise InterviewInvalid(errors)
    return record(
        KelaInterview,
        actor,
        client=client,
        starts_at=starts_at,
        mode=mode,
        interviewer=interviewer,
        place=place.strip(),
    )


def coach_meeting_record(
    *,
    actor: User,
    application: Application,
    met_on: date,
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> CoachMeeting:
    """Record a meeting with the coach during a granted Kela work trial. R-KELA-3 (in force on the meeting's
    day) limits them: the one past the limit is refused with a message naming the limit and the rule."""
    _authorize_application(actor, Action.UPDATE, application, request, COACH_MEETING)
    if not (
        application.benefit == Benefit.KELA_WORK_TRIAL
        and application.decision in (Decision.GRANTED, Decision.PARTLY_GRANTED)
        and application.decided_on is not None
    ):
        raise CoachMeetingNotApplicable()
    _not_in_future(today, met_on)
    if met_on < application.decided_on:
        raise CoachMeetingNotApplicable({"met_on": CoachMeetingNotApplicable.default_message})
    with transaction.atomic():
        # The application's row locked: two meetings recorded at once cannot both be the last one.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        count = rules.coach_meeting_count(
            CoachMeeting.objects.filter(application=application).count(), met_on
        )
        if count.remaining == 0:
            raise CoachMeetingLimit(
                _(
                    "%(rule)s: työkokeilun aikana on enintään %(limit)s valmentajan tapaamista, ja ne on "
                    "kaikki kirjattu."
                )
                % {"rule": count.reference, "limit": count.limit}
            )
        assert actor.organisation is not None
        return CoachMeeting.objects.create(
            application=application,
            met_on=met_on,
            note=note.strip(),
            recorded_by=actor,
            organisation=actor.organisation,
        )


def _known(codes: Iterable[str], rule_id: str, name: str, on: date) -> list[str]:
    allowed, _version = rules.checklist(rule_id, name, on)
    chosen = list(dict.fromkeys(codes))
    if any(code not in allowed for code in chosen):
        raise ChecklistCodeUnknown()
    return chosen


def kela_check_record(
    *,
    actor: User,
    client: Client,
    checked_on: date,
    indicators: Iterable[str],
    criteria: Iterable[str],
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KelaCheck:
    """Record which R-KELA-1 indicators and R-KELA-2 criteria the professional finds apply. The codes are
    those of the rule versions in force on the day; the record is kept, the latest one advises."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        object_type=KELA_CHECK,
    )
    _not_in_future(today, checked_on)
    indicators = _known(indicators, rules.COOPERATION_RULE, "indicators", checked_on)
    criteria = _known(criteria, rules.VOCATIONAL_RULE, "criteria", checked_on)
    return record(
        KelaCheck,
        actor,
        client=client,
        checked_on=checked_on,
        indicators=indicators,
        criteria=criteria,
        note=note.strip(),
    )
