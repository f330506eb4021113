"""Writes of the advice checks: the facts R-UNEMP-1 reads, and the professional's decision on a check.

Each service authorizes (and so logs) before its transaction, as the other apps do.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.advice import checks
from yhteispolku.advice.models import AdviceDecision, Check, UnemploymentFacts
from yhteispolku.advice.selectors import CHECK_SCOPE, DECISION_OBJECT_TYPE, FACTS_OBJECT_TYPE, latest_facts
from yhteispolku.cases.models import ClientRelationship, Referral
from yhteispolku.core.categories import Action, DataCategory


def unemployment_facts_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> UnemploymentFacts:
    """Record the employment authority's facts for R-UNEMP-1 (employment data: its own sector writes)."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.EMPLOYMENT,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=FACTS_OBJECT_TYPE,
    )
    errors: dict[str, str] = {}
    hours: Decimal | None = data.get("weekly_working_hours")
    if data.get("employed") and not data.get("fully_laid_off") and hours is None:
        errors["weekly_working_hours"] = _(
            "R-UNEMP-1: anna säännöllinen työaika, kun henkilö on työsuhteessa."
        )
    if data.get("self_employed_full_time") and data.get("self_employment_days") is None:
        errors["self_employment_days"] = _("R-UNEMP-1: anna päätoimisen yritystoiminnan kesto päivinä.")
    if hours is not None and hours < 0:
        errors["weekly_working_hours"] = _("R-UNEMP-1: työaika ei voi olla negatiivinen.")
    if errors:
        raise ValidationError(errors)
    assert actor.organisation is not None  # only professionals pass authorize()
    return UnemploymentFacts.objects.create(
        relationship=relationship,
        on=data.get("on") or timezone.localdate(),
        employed=bool(data.get("employed")),
        fully_laid_off=bool(data.get("fully_laid_off")),
        weekly_working_hours=hours,
        self_employed_full_time=bool(data.get("self_employed_full_time")),
        self_employment_days=data.get("self_employment_days"),
        full_time_student=bool(data.get("full_time_student")),
        student_entitled_to_benefit=bool(data.get("student_entitled_to_benefit")),
        recorded_by=actor,
        organisation=actor.organisation,
    )


def advice_decision_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    check: str,
    decision: str,
    reason: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> AdviceDecision:
    """The professional's decision on a check, kept with the advice and the facts the check showed.

    The check only advises: the decision may differ from the advice, with the reason written down.
    """
    category, _object_type = CHECK_SCOPE[Check(check)]
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=DECISION_OBJECT_TYPE,
    )
    if decision not in AdviceDecision.Outcome.values:
        raise ValidationError({"decision": _("Valitse päätös.")})
    if not reason.strip():
        raise ValidationError({"reason": _("%(rule)s: kirjoita päätöksen perustelu.") % {"rule": check}})
    if check == Check.UNEMPLOYED:
        advice = checks.unemployment_advice(latest_facts(relationship))
    else:
        advice = checks.tym_criteria_advice(Referral.objects.filter(relationship=relationship).first())
    return AdviceDecision.objects.create(
        relationship=relationship,
        check_id=check,
        rule_version=advice.rule_version,
        advice=advice.outcome,
        facts=advice.facts_record(),
        decision=decision,
        reason=reason.strip(),
        decided_by=actor,
    )
