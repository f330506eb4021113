"""Writes of network work: consultations (R-CONS-1), the work-ability support escalation (seed 003),
Kela cooperation (seed 004) and the client's to-do list (seed 001).

Each service asks the access policy through `access.authorize` (which writes the audit entry) *before*
it opens its transaction, so a refused attempt stays in the audit log while the write itself is all or
nothing. Consultations and their texts are the team's joint work (the plan category; managers do not
read the text, `PLAN_TEXT_OBJECT_TYPES`); Kela's answers are Kela's category, written only by Kela.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteispolku.access.policy import authorize
from yhteispolku.access.relations import MANAGER_ROLES, RelationFacts, can_work_with_clients
from yhteispolku.accounts.models import User
from yhteispolku.cases.extensions import open_track_relationship
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, TeamMember, Track
from yhteispolku.clients.models import Consent
from yhteispolku.collaboration.errors import (
    AlreadyAnswered,
    AlreadyDone,
    AlreadyInvited,
    AwaitingClientAgreement,
    CollaborationError,
    ConsultationPassed,
    DueBeforeConsultation,
    EscalationOutOfOrder,
    InvalidInput,
    NotAgreedWithClient,
    NotWorkingWithClient,
    OwnerRequired,
    RelationshipNotOpen,
    RequestNotOpen,
    SkipReasonRequired,
    StaleEdit,
)
from yhteispolku.collaboration.models import (
    AgreedHow,
    ClientTodo,
    Consultation,
    ConsultationKind,
    EscalationResult,
    EscalationStep,
    EscalationStepKind,
    FollowUpAction,
    KelaRequest,
    KelaRequestKind,
    KelaRequestStatus,
    MeetingMode,
    Participant,
    ReferralOnwards,
    TodoKind,
    TodoStatus,
)
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.documents.models import Document, DocumentType
from yhteispolku.documents.services import document_sent_by_client
from yhteispolku.organisations.models import Organisation

CONSULTATION = "collaboration.consultation"
FOLLOW_UP = "collaboration.followupaction"
ESCALATION_STEP = "collaboration.escalationstep"
KELA_REQUEST = "collaboration.kelarequest"
KELA_ANSWER = "collaboration.kelaanswer"
CLIENT_TODO = "collaboration.clienttodo"

OWNER_NOT_ON_TEAM = gettext_lazy(
    "Jatkotoimen vastuuhenkilön on oltava asiakkaan tiimin jäsen: hän näkee jatkotoimen ja se näkyy hänen "
    "työlistallaan."
)

_Row = TypeVar("_Row", bound=Model)

# R-CONS-1: the consents under which a professional outside the case team may take part.
CONSULTATION_PURPOSES = (Purpose.CONSULTATION, Purpose.TYM_JOINT_WORK)


def _authorize(
    *,
    actor: User,
    action: Action,
    relationship: ClientRelationship,
    object_type: str,
    object_id: str = "",
    request: HttpRequest | None = None,
    facts: RelationFacts | None = None,
) -> None:
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=object_type,
        object_id=object_id,
        facts=facts,
    )


def _require_open(relationship: ClientRelationship) -> None:
    if relationship.phase not in OPEN_PHASES:
        raise RelationshipNotOpen()


def _authorize_add(
    actor: User, relationship: ClientRelationship, object_type: str, request: HttpRequest | None
) -> None:
    """May the actor add an `object_type` to the client's network work (authorised and logged first),
    and is the relationship still open?"""
    _authorize(
        actor=actor, action=Action.CREATE, relationship=relationship, object_type=object_type, request=request
    )
    _require_open(relationship)


def _authorize_update(
    actor: User, item: KelaRequest | ClientTodo, object_type: str, request: HttpRequest | None
) -> None:
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=item.relationship,
        object_type=object_type,
        object_id=str(item.code),
        request=request,
    )


def _update_once(
    item: _Row, rows: QuerySet[_Row], refused: Callable[[], CollaborationError], **changes: Any
) -> _Row:
    """Write `changes` to the item when `rows` (the item under its expected state) still matches, then
    read it again; when nothing matched, the change is refused with `refused()`."""
    with transaction.atomic():
        updated = rows.update(**changes)
    if not updated:
        raise refused()
    item.refresh_from_db()
    return item


def _kela_refusal(
    kela_request: KelaRequest, ended: Callable[[str], bool], error: CollaborationError
) -> Callable[[], CollaborationError]:
    """A Kela request whose update matched nothing: `error` when its status has ended the change,
    otherwise someone else saved it first (StaleEdit)."""

    def refused() -> CollaborationError:
        kela_request.refresh_from_db()
        return error if ended(kela_request.status) else StaleEdit()

    return refused


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _not_in_future(field: str, day: date, today: date | None) -> None:
    if day > _today(today):
        raise InvalidInput({field: _("Päivämäärä ei voi olla tulevaisuudessa.")})


# --- consultations -----------------------------------------------------------------------------------


def eligible_parties(relationship: ClientRelationship) -> tuple[set[int], set[int]]:
    """R-CONS-1: who works with the client: the current case team (user ids) and the organisations the
    client's active consent covers for consultation or TYM joint work. Two queries."""
    team = set(
        TeamMember.objects.filter(relationship=relationship, left_on__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    organisations = set(
        Consent.objects.filter(client_id=relationship.client_id, purpose__in=CONSULTATION_PURPOSES)
        .active()
        .values_list("organisations", flat=True)
    )
    organisations.discard(None)  # type: ignore[arg-type]
    return team, organisations


def consultable(user: User, team: set[int], organisations: set[int]) -> bool:
    """R-CONS-1 (seed 000: "vain asiakkaan tarpeen mukaiset tahot, jotka asiakkaan kanssa työskentelevät"):
    the case team, or a professional doing client work in an organisation the consent covers. A TYM
    coordinator or unit manager off the team is not a party: their scope is the phase, team and
    deadlines (SPEC §5.1), never what a consultation discusses."""
    if user.pk in team:
        return True
    return user.organisation_id in organisations and user.role_id not in MANAGER_ROLES


def _check_parties(relationship: ClientRelationship | None, users: Iterable[User]) -> None:
    users = list(users)
    if not users:
        return
    if any(not can_work_with_clients(user) for user in users):
        raise NotWorkingWithClient()
    if relationship is None:
        # Anonymous: no client and no personal data, so any professional may be asked.
        return
    team, organisations = eligible_parties(relationship)
    outside = [u for u in users if not consultable(u, team, organisations)]
    if outside:
        names = ", ".join(str(user) for user in outside)
        raise NotWorkingWithClient(f"{NotWorkingWithClient.default_message} ({names})")


def consultation_create(
    *,
    actor: User,
    relationship: ClientRelationship | None,
    kind: str,
    mode: str,
    scheduled_at: datetime,
    agenda: str = "",
    agreed_with_client_on: date | None = None,
    agreed_how: str = "",
    ask_client: bool = False,
    participants: Iterable[User] = (),
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Consultation:
    """Plan a consultation of the network (R-CONS-1).

    About a client: only the parties working with the client are invited (the case team, or
    professionals of organisations the client's active consent covers for consultation or TYM joint
    work), and the consultation is agreed with the client beforehand — when and how is recorded (by the
    actor), or, with `ask_client`, the client is asked in Oma Yhteispolku and the consultation waits for
    her answer (`consultation_answer_by_client`). Without a relationship it is anonymous: no client, no
    personal data, nothing to agree.
    """
    if relationship is not None:
        _authorize_add(actor, relationship, CONSULTATION, request)
    elif not can_work_with_clients(actor):
        raise NotWorkingWithClient()
    errors = {}
    if kind not in ConsultationKind.values:
        errors["kind"] = _("Valitse konsultaation laji.")
    if mode not in MeetingMode.values:
        errors["mode"] = _("Valitse, pidetäänkö konsultaatio etänä vai paikan päällä.")
    if errors:
        raise InvalidInput(errors)
    participants = list(participants)
    if timezone.is_naive(scheduled_at):
        # A time without an offset (an API caller's) is Finnish local time, as the pages' form gives it.
        scheduled_at = timezone.make_aware(scheduled_at)
    asked_at = None
    if relationship is not None and ask_client:
        if agreed_with_client_on is not None or agreed_how:
            raise InvalidInput(
                {
                    "ask_client": _(
                        "Joko kirjaa, milloin ja miten asiakkaan kanssa sovittiin, tai kysy asiakkaan "
                        "suostumusta Oma Yhteispolussa, ei molempia."
                    )
                }
            )
        if scheduled_at <= timezone.now():
            raise InvalidInput(
                {"scheduled_at": _("Asiakkaalta voi kysyä suostumusta vain tulevaan konsultaatioon.")}
            )
        asked_at = timezone.now()
    elif relationship is not None:
        if agreed_with_client_on is None or agreed_how not in AgreedHow.values:
            raise NotAgreedWithClient()
        _not_in_future("agreed_with_client_on", agreed_with_client_on, today)
        if agreed_with_client_on > timezone.localtime(scheduled_at).date():
            raise NotAgreedWithClient(
                _("R-CONS-1: konsultaatiosta sovitaan asiakkaan kanssa etukäteen, ei konsultaation jälkeen.")
            )
    else:
        agreed_with_client_on, agreed_how = None, ""
    _check_parties(relationship, participants)
    assert actor.organisation is not None
    with transaction.atomic():
        consultation = Consultation.objects.create(
            relationship=relationship,
            kind=kind,
            mode=mode,
            scheduled_at=scheduled_at,
            agenda=agenda.strip(),
            agreed_with_client_on=agreed_with_client_on,
            agreed_how=agreed_how,
            agreement_recorded_by=actor if agreed_with_client_on is not None else None,
            agreement_asked_at=asked_at,
            organiser=actor,
            organisation=actor.organisation,
        )
        Participant.objects.bulk_create(
            Participant(consultation=consultation, user=user, invited_by=actor)
            for user in {user.pk: user for user in participants}.values()
        )
    return consultation


def _consultation_authorize(
    actor: User, consultation: Consultation, action: Action, request: HttpRequest | None
) -> None:
    if consultation.relationship is not None:
        _authorize(
            actor=actor,
            action=action,
            relationship=consultation.relationship,
            object_type=CONSULTATION,
            object_id=str(consultation.code),
            request=request,
        )
        _require_open(consultation.relationship)
    elif not anonymous_party(actor, consultation):
        raise NotWorkingWithClient()


def _require_agreed(consultation: Consultation) -> None:
    """R-CONS-1: a consultation the client was asked about proceeds only once she has agreed."""
    if not consultation.agreed:
        raise AwaitingClientAgreement()


def consultation_answer_by_client(
    *, consultation: Consultation, agree: bool, today: date | None = None
) -> Consultation:
    """The client answers the request for her prior agreement in Oma Yhteispolku (R-CONS-1).

    Agreeing records the agreement as given by her (`agreed_by_client`, how = in the e-service, today;
    no professional recorded it) and the consultation proceeds exactly as one whose agreement a
    professional recorded. Declining records the day; the consultation does not take place. Answered
    once, before the consultation's time: a second answer is AlreadyAnswered (409), a passed one
    ConsultationPassed (409), and nothing changes. The caller (the portal) has found the consultation
    among her own and audits the answer as hers.
    """
    day = _today(today)
    waiting = Consultation.objects.filter(
        pk=consultation.pk,
        agreement_asked_at__isnull=False,
        agreed_with_client_on__isnull=True,
        declined_by_client_on__isnull=True,
    )

    def refused() -> CollaborationError:
        consultation.refresh_from_db()
        if consultation.awaiting_client:
            return ConsultationPassed()
        return AlreadyAnswered()

    changes: dict[str, Any] = (
        {"agreed_with_client_on": day, "agreed_how": AgreedHow.PORTAL, "agreed_by_client": True}
        if agree
        else {"declined_by_client_on": day}
    )
    return _update_once(
        consultation,
        waiting.filter(scheduled_at__gt=timezone.now()),
        refused,
        **changes,
        updated_at=timezone.now(),
    )


def anonymous_party(actor: User, consultation: Consultation) -> bool:
    """An anonymous consultation holds no personal data: its organiser and invitees work on it."""
    return consultation.organiser_id == actor.pk or consultation.participants.filter(user=actor).exists()


def participant_invite(
    *, actor: User, consultation: Consultation, user: User, request: HttpRequest | None = None
) -> Participant:
    """Invite one more professional (R-CONS-1: only the parties working with the client)."""
    _consultation_authorize(actor, consultation, Action.UPDATE, request)
    _check_parties(consultation.relationship, [user])
    try:
        with transaction.atomic():
            return Participant.objects.create(consultation=consultation, user=user, invited_by=actor)
    except IntegrityError as error:
        raise AlreadyInvited() from error


def consultation_notes_update(
    *,
    actor: User,
    consultation: Consultation,
    agenda: str,
    notes: str,
    decisions: str,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> Consultation:
    """Record the agenda, notes and decisions. Optimistic locking: an edit started before someone else
    saved is refused (StaleEdit, 409), never silently overwritten."""
    _consultation_authorize(actor, consultation, Action.UPDATE, request)
    if notes.strip() or decisions.strip():
        # The agenda may be planned while the client's answer is awaited; what was discussed may not.
        _require_agreed(consultation)
    return _update_once(
        consultation,
        Consultation.objects.filter(pk=consultation.pk, revision=expected_revision),
        StaleEdit,
        agenda=agenda.strip(),
        notes=notes.strip(),
        decisions=decisions.strip(),
        revision=F("revision") + 1,
        updated_at=timezone.now(),
    )


def follow_up_owners(consultation: Consultation) -> set[int]:
    """Who may own a follow-up. About a client: the current case team, so that the owner can open the
    consultation and finds the action on their worklist (a professional invited through the consent only
    takes part in the meeting). Anonymous: the organiser and the invitees."""
    if consultation.relationship_id is None:
        return {consultation.organiser_id, *consultation.participants.values_list("user_id", flat=True)}
    return set(
        TeamMember.objects.filter(
            relationship_id=consultation.relationship_id, left_on__isnull=True
        ).values_list("user_id", flat=True)
    )


def follow_up_add(
    *,
    actor: User,
    consultation: Consultation,
    description: str,
    owner: User | None,
    due_on: date | None,
    request: HttpRequest | None = None,
) -> FollowUpAction:
    """A follow-up agreed in the consultation: a professional owns it, due no earlier than the meeting."""
    _consultation_authorize(actor, consultation, Action.UPDATE, request)
    _require_agreed(consultation)
    description = description.strip()
    if not description:
        raise InvalidInput({"description": _("Kirjoita, mitä on sovittu tehtäväksi.")})
    if owner is None:
        raise OwnerRequired()
    if owner.pk not in follow_up_owners(consultation):
        raise OwnerRequired(OWNER_NOT_ON_TEAM)
    if due_on is None:
        raise InvalidInput({"due_on": _("Anna jatkotoimen määräpäivä.")})
    if due_on < consultation.day:
        raise DueBeforeConsultation()
    with transaction.atomic():
        return FollowUpAction.objects.create(
            consultation=consultation, description=description, owner=owner, due_on=due_on, recorded_by=actor
        )


def follow_up_done(
    *,
    actor: User,
    follow_up: FollowUpAction,
    done_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> FollowUpAction:
    _consultation_authorize(actor, follow_up.consultation, Action.UPDATE, request)
    _not_in_future("done_on", done_on, today)
    return _update_once(
        follow_up,
        FollowUpAction.objects.filter(pk=follow_up.pk, done_on__isnull=True),
        lambda: AlreadyDone(_("Jatkotoimi on jo kirjattu tehdyksi.")),
        done_on=done_on,
        done_by=actor,
    )


def consultation_reviewed(
    *,
    actor: User,
    consultation: Consultation,
    reviewed_on: date,
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Consultation:
    """R-CONS-1: what came up in the consultation has been reviewed with the client afterwards."""
    if consultation.relationship is None:
        raise InvalidInput(
            _("Anonyymissa konsultaatiossa ei ole asiakasta, jonka kanssa asiat käydään läpi.")
        )
    _consultation_authorize(actor, consultation, Action.UPDATE, request)
    _require_agreed(consultation)
    _not_in_future("reviewed_on", reviewed_on, today)
    if reviewed_on < consultation.day:
        raise InvalidInput(
            {"reviewed_on": _("R-CONS-1: asiat käydään asiakkaan kanssa läpi konsultaation jälkeen.")}
        )
    return _update_once(
        consultation,
        Consultation.objects.filter(pk=consultation.pk, reviewed_on__isnull=True),
        lambda: AlreadyDone(_("Läpikäynti asiakkaan kanssa on jo kirjattu.")),
        reviewed_on=reviewed_on,
        review_note=note.strip(),
        reviewed_by=actor,
        updated_at=timezone.now(),
    )


# --- work-ability support escalation -----------------------------------------------------------------


def escalation_step_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    step: int,
    on: date,
    outcome: str = "",
    skipped: bool = False,
    skip_reason: str = "",
    referral_onwards: str = ReferralOnwards.NONE,
    referral_details: str = "",
    result: str = "",
    result_on: date | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> EscalationStep:
    """One step of the work-ability support path (seed 003, Varha): consult the work-ability
    coordinator → contact the client → consult the work-ability team, in this order.

    A step is recorded only after the one before it; a step is skipped only with a recorded reason.
    Reachable from every track's relationship. What happened (`result`, e.g. referred to vocational
    rehabilitation) is recorded with its day (the step's day when not given). Referral onwards to
    work-ability support opens a work_ability_support relationship for the client at the actor's unit
    through the paths app's relationship opening (authorised and audited there), or links the one open.
    """
    _authorize_add(actor, relationship, ESCALATION_STEP, request)
    if step not in EscalationStepKind.values:
        raise InvalidInput({"step": _("Valitse työkyvyn tuen vaihe.")})
    if referral_onwards not in ReferralOnwards.values:
        raise InvalidInput({"referral_onwards": _("Valitse, mihin asiakas ohjataan.")})
    outcome, skip_reason = outcome.strip(), skip_reason.strip()
    if skipped and not skip_reason:
        raise SkipReasonRequired()
    if not skipped and not outcome:
        raise InvalidInput({"outcome": _("Kirjaa vaiheen tulos.")})
    _not_in_future("on", on, today)
    if result not in ("", *EscalationResult.values):
        raise InvalidInput({"result": _("Valitse, mitä vaiheessa tapahtui.")})
    if skipped and (result or result_on):
        raise InvalidInput({"result": _("Ohitetulla vaiheella ei ole tulosta.")})
    if result_on is not None and not result:
        raise InvalidInput({"result": _("Valitse, mitä vaiheessa tapahtui.")})
    if result and result_on is None:
        result_on = on
    if result_on is not None:
        _not_in_future("result_on", result_on, today)
        if result_on < on:
            raise InvalidInput({"result_on": _("Tuloksen päivä ei voi olla ennen vaiheen päivää.")})
    try:
        with transaction.atomic():
            ClientRelationship.objects.select_for_update().filter(pk=relationship.pk).first()
            recorded = {s.step: s for s in EscalationStep.objects.filter(relationship=relationship)}
            if step in recorded:
                raise AlreadyDone(_("Tämä työkyvyn tuen vaihe on jo kirjattu."))
            if any(earlier not in recorded for earlier in range(1, step)):
                raise EscalationOutOfOrder()
            previous = recorded.get(step - 1)
            if previous is not None and on < previous.on:
                raise InvalidInput({"on": _("Vaihe ei voi olla ennen edellistä vaihetta.")})
            opened = (
                _work_ability_relationship(actor, relationship, request, today)
                if referral_onwards == ReferralOnwards.WORK_ABILITY_SUPPORT
                else None
            )
            return EscalationStep.objects.create(
                relationship=relationship,
                step=step,
                on=on,
                skipped=skipped,
                skip_reason=skip_reason if skipped else "",
                outcome=outcome,
                referral_onwards=referral_onwards,
                referral_details=referral_details.strip(),
                result=result,
                result_on=result_on,
                opened_relationship=opened,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise StaleEdit() from error


def _work_ability_relationship(
    actor: User, relationship: ClientRelationship, request: HttpRequest | None, today: date | None
) -> ClientRelationship:
    """The client's open work-ability support relationship, or a new one opened at the actor's unit."""
    if relationship.track == Track.WORK_ABILITY_SUPPORT and relationship.is_open:
        return relationship
    existing = ClientRelationship.objects.filter(
        client_id=relationship.client_id, track=Track.WORK_ABILITY_SUPPORT, phase__in=OPEN_PHASES
    ).first()
    if existing is not None:
        return existing
    return open_track_relationship(
        actor=actor,
        client=relationship.client,
        track=Track.WORK_ABILITY_SUPPORT,
        request=request,
        today=today,
    )


# --- Kela cooperation -------------------------------------------------------------------------------


def kela_request_send(
    *,
    actor: User,
    relationship: ClientRelationship,
    kind: str,
    question: str,
    sent_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KelaRequest:
    """A request to Kela (seed 004): map the benefits, assess the rehabilitation need, or a Typpi notice."""
    _authorize_add(actor, relationship, KELA_REQUEST, request)
    if kind not in KelaRequestKind.values:
        raise InvalidInput({"kind": _("Valitse pyynnön laji.")})
    question = question.strip()
    if not question:
        raise InvalidInput({"question": _("Kirjoita pyyntö tai kysymys Kelalle.")})
    _not_in_future("sent_on", sent_on, today)
    with transaction.atomic():
        return KelaRequest.objects.create(
            relationship=relationship, kind=kind, question=question, sent_on=sent_on, sent_by=actor
        )


def kela_request_answer(
    *,
    actor: User,
    kela_request: KelaRequest,
    answered_on: date,
    answer: str,
    expected_revision: int,
    current_situation: str = "",
    rehabilitation_path: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KelaRequest:
    """Kela's answer: benefit and rehabilitation information, Kela's category (only Kela writes it).

    A rehabilitation-need assessment is answered with the work-ability advisor's summary: the current
    situation and the proposed rehabilitation path (seed 004).
    """
    relationship = kela_request.relationship
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.KELA,
        client=relationship.client,
        request=request,
        object_type=KELA_ANSWER,
        object_id=str(kela_request.code),
    )
    _require_open(relationship)
    answer, current_situation, rehabilitation_path = (
        answer.strip(),
        current_situation.strip(),
        rehabilitation_path.strip(),
    )
    errors = {}
    if not answer:
        errors["answer"] = _("Kirjoita Kelan vastaus.")
    if kela_request.kind == KelaRequestKind.REHABILITATION_ASSESSMENT:
        if not current_situation:
            errors["current_situation"] = _("Kirjaa koosteeseen asiakkaan nykytilanne.")
        if not rehabilitation_path:
            errors["rehabilitation_path"] = _("Kirjaa koosteeseen ehdotus kuntoutuspoluksi.")
    if errors:
        raise InvalidInput(errors)
    _not_in_future("answered_on", answered_on, today)
    if answered_on < kela_request.sent_on:
        raise InvalidInput({"answered_on": _("Vastauspäivä ei voi olla ennen pyynnön lähettämistä.")})
    return _update_once(
        kela_request,
        KelaRequest.objects.filter(
            pk=kela_request.pk, revision=expected_revision, status=KelaRequestStatus.SENT
        ),
        _kela_refusal(
            kela_request,
            lambda status: status != KelaRequestStatus.SENT,
            AlreadyDone(_("Pyyntöön on jo vastattu tai se on suljettu.")),
        ),
        status=KelaRequestStatus.ANSWERED,
        answered_on=answered_on,
        answered_by=actor,
        answer=answer,
        current_situation=current_situation,
        rehabilitation_path=rehabilitation_path,
        revision=F("revision") + 1,
    )


def kela_request_close(
    *,
    actor: User,
    kela_request: KelaRequest,
    closed_on: date,
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KelaRequest:
    _authorize_update(actor, kela_request, KELA_REQUEST, request)
    _not_in_future("closed_on", closed_on, today)
    if closed_on < kela_request.sent_on:
        raise InvalidInput({"closed_on": _("Sulkemispäivä ei voi olla ennen pyynnön lähettämistä.")})
    return _update_once(
        kela_request,
        KelaRequest.objects.filter(pk=kela_request.pk, revision=expected_revision).exclude(
            status=KelaRequestStatus.CLOSED
        ),
        _kela_refusal(kela_request, lambda status: status == KelaRequestStatus.CLOSED, RequestNotOpen()),
        status=KelaRequestStatus.CLOSED,
        closed_on=closed_on,
        revision=F("revision") + 1,
    )


# --- the client's to-do list ------------------------------------------------------------------------


def client_todo_add(
    *,
    actor: User,
    relationship: ClientRelationship,
    kind: str,
    description: str,
    deliver_to: Organisation | None,
    due_on: date | None,
    requested_document_type: str = "",
    request: HttpRequest | None = None,
) -> ClientTodo:
    """Something the client must deliver, to whom and by when (seed 001); with `requested_document_type`
    the document it asks for, which she may send from Oma Yhteispolku."""
    _authorize_add(actor, relationship, CLIENT_TODO, request)
    errors = {}
    if kind not in TodoKind.values:
        errors["kind"] = _("Valitse, mitä asiakas toimittaa.")
    description = description.strip()
    if not description:
        errors["description"] = _("Kuvaa, mitä asiakas toimittaa.")
    if deliver_to is None:
        errors["deliver_to"] = _("Valitse, kenelle asiakas toimittaa asian.")
    if due_on is None:
        errors["due_on"] = _("Anna määräpäivä.")
    if requested_document_type and requested_document_type not in DocumentType.values:
        errors["requested_document_type"] = _("Valitse pyydetty asiakirja luettelosta.")
    if errors:
        raise InvalidInput(errors)
    assert deliver_to is not None
    assert due_on is not None
    with transaction.atomic():
        return ClientTodo.objects.create(
            relationship=relationship,
            kind=kind,
            description=description,
            deliver_to=deliver_to,
            due_on=due_on,
            requested_document_type=requested_document_type,
            recorded_by=actor,
        )


def client_todo_close(
    *,
    actor: User,
    todo: ClientTodo,
    status: str,
    on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientTodo:
    """Mark a to-do delivered or cancelled; an item is closed once."""
    _authorize_update(actor, todo, CLIENT_TODO, request)
    if status not in (TodoStatus.DONE, TodoStatus.CANCELLED):
        raise InvalidInput({"status": _("Valitse, onko asia toimitettu vai peruttu.")})
    _not_in_future("on", on, today)
    return _update_once(
        todo,
        ClientTodo.objects.filter(pk=todo.pk, status=TodoStatus.OPEN),
        lambda: AlreadyDone(_("Asia on jo kirjattu toimitetuksi tai perutuksi.")),
        status=status,
        closed_on=on,
    )


def client_todo_done_by_client(*, todo: ClientTodo, today: date | None = None) -> ClientTodo:
    """The client marks her own to-do delivered in Oma Yhteispolku (today); an item is closed once.

    The caller (the portal) has found the to-do among her own and audits the write as hers.
    """
    return _update_once(
        todo,
        ClientTodo.objects.filter(pk=todo.pk, status=TodoStatus.OPEN),
        lambda: AlreadyDone(_("Asia on jo merkitty toimitetuksi tai se on peruttu.")),
        status=TodoStatus.DONE,
        closed_on=today or timezone.localdate(),
    )


def client_todo_document_by_client(
    *,
    todo: ClientTodo,
    upload: UploadedFile | None,
    dated_on: date,
    author_name: str,
    today: date | None = None,
) -> ClientTodo:
    """The client sends the document her to-do asks for from Oma Yhteispolku (SPEC §5.1, issue 13).

    The document is recorded by the documents app with its checks (`documents.services.
    document_sent_by_client`: the file's size and its type by content), in the requested type's data
    category, held by the organisation she delivers to; in the same transaction the to-do is delivered
    (today) by it. A to-do asking for no document refuses (InvalidInput); one already delivered or
    cancelled is AlreadyDone (409): nothing is saved and the file is not kept. The caller (the portal) has
    found the to-do among her own and audits the write as hers.
    """
    if not todo.requested_document_type:
        raise InvalidInput(_("Tähän tehtävään ei pyydetä asiakirjaa."))
    if todo.status != TodoStatus.OPEN:
        raise AlreadyDone(_("Asia on jo merkitty toimitetuksi tai se on peruttu."))
    day = _today(today)

    def deliver(document: Document) -> None:
        delivered = ClientTodo.objects.filter(pk=todo.pk, status=TodoStatus.OPEN).update(
            status=TodoStatus.DONE, closed_on=day, document=document
        )
        if not delivered:
            # Delivered in another request meanwhile: this document is not kept (the transaction ends).
            raise AlreadyDone(_("Asia on jo merkitty toimitetuksi tai se on peruttu."))

    document_sent_by_client(
        client=todo.relationship.client,
        document_type=todo.requested_document_type,
        organisation=todo.deliver_to,
        dated_on=dated_on,
        author_name=author_name,
        # What was asked, in the professional's words; `sent_by_client` tells who sent it.
        summary=todo.description,
        upload=upload,
        then=deliver,
        today=day,
    )
    todo.refresh_from_db()
    return todo
