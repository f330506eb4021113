"""The worklist: what is due across a professional's cases, or across a TYM coordinator's or unit
manager's unit (SPEC §5.1: they see the phase, team and deadlines of the unit's cases, not journal text).

Whose relationships count:
- a professional: the open cases whose team they are on, with the items for the whole team or named to
  them; and, for the receiving unit, the referrals waiting for its decision (intake);
- a TYM coordinator or unit manager: every open case and pending referral of their unit and its
  sub-units, with a count per professional; with `user`, one professional's items within the unit.

An item is for the whole case team, for a named professional (`owner_id`), or for the team's members of
one organisation (`owner_organisation_id`: an authority confirms its own commitments). Notices (a
referral I sent was decided) are for their owner alone, in their own group, never in the unit's view
nor in another's list; the owner acknowledges one (`Acknowledgement`) or it ends after its days. The
referrer sees the notice only while they still work with the client (on an open team of any of the
client's relationships), as the policy would let them open the case.

The policy decides what each relation may see (`access.policy.decide`: the name and the deadlines); every
client shown is logged in bulk, one entry each. A constant number of queries whatever the size of the
caseload: the relationships, the registered sources (each constant), the team (for the counts) and the
audit entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, Decision, decide
from yhteispolku.access.relations import MANAGER_ROLES, Relation, RelationFacts, can_work_with_clients
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_accesses
from yhteispolku.cases.deadlines import INTAKE_KINDS, REFERRAL_NOTICE_DAYS
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, Referral, TeamMember, Track
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.rules.deadlines import (
    ALL_GROUPS,
    GROUPS,
    DueItem,
    Group,
    due_items,
    group_of,
    user_due_items,
    visible_to,
)
from yhteispolku.worklist.models import Acknowledgement, Reminder

WORKLIST_OBJECT_TYPE = "worklist.dueitem"

# How long the notice of a decided referral stays (the cases source decides; the worklist says it).
NOTICE_DAYS = REFERRAL_NOTICE_DAYS


def item_key(item: DueItem) -> str:
    """What an item is, stably: its kind, relationship and address, and the organisation it is for."""
    key = f"{item.kind}:{item.relationship_id or ''}:{item.url}"
    if item.owner_organisation_id is not None:
        key += f":o{item.owner_organisation_id}"
    return key[:300]


@dataclass
class ProfessionalCounts:
    user: User
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))

    @property
    def overdue(self) -> int:
        return self.counts[Group.OVERDUE]

    @property
    def this_week(self) -> int:
        return self.counts[Group.THIS_WEEK]

    @property
    def next_30_days(self) -> int:
        return self.counts[Group.NEXT_30_DAYS]

    @property
    def noticed(self) -> int:
        return self.counts[Group.NOTICED]


@dataclass
class Worklist:
    actor: User
    today: date
    subject: User | None  # whose items: a professional, or None for a whole unit
    is_unit_view: bool = False
    groups: dict[str, list[DueItem]] = field(default_factory=lambda: {group: [] for group in ALL_GROUPS})
    per_professional: list[ProfessionalCounts] = field(default_factory=list)
    # Item key → the reminder the `remind` job recorded for the viewer (their own list only).
    reminders: dict[str, Reminder] = field(default_factory=dict)

    @property
    def items(self) -> list[DueItem]:
        return [item for group in GROUPS for item in self.groups[group]]

    @property
    def overdue(self) -> list[DueItem]:
        return self.groups[Group.OVERDUE]

    @property
    def this_week(self) -> list[DueItem]:
        return self.groups[Group.THIS_WEEK]

    @property
    def next_30_days(self) -> list[DueItem]:
        return self.groups[Group.NEXT_30_DAYS]

    @property
    def noticed(self) -> list[DueItem]:
        return self.groups[Group.NOTICED]

    @property
    def notices(self) -> list[DueItem]:
        return self.groups[Group.NOTICE]

    @property
    def notice_rows(self) -> list[tuple[DueItem, str]]:
        return [(item, item_key(item)) for item in self.notices]

    @property
    def reminded(self) -> list[tuple[DueItem, Reminder]]:
        """The items still open that the `remind` job reminded the viewer of, earliest first."""
        return [
            (item, self.reminders[key]) for item in self.items if (key := item_key(item)) in self.reminders
        ]

    @property
    def counts_by_kind(self) -> list[tuple[str, str, int]]:
        """(group, label, count) per kind of item to act on, overdue first: the front page's summary."""
        counts: dict[tuple[str, str], int] = {}
        for group in GROUPS:
            for item in self.groups[group]:
                counts[(group, item.kind)] = counts.get((group, item.kind), 0) + 1
        return [(group, kind, count) for (group, kind), count in counts.items()]

    @property
    def can_see_unit(self) -> bool:
        return is_manager(self.actor)


class WorklistNotAllowed(PermissionDenied):
    """Another professional's worklist: only a TYM coordinator or unit manager, within their unit."""

    def __init__(self) -> None:
        super().__init__(
            _("Vain TYM-koordinaattori tai esihenkilö voi katsoa toisen ammattilaisen työlistaa.")
        )


def is_manager(actor: User) -> bool:
    return can_work_with_clients(actor) and actor.role_id in MANAGER_ROLES and actor.unit_id is not None


def _policy(actor: User, relation: Relation) -> tuple[Decision, Decision]:
    """The policy's answer for a relation: may the actor see the client's name, and the deadlines?"""
    facts = RelationFacts(relation=relation, recorded_by_id=None)
    basic = decide(actor=actor, action=Action.VIEW, category=DataCategory.BASIC, facts=facts)
    object_type = REFERRAL_OBJECT_TYPE if relation == Relation.INTAKE else ""
    plan = decide(
        actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type=object_type
    )
    return basic, plan


def _unit_filter(actor: User) -> Q:
    return Q(responsible_unit_id=actor.unit_id) | Q(responsible_unit__parent_id=actor.unit_id)


def find_user(username: str) -> User:
    try:
        return User.objects.select_related("role").get(username=username, is_active=True)
    except User.DoesNotExist as error:
        raise Http404 from error


def worklist_for(
    *,
    actor: User,
    today: date,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> Worklist:
    """The actor's worklist on `today`, or (a coordinator or manager) `user`'s within the actor's unit.

    Every client shown is logged, one entry each: its deadlines (plan; the referral for intake).
    """
    worklist, relations, shown = collect(actor=actor, today=today, user=user)
    _record(actor, shown, relations, request)
    if worklist.subject is None or worklist.subject.pk == actor.pk:
        # The actor's own (or their unit's) list is what the header counts: its header reads this count.
        remember_inbox_count(actor, today, len(worklist.overdue) + len(worklist.this_week), request)
    if worklist.subject is not None and worklist.subject.pk == actor.pk and worklist.items:
        worklist.reminders = {
            reminder.item_key: reminder
            for reminder in Reminder.objects.filter(
                recipient=actor, item_key__in=[item_key(item) for item in worklist.items]
            ).order_by("created_at")
        }
    return worklist


# The header's count is on every page: kept per user and day for this many seconds (a colleague's change
# shows within a minute; the viewer's own actions refresh it, see web.context_processors.inbox). Off in
# the tests unless a test sets it, so that a test sees the count of the data it has just made.
INBOX_CACHE_SECONDS = 60


def _inbox_cache_seconds() -> int:
    default = 0 if settings.TESTING else INBOX_CACHE_SECONDS
    return int(getattr(settings, "INBOX_COUNT_CACHE_SECONDS", default))


def inbox_cache_key(actor: User, today: date) -> str:
    return f"worklist:inbox_count:{actor.pk}:{today.isoformat()}"


def inbox_count(*, actor: User, today: date, fresh: bool = False) -> int:
    """The number of the actor's items overdue or due this week (for the header); nothing is logged, as
    no client is shown.

    Counted with the worklist's queries (about two dozen, one per registered source) at most once a
    minute per user and day; in between, one cache read and no query. `fresh` counts again (the front
    page, or after the viewer's own action); the worklist page leaves the count of the list it shows."""
    if _inbox_cache_seconds() and not fresh:
        cached = cache.get(inbox_cache_key(actor, today))
        if cached is not None:
            return int(cached)
    worklist, _relations, _shown = collect(actor=actor, today=today)
    count = len(worklist.overdue) + len(worklist.this_week)
    remember_inbox_count(actor, today, count)
    return count


# A page that has just collected the viewer's own list leaves its count on the request for the header.
KNOWN_INBOX_COUNT = "known_inbox_count"


def remember_inbox_count(actor: User, today: date, count: int, request: HttpRequest | None = None) -> None:
    if request is not None:
        setattr(request, KNOWN_INBOX_COUNT, count)
    if seconds := _inbox_cache_seconds():
        cache.set(inbox_cache_key(actor, today), count, seconds)


def collect(
    *, actor: User, today: date, user: User | None = None
) -> tuple[Worklist, dict[int, Relation], list[DueItem]]:
    """The worklist without logging it: for `worklist_for` and for commands that print no client data."""
    if user is not None and user.pk == actor.pk:
        user = None
    if user is not None and not is_manager(actor):
        raise WorklistNotAllowed()
    worklist = Worklist(actor=actor, today=today, subject=user or actor)
    shown: list[DueItem] = []
    if user is None:
        # Items bound to the person, whoever works with the client (the DPO's access-log requests).
        for item in user_due_items(actor, today):
            group = group_of(item, today) if visible_to(item, actor) else None
            if group is not None:
                worklist.groups[group].append(item)
                shown.append(item)
    if not can_work_with_clients(actor):
        return worklist, {}, shown
    own_items = bool(shown)
    relations = _relations(actor, user, worklist)
    notice_only = _referrer_relations(actor, user, relations, today)
    subject = worklist.subject
    own_list = subject is not None and subject.pk == actor.pk
    notices: list[DueItem] = []
    overview = _overview_urls(relations)
    for item in due_items(list(relations), today):
        relation = relations.get(item.relationship_id) if item.relationship_id is not None else None
        if relation == Relation.RESPONSIBLE_MANAGER and item.relationship_id in overview:
            # The item's own page (network work, a plan version) holds text the coordinator or manager may
            # not read (SPEC §5.1): their link opens the case's overview, which shows what they may.
            item = replace(item, url=overview[item.relationship_id])
        if relation is None:
            continue
        if item.notice:
            if own_list and visible_to(item, subject):
                notices.append(item)
            continue
        if item.relationship_id in notice_only:
            continue
        if relation == Relation.INTAKE and item.kind not in INTAKE_KINDS:
            continue
        # Whose items: the subject's own (theirs, their organisation's, the team's), or a unit's all.
        if not visible_to(item, subject):
            continue
        group = group_of(item, today)
        if group is None:
            continue
        worklist.groups[group].append(item)
        shown.append(item)
    if notices:
        acknowledged = set(
            Acknowledgement.objects.filter(
                user=actor, item_key__in=[item_key(n) for n in notices]
            ).values_list("item_key", flat=True)
        )
        worklist.groups[Group.NOTICE] = [item for item in notices if item_key(item) not in acknowledged]
        shown.extend(worklist.notices)
    if own_items:
        for group in GROUPS:
            worklist.groups[group].sort(key=lambda item: (item.due_on, item.client_name, item.kind))
    if worklist.is_unit_view:
        worklist.per_professional = _per_professional(shown, today)
    return worklist, relations, shown


def _overview_urls(relations: dict[int, Relation]) -> dict[int, str]:
    """For the relationships seen as the responsible unit's coordinator or manager: the page each opens
    on (the TYM case page, another track's page). One query."""
    managed = [pk for pk, relation in relations.items() if relation == Relation.RESPONSIBLE_MANAGER]
    if not managed:
        return {}
    return {
        pk: reverse("cases:detail", kwargs={"code": client_code})
        if track == Track.TYM
        else reverse("paths:detail", kwargs={"relationship_code": code})
        for pk, code, track, client_code in ClientRelationship.objects.filter(pk__in=managed).values_list(
            "pk", "code", "track", "client__code"
        )
    }


def _relations(actor: User, user: User | None, worklist: Worklist) -> dict[int, Relation]:
    """Relationship id → the relation through which the policy lets the actor see its due items."""
    relations: dict[int, Relation] = {}
    if is_manager(actor):
        unit_relationships = ClientRelationship.objects.filter(_unit_filter(actor))
        if user is not None:
            ids = unit_relationships.filter(
                phase__in=OPEN_PHASES, team__user=user, team__left_on__isnull=True
            ).values_list("id", flat=True)
        else:
            worklist.is_unit_view = True
            worklist.subject = None
            ids = unit_relationships.filter(phase__in=(*OPEN_PHASES, Phase.REFERRAL)).values_list(
                "id", flat=True
            )
        if all(decision.allowed for decision in _policy(actor, Relation.RESPONSIBLE_MANAGER)):
            relations = dict.fromkeys(ids, Relation.RESPONSIBLE_MANAGER)
        return relations
    team_ids = TeamMember.objects.filter(
        user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES
    ).values_list("relationship_id", flat=True)
    # A referral to the actor's own unit of a client they already work with is not theirs to decide: the
    # policy reads them as the case team, whose referral scope is view only (the referrer of Aino in the
    # demo sits in the TYM team that receives her referral).
    team_clients = TeamMember.objects.filter(
        user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES
    ).values("relationship__client_id")
    intake_ids = (
        ClientRelationship.objects.filter(phase=Phase.REFERRAL, responsible_unit_id=actor.unit_id)
        .exclude(client_id__in=team_clients)
        .values_list("id", flat=True)
    )
    for relation, ids_of in ((Relation.INTAKE, intake_ids), (Relation.CASE_TEAM, team_ids)):
        if all(decision.allowed for decision in _policy(actor, relation)):
            relations.update(dict.fromkeys(ids_of, relation))
    return relations


def _referrer_relations(
    actor: User, user: User | None, relations: dict[int, Relation], today: date
) -> set[int]:
    """The relationships of referrals the actor sent and that were decided lately, for their notices only.

    Only while the actor still works with the client (on an open team of any of the client's
    relationships: the policy's case-team relation), so a notice never names a client they may no longer
    see. Adds them to `relations` (as the case team) and returns those that were not there already.
    One query."""
    if (
        user is not None
        or is_manager(actor)
        or not all(decision.allowed for decision in _policy(actor, Relation.CASE_TEAM))
    ):
        return set()
    since = timezone.now() - timedelta(days=NOTICE_DAYS + 1)
    working_with = TeamMember.objects.filter(
        user=actor, left_on__isnull=True, relationship__phase__in=OPEN_PHASES
    ).values("relationship__client_id")
    ids = set(
        Referral.objects.filter(
            referred_by=actor,
            decided_at__gte=since,
            relationship__client_id__in=working_with,
        ).values_list("relationship_id", flat=True)
    ) - set(relations)
    relations.update(dict.fromkeys(ids, Relation.CASE_TEAM))
    return ids


def _per_professional(items: list[DueItem], today: date) -> list[ProfessionalCounts]:
    """Each item counts for the professional it is named to, else for everyone on the case's team."""
    relationship_ids = {item.relationship_id for item in items if item.relationship_id is not None}
    team: dict[int, list[User]] = defaultdict(list)
    users: dict[int, User] = {}
    members = (
        TeamMember.objects.filter(relationship_id__in=relationship_ids, left_on__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )
    for member in members:
        team[member.relationship_id].append(member.user)
        users[member.user_id] = member.user
    counts: dict[int, ProfessionalCounts] = {}
    missing_owners = {item.owner_id for item in items if item.owner_id is not None} - set(users)
    if missing_owners:
        users.update({u.pk: u for u in User.objects.filter(pk__in=missing_owners)})
    for item in items:
        group = group_of(item, today)
        assert group is not None
        if item.owner_id is not None:
            responsible = [users[item.owner_id]]
        else:
            responsible = team.get(item.relationship_id or 0, [])
            if item.owner_organisation_id is not None:
                responsible = [u for u in responsible if u.organisation_id == item.owner_organisation_id]
        for user in responsible:
            counts.setdefault(user.pk, ProfessionalCounts(user)).counts[group] += 1
    return sorted(counts.values(), key=lambda row: (str(row.user).casefold(), row.user.pk))


def _record(
    actor: User, items: list[DueItem], relations: dict[int, Relation], request: HttpRequest | None
) -> None:
    """One entry per client shown, in bulk: the deadlines of the plan category (SPEC §5.1 lets the unit's
    coordinator and manager see them too), shown with the client's name; for the intake unit, the
    referral."""
    clients: dict[Relation, set[str]] = defaultdict(set)
    own: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.relationship_id is not None:
            clients[relations[item.relationship_id]].add(item.client_code)
        elif item.purpose:
            own[item.purpose].add(item.client_code)
    for purpose, codes in sorted(own.items()):
        # An item bound to the person shows the client's name: a read of basic data for its purpose.
        record_accesses(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=purpose,
            client_codes=sorted(codes),
            object_type=WORKLIST_OBJECT_TYPE,
            request=request,
        )
    for relation, codes in sorted(clients.items()):
        _basic, plan = _policy(actor, relation)
        record_accesses(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            purpose=plan.purpose,
            client_codes=sorted(codes),
            object_type=REFERRAL_OBJECT_TYPE if relation == Relation.INTAKE else WORKLIST_OBJECT_TYPE,
            request=request,
        )
