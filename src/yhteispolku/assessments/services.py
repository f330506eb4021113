"""Writes of the multi-sectoral mapping (SPEC §3 step 5, R-TYM-2): sector assessments and mapping actions.

Each service checks the access policy through `access.authorize` (which writes the audit entry) *before*
it opens its transaction: a refused attempt stays in the audit log, while the write itself is all or
nothing. Edits use optimistic locking: a stale version is refused, never silently overwritten.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import Relation, RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.assessments.errors import (
    ActionAlreadyCompleted,
    ActionKindInvalid,
    DescriptionRequired,
    InvalidDate,
    RelationshipNotOpen,
    ResponsibleNotOnTeam,
    SectorMismatch,
    SelfAssessmentInvalid,
    StaleEdit,
    StatementTypeInvalid,
    TextRequired,
)
from yhteispolku.assessments.models import (
    SECTOR_CATEGORIES,
    MappingAction,
    MappingActionKind,
    SectorAssessment,
    SelfAssessment,
    StatementType,
)
from yhteispolku.audit.services import record_access
from yhteispolku.cases.errors import OwnFormAlreadyRead, OwnFormLocked, OwnFormStale
from yhteispolku.cases.models import OPEN_PHASES, OWN_FORM_PHASES, ClientRelationship
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.records import record

ASSESSMENT = "assessments.sectorassessment"
MAPPING_ACTION = "assessments.mappingaction"


def assessment_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    sector: str,
    assessed_on: date,
    findings: str,
    needs: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> SectorAssessment:
    """Record one sector's assessment of the mapping (SPEC §3 step 5).

    Each sector assesses its own part, so the author's sector must be the assessment's; the data is the
    sector's category (SPEC §5.1), written only by that sector's professionals.
    """
    assessment_write_authorize(
        actor=actor, action=Action.CREATE, relationship=relationship, sector=sector, request=request
    )
    _require_open(relationship)
    findings, needs = _required_text(findings), _required_text(needs)
    _not_in_future(assessed_on, today)
    return record(
        SectorAssessment,
        actor,
        by="author",
        relationship=relationship,
        sector=sector,
        assessed_on=assessed_on,
        findings=findings,
        needs=needs,
    )


def assessment_update(
    *,
    actor: User,
    assessment: SectorAssessment,
    assessed_on: date,
    findings: str,
    needs: str,
    expected_version: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> SectorAssessment:
    """Correct or complete a sector's assessment; only the sector that made it, and never a stale edit.

    The recording organisation's professionals of that sector may update it (SPEC §5.1); a version
    saved in the meantime is refused with StaleEdit (ARCHITECTURE: optimistic locking).
    """
    relationship = assessment.relationship
    assessment_write_authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=relationship,
        sector=assessment.sector,
        request=request,
        owner_organisation_id=assessment.organisation_id,
        object_id=str(assessment.code),
    )
    _require_open(relationship)
    findings, needs = _required_text(findings), _required_text(needs)
    _not_in_future(assessed_on, today)
    with transaction.atomic():
        updated = SectorAssessment.objects.filter(pk=assessment.pk, version=expected_version).update(
            assessed_on=assessed_on,
            findings=findings,
            needs=needs,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    if not updated:
        raise StaleEdit()
    assessment.refresh_from_db()
    return assessment


def mapping_action_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    kind: str,
    planned_on: date,
    responsible: User,
    description: str = "",
    request: HttpRequest | None = None,
) -> MappingAction:
    """Record an action of the mapping with its date and the team member responsible for it.

    Seed 002: the referral to the health check for the unemployed, the Kela consultation, requests
    for medical statements. Joint work of the team, so the plan category (SPEC §5.1).
    """
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=MAPPING_ACTION,
    )
    _require_open(relationship)
    if kind not in MappingActionKind.values:
        raise ActionKindInvalid()
    description = description.strip()
    if kind == MappingActionKind.OTHER and not description:
        raise DescriptionRequired()
    if not relationship.team.filter(user=responsible, left_on__isnull=True).exists():
        raise ResponsibleNotOnTeam()
    return record(
        MappingAction,
        actor,
        relationship=relationship,
        kind=kind,
        description=description,
        planned_on=planned_on,
        responsible=responsible,
    )


def mapping_action_complete(
    *,
    actor: User,
    mapping_action: MappingAction,
    done_on: date,
    outcome: str,
    expected_version: int,
    medical_statement_needed: bool = False,
    statement_type: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> MappingAction:
    """Record that an action was done, its outcome, and whether a medical statement is needed.

    SPEC §4: a needed statement names its type (A, B or C; B, SV 7, is required for Kela vocational
    rehabilitation). An action is completed once; a stale or repeated completion is a conflict.
    """
    relationship = mapping_action.relationship
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=MAPPING_ACTION,
        object_id=str(mapping_action.code),
    )
    _require_open(relationship)
    outcome = _required_text(outcome)
    _not_in_future(done_on, today)
    if (statement_type not in StatementType.values) if medical_statement_needed else statement_type:
        raise StatementTypeInvalid()
    with transaction.atomic():
        updated = MappingAction.objects.filter(
            pk=mapping_action.pk, version=expected_version, done_on__isnull=True
        ).update(
            done_on=done_on,
            outcome=outcome,
            medical_statement_needed=medical_statement_needed,
            statement_type=statement_type if medical_statement_needed else "",
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    if not updated:
        mapping_action.refresh_from_db()
        raise ActionAlreadyCompleted() if mapping_action.is_done else StaleEdit()
    mapping_action.refresh_from_db()
    return mapping_action


def assessment_write_authorize(
    *,
    actor: User,
    action: Action,
    relationship: ClientRelationship,
    sector: str,
    request: HttpRequest | None = None,
    owner_organisation_id: int | None = None,
    object_id: str = "",
    facts: RelationFacts | None = None,
) -> None:
    """May the actor write this sector's assessment? SPEC §3 step 5 and §5.1; raises when not.

    The sector rule comes first, in the mapping's own words: the policy would refuse another sector's
    write too, but with a general reason, and the professional should learn that each sector assesses
    its own part. The attempt is logged either way, and a client the actor has no relation to still
    answers 404 (authorize) before the sector is compared. The form pages call this when they open.
    """
    client = relationship.client
    facts = facts or relation_facts(actor=actor, client=client)
    category = SECTOR_CATEGORIES.get(sector)
    if category is not None and (facts.relation == Relation.NONE or actor.sector == sector):
        authorize(
            actor=actor,
            action=action,
            category=category,
            client=client,
            request=request,
            facts=facts,
            owner_organisation_id=owner_organisation_id,
            object_type=ASSESSMENT,
            object_id=object_id,
        )
        return
    if facts.relation == Relation.NONE:
        # An unknown sector from a client the actor does not work with: reveal nothing.
        authorize(
            actor=actor,
            action=action,
            category=DataCategory.PLAN,
            client=client,
            request=request,
            facts=facts,
        )
    logged_category = category or DataCategory.PLAN
    decision = decide(actor=actor, action=action, category=logged_category, facts=facts)
    record_access(
        actor=actor,
        action=action,
        category=logged_category,
        purpose=decision.purpose,
        allowed=False,
        client_code=client.code,
        object_type=ASSESSMENT,
        object_id=object_id,
        reason=SectorMismatch.code,
        request=request,
    )
    raise SectorMismatch()


def _require_open(relationship: ClientRelationship) -> None:
    if relationship.phase not in OPEN_PHASES:
        raise RelationshipNotOpen()


def _required_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise TextRequired()
    return text


def _not_in_future(day: date, today: date | None) -> None:
    if day > (today or timezone.localdate()):
        raise InvalidDate()


# --- The client's own self-assessment (SPEC §1, §3 step 1) ---------------------------------------------

SELF_ASSESSMENT = "assessments.selfassessment"


def self_assessment_save_by_client(
    *,
    relationship: ClientRelationship,
    expected_version: int,
    work_ability: int,
    daily_life: str = "",
    strengths: str = "",
    obstacles: str = "",
    health: str = "",
) -> SelfAssessment:
    """Save the self-assessment the client fills in herself in Oma Yhteispolku before the first meeting.

    One per relationship: sent with `expected_version` 0, changed with the version she opened; a stale or
    repeated send is OwnFormStale (409) and nothing changes. She may change it until the team marks it
    read or the relationship ends (OwnFormLocked, 409). The caller (the portal) has checked that the
    relationship is hers and audited the write as hers.
    """
    if not 0 <= work_ability <= 10:
        raise SelfAssessmentInvalid({"work_ability": SelfAssessmentInvalid.default_message})
    fields = {
        "work_ability": work_ability,
        "daily_life": daily_life.strip(),
        "strengths": strengths.strip(),
        "obstacles": obstacles.strip(),
        "health": health.strip(),
    }
    with transaction.atomic():
        locked = ClientRelationship.objects.select_for_update().get(pk=relationship.pk)
        if locked.phase not in OWN_FORM_PHASES:
            raise OwnFormLocked(_("Asiakkuutesi on päättymässä, joten lomaketta ei voi enää täyttää."))
        current = SelfAssessment.objects.filter(relationship=locked).first()
        if current is None:
            if expected_version != 0:
                raise OwnFormStale()
            return SelfAssessment.objects.create(relationship=locked, **fields)
        if current.read_at is not None:
            raise OwnFormLocked()
        updated = SelfAssessment.objects.filter(
            pk=current.pk, version=expected_version, read_at__isnull=True
        ).update(**fields, updated_at=timezone.now(), version=F("version") + 1)
        if not updated:
            raise OwnFormStale()
    current.refresh_from_db()
    return current


def self_assessment_mark_read(
    *,
    actor: User,
    self_assessment: SelfAssessment,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> SelfAssessment:
    """A team member marks the client's self-assessment read: from then on she can no longer change it.

    Authorised as an update of the joint work (plan category); once only (OwnFormAlreadyRead, 409).
    """
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=self_assessment.relationship.client,
        request=request,
        facts=facts,
        object_type=SELF_ASSESSMENT,
        object_id=str(self_assessment.code),
    )
    with transaction.atomic():
        updated = SelfAssessment.objects.filter(pk=self_assessment.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
    if not updated:
        raise OwnFormAlreadyRead()
    self_assessment.refresh_from_db()
    return self_assessment
