"""The caseload list's summaries (`/asiakkaat/`): each client's tracks and phases, their workers and what is
due next, as the worklist sees them for the actor.

Registered with `clients.selectors.register_caseload_source` (worklist/apps.py): the clients app lists,
filters, sorts and pages; this module knows the relationships (cases) and the due items (every app's
registered source, `rules.deadlines.due_items`, the worklist's own code), so the list and the worklist
cannot disagree on what is due.

Whose relationships and which items: those of the actor's worklist (`worklist.selectors`): a
professional's open case teams and the referrals waiting for their unit; a TYM coordinator's or unit
manager's unit. A constant number of queries whatever the caseload.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, TEAM_OBJECT_TYPE, decide
from yhteispolku.access.relations import Relation, RelationFacts, can_work_with_clients
from yhteispolku.accounts.models import User
from yhteispolku.cases.deadlines import INTAKE_KINDS
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, TeamMember, TeamRole, Track
from yhteispolku.cases.relations import former_team_clients
from yhteispolku.clients.selectors import ClientSummary, NextDue, TrackSummary
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.rules.deadlines import DueItem, due_items, visible_to
from yhteispolku.worklist.selectors import WORKLIST_OBJECT_TYPE, Worklist, _policy, _relations, is_manager

PAIR_ROLES = (TeamRole.WORKER_PAIR_EMPLOYMENT, TeamRole.WORKER_PAIR_SOCIAL)


def visible(item: DueItem, relation: Relation | None, actor: User, unit_view: bool) -> bool:
    """Whether the actor's worklist shows this item as one to act on (`worklist.selectors.collect`): the
    shared answer of `rules.deadlines.visible_to` for the actor's own list or a coordinator's unit view,
    and only the referral decision for the intake unit. Notices are the worklist's, not a deadline."""
    if relation is None or item.notice:
        return False
    if relation == Relation.INTAKE and item.kind not in INTAKE_KINDS:
        return False
    return visible_to(item, None if unit_view else actor)


class WorklistCaseload:
    def summaries(
        self, actor: User, client_ids: set[int], today: date, *, next_due: bool = True
    ) -> dict[int, ClientSummary]:
        if not can_work_with_clients(actor):
            return {}
        relations = _relations(actor, None, Worklist(actor=actor, today=today, subject=actor))
        rows = (
            ClientRelationship.objects.filter(pk__in=list(relations))
            .order_by()
            .values_list("pk", "client_id", "client__code", "code", "track", "phase")
        )
        mine = set(
            TeamMember.objects.filter(user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES)
            .order_by()
            .values_list("relationship__client_id", flat=True)
        )
        due = _next_due(actor, relations, list(relations), today) if next_due else {}
        decisions = {relation: _shows(actor, relation) for relation in set(relations.values())}
        labels: dict[tuple[str, str], str] = {}
        summaries: dict[int, ClientSummary] = {}
        for pk, client_id, client_code, code, track, phase in rows:
            if client_id not in client_ids:
                continue
            relation = relations[pk]
            shows_plan, shows_team = decisions[relation]
            if not shows_plan:
                continue
            if (track, phase) not in labels:
                labels[(track, phase)] = ClientRelationship(track=track, phase=phase).phase_label
            summary = summaries.get(client_id)
            if summary is None:
                summary = summaries[client_id] = ClientSummary(
                    tracks=[],
                    next_due=None,
                    mine=client_id in mine,
                    purpose=_policy(actor, relation)[1].purpose,
                    object_type=REFERRAL_OBJECT_TYPE if relation == Relation.INTAKE else WORKLIST_OBJECT_TYPE,
                )
            summary.tracks.append(
                TrackSummary(
                    relationship_id=pk,
                    track=track,
                    track_label=str(Track(track).label),
                    phase=phase,
                    phase_label=labels[(track, phase)],
                    url=_url(relation, track, code, client_code),
                    shows_team=shows_team,
                )
            )
            _note_due(summary, due.get(pk))
        for client_id in (mine & client_ids) - set(summaries):
            # On a team outside the unit a coordinator or manager lists: theirs, without the unit's view.
            summaries[client_id] = ClientSummary(
                tracks=[], next_due=None, mine=True, purpose=Purpose.TYM_JOINT_WORK, object_type=""
            )
        for summary in summaries.values():
            # TYM first, then the other tracks by name.
            summary.tracks.sort(key=lambda t: (t.track != Track.TYM, t.track_label.casefold()))
        return summaries

    def add_next_due(self, actor: User, summaries: list[ClientSummary], today: date) -> None:
        ids = [t.relationship_id for summary in summaries for t in summary.tracks]
        if not ids or not can_work_with_clients(actor):
            return
        relations = _relations(actor, None, Worklist(actor=actor, today=today, subject=actor))
        due = _next_due(actor, relations, [pk for pk in ids if pk in relations], today)
        for summary in summaries:
            for t in summary.tracks:
                _note_due(summary, due.get(t.relationship_id))

    def add_workers(self, summaries: list[ClientSummary]) -> None:
        ids: Sequence[int] = [t.relationship_id for s in summaries for t in s.tracks if t.shows_team]
        if not ids:
            return
        names: dict[int, list[str]] = {}
        members = (
            TeamMember.objects.filter(relationship_id__in=ids, left_on__isnull=True, team_role__in=PAIR_ROLES)
            .select_related("user")
            .order_by("team_role", "user__last_name", "user__first_name", "id")
        )
        for member in members:
            names.setdefault(member.relationship_id, []).append(
                member.user.get_full_name() or str(member.user)
            )
        for summary in summaries:
            workers: list[str] = []
            for t in summary.tracks:
                for name in names.get(t.relationship_id, []):
                    if name not in workers:
                        workers.append(name)
            summary.workers = workers

    def former_clients(self, actor: User) -> QuerySet[Any, Any] | None:
        return former_team_clients(actor)


def _next_due(
    actor: User, relations: dict[int, Relation], relationship_ids: list[int], today: date
) -> dict[int, DueItem]:
    """Each of these relationships' earliest item that the actor's worklist shows as one to act on."""
    unit_view = is_manager(actor)
    earliest: dict[int, DueItem] = {}
    for item in due_items(relationship_ids, today):
        relation = relations.get(item.relationship_id) if item.relationship_id is not None else None
        if visible(item, relation, actor, unit_view):
            assert item.relationship_id is not None
            earliest.setdefault(item.relationship_id, item)  # earliest first
    return earliest


def _note_due(summary: ClientSummary, due: DueItem | None) -> None:
    if due is not None and (summary.next_due is None or due.due_on < summary.next_due.due_on):
        summary.next_due = NextDue(due_on=due.due_on, label=due.label)


def _shows(actor: User, relation: Relation) -> tuple[bool, bool]:
    """Whether the policy lets the relation see the phase and deadlines (the plan; the referral for the
    intake unit), and who is on the team."""
    facts = RelationFacts(relation=relation, recorded_by_id=None)
    _basic, plan = _policy(actor, relation)
    team = decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=TEAM_OBJECT_TYPE
    )
    return plan.allowed, team.allowed


def _url(relation: Relation, track: str, code: object, client_code: object) -> str | None:
    """The page the track opens on, as the worklist links a case: the TYM case page (for the receiving
    unit, the referral on it), another track's own page; none for another track's intake."""
    if track == Track.TYM:
        return reverse("cases:detail", kwargs={"code": client_code})
    if relation == Relation.INTAKE:
        return None
    return reverse("paths:detail", kwargs={"relationship_code": code})


CASELOAD = WorklistCaseload()
