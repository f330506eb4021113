"""The access policy of SPEC §5.1, in one place: who may do what to which category of a client's data.

Default deny. The table `GRANTS` below is the policy; `decide()` reads it with the facts about
the actor's relation to the client (`access.relations`) and the client's consents. Every decision
that reaches client data goes through `authorize()`, which also writes the audit entry.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.relations import Relation, RelationFacts, relation_facts
from yhteispolku.accounts.models import Sector, User
from yhteispolku.audit.services import record_access
from yhteispolku.core.categories import Action, DataCategory, Purpose

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client

V, C, U, E, P = Action.VIEW, Action.CREATE, Action.UPDATE, Action.EXPORT, Action.PRINT
READ_ACTIONS = frozenset({V, E, P})


class Scope(enum.Enum):
    """How a category relates to the actor: the columns of the table in SPEC §5.1."""

    BASIC = "basic"
    PLAN = "plan"
    OWN_SECTOR = "own_sector"  # the category of the actor's own sector, recorded by their organisation
    OTHER_SECTOR = "other_sector"  # another sector's category, or another organisation's records
    HEALTH = "health"  # health data for an actor outside the health sector
    LOG = "log"
    # The content of a referral to a TYM team, part of the plan category: what the intake unit decides on.
    REFERRAL = "referral"
    PLAN_TEXT = "plan_text"  # the joint plan's written notes: journal, pre-information, final assessment
    # Who is on the case team: SPEC §1 gives team assignment to the TYM coordinator and unit managers.
    TEAM = "team"
    # Narrow scopes of a service provider (SPEC §1: "see only the assignment they deliver, report
    # attendance and feedback"): the client's name and contact details, not the rest of the basic data
    # (identity code, address, languages); and the agreed service they deliver with their own attendance
    # records, not the plan's goals, other services or journal.
    CONTACT = "contact"
    ASSIGNMENT = "assignment"
    # A follow-up of a closed relationship's outcome (R-OUT-1): the client's situation 3, 6 and 12 months
    # after closure, recorded by the employment authority. Nothing else of a closed case becomes writable.
    OUTCOME = "outcome"
    # A consultation guest's narrow scopes: the consultation as shown to its guests (agenda, time, mode and
    # what the organiser shared with them) and the guest's own contribution to it.
    GUEST_CONSULTATION = "guest_consultation"
    GUEST_CONTRIBUTION = "guest_contribution"
    # The client's network outside the authorities (relatives, a support person, a pension provider), part
    # of the basic data: who they are and why they are contacted can tell of her health or situation (a
    # support person from a mental-health association), so those working with her read it, not the unit's
    # intake or its managers, who see the rest of her basic data.
    NETWORK = "network"


# Objects of the plan category that form their own, narrower scope.
REFERRAL_OBJECT_TYPE = "cases.referral"
TEAM_OBJECT_TYPE = "cases.teammember"
# The client's name and contact details as a service provider sees them (basic data category).
CONTACT_OBJECT_TYPE = "clients.contact"
# A contact of the client's network outside the authorities (basic data category, collaboration.network).
NETWORK_CONTACT_OBJECT_TYPE = "collaboration.networkcontact"
# A provider's assignment (an agreed service of the plan in force) and the attendance it records in it.
ASSIGNMENT_OBJECT_TYPE = "plans.assignment"
ATTENDANCE_OBJECT_TYPE = "plans.attendance"
# A KUTY site's assignment (the period's goal, place, hours and support) and its attendance and feedback.
KUTY_ASSIGNMENT_OBJECT_TYPE = "paths.kutyassignment"
KUTY_ATTENDANCE_OBJECT_TYPE = "paths.kutyattendance"
ASSIGNMENT_OBJECT_TYPES = frozenset(
    {ASSIGNMENT_OBJECT_TYPE, ATTENDANCE_OBJECT_TYPE, KUTY_ASSIGNMENT_OBJECT_TYPE, KUTY_ATTENDANCE_OBJECT_TYPE}
)
# A consultation as its guest sees it, and a guest's contribution to it (collaboration.guests).
GUEST_CONSULTATION_OBJECT_TYPE = "collaboration.guestview"
GUEST_CONTRIBUTION_OBJECT_TYPE = "collaboration.guestcontribution"
# A follow-up after closure (R-OUT-1), part of the plan category.
OUTCOME_OBJECT_TYPE = "cases.outcomefollowup"
# Free text written in the joint work. SPEC §5.1 lets the responsible unit's coordinator and manager see
# the phase, team and deadlines of a case but not its journal text: these object types are that text.
# The plan itself is text (its goals, the agreed services' descriptions, the client's tasks, participation
# notes): its versions are read whole, so every object type of the plan's content is here. The plan as a
# whole (`plans.plan`: its type, status and dates) is not: a reader that shows the versions' words
# authorises `plans.planversion` too (`plans.selectors.plan_overview(with_text=True)`).
PLAN_CONTENT_OBJECT_TYPES = frozenset(
    {
        "plans.planversion",
        "plans.agreedservice",
        "plans.clienttask",
        "plans.participation",
        "plans.commitmentconfirmation",
        "plans.clientacceptance",
        # The activation plan is the joint plan of the employment authority and social services (R-KUTY-2):
        # both sides of the KUTY team read and confirm it, the coordinator does not read its text.
        "paths.activationplan",
    }
)
PLAN_TEXT_OBJECT_TYPES = PLAN_CONTENT_OBJECT_TYPES | frozenset(
    {
        "cases.journalentry",
        "cases.preinformation",
        "cases.closure",
        "assessments.mappingaction",
        "assessments.selfassessment",
    }
    | {
        "collaboration.consultation",
        "collaboration.followupaction",
        "collaboration.escalationstep",
        "collaboration.kelarequest",
        "collaboration.clienttodo",
        # Who was invited to a consultation as a guest (a person of the client's network).
        "collaboration.guestinvitation",
        "documents.statementrequest",
        "applications.kelacheck",
        # A client's short note in Kela's twice-yearly joint review with the TYM team (seed 004).
        "applications.kelajointreviewentry",
        # The needs the routing after integration carries to the target track (its free text).
        "paths.integrationrouting",
    }
)


class Condition(enum.Enum):
    ALWAYS = "always"
    OWN_ORGANISATION_RECORDED = "own_organisation_recorded"
    CONSENT = "consent"
    CONSENT_AND_KELA_ADVISOR = "consent_and_kela_advisor"
    RECORDED_REQUEST = "recorded_request"
    EMPLOYMENT_AUTHORITY = "employment_authority"  # the actor is an employment-sector professional


@dataclass(frozen=True)
class Grant:
    actions: frozenset[Action]
    condition: Condition = Condition.ALWAYS


def grant(*actions: Action, when: Condition = Condition.ALWAYS) -> Grant:
    return Grant(frozenset(actions), when)


# The policy. A missing (relation, scope) pair means deny.
GRANTS: dict[tuple[Relation, Scope], tuple[Grant, ...]] = {
    (Relation.CASE_TEAM, Scope.BASIC): (
        # CREATE on basic data is recording what the client gives or withdraws: consents.
        grant(V, C, E, P),
        grant(U, when=Condition.OWN_ORGANISATION_RECORDED),
    ),
    (Relation.CASE_TEAM, Scope.NETWORK): (
        grant(V, C, E, P),
        grant(U, when=Condition.OWN_ORGANISATION_RECORDED),
    ),
    (Relation.CASE_TEAM, Scope.PLAN): (grant(V, C, U, E, P),),
    (Relation.CASE_TEAM, Scope.PLAN_TEXT): (grant(V, C, U, E, P),),
    (Relation.CASE_TEAM, Scope.OWN_SECTOR): (grant(V, C, U, E, P),),
    (Relation.CASE_TEAM, Scope.OTHER_SECTOR): (grant(V, when=Condition.CONSENT),),
    (Relation.CASE_TEAM, Scope.HEALTH): (grant(V, when=Condition.CONSENT_AND_KELA_ADVISOR),),
    # A professional working with the client refers them (CREATE); the team sees the referral later.
    (Relation.CASE_TEAM, Scope.REFERRAL): (grant(V, C),),
    (Relation.INTAKE, Scope.BASIC): (grant(V),),
    # SPEC §5.1: the intake unit sees "referral content only" of the plan; UPDATE is its decision.
    (Relation.INTAKE, Scope.REFERRAL): (grant(V, U),),
    (Relation.RESPONSIBLE_MANAGER, Scope.BASIC): (grant(V),),
    (Relation.RESPONSIBLE_MANAGER, Scope.PLAN): (grant(V),),
    (Relation.RESPONSIBLE_MANAGER, Scope.REFERRAL): (grant(V, U),),
    # SPEC §1: the TYM coordinator and unit managers do "intake, team assignment": they name and end
    # the case team's memberships (the team is among what §5.1 lets them see), nothing of its text.
    (Relation.CASE_TEAM, Scope.TEAM): (grant(V, C, U),),
    (Relation.RESPONSIBLE_MANAGER, Scope.TEAM): (grant(V, C, U),),
    # A closed relationship stays readable, read-only, to those on its team when it ended (the final
    # assessment and warm handover included); consent still decides other sectors' data.
    (Relation.FORMER_CASE_TEAM, Scope.BASIC): (grant(V, E, P),),
    (Relation.FORMER_CASE_TEAM, Scope.NETWORK): (grant(V, E, P),),
    (Relation.FORMER_CASE_TEAM, Scope.PLAN): (grant(V, E, P),),
    (Relation.FORMER_CASE_TEAM, Scope.PLAN_TEXT): (grant(V, E, P),),
    (Relation.FORMER_CASE_TEAM, Scope.OWN_SECTOR): (grant(V, E, P),),
    (Relation.FORMER_CASE_TEAM, Scope.OTHER_SECTOR): (grant(V, when=Condition.CONSENT),),
    (Relation.FORMER_CASE_TEAM, Scope.HEALTH): (grant(V, when=Condition.CONSENT_AND_KELA_ADVISOR),),
    (Relation.FORMER_CASE_TEAM, Scope.REFERRAL): (grant(V),),
    (Relation.FORMER_CASE_TEAM, Scope.TEAM): (grant(V),),
    # R-OUT-1: the employment authority's responsible person records the outcome after closure. The
    # former team stays read-only except for this scope, and only its employment professionals; a current
    # team (the client on another track) is the stronger relation of the same person, so it is granted alike.
    (Relation.FORMER_CASE_TEAM, Scope.OUTCOME): (grant(V, C, when=Condition.EMPLOYMENT_AUTHORITY),),
    (Relation.CASE_TEAM, Scope.OUTCOME): (grant(V, C, when=Condition.EMPLOYMENT_AUTHORITY),),
    (Relation.DATA_PROTECTION_OFFICER, Scope.LOG): (grant(V, E, P, when=Condition.RECORDED_REQUEST),),
    # SPEC §1 and §5.1: a service provider sees only the assignment it delivers (the client's name and
    # contact, the service, its dates) and reports attendance and feedback (CREATE of an attendance record).
    (Relation.SERVICE_PROVIDER, Scope.CONTACT): (grant(V),),
    (Relation.SERVICE_PROVIDER, Scope.ASSIGNMENT): (grant(V, C),),
    # A person of the client's network invited to a consultation reads what its guests are shown and
    # writes their own contribution, while the invitation is current (the relation source decides that);
    # the services narrow both to the invited consultation.
    (Relation.CONSULTATION_GUEST, Scope.GUEST_CONSULTATION): (grant(V),),
    (Relation.CONSULTATION_GUEST, Scope.GUEST_CONTRIBUTION): (grant(V, C),),
}

SECTOR_CATEGORY = {
    Sector.EMPLOYMENT: DataCategory.EMPLOYMENT,
    Sector.SOCIAL: DataCategory.SOCIAL,
    Sector.HEALTH: DataCategory.HEALTH,
    Sector.KELA: DataCategory.KELA,
}

# The purposes under which a case-team member's access to another sector's data may rest on consent.
TEAM_PURPOSES = {
    Sector.KELA: (Purpose.TYM_JOINT_WORK, Purpose.KELA_REHABILITATION),
}
DEFAULT_TEAM_PURPOSES = (Purpose.TYM_JOINT_WORK,)

KELA_ADVISOR_ROLE = "kela_work_ability_advisor"


class Reason(enum.StrEnum):
    """Why a request was denied: stored in the audit log, shown to the user in plain words."""

    NO_RELATION = "no_relation"
    NOT_GRANTED = "not_granted"
    CONSENT_MISSING = "consent_missing"
    NOT_OWN_ORGANISATION = "not_own_organisation"
    NOT_KELA_ADVISOR = "not_kela_advisor"
    REQUEST_NOT_RECORDED = "request_not_recorded"
    NOT_EMPLOYMENT_AUTHORITY = "not_employment_authority"


REASON_MESSAGES = {
    Reason.NO_RELATION: _("Et työskentele tämän asiakkaan kanssa."),
    Reason.NOT_GRANTED: _("Roolisi ei oikeuta tähän tietoryhmään tai toimintoon."),
    Reason.CONSENT_MISSING: _(
        "Asiakkaan voimassa oleva suostumus ei kata organisaatiotasi tälle tietoryhmälle."
    ),
    Reason.NOT_OWN_ORGANISATION: _("Voit muuttaa vain oman organisaatiosi kirjaamia tietoja."),
    Reason.NOT_KELA_ADVISOR: _(
        "Terveystiedot näkyvät vain terveydenhuollon ammattilaisille ja Kelan TYM-työkykyneuvojalle."
    ),
    Reason.REQUEST_NOT_RECORDED: _("Lokitietojen katselu edellyttää kirjattua tietopyyntöä."),
    Reason.NOT_EMPLOYMENT_AUTHORITY: _(
        "Päättymisen jälkeisen seurannan kirjaa työllisyysviranomaisen vastuuhenkilö."
    ),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    relation: Relation
    purpose: Purpose
    reason: Reason | None = None

    @property
    def message(self) -> str:
        return str(REASON_MESSAGES[self.reason]) if self.reason else ""


class AccessDenied(PermissionDenied):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.message)
        self.decision = decision


def scope_of(
    actor: User, category: DataCategory, owner_organisation_id: int | None, object_type: str = ""
) -> Scope:
    if category == DataCategory.BASIC:
        if object_type == CONTACT_OBJECT_TYPE:
            return Scope.CONTACT
        return Scope.NETWORK if object_type == NETWORK_CONTACT_OBJECT_TYPE else Scope.BASIC
    if category == DataCategory.PLAN:
        if object_type in ASSIGNMENT_OBJECT_TYPES:
            return Scope.ASSIGNMENT
        if object_type == REFERRAL_OBJECT_TYPE:
            return Scope.REFERRAL
        if object_type == TEAM_OBJECT_TYPE:
            return Scope.TEAM
        if object_type == OUTCOME_OBJECT_TYPE:
            return Scope.OUTCOME
        if object_type == GUEST_CONSULTATION_OBJECT_TYPE:
            return Scope.GUEST_CONSULTATION
        if object_type == GUEST_CONTRIBUTION_OBJECT_TYPE:
            return Scope.GUEST_CONTRIBUTION
        return Scope.PLAN_TEXT if object_type in PLAN_TEXT_OBJECT_TYPES else Scope.PLAN
    if category == DataCategory.LOG:
        return Scope.LOG
    own_category = SECTOR_CATEGORY.get(actor.sector)  # type: ignore[call-overload]
    recorded_elsewhere = owner_organisation_id is not None and owner_organisation_id != actor.organisation_id
    if category == own_category and not recorded_elsewhere:
        return Scope.OWN_SECTOR
    if category == DataCategory.HEALTH and own_category != DataCategory.HEALTH:
        return Scope.HEALTH
    return Scope.OTHER_SECTOR


def decide(
    *,
    actor: User,
    action: Action,
    category: DataCategory,
    facts: RelationFacts,
    owner_organisation_id: int | None = None,
    request_reference: str = "",
    object_type: str = "",
) -> Decision:
    """The policy's answer for one actor, action and category, given the facts about the client.

    `object_type` matters only where an object forms its own scope (a referral within the plan).
    """
    relation = facts.relation
    purposes = TEAM_PURPOSES.get(actor.sector, DEFAULT_TEAM_PURPOSES)  # type: ignore[call-overload]
    purpose = _purpose_for(relation, purposes)
    if relation == Relation.NONE:
        return Decision(False, relation, purpose, Reason.NO_RELATION)
    grants = GRANTS.get((relation, scope_of(actor, category, owner_organisation_id, object_type)), ())
    matching = [g for g in grants if action in g.actions]
    if not matching:
        return Decision(False, relation, purpose, Reason.NOT_GRANTED)
    failure = Reason.NOT_GRANTED
    for candidate in matching:
        failure_or_none = _unmet(candidate.condition, actor, category, facts, purposes, request_reference)
        if failure_or_none is None:
            consent_purpose = facts.consent_purpose(actor.organisation_id, category, purposes)
            if (
                candidate.condition in (Condition.CONSENT, Condition.CONSENT_AND_KELA_ADVISOR)
                and consent_purpose
            ):
                purpose = consent_purpose
            return Decision(True, relation, purpose)
        failure = failure_or_none
    return Decision(False, relation, purpose, failure)


def _purpose_for(relation: Relation, team_purposes: Iterable[Purpose]) -> Purpose:
    if relation == Relation.INTAKE:
        return Purpose.INTAKE
    if relation == Relation.DATA_PROTECTION_OFFICER:
        return Purpose.DATA_PROTECTION_REQUEST
    if relation == Relation.SERVICE_PROVIDER:
        return Purpose.SERVICE_DELIVERY
    if relation == Relation.CONSULTATION_GUEST:
        return Purpose.CONSULTATION
    return next(iter(team_purposes))


def _unmet(
    condition: Condition,
    actor: User,
    category: DataCategory,
    facts: RelationFacts,
    purposes: Iterable[Purpose],
    request_reference: str,
) -> Reason | None:
    if condition == Condition.ALWAYS:
        return None
    if condition == Condition.OWN_ORGANISATION_RECORDED:
        return None if facts.recorded_by_id == actor.organisation_id else Reason.NOT_OWN_ORGANISATION
    if condition == Condition.EMPLOYMENT_AUTHORITY:
        return None if actor.sector == Sector.EMPLOYMENT else Reason.NOT_EMPLOYMENT_AUTHORITY
    if condition == Condition.RECORDED_REQUEST:
        # The reference must name a request recorded in the register for this client, not any text.
        reference = request_reference.strip()
        return None if reference and reference in facts.log_requests else Reason.REQUEST_NOT_RECORDED
    if condition == Condition.CONSENT_AND_KELA_ADVISOR and (actor.role_id != KELA_ADVISOR_ROLE):
        return Reason.NOT_KELA_ADVISOR
    if facts.consent_purpose(actor.organisation_id, category, purposes) is None:
        return Reason.CONSENT_MISSING
    return None


def authorize(
    *,
    actor: User,
    action: Action,
    category: DataCategory,
    client: Client,
    request: HttpRequest | None = None,
    owner_organisation_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    request_reference: str = "",
    facts: RelationFacts | None = None,
    on: date | None = None,
) -> Decision:
    """Decide, record the decision in the audit log, and raise when denied.

    A client the actor has no relation to is answered with 404, so that a search or a guessed
    URL does not reveal that the client exists; any other denial is a 403 with the reason.
    """
    facts = facts or relation_facts(actor=actor, client=client, on=on)
    decision = decide(
        actor=actor,
        action=action,
        category=category,
        facts=facts,
        owner_organisation_id=owner_organisation_id,
        request_reference=request_reference,
        object_type=object_type,
    )
    record_access(
        actor=actor,
        action=action,
        category=category,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=client.code,
        object_type=object_type,
        object_id=f"request:{request_reference}" if request_reference else object_id,
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    if not decision.allowed:
        if decision.reason == Reason.NO_RELATION:
            raise Http404
        raise AccessDenied(decision)
    return decision


def permitted(
    *, actor: User, action: Action, category: DataCategory, facts: RelationFacts, object_type: str = ""
) -> bool:
    """Whether to offer an action in the UI (a link or a button). Not a substitute for authorize()."""
    return decide(actor=actor, action=action, category=category, facts=facts, object_type=object_type).allowed


# --- a youth one-stop contact before registration (no client yet) --------------------------------------

# A young person's low-threshold contact at a youth one-stop (Ohjaamo): first name, age and municipality,
# no identity code (`paths.YouthContact`). Not a client's record, so not in the table above: only the
# professionals of the youth one-stop unit that keeps the contact reach it, and it is never shared with
# another unit (default deny). Entries are audited under the contact's code, which becomes the client's
# code when she registers, so her log shows them.
YOUTH_CONTACT_OBJECT_TYPE = "paths.youthcontact"
YOUTH_CONTACT_ACTIONS = frozenset({V, C, U})


def youth_contact_decide(
    *, actor: User, action: Action, contact_unit_id: int | None, youth_unit_ids: Iterable[int]
) -> Decision:
    """Whether the actor may `action` a youth contact kept by `contact_unit_id` (None: a new contact at
    the actor's own unit). `youth_unit_ids`: the units that run a youth one-stop (`paths`)."""
    purpose = Purpose.OTHER
    works = bool(
        actor.is_active
        and actor.role_id
        and actor.organisation_id
        and actor.unit_id
        and actor.sector in (Sector.EMPLOYMENT, Sector.SOCIAL, Sector.HEALTH)
    )
    unit_id = actor.unit_id if contact_unit_id is None else contact_unit_id
    if not works or unit_id != actor.unit_id:
        return Decision(False, Relation.NONE, purpose, Reason.NO_RELATION)
    if unit_id not in set(youth_unit_ids) or action not in YOUTH_CONTACT_ACTIONS:
        return Decision(False, Relation.NONE, purpose, Reason.NOT_GRANTED)
    return Decision(True, Relation.CASE_TEAM, purpose)


def authorize_youth_contact(
    *,
    actor: User,
    action: Action,
    contact_unit_id: int | None,
    youth_unit_ids: Iterable[int],
    contact_code: str,
    object_type: str = YOUTH_CONTACT_OBJECT_TYPE,
    request: HttpRequest | None = None,
) -> Decision:
    """Decide on a youth contact, log the decision under the contact's code, and raise when denied (404
    for a contact of another unit, so its existence is not revealed; 403 for a unit without a youth
    one-stop)."""
    decision = youth_contact_decide(
        actor=actor, action=action, contact_unit_id=contact_unit_id, youth_unit_ids=youth_unit_ids
    )
    record_access(
        actor=actor,
        action=action,
        category=DataCategory.BASIC,
        purpose=decision.purpose,
        allowed=decision.allowed,
        client_code=contact_code or None,
        object_type=object_type,
        object_id=contact_code,
        reason=decision.reason.value if decision.reason else "",
        request=request,
    )
    if not decision.allowed:
        if decision.reason == Reason.NO_RELATION:
            raise Http404
        raise AccessDenied(decision)
    return decision
