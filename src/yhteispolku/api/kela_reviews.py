"""Kela's twice-yearly joint review with a TYM team over the API (seed 004, R-KELA-5): the teams whose
review the caller takes part in with the next due date, a team's reviews held (each client's entry as
the caller may see it) and recording one held. The same selectors and services as the page
(`applications.joint_reviews`): the policy per client, the Kela professional's consent check and the
audit entries per client shown or named. A team the caller is not part of is a 404.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.applications import joint_reviews
from yhteispolku.applications.models import KelaJointReview
from yhteispolku.core.text import NOTE_TEXT

router = Router(tags=["kela-reviews"])


class KelaReviewDueOut(Schema):
    on: date
    rule: str = Field(description="The rule and version behind the date, e.g. R-KELA-5 v2025.1")
    last_held_on: date | None


class KelaReviewTeamOut(Schema):
    unit: uuid.UUID
    name: str
    next_due: KelaReviewDueOut | None


class KelaReviewEntryOut(Schema):
    client: uuid.UUID
    client_name: str
    note: str
    no_need_for_kela: bool


class KelaReviewOut(Schema):
    code: uuid.UUID
    held_on: date
    participants: str
    next_steps: str
    recorded_by: str
    entries: list[KelaReviewEntryOut]
    hidden: int = Field(description="Entries of clients the caller may not see (counted, not named)")


class KelaTeamReviewsOut(KelaReviewTeamOut):
    reviews: list[KelaReviewOut]
    clients: list[uuid.UUID] = Field(description="The joint clients the caller may record an entry of")


class KelaReviewEntryIn(Schema):
    client: uuid.UUID
    note: str = Field("", max_length=300)
    no_need_for_kela: bool = False


class KelaReviewIn(Schema):
    held_on: date
    participants: str = Field(max_length=NOTE_TEXT)
    next_steps: str = Field("", max_length=NOTE_TEXT)
    entries: list[KelaReviewEntryIn] = Field(max_length=500)


def _due(due: joint_reviews.Due | None) -> KelaReviewDueOut | None:
    if due is None:
        return None
    return KelaReviewDueOut(on=due.due_on, rule=due.rule_reference, last_held_on=due.last_held_on)


def _review(review: KelaJointReview, entries: list[Any], hidden: int) -> KelaReviewOut:
    return KelaReviewOut(
        code=review.code,
        held_on=review.held_on,
        participants=review.participants,
        next_steps=review.next_steps,
        recorded_by=str(review.recorded_by),
        entries=[
            KelaReviewEntryOut(
                client=entry.client.code,
                client_name=entry.client.full_name,
                note=entry.note,
                no_need_for_kela=entry.no_need_for_kela,
            )
            for entry in entries
        ],
        hidden=hidden,
    )


@router.get(
    "",
    response={200: list[KelaReviewTeamOut], **error_responses(400, 403, 404)},
    summary="My teams' joint reviews",
)
def team_list(request: HttpRequest) -> Any:
    actor = caller(request)
    today = timezone.localdate()
    return [
        KelaReviewTeamOut(unit=unit.code, name=unit.name, next_due=_due(joint_reviews.next_due(unit, today)))
        for unit in joint_reviews.teams_of(actor, today)
    ]


@router.get(
    "/{unit_code}",
    response={200: KelaTeamReviewsOut, **error_responses(400, 403, 404)},
    summary="A team's joint reviews held, as the caller may see them",
)
def team_reviews(request: HttpRequest, unit_code: uuid.UUID) -> Any:
    shown = joint_reviews.team_reviews(actor=caller(request), unit_code=unit_code, request=request)
    return KelaTeamReviewsOut(
        unit=shown.unit.code,
        name=shown.unit.name,
        next_due=_due(shown.due),
        reviews=[_review(item.review, item.entries, item.hidden) for item in shown.reviews],
        clients=[client.code for client in shown.clients],
    )


@router.post(
    "/{unit_code}",
    response={201: KelaReviewOut, **error_responses(400, 403, 404)},
    summary="Record a joint review held",
)
def review_record(request: HttpRequest, unit_code: uuid.UUID, payload: KelaReviewIn) -> Any:
    review = joint_reviews.review_record(
        actor=caller(request),
        unit_code=unit_code,
        held_on=payload.held_on,
        participants=payload.participants,
        next_steps=payload.next_steps,
        entries=[
            joint_reviews.EntryIn(str(entry.client), entry.note, entry.no_need_for_kela)
            for entry in payload.entries
        ],
        request=request,
    )
    entries = list(review.entries.select_related("client"))
    return Status(201, _review(review, entries, 0))
