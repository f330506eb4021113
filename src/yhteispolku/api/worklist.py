"""The worklist over the API: the same items as the worklist page (`/tyolista/`), from the same selector,
so the same policy and audit apply. A TYM coordinator or unit manager may ask for one professional's
items within their unit with `?user=<username>`; anyone else asking for another's list gets 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from yhteispolku.accounts.models import User
from yhteispolku.api.errors import error_responses
from yhteispolku.worklist import selectors

router = Router(tags=["worklist"])


class DueItemOut(Schema):
    due_on: date = Field(description="The due date, on a working day when a rule computed it")
    group: str = Field(description="overdue, this_week, next_30_days or noticed (early warning)")
    kind: str = Field(description="A stable code: mapping_target, plan_review, tym_goal, …")
    label: str = Field(description="What is due, in the caller's language")
    client: str = Field(description="The client's code")
    client_name: str
    url: str = Field(description="The page where the item is handled")
    rule_id: str = Field(description='The rule behind the date ("" for an agreed date)')
    rule_version: str
    owner: str | None = Field(description="Username of the professional named for it; null: the team")
    notice_from: date | None = Field(description="Shown from this day on though due later (an early warning)")


class ProfessionalCountsOut(Schema):
    user: str = Field(description="Username")
    name: str
    overdue: int
    this_week: int
    next_30_days: int
    noticed: int


class WorklistOut(Schema):
    today: date
    user: str | None = Field(description="Whose items: a username, or null for a whole unit")
    unit_view: bool = Field(description="A coordinator's or manager's view of their unit")
    items: list[DueItemOut]
    per_professional: list[ProfessionalCountsOut] = Field(description="Unit view: counts per professional")


@router.get(
    "",
    response={200: WorklistOut, **error_responses(400, 403, 404)},
    summary="What is due: overdue, this week, the next 30 days",
)
def worklist(request: HttpRequest, user: str = Query("", max_length=150)) -> Any:
    """The caller's due items across their cases; a TYM coordinator or unit manager gets their unit's
    items and counts per professional, or with `user` one professional's items within the unit."""
    actor: User = request.auth  # type: ignore[attr-defined]
    subject = selectors.find_user(user.strip()) if user.strip() else None
    today = timezone.localdate()
    result = selectors.worklist_for(actor=actor, today=today, user=subject, request=request)
    owners = {row.user.pk: row.user.username for row in result.per_professional}
    missing = {item.owner_id for item in result.items if item.owner_id and item.owner_id not in owners}
    owners.update(User.objects.filter(pk__in=missing).values_list("id", "username") if missing else [])
    return WorklistOut(
        today=today,
        user=result.subject.username if result.subject is not None else None,
        unit_view=result.is_unit_view,
        items=[
            DueItemOut(
                due_on=item.due_on,
                group=group,
                kind=item.kind,
                label=item.label,
                client=item.client_code,
                client_name=item.client_name,
                url=item.url,
                rule_id=item.rule_id,
                rule_version=item.rule_version,
                owner=owners.get(item.owner_id) if item.owner_id is not None else None,
                notice_from=item.notice_from,
            )
            for group, items in result.groups.items()
            for item in items
        ],
        per_professional=[
            ProfessionalCountsOut(
                user=row.user.username,
                name=str(row.user),
                overdue=row.overdue,
                this_week=row.this_week,
                next_30_days=row.next_30_days,
                noticed=row.noticed,
            )
            for row in result.per_professional
        ],
    )
