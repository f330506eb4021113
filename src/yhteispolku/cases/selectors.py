"""Reads of client relationships. Each goes through the access policy and leaves audit entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.categories import withheld_fields
from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, TEAM_OBJECT_TYPE, authorize, decide
from yhteispolku.access.relations import (
    MANAGER_ROLES,
    Relation,
    RelationFacts,
    can_work_with_clients,
    relation_facts,
)
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_accesses
from yhteispolku.cases import rules
from yhteispolku.cases.extensions import PlanStanding, plan_standing
from yhteispolku.cases.models import (
    CONFIRMATION_LABELS,
    OPEN_PHASES,
    ClientRelationship,
    Closure,
    Phase,
    PhaseTransition,
    PreInformation,
    Referral,
    TeamMember,
    TeamRole,
    Track,
    closure_missing,
    required_confirmations,
    worker_pair_named,
)
from yhteispolku.cases.services import (
    RELATIONSHIP_OBJECT_TYPE,
    allowed_targets,
    current_tym_relationship,
    has_tym_consent,
)
from yhteispolku.clients.models import JOURNAL_OBJECT_TYPE, Client
from yhteispolku.clients.selectors import ClientView
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.rules.deadlines import GROUPS, DueItem, Group, due_items, group_of, visible_to

# The client's journal, by category, in the order of the client page's sections (clients/views.py).
JOURNAL_CATEGORIES = (
    DataCategory.EMPLOYMENT,
    DataCategory.SOCIAL,
    DataCategory.HEALTH,
    DataCategory.KELA,
    DataCategory.PLAN,
)


def _client_or_404(code: uuid.UUID | str) -> Client:
    try:
        return Client.objects.select_related("home_municipality", "recorded_by").get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class Timing:
    """R-TYM-2 as the case page shows it: the relationship's age and the warnings that apply."""

    age_days: int
    goal_on: date
    goal_near: bool
    goal_passed: bool
    mapping_target_on: date | None
    mapping_target_passed: bool
    goal_rule: str = ""  # the rule version behind the goal date, "R-TYM-2 v2025.1"
    goal_months: int = 0
    mapping_target_rule: str = ""
    mapping_target_months: int = 0


@dataclass(frozen=True)
class CaseDue:
    """A due item of the case as the worklist shows it to the viewer: its group, and its link if any."""

    item: DueItem
    group: str
    url: str  # "" when the item's own page is not the viewer's to open

    @property
    def overdue(self) -> bool:
        return self.group == Group.OVERDUE


@dataclass
class CaseView:
    """A client's TYM case as one actor may see it."""

    client: Client
    facts: RelationFacts
    relationship: ClientRelationship | None
    referral: Referral | None = None
    can_view_plan: bool = False
    # The plan's own pages (its goals, services and tasks): the team's, not the coordinator's (SPEC §5.1).
    can_open_plan: bool = False
    can_view_texts: bool = False
    can_write_plan: bool = False
    can_create_referral: bool = False
    can_decide_referral: bool = False
    can_manage_team: bool = False
    team: list[TeamMember] = field(default_factory=list)
    transitions: list[PhaseTransition] = field(default_factory=list)
    pre_information: list[PreInformation] = field(default_factory=list)
    # The pre-information forms' fields the viewer may not see (the health field: health roles only).
    pre_information_withheld: frozenset[str] = frozenset()
    closure: Closure | None = None
    closure_missing: list[str] = field(default_factory=list)
    timing: Timing | None = None
    waiting: list[str] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    plan: PlanStanding | None = None
    # The worklist's items of this relationship for the viewer, overdue first (`_due`).
    due: list[CaseDue] = field(default_factory=list)
    # The journal categories the viewer may open on the client's pages.
    journal: list[DataCategory] = field(default_factory=list)

    @property
    def overdue(self) -> list[CaseDue]:
        return [due for due in self.due if due.overdue]

    @property
    def worker_pair(self) -> list[TeamMember]:
        """The team's worker-pair places held now (R-TYM-3), the employment half first."""
        order = {role: index for index, (role, _label) in enumerate(TeamRole.choices)}
        held = [member for member in self.team if member.team_role != TeamRole.MEMBER]
        return sorted(held, key=lambda member: order[member.team_role])

    @property
    def can_refer_now(self) -> bool:
        """A new referral is offered when no TYM relationship is under way."""
        ended = self.relationship is None or self.relationship.phase in (Phase.CLOSED, Phase.DECLINED)
        return self.can_create_referral and ended

    @property
    def worker_pair_missing(self) -> list[str]:
        roles = {member.team_role for member in self.team}
        return [
            str(label) for role, label in TeamRole.choices if role != TeamRole.MEMBER and role not in roles
        ]


def _allowed(actor: User, action: Action, facts: RelationFacts, object_type: str = "") -> bool:
    return decide(
        actor=actor, action=action, category=DataCategory.PLAN, facts=facts, object_type=object_type
    ).allowed


def case_get(
    *, actor: User, code: uuid.UUID | str, request: HttpRequest | None = None, today: date | None = None
) -> CaseView:
    """The client's TYM case (the relationship under way, else the latest): what the actor may see of it.

    Basic data first (404 when the actor has no relation to the client). The team sees the whole
    case; the intake unit sees only the referral (SPEC §5.1); anyone else with a relation is refused.
    Every part shown is logged.
    """
    client = _client_or_404(code)
    facts = relation_facts(actor=actor, client=client)
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        facts=facts,
        object_type="clients.client",
        object_id=str(client.code),
    )
    relationship = current_tym_relationship(client)
    view = CaseView(client=client, facts=facts, relationship=relationship)
    view.can_view_plan = _allowed(actor, Action.VIEW, facts)
    view.can_open_plan = _allowed(actor, Action.VIEW, facts, "plans.planversion")
    view.can_write_plan = _allowed(actor, Action.UPDATE, facts)
    view.can_create_referral = _allowed(actor, Action.CREATE, facts, REFERRAL_OBJECT_TYPE)
    view.can_manage_team = _allowed(actor, Action.CREATE, facts, TEAM_OBJECT_TYPE)
    referral = (
        Referral.objects.filter(relationship=relationship)
        .select_related("from_organisation", "referred_by", "decided_by")
        .first()
        if relationship
        else None
    )
    if referral is not None and (
        view.can_view_plan or _allowed(actor, Action.VIEW, facts, REFERRAL_OBJECT_TYPE)
    ):
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=client,
            request=request,
            facts=facts,
            object_type=REFERRAL_OBJECT_TYPE,
            object_id=str(referral.code),
        )
        referral.relationship = relationship  # type: ignore[assignment]
        view.referral = referral
        view.can_decide_referral = referral.status == Referral.Status.PENDING and _allowed(
            actor, Action.UPDATE, facts, REFERRAL_OBJECT_TYPE
        )
    if not view.can_view_plan and view.referral is None:
        # Neither the case nor a referral to show: the policy's refusal, with its reason, is the answer.
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=client,
            request=request,
            facts=facts,
            object_type=RELATIONSHIP_OBJECT_TYPE,
        )
    if relationship is not None and view.referral is not None and not view.can_view_plan:
        view.waiting = _waiting(view, relationship)
    if view.can_view_plan:
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=client,
            request=request,
            facts=facts,
            object_type=RELATIONSHIP_OBJECT_TYPE,
            object_id=str(relationship.code) if relationship else "",
        )
        # Written text of the joint work: the case team's, not the coordinator's (SPEC §5.1).
        view.can_view_texts = _allowed(actor, Action.VIEW, facts, "cases.preinformation")
        if view.can_view_texts:
            authorize(
                actor=actor,
                action=Action.VIEW,
                category=DataCategory.PLAN,
                client=client,
                request=request,
                facts=facts,
                object_type="cases.preinformation",
            )
            view.pre_information = list(
                PreInformation.objects.filter(client=client).select_related("recorded_by")
            )
            if view.pre_information:
                # What the client says of her health is health data (access.categories).
                view.pre_information_withheld = withheld_fields(
                    actor=actor,
                    client=client,
                    facts=facts,
                    object_type="cases.preinformation",
                    request=request,
                ).withheld
        # The journal, as its own pages will ask (no query: the facts carry the consents).
        view.journal = [
            category
            for category in JOURNAL_CATEGORIES
            if decide(
                actor=actor,
                action=Action.VIEW,
                category=category,
                facts=facts,
                object_type=JOURNAL_OBJECT_TYPE,
            ).allowed
        ]
        if relationship is not None:
            _fill_case(actor, view, relationship, today or timezone.localdate())
    return view


def _fill_case(actor: User, view: CaseView, relationship: ClientRelationship, today: date) -> None:
    view.team = list(
        relationship.team.filter(left_on__isnull=True).select_related("user__role", "user__organisation")
    )
    view.transitions = list(relationship.phase_transitions.select_related("actor").order_by("at", "id"))
    view.closure = (
        Closure.objects.filter(relationship=relationship)
        .prefetch_related(
            "confirmations__organisation",
            "confirmations__confirmed_by",
            "continuing_services__owner_organisation",
        )
        .first()
    )
    labels = dict(Phase.choices)
    view.targets = [(target, str(labels[target])) for target in allowed_targets(relationship)]
    view.timing = _timing(relationship, view.transitions, today)
    if relationship.phase in (Phase.MAPPING, Phase.PLANNING, Phase.WORK, Phase.CLOSING):
        view.plan = plan_standing(relationship)
    view.waiting = _waiting(view, relationship)
    view.due = _due(actor, view, relationship, today)
    if relationship.phase == Phase.CLOSING:
        view.closure_missing = [str(item) for item in closure_missing(relationship)]


def _due(actor: User, view: CaseView, relationship: ClientRelationship, today: date) -> list[CaseDue]:
    """The relationship's due items as the worklist shows them to the actor, overdue first.

    The same sources (`rules.deadlines.due_items`), the same filter (`visible_to`) and the same window
    (`group_of`) as the worklist (worklist/selectors.py `collect`), so the two cannot disagree: a case
    team member sees the team's items and those named to them or to their organisation; the responsible
    unit's coordinator or manager (SPEC §5.1: phase, team and deadlines) every item, as in the unit's
    worklist, without links, since the items' own pages hold the joint work's text (the worklist sends
    them to this page). Notices are the worklist's alone. The sources take a constant number of queries.
    """
    unit_view = view.facts.relation == Relation.RESPONSIBLE_MANAGER
    # The worklist's relationships: the open cases of the actor's team; a unit's also while referred.
    phases = (*OPEN_PHASES, Phase.REFERRAL) if unit_view else OPEN_PHASES
    if relationship.phase not in phases:
        return []
    viewer = None if unit_view else actor
    shown: list[CaseDue] = []
    for item in due_items([relationship.pk], today):
        if item.notice or not visible_to(item, viewer):
            continue
        group = group_of(item, today)
        if group is not None:
            shown.append(CaseDue(item=item, group=group, url="" if unit_view else item.url))
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(shown, key=lambda due: order[due.group])


def _timing(
    relationship: ClientRelationship, transitions: list[PhaseTransition], today: date
) -> Timing | None:
    if relationship.phase == Phase.REFERRAL or relationship.phase == Phase.DECLINED:
        return None
    end = relationship.ended_on or today
    goal = rules.tym_goal(relationship.started_on)
    mapping_started = next(
        (timezone.localtime(t.at).date() for t in reversed(transitions) if t.to_phase == Phase.MAPPING),
        relationship.started_on,
    )
    mapping_target = rules.mapping_target(mapping_started)
    in_mapping = relationship.phase == Phase.MAPPING
    ongoing = relationship.ended_on is None
    return Timing(
        age_days=(end - relationship.started_on).days,
        goal_on=goal.on,
        goal_near=ongoing and rules.tym_goal_warning_from(relationship.started_on) <= today < goal.on,
        goal_passed=ongoing and today >= goal.on,
        mapping_target_on=mapping_target.on if in_mapping else None,
        mapping_target_passed=in_mapping and today > mapping_target.on,
        goal_rule=goal.reference,
        goal_months=rules.months("goal_months", relationship.started_on),
        mapping_target_rule=mapping_target.reference,
        mapping_target_months=rules.months("mapping_target_months", mapping_started),
    )


def _waiting(view: CaseView, relationship: ClientRelationship) -> list[str]:
    """What is waiting for whom, in words: the case page's to-do list."""
    waiting: list[str] = []
    if relationship.phase == Phase.REFERRAL:
        waiting.append(
            str(
                _("Lähete odottaa TYM-tiimin (%(unit)s) päätöstä.")
                % {"unit": relationship.responsible_unit.name}
            )
        )
        if not has_tym_consent(relationship.client_id):
            waiting.append(
                str(
                    _("Asiakkaan suostumus TYM-yhteistyöhön puuttuu: kirjaa se ennen lähetteen hyväksymistä.")
                )
            )
        return waiting
    if relationship.phase not in (Phase.MAPPING, Phase.PLANNING, Phase.WORK, Phase.CLOSING):
        return waiting
    if not worker_pair_named(relationship):
        missing = ", ".join(view.worker_pair_missing)
        waiting.append(str(_("Työpari puuttuu: nimeä %(missing)s.") % {"missing": missing}))
    if relationship.kela_registered_on is None:
        waiting.append(str(_("Asiakasta ei ole kirjattu rekisteröidyksi Kelaan.")))
    if view.plan is not None and view.plan.draft is not None:
        number = view.plan.draft.number
        for pending in view.plan.pending:
            waiting.append(
                str(
                    _("Suunnitelman versio %(number)s odottaa: %(organisation)s vahvistaa sitoumuksensa.")
                    % {"number": number, "organisation": pending.organisation}
                )
            )
        if not view.plan.draft_accepted:
            waiting.append(
                str(_("Suunnitelman versio %(number)s odottaa asiakkaan hyväksyntää.") % {"number": number})
            )
    if relationship.phase == Phase.CLOSING:
        closure = view.closure
        if closure is None or not closure.final_assessment:
            waiting.append(str(_("Kirjallinen loppuarvio puuttuu.")))
        confirmed = {c.organisation.kind for c in closure.confirmations.all()} if closure else set()
        for kind in required_confirmations(relationship):
            if kind not in confirmed:
                waiting.append(str(_("Odottaa: %(what)s.") % {"what": CONFIRMATION_LABELS[kind]}))
    return waiting


def pending_referrals(*, actor: User, request: HttpRequest | None = None) -> list[Referral]:
    """Referrals waiting for the actor's unit to decide (a coordinator or manager: also its sub-units).

    One query whatever the number; each listed client is logged as read (name and referral).
    """
    if not can_work_with_clients(actor) or actor.unit_id is None:
        return []
    units = Q(relationship__responsible_unit_id=actor.unit_id)
    if actor.role_id in MANAGER_ROLES:
        units |= Q(relationship__responsible_unit__parent_id=actor.unit_id)
    referrals: QuerySet[Referral] = (
        Referral.objects.filter(units, status=Referral.Status.PENDING, relationship__phase=Phase.REFERRAL)
        .select_related("relationship__client", "relationship__responsible_unit", "from_organisation")
        .order_by("created_at", "id")
    )
    shown = list(referrals)
    record_accesses(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=Purpose.INTAKE,
        client_codes=[referral.relationship.client.code for referral in shown],
        object_type=REFERRAL_OBJECT_TYPE,
        request=request,
    )
    return shown


def case_for_action(
    *,
    actor: User,
    code: uuid.UUID | str,
    action: Action,
    object_type: str,
    request: HttpRequest | None = None,
) -> CaseView:
    """The case, for a form page of one action: the page itself is refused (and logged) when the
    policy does not allow that action, so that nobody fills in a form they may not send."""
    view = case_get(actor=actor, code=code, request=request)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=view.client,
        request=request,
        facts=view.facts,
        object_type=object_type,
        object_id=str(view.relationship.code) if view.relationship else "",
    )
    return view


def referral_offer(actor: User, view: ClientView, request: HttpRequest | None = None) -> str | None:
    """Where the actor can refer the client to TYM next (the referral form), or None: offered after a
    consent is recorded and on the client page, only to those who may refer and while no TYM
    relationship is under way (SPEC §3 steps 2–3)."""
    if not view.can(actor, Action.CREATE, DataCategory.PLAN, REFERRAL_OBJECT_TYPE):
        return None
    under_way = ClientRelationship.objects.filter(
        client=view.client, track=Track.TYM, phase__in=(Phase.REFERRAL, *OPEN_PHASES)
    ).exists()
    return None if under_way else reverse("cases:referral_create", kwargs={"code": view.client.code})
