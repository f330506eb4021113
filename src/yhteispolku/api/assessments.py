"""The multi-sectoral mapping over the API: the sector assessments the caller may see, the mapping's
actions and its progress (R-TYM-2).

Addresses key on the relationship's code, like the mapping pages. Each operation reads the mapping with
the same selectors as the mapping page and calls the same service as the page's form, so the access
policy and the audit entries are those of the pages; a stale or repeated edit answers 409.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller, cleaned, form_data
from yhteispolku.assessments import selectors, services
from yhteispolku.assessments.forms import AssessmentUpdateForm, MappingActionCompleteForm, MappingActionForm
from yhteispolku.assessments.models import MappingAction, MappingActionKind, SectorAssessment, StatementType
from yhteispolku.cases import services as case_services
from yhteispolku.cases.models import PreInformation
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT

router = Router(tags=["assessments"])

ERRORS = error_responses(400, 403, 404, 409)


# --- output ----------------------------------------------------------------------------------------


class AssessmentOut(Schema):
    code: uuid.UUID
    sector: str
    assessed_on: date
    findings: str
    needs: str
    author: str
    organisation: str
    version: int = Field(description="Send back when correcting: a stale one is refused with 409.")

    @classmethod
    def of(cls, assessment: SectorAssessment) -> AssessmentOut:
        return cls(
            code=assessment.code,
            sector=assessment.sector,
            assessed_on=assessment.assessed_on,
            findings=assessment.findings,
            needs=assessment.needs,
            author=str(assessment.author),
            organisation=assessment.organisation.name,
            version=assessment.version,
        )


class SectionOut(Schema):
    sector: str
    visible: bool
    can_record: bool
    withheld: int = Field(description="Assessments of the sector no consent lets the caller see")
    assessments: list[AssessmentOut]


class ActionOut(Schema):
    code: uuid.UUID
    kind: str
    description: str
    planned_on: date
    done_on: date | None
    responsible: uuid.UUID
    outcome: str
    medical_statement_needed: bool
    statement_type: str
    version: int = Field(description="Send back when completing: a stale one is refused with 409.")

    @classmethod
    def of(cls, action: MappingAction) -> ActionOut:
        return cls(
            code=action.code,
            kind=action.kind,
            description=action.description,
            planned_on=action.planned_on,
            done_on=action.done_on,
            responsible=action.responsible.code,
            outcome=action.outcome,
            medical_statement_needed=action.medical_statement_needed,
            statement_type=action.statement_type,
            version=action.version,
        )


class SummaryOut(Schema):
    assessed: dict[str, bool]
    missing: list[str]
    open_actions: int
    statements_needed: int
    started_on: date
    target_on: date | None = Field(
        description="R-TYM-2: the TYM mapping's target, three months from its start, on a working day; "
        "null on other tracks, which have no such target"
    )
    target_rule: str = Field(
        description='The rule version behind target_on, e.g. "R-TYM-2 v2025.1"; empty without a target'
    )
    in_mapping: bool
    target_passed: bool


class MappingOut(Schema):
    relationship: uuid.UUID
    phase: str
    sections: list[SectionOut]
    actions: list[ActionOut]
    summary: SummaryOut


def _mapping(request: HttpRequest, relationship_code: uuid.UUID) -> MappingOut:
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    relationship = mapping.relationship
    sections = selectors.assessments_for(
        actor=actor, relationship=relationship, facts=mapping.facts, request=request
    )
    actions = selectors.mapping_actions_for(
        actor=actor, relationship=relationship, facts=mapping.facts, request=request
    )
    summary = selectors.mapping_summary(
        actor=actor, relationship=relationship, facts=mapping.facts, request=request
    )
    return MappingOut(
        relationship=relationship.code,
        phase=relationship.phase,
        sections=[
            SectionOut(
                sector=section.sector,
                visible=section.visible,
                can_record=section.can_record,
                withheld=section.withheld,
                assessments=[AssessmentOut.of(shown.assessment) for shown in section.assessments],
            )
            for section in sections
        ],
        actions=[ActionOut.of(action) for action in actions],
        summary=SummaryOut(
            assessed={str(sector): done for sector, done in summary.assessed.items()},
            missing=[str(sector) for sector in summary.missing],
            open_actions=len(summary.open_actions),
            statements_needed=len(summary.statements_needed),
            started_on=summary.started_on,
            target_on=summary.target_on,
            target_rule=summary.target_rule,
            in_mapping=summary.in_mapping,
            target_passed=summary.target_passed,
        ),
    )


@router.get(
    "/{relationship_code}",
    response={200: MappingOut, **error_responses(400, 403, 404)},
    summary="The mapping",
)
def mapping_detail(request: HttpRequest, relationship_code: uuid.UUID) -> Any:
    """The sector assessments the caller may see (health by the health rules), the actions and progress."""
    return _mapping(request, relationship_code)


# --- changes ---------------------------------------------------------------------------------------


class AssessmentIn(Schema):
    assessed_on: date
    findings: str = Field(max_length=LONG_TEXT)
    needs: str = Field(max_length=LONG_TEXT)


@router.post(
    "/{relationship_code}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Record the caller's sector's assessment",
)
def assessment_record(request: HttpRequest, relationship_code: uuid.UUID, payload: AssessmentIn) -> Any:
    """Each sector assesses its own part: the assessment is the caller's sector's (403 otherwise)."""
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    assessment = services.assessment_record(
        actor=actor,
        relationship=mapping.relationship,
        sector=actor.sector or "",
        assessed_on=payload.assessed_on,
        findings=payload.findings,
        needs=payload.needs,
        request=request,
    )
    return Status(201, AssessmentOut.of(assessment))


class AssessmentUpdateIn(AssessmentIn):
    version: int = Field(description="The assessment's version as read; a stale one is a 409.")


@router.put(
    "/{relationship_code}/assessments/{assessment_code}",
    response={200: AssessmentOut, **ERRORS},
    summary="Correct or complete an assessment",
)
def assessment_update(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    assessment_code: uuid.UUID,
    payload: AssessmentUpdateIn,
) -> Any:
    """Only the recording organisation's professionals of the assessment's sector (403 otherwise); a
    version saved meanwhile is a 409 and nothing changes."""
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    assessment = selectors.assessment_for_action(
        actor=actor, mapping=mapping, code=assessment_code, action=Action.UPDATE, request=request
    )
    form = AssessmentUpdateForm(form_data(payload.model_dump(mode="json")))
    data = cleaned(form)
    updated = services.assessment_update(
        actor=actor, assessment=assessment, expected_version=data.pop("version"), request=request, **data
    )
    return AssessmentOut.of(updated)


class ActionIn(Schema):
    kind: str = Field(json_schema_extra={"enum": list(MappingActionKind.values)})
    description: str = Field("", description="Required for the kind `other`", max_length=300)
    planned_on: date
    responsible: uuid.UUID = Field(description="Code of a current team member")


@router.post(
    "/{relationship_code}/actions", response={201: ActionOut, **ERRORS}, summary="Record a mapping action"
)
def action_record(request: HttpRequest, relationship_code: uuid.UUID, payload: ActionIn) -> Any:
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    responsible = User.objects.filter(code=payload.responsible).values_list("pk", flat=True).first()
    values = {**payload.model_dump(mode="json"), "responsible": responsible or "0"}
    form = MappingActionForm(form_data(values), relationship=mapping.relationship)
    action = services.mapping_action_record(
        actor=actor, relationship=mapping.relationship, request=request, **cleaned(form)
    )
    return Status(201, ActionOut.of(action))


class ActionCompleteIn(Schema):
    version: int = Field(description="The action's version as read; a stale one is a 409.")
    done_on: date
    outcome: str = Field(max_length=NOTE_TEXT)
    medical_statement_needed: bool = False
    statement_type: str = Field("", json_schema_extra={"enum": ["", *StatementType.values]})


@router.post(
    "/{relationship_code}/actions/{action_code}/complete",
    response={200: ActionOut, **ERRORS},
    summary="Record a mapping action done",
)
def action_complete(
    request: HttpRequest, relationship_code: uuid.UUID, action_code: uuid.UUID, payload: ActionCompleteIn
) -> Any:
    """An action is completed once: a repeated or stale completion is a 409."""
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    mapping_action = selectors.mapping_action_for_action(
        actor=actor, mapping=mapping, code=action_code, action=Action.UPDATE, request=request
    )
    form = MappingActionCompleteForm(form_data(payload.model_dump(mode="json")))
    data = cleaned(form)
    done = services.mapping_action_complete(
        actor=actor,
        mapping_action=mapping_action,
        expected_version=data.pop("version"),
        request=request,
        **data,
    )
    return ActionOut.of(done)


# --- the client's own forms (Oma Yhteispolku) ------------------------------------------------------


class PreInformationOut(Schema):
    code: uuid.UUID
    filled_on: date
    situation: str
    education: str
    work_history: str
    health: str | None = Field(description="Health data: null when the caller may not see it (see withheld)")
    wishes: str
    read_at: datetime | None
    withheld: list[str] = Field(description="Fields the policy does not let the caller see")


class SelfAssessmentOut(Schema):
    code: uuid.UUID
    submitted_at: datetime
    updated_at: datetime | None
    daily_life: str
    strengths: str
    obstacles: str
    work_ability: int | None = Field(description="0–10, health data: null when the caller may not see it")
    health: str | None = Field(description="Health data: null when the caller may not see it")
    read_at: datetime | None
    withheld: list[str] = Field(description="Fields the policy does not let the caller see")


class ClientFormsOut(Schema):
    pre_information: PreInformationOut | None
    self_assessment: SelfAssessmentOut | None


def _shown(row: object, hidden: frozenset[str], name: str) -> Any:
    return None if name in hidden else getattr(row, name)


@router.get(
    "/{relationship_code}/client-forms",
    response={200: ClientFormsOut, **error_responses(400, 403, 404)},
    summary="The client's own pre-information form and self-assessment",
)
def client_forms(request: HttpRequest, relationship_code: uuid.UUID) -> Any:
    """What the client filled in herself in Oma Yhteispolku, as on the mapping page: her health answers
    and work-ability rating only where the policy shows health data; 403 for a caller who sees no written
    text of the joint work (a coordinator or unit manager)."""
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    forms = selectors.client_forms_for(
        actor=actor, relationship=mapping.relationship, facts=mapping.facts, request=request
    )
    if forms is None:
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=mapping.client,
            request=request,
            facts=mapping.facts,
            object_type=services.SELF_ASSESSMENT,
        )
        raise AssertionError("authorize() refuses what client_forms_for() did not show")  # pragma: no cover
    info, own = forms.pre_information, forms.self_assessment
    info_hidden, own_hidden = forms.pre_information_withheld.withheld, forms.self_assessment_withheld.withheld
    return ClientFormsOut(
        pre_information=PreInformationOut(
            code=info.code,
            filled_on=info.filled_on,
            situation=info.situation,
            education=info.education,
            work_history=info.work_history,
            health=_shown(info, info_hidden, "health"),
            wishes=info.wishes,
            read_at=info.read_at,
            withheld=sorted(info_hidden),
        )
        if info is not None
        else None,
        self_assessment=SelfAssessmentOut(
            code=own.code,
            submitted_at=own.submitted_at,
            updated_at=own.updated_at,
            daily_life=own.daily_life,
            strengths=own.strengths,
            obstacles=own.obstacles,
            work_ability=_shown(own, own_hidden, "work_ability"),
            health=_shown(own, own_hidden, "health"),
            read_at=own.read_at,
            withheld=sorted(own_hidden),
        )
        if own is not None
        else None,
    )


@router.post(
    "/{relationship_code}/client-forms/{form}/read",
    response={200: ClientFormsOut, **ERRORS},
    summary="Mark the client's own form read",
)
def client_form_read(request: HttpRequest, relationship_code: uuid.UUID, form: str) -> Any:
    """`form` is `esitiedot` (the pre-information form) or `itsearvio` (the self-assessment). From then on
    the client can no longer change it; a second mark is a 409."""
    actor = caller(request)
    mapping = selectors.mapping_get(actor=actor, relationship_code=relationship_code, request=request)
    found = selectors.client_form_for_read_mark(actor=actor, mapping=mapping, form=form, request=request)
    if isinstance(found, PreInformation):
        case_services.pre_information_mark_read(
            actor=actor, pre_information=found, facts=mapping.facts, request=request
        )
    else:
        services.self_assessment_mark_read(
            actor=actor, self_assessment=found, facts=mapping.facts, request=request
        )
    return client_forms(request, relationship_code)
