"""The advice checks of a TYM case, as one actor may see them. Each check is shown only when the policy
lets the actor see the data it reads (R-UNEMP-1: employment data; R-TYM-1: the referral), and each
shown check is logged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, authorize, decide
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.advice import checks
from yhteispolku.advice.checks import Advice
from yhteispolku.advice.models import AdviceDecision, Check, UnemploymentFacts
from yhteispolku.cases.models import ClientRelationship, Referral, Track
from yhteispolku.cases.selectors import CaseView, case_get
from yhteispolku.core.categories import Action, DataCategory

FACTS_OBJECT_TYPE = "advice.unemploymentfacts"
DECISION_OBJECT_TYPE = "advice.advicedecision"

# Where each check's data and decision belong in SPEC §5.1: the category and the object type.
CHECK_SCOPE: dict[str, tuple[DataCategory, str]] = {
    Check.UNEMPLOYED: (DataCategory.EMPLOYMENT, FACTS_OBJECT_TYPE),
    Check.TYM_CRITERIA: (DataCategory.PLAN, REFERRAL_OBJECT_TYPE),
}


@dataclass
class AdviceView:
    advice: Advice
    decisions: list[AdviceDecision] = field(default_factory=list)
    can_decide: bool = False
    can_record_facts: bool = False

    @property
    def latest(self) -> AdviceDecision | None:
        return self.decisions[0] if self.decisions else None


def _allowed(actor: User, action: Action, check: str, facts: RelationFacts, owner: int | None = None) -> bool:
    category, object_type = CHECK_SCOPE[check]
    return decide(
        actor=actor,
        action=action,
        category=category,
        facts=facts,
        owner_organisation_id=owner,
        object_type=object_type if action == Action.VIEW else DECISION_OBJECT_TYPE,
    ).allowed


def latest_facts(relationship: ClientRelationship) -> UnemploymentFacts | None:
    return UnemploymentFacts.objects.filter(relationship=relationship).order_by("-on", "-id").first()


def advice_for_case(*, actor: User, view: CaseView, request: HttpRequest | None = None) -> list[AdviceView]:
    """The advice checks (R-UNEMP-1, R-TYM-1) of a TYM case, for those who may see the case's plan."""
    relationship = view.relationship
    if relationship is None or not view.can_view_plan or relationship.track != Track.TYM:
        return []
    decisions: dict[str, list[AdviceDecision]] = {check: [] for check in Check.values}
    for decision in AdviceDecision.objects.filter(relationship=relationship).select_related("decided_by"):
        decisions[decision.check_id].append(decision)
    shown: list[AdviceView] = []
    facts = latest_facts(relationship)
    owner = facts.organisation_id if facts else None
    if _allowed(actor, Action.VIEW, Check.UNEMPLOYED, view.facts, owner):
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.EMPLOYMENT,
            client=view.client,
            request=request,
            facts=view.facts,
            owner_organisation_id=owner,
            object_type=FACTS_OBJECT_TYPE,
            object_id=str(facts.code) if facts else "",
        )
        can_write = _allowed(actor, Action.CREATE, Check.UNEMPLOYED, view.facts)
        shown.append(
            AdviceView(
                checks.unemployment_advice(facts),
                decisions[Check.UNEMPLOYED],
                can_decide=can_write,
                can_record_facts=can_write,
            )
        )
    referral = view.referral or Referral.objects.filter(relationship=relationship).first()
    if _allowed(actor, Action.VIEW, Check.TYM_CRITERIA, view.facts):
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=view.client,
            request=request,
            facts=view.facts,
            object_type=REFERRAL_OBJECT_TYPE,
            object_id=str(referral.code) if referral else "",
        )
        shown.append(
            AdviceView(
                checks.tym_criteria_advice(referral),
                decisions[Check.TYM_CRITERIA],
                can_decide=_allowed(actor, Action.CREATE, Check.TYM_CRITERIA, view.facts),
            )
        )
    return shown


def case_for_advice(
    *, actor: User, code: uuid.UUID | str, check: str, request: HttpRequest | None = None
) -> CaseView:
    """The case for a form page of a check (recording facts or a decision): refused, and logged, when the
    actor may not write that check's data."""
    view = case_get(actor=actor, code=code, request=request)
    category, object_type = CHECK_SCOPE[check]
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=view.client,
        request=request,
        facts=view.facts,
        object_type=DECISION_OBJECT_TYPE if category == DataCategory.PLAN else object_type,
    )
    return view
