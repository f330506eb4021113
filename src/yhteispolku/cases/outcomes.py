"""Outcomes after closure (R-OUT-1): follow-ups at 3, 6 and 12 months for the employment authority.

When a relationship closes on any track (TYM through `services.phase_transition` to `closed`, the tracks
beside TYM through `closing.track_close`), `schedule_follow_ups` creates one `OutcomeFollowUp` per period
of the rule version in force on the day it ended, in the same transaction, owned by the employment
authority's responsible person: the worker pair's employment professional on the team at closure, else
another employment professional of the team (none: no owner, shown on the track's page only). Each is a
due item on that person's worklist (a user source: a closed relationship is no longer among the
relationships the worklist collects) until `outcome_record` records the client's situation and its source.

Access: the policy's own scope for the follow-up (`access.policy.OUTCOME_OBJECT_TYPE`), granted to the
closed relationship's former team (and a current team of another relationship) in the employment sector
only; the journal and the rest stay read-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import OUTCOME_OBJECT_TYPE, authorize, decide
from yhteispolku.accounts.models import Sector, User
from yhteispolku.cases import errors
from yhteispolku.cases.models import (
    ClientRelationship,
    OutcomeFollowUp,
    OutcomeSource,
    OutcomeStatus,
    Phase,
    TeamRole,
)
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem

if TYPE_CHECKING:
    from yhteispolku.access.relations import RelationFacts

RULE_ID = "R-OUT-1"
PERIODS = ("first_months", "second_months", "third_months")
KIND = "outcome_follow_up"


def follow_up_months(on: date) -> tuple[list[int], str]:
    """R-OUT-1's follow-up periods (months after closure) in the version in force on `on`, and its version."""
    values = [engine.parameter(RULE_ID, name, on) for name in PERIODS]
    return sorted({int(value.value) for value in values}), values[0].version


def responsible_person(relationship: ClientRelationship) -> User | None:
    """The employment authority's responsible person at closure: the worker pair's employment professional
    on the team when it ended, else the employment professional who joined the team first; None if the
    team had none."""
    ended = relationship.ended_on
    members = [
        member
        for member in relationship.team.select_related("user").order_by("joined_on", "id")
        if member.user.sector == Sector.EMPLOYMENT
        and (member.left_on is None or ended is None or member.left_on >= ended)
    ]
    pair = [member for member in members if member.team_role == TeamRole.WORKER_PAIR_EMPLOYMENT]
    chosen = pair or members
    return chosen[0].user if chosen else None


def schedule_follow_ups(relationship: ClientRelationship) -> list[OutcomeFollowUp]:
    """Create the follow-ups of a closed relationship on any track (idempotent: a period already scheduled
    is kept). SPEC R-OUT-1: after a TYM relationship "(and other tracks)" close.

    Due `months` after `ended_on` by the engine's month arithmetic (31.1. + 3 months = 30.4.). A track whose
    team had no employment professional at closure gets its follow-ups without a responsible person: they
    are shown on the track's page, on nobody's worklist."""
    if relationship.phase != Phase.CLOSED or relationship.ended_on is None:
        return []
    ended = relationship.ended_on
    months, version = follow_up_months(ended)
    owner = responsible_person(relationship)
    scheduled = []
    for count in months:
        follow_up, _created = OutcomeFollowUp.objects.get_or_create(
            relationship=relationship,
            months=count,
            defaults={
                "due_on": engine.add_months(ended, count),
                "owner": owner,
                "rule_id": RULE_ID,
                "rule_version": version,
            },
        )
        scheduled.append(follow_up)
    return scheduled


def may_record(actor: User, follow_up: OutcomeFollowUp) -> bool:
    """Whether to offer the form: the follow-up is open and the actor is its responsible person (the
    policy, asked on the page, decides the rest)."""
    return follow_up.recorded_on is None and follow_up.owner_id == actor.pk


def outcome_record(
    *,
    actor: User,
    follow_up: OutcomeFollowUp,
    status: str,
    source: str,
    recorded_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> OutcomeFollowUp:
    """Record the client's situation at one follow-up with its source: once, by its responsible person."""
    relationship = follow_up.relationship
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=OUTCOME_OBJECT_TYPE,
        object_id=str(follow_up.code),
    )
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if status not in OutcomeStatus.values:
        problems["status"] = _("Valitse asiakkaan tilanne.")
    if source not in OutcomeSource.values:
        problems["source"] = _("Valitse, mistä tieto on saatu.")
    if recorded_on > today:
        problems["recorded_on"] = _("Tilannepäivä ei voi olla tulevaisuudessa.")
    elif relationship.ended_on and recorded_on < relationship.ended_on:
        problems["recorded_on"] = _("Tilannepäivä ei voi olla ennen asiakkuuden päättymistä.")
    if problems:
        raise errors.OutcomeInvalid(problems)
    if follow_up.owner_id != actor.pk:
        raise errors.OutcomeConflict(_("Seurannan kirjaa sen vastuuhenkilö."))
    with transaction.atomic():
        locked = OutcomeFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.recorded_on is not None:
            raise errors.OutcomeConflict()
        locked.status, locked.source, locked.recorded_on, locked.recorded_by = (
            status,
            source,
            recorded_on,
            actor,
        )
        locked.save(update_fields=["status", "source", "recorded_on", "recorded_by"])
    return locked


def outcome_url(follow_up: OutcomeFollowUp) -> str:
    return reverse(
        "cases:outcome", kwargs={"code": follow_up.relationship.client.code, "outcome_code": follow_up.code}
    )


def follow_ups_due(user: User, today: date) -> Iterable[DueItem]:
    """The worklist's items of `user`'s open follow-ups (a user source): one query for any number."""
    rows = (
        OutcomeFollowUp.objects.filter(owner=user, recorded_on__isnull=True)
        .select_related("relationship__client")
        .only(
            "id",
            "code",
            "months",
            "due_on",
            "owner_id",
            "rule_id",
            "rule_version",
            "relationship__id",
            "relationship__client__code",
            "relationship__client__first_names",
            "relationship__client__last_name",
        )
    )
    return [
        DueItem(
            due_on=row.due_on,
            kind=KIND,
            label=_("Kirjaa tilanne %(months)s kk asiakkuuden päättymisen jälkeen") % {"months": row.months},
            client_code=str(row.relationship.client.code),
            client_name=row.relationship.client.full_name,
            relationship_id=None,
            url=outcome_url(row),
            rule_id=row.rule_id,
            rule_version=row.rule_version,
            owner_id=user.pk,
            purpose=Purpose.TYM_JOINT_WORK,
        )
        for row in rows
    ]


def outcome_get(
    *, actor: User, code: str, outcome_code: str, action: Action, request: HttpRequest | None = None
) -> OutcomeFollowUp:
    """One follow-up of the client `code`, once the policy allows `action` on the follow-up's scope (audited;
    404 for a client the actor has no relation to or a follow-up the client does not have)."""
    from yhteispolku.cases.selectors import _client_or_404

    client = _client_or_404(code)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        object_type=OUTCOME_OBJECT_TYPE,
        object_id=str(outcome_code),
    )
    follow_up = (
        OutcomeFollowUp.objects.filter(code=outcome_code, relationship__client=client)
        .select_related("relationship__client", "relationship__closure", "owner", "recorded_by")
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def relationship_follow_ups(
    actor: User, relationship: ClientRelationship, facts: RelationFacts, request: HttpRequest | None = None
) -> list[OutcomeFollowUp] | None:
    """For a closed track's page: its follow-ups after closure (R-OUT-1) with their due dates and recorded
    situation; None for whom the policy does not let read them, or an open track (the read is audited)."""
    if relationship.phase != Phase.CLOSED:
        return None
    if not decide(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        facts=facts,
        object_type=OUTCOME_OBJECT_TYPE,
    ).allowed:
        return None
    follow_ups = list(
        OutcomeFollowUp.objects.filter(relationship=relationship)
        .select_related("owner")
        .order_by("months", "id")
    )
    if not follow_ups:
        return None
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=facts,
        object_type=OUTCOME_OBJECT_TYPE,
        object_id=str(relationship.code),
    )
    for follow_up in follow_ups:
        follow_up.relationship = relationship
    return follow_ups
