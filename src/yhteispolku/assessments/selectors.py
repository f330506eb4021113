"""Reads of the multi-sectoral mapping. Each goes through the access policy and leaves audit entries.

Query counts stay constant whatever the number of assessments and actions: the relation facts are
read once and every per-category decision is computed from them in memory.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from yhteispolku.access.categories import FieldAccess, withheld_fields
from yhteispolku.access.policy import authorize, decide
from yhteispolku.access.relations import Relation, RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import (
    SECTOR_CATEGORIES,
    AssessmentSector,
    MappingAction,
    SectorAssessment,
    SelfAssessment,
)
from yhteispolku.assessments.services import ASSESSMENT, MAPPING_ACTION, SELF_ASSESSMENT
from yhteispolku.cases import rules as tym_rules
from yhteispolku.cases.models import ClientRelationship, Phase, PhaseTransition, PreInformation, Track
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory

RELATIONSHIP = "cases.clientrelationship"
MAPPING_SUMMARY = "assessments.mappingsummary"
PRE_INFORMATION = "cases.preinformation"
# The client's own forms in the mapping's addresses.
PRE_INFORMATION_SLUG = "esitiedot"
SELF_ASSESSMENT_SLUG = "itsearvio"


@dataclass(frozen=True)
class Mapping:
    """A relationship's mapping as one actor reaches it: the relationship and the facts about the client."""

    relationship: ClientRelationship
    facts: RelationFacts

    @property
    def client(self) -> Client:
        return self.relationship.client

    def can(self, actor: User, action: Action, category: DataCategory) -> bool:
        return decide(actor=actor, action=action, category=category, facts=self.facts).allowed


def _relationship_or_404(code: uuid.UUID | str) -> ClientRelationship:
    try:
        return ClientRelationship.objects.select_related("client", "responsible_unit").get(code=code)
    except (ClientRelationship.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def mapping_get(
    *, actor: User, relationship_code: uuid.UUID | str, request: HttpRequest | None = None
) -> Mapping:
    """A relationship for its mapping page: the client's name (basic) and the joint work (plan).

    404 for a relationship of a client the actor has no relation to, so its existence is not revealed.
    """
    relationship = _relationship_or_404(relationship_code)
    facts = relation_facts(actor=actor, client=relationship.client)
    for category, object_type, object_id in (
        (DataCategory.BASIC, "clients.client", relationship.client.code),
        (DataCategory.PLAN, RELATIONSHIP, relationship.code),
    ):
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=category,
            client=relationship.client,
            request=request,
            facts=facts,
            owner_organisation_id=relationship.client.recorded_by_id
            if category == DataCategory.BASIC
            else None,
            object_type=object_type,
            object_id=str(object_id),
        )
    return Mapping(relationship=relationship, facts=facts)


@dataclass(frozen=True)
class ShownAssessment:
    assessment: SectorAssessment
    can_update: bool


@dataclass(frozen=True)
class SectorSection:
    """One sector's part of the mapping as the actor may see it; `visible` False shows only the heading."""

    sector: AssessmentSector
    category: DataCategory
    visible: bool
    can_record: bool
    assessments: list[ShownAssessment] = field(default_factory=list)
    # Assessments of the sector recorded by another organisation that no consent lets the actor see.
    withheld: int = 0


def assessments_for(
    *,
    actor: User,
    relationship: ClientRelationship,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> list[SectorSection]:
    """Each sector's assessments, only in the categories the actor may see (SPEC §5.1).

    A health assessment follows the health rules: health professionals see it, Kela's TYM work-ability
    advisor only with an active consent covering health, other professionals never. Each category
    shown is authorised, and so audited, once; the hidden ones are not read at all.
    """
    client = relationship.client
    facts = facts or relation_facts(actor=actor, client=client)
    if facts.relation == Relation.NONE:
        _deny_unrelated(actor=actor, client=client, facts=facts, request=request)
    visible = [
        AssessmentSector(sector)
        for sector, category in SECTOR_CATEGORIES.items()
        if decide(actor=actor, action=Action.VIEW, category=category, facts=facts).allowed
    ]
    for sector in visible:
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=SECTOR_CATEGORIES[sector],
            client=client,
            request=request,
            facts=facts,
            object_type=ASSESSMENT,
        )
    rows = (
        SectorAssessment.objects.filter(relationship=relationship, sector__in=visible)
        .select_related("author__role", "organisation")
        .order_by("sector", "-assessed_on", "-id")
        if visible
        else SectorAssessment.objects.none()
    )
    decisions: dict[tuple[str, str, int], bool] = {}

    def allowed(action: Action, sector: str, organisation_id: int) -> bool:
        key = (action, sector, organisation_id)
        if key not in decisions:
            decisions[key] = decide(
                actor=actor,
                action=action,
                category=SECTOR_CATEGORIES[sector],
                facts=facts,
                owner_organisation_id=organisation_id,
            ).allowed
        return decisions[key]

    shown: dict[str, list[ShownAssessment]] = {sector: [] for sector in visible}
    withheld: dict[str, int] = dict.fromkeys(visible, 0)
    for row in rows:
        if allowed(Action.VIEW, row.sector, row.organisation_id):
            shown[row.sector].append(
                ShownAssessment(row, allowed(Action.UPDATE, row.sector, row.organisation_id))
            )
        else:
            withheld[row.sector] += 1
    return [
        SectorSection(
            sector=sector,
            category=category,
            visible=sector in visible,
            can_record=actor.sector == sector
            and decide(actor=actor, action=Action.CREATE, category=category, facts=facts).allowed,
            assessments=shown.get(sector, []),
            withheld=withheld.get(sector, 0),
        )
        for sector, category in ((AssessmentSector(s), c) for s, c in SECTOR_CATEGORIES.items())
    ]


def assessment_for_action(
    *,
    actor: User,
    mapping: Mapping,
    code: uuid.UUID | str,
    action: Action,
    request: HttpRequest | None = None,
) -> SectorAssessment:
    """One assessment of the mapping, for an action on it (the edit form's read is an UPDATE)."""
    try:
        assessment = SectorAssessment.objects.select_related("author", "organisation").get(
            relationship=mapping.relationship, code=code
        )
    except (SectorAssessment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    assessment.relationship = mapping.relationship
    authorize(
        actor=actor,
        action=action,
        category=assessment.category,
        client=mapping.client,
        request=request,
        facts=mapping.facts,
        owner_organisation_id=assessment.organisation_id,
        object_type=ASSESSMENT,
        object_id=str(assessment.code),
    )
    return assessment


def mapping_actions_for(
    *,
    actor: User,
    relationship: ClientRelationship,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> list[MappingAction]:
    """The mapping's actions with their dates, earliest planned first (plan category, SPEC §5.1).

    Their outcomes are written text of the joint work: a coordinator or unit manager, who sees the
    mapping's progress but no journal text, gets no actions (and no refusal for the whole page).
    """
    facts = facts or relation_facts(actor=actor, client=relationship.client)
    if not decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=MAPPING_ACTION
    ).allowed:
        return []
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=MAPPING_ACTION,
    )
    return list(
        MappingAction.objects.filter(relationship=relationship)
        .select_related("responsible__role", "recorded_by")
        .order_by("planned_on", "id")
    )


def mapping_action_for_action(
    *,
    actor: User,
    mapping: Mapping,
    code: uuid.UUID | str,
    action: Action,
    request: HttpRequest | None = None,
) -> MappingAction:
    try:
        mapping_action = MappingAction.objects.select_related("responsible").get(
            relationship=mapping.relationship, code=code
        )
    except (MappingAction.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    mapping_action.relationship = mapping.relationship
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=mapping.client,
        request=request,
        facts=mapping.facts,
        object_type=MAPPING_ACTION,
        object_id=str(mapping_action.code),
    )
    return mapping_action


@dataclass(frozen=True)
class MappingSummary:
    """Where the mapping stands (R-TYM-2): the sectors assessed, the open actions, the 3-month target."""

    assessed: dict[AssessmentSector, bool]
    open_actions: list[MappingAction]
    statements_needed: list[MappingAction]
    started_on: date
    # R-TYM-2's target applies to the TYM mapping only; other tracks' assessments have no such target.
    target_on: date | None
    in_mapping: bool
    target_passed: bool
    target_rule: str  # the rule version behind the target date, "R-TYM-2 v2025.1"
    target_months: int

    @property
    def missing(self) -> list[AssessmentSector]:
        return [sector for sector, done in self.assessed.items() if not done]


def mapping_summary(
    *,
    actor: User,
    relationship: ClientRelationship,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> MappingSummary:
    """The mapping's progress for the case page: which of the four sector assessments exist (not their
    content, which stays in each sector's category), the open actions and the R-TYM-2 target.
    """
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=MAPPING_SUMMARY,
        object_id=str(relationship.code),
    )
    today = today or timezone.localdate()
    assessed_sectors = set(
        SectorAssessment.objects.filter(relationship=relationship).values_list("sector", flat=True).distinct()
    )
    actions = list(
        MappingAction.objects.filter(relationship=relationship)
        .filter(Q(done_on__isnull=True) | Q(medical_statement_needed=True))
        .select_related("responsible")
        .order_by("planned_on", "id")
    )
    started_on = mapping_started_on(relationship)
    in_mapping = relationship.phase == Phase.MAPPING
    summary = MappingSummary(
        assessed={AssessmentSector(s): s in assessed_sectors for s in SECTOR_CATEGORIES},
        open_actions=[a for a in actions if not a.is_done],
        statements_needed=[a for a in actions if a.medical_statement_needed],
        started_on=started_on,
        target_on=None,
        in_mapping=in_mapping,
        target_passed=False,
        target_rule="",
        target_months=0,
    )
    if relationship.track != Track.TYM:
        return summary
    target = tym_rules.mapping_target(started_on)
    return replace(
        summary,
        target_on=target.on,
        target_passed=in_mapping and today > target.on,
        target_rule=target.reference,
        target_months=tym_rules.months("mapping_target_months", started_on),
    )


def mapping_started_on(relationship: ClientRelationship) -> date:
    """The day the mapping started: the latest acceptance into the mapping phase, or the first day of a
    relationship that opened straight in mapping."""
    moved = (
        PhaseTransition.objects.filter(relationship=relationship, to_phase=Phase.MAPPING)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(moved) if moved else relationship.started_on


def _deny_unrelated(
    *, actor: User, client: Client, facts: RelationFacts, request: HttpRequest | None
) -> None:
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=ASSESSMENT,
    )


@dataclass(frozen=True)
class ClientForms:
    """The client's own forms of one relationship as the actor may see them: the pre-information form and
    the self-assessment she filled in Oma Yhteispolku, each with the fields the actor may not see (her
    health and work-ability rating are health data) and whether the actor may mark it read."""

    pre_information: PreInformation | None
    pre_information_withheld: FieldAccess
    self_assessment: SelfAssessment | None
    self_assessment_withheld: FieldAccess
    can_mark_read: bool


def client_forms_for(
    *,
    actor: User,
    relationship: ClientRelationship,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> ClientForms | None:
    """The client's own forms for the mapping page and the API, or None for an actor who sees no written
    text of the joint work (a coordinator or unit manager: SPEC §5.1). Each form's record is authorised
    (and logged) once in the plan category, and each of its health fields once (`withheld_fields`)."""
    client = relationship.client
    facts = facts or relation_facts(actor=actor, client=client)
    if facts.relation == Relation.NONE:
        _deny_unrelated(actor=actor, client=client, facts=facts, request=request)
    if not decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=SELF_ASSESSMENT
    ).allowed:
        return None
    pre_information = PreInformation.objects.filter(
        relationship=relationship, how=PreInformation.How.PORTAL
    ).first()
    self_assessment = SelfAssessment.objects.filter(relationship=relationship).first()
    shown: dict[str, FieldAccess] = {}
    for object_type, row in ((PRE_INFORMATION, pre_information), (SELF_ASSESSMENT, self_assessment)):
        object_id = str(row.code) if row is not None else ""
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=client,
            request=request,
            facts=facts,
            object_type=object_type,
            object_id=object_id,
        )
        shown[object_type] = (
            withheld_fields(
                actor=actor,
                client=client,
                facts=facts,
                object_type=object_type,
                object_id=object_id,
                request=request,
            )
            if row is not None
            else FieldAccess()
        )
    return ClientForms(
        pre_information=pre_information,
        pre_information_withheld=shown[PRE_INFORMATION],
        self_assessment=self_assessment,
        self_assessment_withheld=shown[SELF_ASSESSMENT],
        can_mark_read=decide(
            actor=actor,
            action=Action.UPDATE,
            category=DataCategory.PLAN,
            facts=facts,
            object_type=SELF_ASSESSMENT,
        ).allowed,
    )


def client_form_for_read_mark(
    *, actor: User, mapping: Mapping, form: str, request: HttpRequest | None = None
) -> PreInformation | SelfAssessment:
    """The client's own form (`form`: "esitiedot" or "itsearvio") of the mapping's relationship, to mark
    read; 404 when she has not sent it."""
    del actor, request  # the service authorises the update itself
    if form == PRE_INFORMATION_SLUG:
        found: PreInformation | SelfAssessment | None = PreInformation.objects.filter(
            relationship=mapping.relationship, how=PreInformation.How.PORTAL
        ).first()
    elif form == SELF_ASSESSMENT_SLUG:
        found = SelfAssessment.objects.filter(relationship=mapping.relationship).first()
    else:
        found = None
    if found is None:
        raise Http404
    found.relationship = mapping.relationship
    return found
