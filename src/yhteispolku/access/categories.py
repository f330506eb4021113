"""The data category of each free-text field of the joint work's records (issue 16, finding 10).

A record of the joint work (a consultation, a request for a medical statement) is in the plan category as a
whole, but some of its fields carry another sector's facts: the cover letter to the doctor and the reason
for the statement describe the client's health, and so do the notes of a consultation where the health
and Kela professionals went through her work ability. Each such field is recorded here with its category
(SPEC §5.1's categories); a field not listed is in its record's category (the plan).

Every reader of such a record asks `withheld_fields()` which fields to leave out, so that the pages, the
API, the PDF letter and the exports leave out the same ones: a health field is shown to health
professionals and, with an active consent covering health, to Kela's work-ability advisor; a revocation
hides it at once. Each category other than the record's is decided, and logged allowed or denied, once
per read. The one who wrote the record (its recorder or organiser) reads back what they wrote: that
discloses nothing to them. The forms show each field's category beside its label (`tag_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

from yhteispolku.access.policy import AccessDenied, Decision, decide
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.core.categories import Action, DataCategory

if TYPE_CHECKING:
    from django import forms

    from yhteispolku.clients.models import Client

P, H = DataCategory.PLAN, DataCategory.HEALTH

# Object type → field → category. Every free-text field of these records is listed, so that the forms can
# label each one; the plan is the record's own category.
FIELD_CATEGORIES: Mapping[str, Mapping[str, DataCategory]] = {
    # The request for a medical statement and its cover letter to the health-centre doctor (seed 002).
    "documents.statementrequest": {
        "addressed_to": P,
        "applied_for": P,
        "reason": H,
        "contact_details": P,
        "letter": H,
    },
    # A consultation of the network: the agenda and the decisions are the joint plan's, the notes of what
    # was gone through (earlier rehabilitation, statements, work and functional capacity) are health.
    "collaboration.consultation": {"agenda": P, "notes": H, "decisions": P, "review_note": P},
    # The client's own words before the first meeting (SPEC §3 step 1), given to the whole team for the
    # joint work; what she says of her health, and her rating of her own work ability, are health data.
    "cases.preinformation": {"situation": P, "education": P, "work_history": P, "health": H, "wishes": P},
    "assessments.selfassessment": {
        "daily_life": P,
        "strengths": P,
        "obstacles": P,
        "work_ability": H,
        "health": H,
    },
}


def field_category(object_type: str, field: str) -> DataCategory:
    return FIELD_CATEGORIES.get(object_type, {}).get(field, P)


def fields_of(object_type: str, category: DataCategory) -> frozenset[str]:
    return frozenset(name for name, c in FIELD_CATEGORIES.get(object_type, {}).items() if c == category)


@dataclass(frozen=True)
class FieldAccess:
    """Which fields of one record the actor may not see, and the policy's refusal behind them."""

    withheld: frozenset[str] = frozenset()
    refusal: Decision | None = None

    def __contains__(self, field: object) -> bool:
        return field in self.withheld

    def require(self, *fields: str) -> None:
        """Refuse (403, already logged) an action that needs these fields: editing or printing them."""
        if self.refusal is not None and any(field in self.withheld for field in fields):
            raise AccessDenied(self.refusal)


def withheld_fields(
    *,
    actor: User,
    client: Client,
    facts: RelationFacts,
    object_type: str,
    object_id: str = "",
    owner_organisation_id: int | None = None,
    author_id: int | None = None,
    request: HttpRequest | None = None,
    action: Action = Action.VIEW,
) -> FieldAccess:
    """The fields of one record (already authorised in its own category) the actor may not see.

    Each category of the record's fields other than the plan is decided for `action` and logged, allowed
    or denied, so the client's log shows the health fields read and refused.
    """
    categories = {c for c in FIELD_CATEGORIES.get(object_type, {}).values() if c != P}
    withheld: set[str] = set()
    refusal: Decision | None = None
    for category in sorted(categories):
        decision = decide(
            actor=actor,
            action=action,
            category=category,
            facts=facts,
            owner_organisation_id=owner_organisation_id,
            object_type=object_type,
        )
        if not decision.allowed and author_id is not None and author_id == actor.pk:
            decision = Decision(True, decision.relation, decision.purpose)
        record_access(
            actor=actor,
            action=action,
            category=category,
            purpose=decision.purpose,
            allowed=decision.allowed,
            client_code=client.code,
            object_type=object_type,
            object_id=object_id,
            reason=decision.reason.value if decision.reason else "",
            request=request,
        )
        if not decision.allowed:
            withheld |= fields_of(object_type, category)
            refusal = refusal or decision
    return FieldAccess(frozenset(withheld), refusal)


def fields_permitted(
    *,
    actor: User,
    facts: RelationFacts,
    object_type: str,
    fields: tuple[str, ...],
    owner_organisation_id: int | None = None,
    author_id: int | None = None,
    action: Action = Action.VIEW,
) -> bool:
    """Whether to offer an action on these fields (a link, a button): decided, not logged, like
    `policy.permitted`; the action itself asks `withheld_fields`."""
    if author_id is not None and author_id == actor.pk:
        return True
    categories = {field_category(object_type, field) for field in fields} - {P}
    return all(
        decide(
            actor=actor,
            action=action,
            category=category,
            facts=facts,
            owner_organisation_id=owner_organisation_id,
            object_type=object_type,
        ).allowed
        for category in categories
    )


def tag_fields(form: forms.BaseForm, object_type: str) -> None:
    """Mark each field of the form with its data category: the field template shows it beside the label."""
    for name, field in form.fields.items():
        if name in FIELD_CATEGORIES.get(object_type, {}):
            field.data_category = field_category(object_type, name)  # type: ignore[attr-defined]
