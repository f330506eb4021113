"""Writes on client relationships: the TYM referral, phases, team, Kela registration,
pre-information and closure.

Each service checks the policy through `access.authorize` (which writes the audit entry) *before*
it opens its transaction, so that a refused attempt stays in the audit log while the write itself is
all or nothing. Phase changes lock the relationship row and go through the state machine declared on
`ClientRelationship`; each one leaves a PhaseTransition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE, TEAM_OBJECT_TYPE, authorize
from yhteispolku.access.relations import MANAGER_ROLES, RelationFacts, can_work_with_clients
from yhteispolku.accounts.models import User
from yhteispolku.cases import errors
from yhteispolku.cases.models import (
    OPEN_PHASES,
    OWN_FORM_PHASES,
    TRACK_END_TRANSITION,
    ClientRelationship,
    Closure,
    ClosureConfirmation,
    ClosureReason,
    ContinuingService,
    Phase,
    PhaseTransition,
    PreInformation,
    Referral,
    TeamMember,
    TeamRole,
    Track,
    closure_missing,
    plan_in_force,
    worker_pair_named,
    worker_pair_sectors,
)
from yhteispolku.cases.outcomes import schedule_follow_ups
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.events import services as events
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.rules import engine

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RELATIONSHIP_OBJECT_TYPE = "cases.clientrelationship"
# Transitions a professional asks for on the phase form; accept and decline belong to the referral.
MANUAL_TARGETS = (Phase.PLANNING, Phase.WORK, Phase.CLOSING, Phase.CLOSED)


def has_worker_pair(relationship: ClientRelationship) -> bool:
    """R-TYM-3: whether the relationship has its worker pair (employment + social) on the team now.

    The plans app asks this before a plan is made; it reads a prefetched `team` when there is one.
    """
    return worker_pair_named(relationship)


def current_tym_relationship(client: Client) -> ClientRelationship | None:
    """The client's TYM relationship: the one under way (referral or open), else the latest ended one."""
    relationships = ClientRelationship.objects.filter(client=client, track=Track.TYM).select_related(
        "responsible_unit"
    )
    return (
        relationships.filter(phase__in=(Phase.REFERRAL, *OPEN_PHASES)).order_by("-created_at", "-id").first()
        or relationships.order_by("-created_at", "-id").first()
    )


def _record_transition(
    relationship: ClientRelationship, from_phase: str, actor: User, note: str = ""
) -> PhaseTransition:
    return PhaseTransition.objects.create(
        relationship=relationship, from_phase=from_phase, to_phase=relationship.phase, actor=actor, note=note
    )


def _event(event_type: EventType, relationship: ClientRelationship, **fields: Any) -> None:
    """The outbox event of a change to a relationship, in the change's transaction (docs/events.md)."""
    events.record_for_relationship(event_type, relationship, **fields)


def _lock(relationship: ClientRelationship, expected_phase: str) -> ClientRelationship:
    locked = ClientRelationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.phase != expected_phase:
        raise errors.PhaseChanged()
    return locked


# --- Referral (R-TYM-1) -------------------------------------------------------------------------------

# What the page says when a criterion of R-TYM-1 is not met, by the referral's field (the rule data lists the
# fields; a field without its own words here is named by its label).
OBSTACLE_MISSING = gettext_lazy(
    "työllistymisen esteenä pitää olla työ- ja toimintakyvyn rajoitteita tai elämänhallinnan ongelmia"
)
CRITERIA_UNMET: dict[str, StrOrPromise] = {
    "needs_multisectoral_support": gettext_lazy("ratkaisujen pitää vaatia monialaista tukea"),
    "public_services_suffice": gettext_lazy(
        "palvelutarpeeseen voidaan vastata julkisilla työvoimapalveluilla"
    ),
    "need_not_long_or_intensive": gettext_lazy(
        "tarpeet eivät vaadi pitkäkestoista tai intensiivistä monialaista tukea"
    ),
}
CRITERIA_RULE = "R-TYM-1"


@dataclass(frozen=True)
class CriteriaCheck:
    """R-TYM-1 applied to a referral's answers: what is unmet, by which rule version."""

    rule_id: str
    version: str
    answers: dict[str, bool]
    unmet: list[StrOrPromise]

    @property
    def holds(self) -> bool:
        return not self.unmet

    @property
    def reference(self) -> str:
        return f"{self.rule_id} v{self.version}"


def _criterion_label(name: str) -> StrOrPromise:
    field = Referral._meta.get_field(name)
    return CRITERIA_UNMET.get(name) or str(getattr(field, "verbose_name", name))


def referral_criteria_check(answers: Mapping[str, bool], on: date) -> CriteriaCheck:
    """R-TYM-1 (seed 000) as the rule version in force on `on` lists it: at least one obstacle, every
    required condition, no exclusion."""
    obstacles = engine.parameter(CRITERIA_RULE, "obstacles_any", on)
    required = engine.parameter(CRITERIA_RULE, "required_all", on)
    exclusions = engine.parameter(CRITERIA_RULE, "exclusions", on)
    unmet: list[StrOrPromise] = []
    if not any(answers.get(name, False) for name in obstacles.value):
        unmet.append(OBSTACLE_MISSING)
    unmet.extend(_criterion_label(name) for name in required.value if not answers.get(name, False))
    unmet.extend(_criterion_label(name) for name in exclusions.value if answers.get(name, False))
    used = [*obstacles.value, *required.value, *exclusions.value]
    return CriteriaCheck(
        rule_id=CRITERIA_RULE,
        version=obstacles.version,
        answers={name: bool(answers.get(name, False)) for name in used},
        unmet=unmet,
    )


def referral_criteria_unmet(
    *,
    work_capacity_limitations: bool,
    life_management_problems: bool,
    needs_multisectoral_support: bool,
    public_services_suffice: bool,
    need_not_long_or_intensive: bool,
    on: date | None = None,
) -> list[StrOrPromise]:
    """R-TYM-1 (seed 000): what keeps these answers from meeting the referral criteria; empty when met."""
    answers = {
        "work_capacity_limitations": work_capacity_limitations,
        "life_management_problems": life_management_problems,
        "needs_multisectoral_support": needs_multisectoral_support,
        "public_services_suffice": public_services_suffice,
        "need_not_long_or_intensive": need_not_long_or_intensive,
    }
    return referral_criteria_check(answers, on or timezone.localdate()).unmet


def referral_create(
    *,
    actor: User,
    client: Client,
    unit: Unit,
    work_capacity_limitations: bool,
    life_management_problems: bool,
    needs_multisectoral_support: bool,
    public_services_suffice: bool,
    need_not_long_or_intensive: bool,
    description: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Referral:
    """Refer a client to a TYM team (SPEC §3 step 2): a TYM relationship in phase referral at that unit.

    R-TYM-1: refused with the criteria explained when no obstacle is named, the need is not
    multi-sectoral, or an exclusion applies. One TYM relationship at a time.
    """
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=REFERRAL_OBJECT_TYPE,
    )
    if unit.kind != Unit.Kind.TYM_TEAM:
        raise errors.ReferralInvalid(_("Valitse vastaanottajaksi TYM-tiimi."))
    if not description.strip():
        raise errors.ReferralInvalid(_("Kuvaa asiakkaan tilanne ja lähetteen syy."))
    today = today or timezone.localdate()
    unmet = referral_criteria_unmet(
        work_capacity_limitations=work_capacity_limitations,
        life_management_problems=life_management_problems,
        needs_multisectoral_support=needs_multisectoral_support,
        public_services_suffice=public_services_suffice,
        need_not_long_or_intensive=need_not_long_or_intensive,
        on=today,
    )
    if unmet:
        raise errors.ReferralCriteriaNotMet(unmet)
    assert actor.organisation is not None  # only professionals pass authorize()
    with transaction.atomic():
        # Locks the client row, so that two referrals at once cannot both pass the check below.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        under_way = ClientRelationship.objects.filter(
            client=client, track=Track.TYM, phase__in=(Phase.REFERRAL, *OPEN_PHASES)
        )
        if under_way.exists():
            raise errors.ReferralExists()
        relationship = ClientRelationship.objects.create(
            client=client,
            track=Track.TYM,
            responsible_organisation=unit.organisation,
            responsible_unit=unit,
            phase=Phase.REFERRAL,
            started_on=today,
        )
        _record_transition(relationship, "", actor)
        referral = Referral.objects.create(
            relationship=relationship,
            from_organisation=actor.organisation,
            referred_by=actor,
            work_capacity_limitations=work_capacity_limitations,
            life_management_problems=life_management_problems,
            needs_multisectoral_support=needs_multisectoral_support,
            public_services_suffice=public_services_suffice,
            need_not_long_or_intensive=need_not_long_or_intensive,
            description=description.strip(),
        )
        _event(
            EventType.REFERRAL_SENT,
            relationship,
            referral=referral.code,
            responsible_unit=unit.code,
            referring_organisation=actor.organisation.code,
        )
        return referral


def has_tym_consent(client_id: int, on: date | None = None) -> bool:
    """Whether the client has an active consent for TYM joint work (SPEC §3 step 3): acceptance needs it."""
    consents = Consent.objects.filter(client_id=client_id, purpose=Purpose.TYM_JOINT_WORK)
    return consents.active(on=on).exists()


def _authorize_decision(actor: User, referral: Referral, request: HttpRequest | None) -> None:
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=referral.relationship.client,
        request=request,
        object_type=REFERRAL_OBJECT_TYPE,
        object_id=str(referral.code),
    )


def referral_accept(
    *,
    actor: User,
    referral: Referral,
    note: str = "",
    worker_pair: Mapping[str, User] | None = None,
    join: bool | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """Accept a referral (SPEC §3 steps 2–4): the mapping starts and the team is formed.

    Only the receiving unit or its coordinator/manager decides (the policy's referral scope). TYM
    joint work rests on the client's consent, so an active consent for it must be recorded first.
    The relationship's two years (R-TYM-2) count from the acceptance.

    `worker_pair` names the R-TYM-3 places at once ({team role: professional}), checked as when they are
    named on the team page. The one who accepts joins the team (their sector's free worker-pair place,
    else as a member) when `join` says so; by default a professional does, while a TYM coordinator or
    unit manager, whose work is intake and team assignment (SPEC §1), joins only when they choose to.
    The referring professional, who knows the client, stays on the case as a member of the TYM team.
    """
    _authorize_decision(actor, referral, request)
    today = today or timezone.localdate()
    relationship = referral.relationship
    if referral.status != Referral.Status.PENDING:
        raise errors.ReferralAlreadyDecided()
    if not has_tym_consent(relationship.client_id, on=today):
        raise errors.ConsentMissing()
    named = {role: user for role, user in (worker_pair or {}).items() if user is not None}
    for role, user in named.items():
        check_team_place(user, role)
    if len({user.pk for user in named.values()}) < len(named):
        raise errors.TeamMemberInvalid(_("Työparin paikoille on nimettävä kaksi eri ammattilaista."))
    joins = (actor.role_id not in MANAGER_ROLES) if join is None else join
    with transaction.atomic():
        locked = _lock(relationship, Phase.REFERRAL)
        locked.accept()
        locked.started_on = today
        locked.save(update_fields=["phase", "started_on", "updated_at"])
        _record_transition(locked, Phase.REFERRAL, actor, note)
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now()
        )
        for role, user in named.items():
            _join(locked, user, role, today)
        if joins and can_work_with_clients(actor):
            _join(locked, actor, _free_role_for(locked, actor), today)
        if referrer_may_join(referral.referred_by):
            _join(locked, referral.referred_by, TeamRole.MEMBER, today)
        _event(
            EventType.REFERRAL_ACCEPTED,
            locked,
            referral=referral.code,
            referring_organisation=referral.from_organisation.code,
            started_on=today,
        )
    referral.refresh_from_db()
    return locked


def check_team_place(user: User, team_role: str, pair: Mapping[str, str] | None = None) -> None:
    """The place must exist, the professional do client work, and a worker-pair place be held by its
    sector (R-TYM-3). The import (interop.importing) checks its rows' teams with it too, passing the
    rule's `pair` read once for the whole file."""
    if team_role not in TeamRole.values:
        raise errors.TeamMemberInvalid(_("Valitse tehtävä tiimissä."))
    if not can_work_with_clients(user):
        raise errors.TeamMemberInvalid(_("Vain asiakastyötä tekevän ammattilaisen voi lisätä tiimiin."))
    pair = worker_pair_sectors() if pair is None else pair
    if team_role in pair and user.sector != pair[team_role]:
        raise errors.TeamMemberInvalid(
            _("Työparin työllisyysasiantuntijan on oltava työllisyyspalvelujen ammattilainen.")
            if team_role == TeamRole.WORKER_PAIR_EMPLOYMENT
            else _("Työparin sosiaalialan ammattilaisen on oltava sosiaalipalvelujen ammattilainen.")
        )


def referrer_may_join(user: User) -> bool:
    """Whether the referring professional joins the TYM team (as a member) when their referral is accepted.

    TYM joint work is the three authorities' (law 381/2023): the referrer joins while they can still
    work with clients and belong to the employment authority, the wellbeing county or Kela. Anyone else
    (a deactivated account, a role outside client work, a service provider) stays outside the team.
    The TYM unit names the worker pair; naming the referrer to it turns the membership into that place.
    """
    organisation = user.organisation
    return (
        can_work_with_clients(user)
        and organisation is not None
        and organisation.kind in Organisation.AUTHORITY_KINDS
    )


def _join(relationship: ClientRelationship, user: User, team_role: str, today: date) -> None:
    if not relationship.team.filter(user=user, left_on__isnull=True).exists():
        TeamMember.objects.create(relationship=relationship, user=user, team_role=team_role, joined_on=today)


def _free_role_for(relationship: ClientRelationship, user: User) -> str:
    """The worker-pair place of the user's sector when it is free, else an ordinary membership."""
    for role, sector in worker_pair_sectors().items():
        if (
            user.sector == sector
            and not relationship.team.filter(team_role=role, left_on__isnull=True).exists()
        ):
            return role
    return TeamRole.MEMBER


def referral_decline(
    *,
    actor: User,
    referral: Referral,
    reason: str,
    suggested_alternative: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """Decline a referral with a reason and the path that suits the client better (R-TYM-1 exclusions)."""
    _authorize_decision(actor, referral, request)
    if not reason.strip() or suggested_alternative not in Track.values or suggested_alternative == Track.TYM:
        raise errors.DeclineInvalid()
    if referral.status != Referral.Status.PENDING:
        raise errors.ReferralAlreadyDecided()
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(referral.relationship, Phase.REFERRAL)
        locked.decline()
        locked.ended_on = today
        locked.save(update_fields=["phase", "ended_on", "updated_at"])
        _record_transition(locked, Phase.REFERRAL, actor, reason.strip())
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.DECLINED,
            decided_by=actor,
            decided_at=timezone.now(),
            decline_reason=reason.strip(),
            suggested_alternative=suggested_alternative,
        )
        # The reason is free text: only the suggested track (a code) goes out.
        _event(
            EventType.REFERRAL_DECLINED,
            locked,
            referral=referral.code,
            referring_organisation=referral.from_organisation.code,
            suggested_alternative=suggested_alternative,
            ended_on=today,
        )
    referral.refresh_from_db()
    return locked


# --- Phases ----------------------------------------------------------------------------------------


def allowed_targets(relationship: ClientRelationship) -> list[str]:
    """The phases the phase form offers from the current one, in process order.

    Conditions (worker pair, complete closure) are checked on submit, so that the refusal explains.
    """
    targets = {
        str(t.target)
        for t in relationship.get_all_phase_transitions()  # type: ignore[attr-defined]
        if t.source == relationship.phase and t.target in MANUAL_TARGETS and t.name != TRACK_END_TRANSITION
    }
    return [str(target) for target in MANUAL_TARGETS if target in targets]


def phase_transition(
    *,
    actor: User,
    relationship: ClientRelationship,
    to_phase: str,
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """Move a relationship to the next phase along the state machine (SPEC §3), recording the change.

    A jump the machine does not declare is refused (409) with the allowed phases named. Planning
    needs the worker pair (R-TYM-3); work needs a plan in force (SPEC §3 steps 6–7); closing needs
    the final assessment and the authorities' confirmations (SPEC §3 step 8). `relationship.phase`
    is the phase the actor saw: if it changed meanwhile, nothing is saved.
    """
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=RELATIONSHIP_OBJECT_TYPE,
        object_id=str(relationship.code),
    )
    seen = relationship.phase
    with transaction.atomic():
        locked = _lock(relationship, seen)
        method = _transition_method(locked, to_phase)
        if to_phase == Phase.PLANNING and not worker_pair_named(locked):
            raise errors.WorkerPairMissing()
        if to_phase == Phase.WORK and not plan_in_force(locked):
            raise errors.PlanNotInForce()
        if to_phase == Phase.CLOSED:
            missing = closure_missing(locked)
            if missing:
                raise errors.ClosureIncomplete(missing)
        getattr(locked, method)()
        fields = ["phase", "updated_at"]
        if to_phase == Phase.CLOSED:
            locked.ended_on = today or timezone.localdate()
            fields.append("ended_on")
        locked.save(update_fields=fields)
        _record_transition(locked, seen, actor, note.strip())
        if to_phase == Phase.CLOSED:
            # R-OUT-1: the follow-ups after closure, in the same transaction as the closure itself.
            schedule_follow_ups(locked)
            closure = Closure.objects.filter(relationship=locked).first()
            _event(
                EventType.TRACK_CLOSED,
                locked,
                ended_on=locked.ended_on,
                closure_reason=closure.reason if closure else None,
            )
    return locked


def _transition_method(relationship: ClientRelationship, to_phase: str) -> str:
    for candidate in relationship.get_all_phase_transitions():  # type: ignore[attr-defined]
        if (
            candidate.source == relationship.phase
            and candidate.target == to_phase
            and to_phase in MANUAL_TARGETS
            and candidate.name != TRACK_END_TRANSITION
        ):
            return str(candidate.name)
    labels = dict(Phase.choices)
    offered = ", ".join(str(labels[target]) for target in allowed_targets(relationship))
    message = _("Vaiheesta ”%(from)s” ei voi siirtyä vaiheeseen ”%(to)s”.") % {
        "from": labels.get(relationship.phase, relationship.phase),
        "to": labels.get(to_phase, to_phase),
    }
    if offered:
        message += " " + _("Sallitut seuraavat vaiheet: %(phases)s.") % {"phases": offered}
    if relationship.phase == Phase.REFERRAL:
        message += " " + _("Lähete hyväksytään tai hylätään lähetteen päätöslomakkeella.")
    raise errors.PhaseTransitionNotAllowed(message)


# --- Team (R-TYM-3) ----------------------------------------------------------------------------------


def _authorize_plan_write(
    actor: User,
    relationship: ClientRelationship,
    action: Action,
    object_type: str,
    request: HttpRequest | None,
) -> None:
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=object_type,
        object_id=str(relationship.code),
    )


def _require_open(relationship: ClientRelationship) -> None:
    if relationship.phase not in OPEN_PHASES:
        raise errors.RelationshipNotOpen()


def team_member_add(
    *,
    actor: User,
    relationship: ClientRelationship,
    user: User,
    team_role: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> TeamMember:
    """Add a professional to the case team (SPEC §3 step 4).

    R-TYM-3: the worker pair is one employment-sector professional (worker_pair_employment) and one
    social-sector professional (worker_pair_social); each place is held by one person at a time. A
    current ordinary member named to a free worker-pair place takes it (their membership row changes).
    """
    _authorize_plan_write(actor, relationship, Action.CREATE, TEAM_OBJECT_TYPE, request)
    _require_open(relationship)
    check_team_place(user, team_role)
    pair = worker_pair_sectors()
    with transaction.atomic():
        locked = ClientRelationship.objects.select_for_update().get(pk=relationship.pk)
        current = locked.team.filter(left_on__isnull=True).select_related("user")
        existing = current.filter(user=user).first()
        # A member already on the team may be named to a free worker-pair place (the referrer, say).
        if existing is not None and not (existing.team_role == TeamRole.MEMBER and team_role in pair):
            raise errors.TeamConflict(_("%(name)s on jo asiakkaan tiimissä.") % {"name": user})
        holder = current.filter(team_role=team_role).first() if team_role in pair else None
        if holder is not None:
            raise errors.TeamConflict(
                _("Työparin paikalle on jo nimetty %(name)s. Merkitse hänet ensin poistuneeksi.")
                % {"name": holder.user}
            )
        if existing is not None:
            existing.team_role = team_role
            existing.save(update_fields=["team_role"])
            return existing
        return TeamMember.objects.create(
            relationship=locked, user=user, team_role=team_role, joined_on=today or timezone.localdate()
        )


def team_member_leave(
    *,
    actor: User,
    member: TeamMember,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> TeamMember:
    """Mark a professional as having left the team; their access ends with it (SPEC §5.1)."""
    _authorize_plan_write(actor, member.relationship, Action.UPDATE, TEAM_OBJECT_TYPE, request)
    with transaction.atomic():
        updated = TeamMember.objects.filter(pk=member.pk, left_on__isnull=True).update(
            left_on=today or timezone.localdate()
        )
    if not updated:
        raise errors.TeamConflict(_("%(name)s on jo poistunut tiimistä.") % {"name": member.user})
    member.refresh_from_db()
    return member


# --- Kela registration, pre-information ---------------------------------------------------------------


def kela_registration_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    registered_on: date,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """Record the day the TYM client was registered with Kela (seed 004: every new client since 1.1.2025)."""
    _authorize_plan_write(actor, relationship, Action.UPDATE, RELATIONSHIP_OBJECT_TYPE, request)
    _require_open(relationship)
    today = today or timezone.localdate()
    if relationship.track != Track.TYM:
        raise errors.KelaRegistrationInvalid(_("Kelaan rekisteröidään TYM-asiakkuudet."))
    if registered_on > today:
        raise errors.KelaRegistrationInvalid(_("Rekisteröintipäivä ei voi olla tulevaisuudessa."))
    if registered_on < relationship.started_on:
        raise errors.KelaRegistrationInvalid(_("Rekisteröintipäivä ei voi olla ennen asiakkuuden alkua."))
    with transaction.atomic():
        ClientRelationship.objects.filter(pk=relationship.pk).update(
            kela_registered_on=registered_on, updated_at=timezone.now()
        )
    relationship.refresh_from_db()
    return relationship


def pre_information_record(
    *,
    actor: User,
    client: Client,
    filled_on: date,
    situation: str,
    relationship: ClientRelationship | None = None,
    how: str = PreInformation.How.PAPER,
    education: str = "",
    work_history: str = "",
    health: str = "",
    wishes: str = "",
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> PreInformation:
    """Record the client's pre-information form (SPEC §3 step 1), joint TYM material (plan category)."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type="cases.preinformation",
    )
    if not situation.strip():
        raise errors.PreInformationInvalid()
    if how != PreInformation.How.PAPER:
        raise errors.PreInformationInvalid(
            _("Asiointipalvelussa täytettävä lomake ei ole vielä käytössä: kirjaa paperilomake.")
        )
    if filled_on > (today or timezone.localdate()):
        raise errors.PreInformationInvalid(_("Täyttöpäivä ei voi olla tulevaisuudessa."))
    if relationship is not None and relationship.client_id != client.pk:
        raise errors.PreInformationInvalid(_("Asiakkuus kuuluu toiselle asiakkaalle."))
    with transaction.atomic():
        return PreInformation.objects.create(
            client=client,
            relationship=relationship,
            filled_on=filled_on,
            how=how,
            situation=situation.strip(),
            education=education.strip(),
            work_history=work_history.strip(),
            health=health.strip(),
            wishes=wishes.strip(),
            recorded_by=actor,
        )


def pre_information_save_by_client(
    *,
    relationship: ClientRelationship,
    expected_version: int,
    situation: str,
    education: str = "",
    work_history: str = "",
    health: str = "",
    wishes: str = "",
) -> PreInformation:
    """Save the pre-information form the client fills in herself in Oma Yhteispolku (SPEC §3 step 1).

    One form per relationship (`how` portal, no recorder), sent with `expected_version` 0 and changed
    with the version she opened; a stale or repeated send is OwnFormStale (409) and nothing changes. She
    may change it until the team marks it read or the relationship ends (OwnFormLocked, 409). The caller
    (the portal) has checked that the relationship is hers and audited the write as hers.
    """
    situation = situation.strip()
    if not situation:
        raise errors.PreInformationInvalid({"situation": _("Kerro lyhyesti tilanteestasi omin sanoin.")})
    fields = {
        "situation": situation,
        "education": education.strip(),
        "work_history": work_history.strip(),
        "health": health.strip(),
        "wishes": wishes.strip(),
    }
    with transaction.atomic():
        locked = ClientRelationship.objects.select_for_update().get(pk=relationship.pk)
        if locked.phase not in OWN_FORM_PHASES:
            raise errors.OwnFormLocked(_("Asiakkuutesi on päättymässä, joten lomaketta ei voi enää täyttää."))
        current = PreInformation.objects.filter(relationship=locked, how=PreInformation.How.PORTAL).first()
        if current is None:
            if expected_version != 0:
                raise errors.OwnFormStale()
            return PreInformation.objects.create(
                client_id=locked.client_id,
                relationship=locked,
                filled_on=timezone.localdate(),
                how=PreInformation.How.PORTAL,
                recorded_by=None,
                **fields,
            )
        if current.read_at is not None:
            raise errors.OwnFormLocked()
        updated = PreInformation.objects.filter(
            pk=current.pk, version=expected_version, read_at__isnull=True
        ).update(
            **fields, filled_on=timezone.localdate(), updated_at=timezone.now(), version=F("version") + 1
        )
        if not updated:
            raise errors.OwnFormStale()
    current.refresh_from_db()
    return current


def pre_information_mark_read(
    *,
    actor: User,
    pre_information: PreInformation,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> PreInformation:
    """A team member marks the client's own form read: from then on she can no longer change it.

    Authorised as an update of the joint work's text (plan category); once only (OwnFormAlreadyRead, 409).
    """
    assert pre_information.relationship is not None
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory.PLAN,
        client=pre_information.relationship.client,
        request=request,
        facts=facts,
        object_type="cases.preinformation",
        object_id=str(pre_information.code),
    )
    with transaction.atomic():
        updated = PreInformation.objects.filter(pk=pre_information.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
    if not updated:
        raise errors.OwnFormAlreadyRead()
    pre_information.refresh_from_db()
    return pre_information


# --- Closure (SPEC §3 step 8) -------------------------------------------------------------------------


def _require_closing(relationship: ClientRelationship) -> None:
    if relationship.phase != Phase.CLOSING:
        raise errors.ClosureConflict(_("Päättämisen tiedot kirjataan päättövaiheessa."))


def closure_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    reason: str,
    final_assessment: str = "",
    reason_details: str = "",
    feedback_score: int | None = None,
    feedback_text: str = "",
    request: HttpRequest | None = None,
) -> Closure:
    """Record or update the closure: reason from the fixed list, written final assessment, client feedback.

    The feedback score is 0–10; the reason "other" needs its details. Confirmations and continuing
    services are recorded separately. Feedback the client gave herself in Oma Yhteispolku
    (`feedback_by_client`) is hers: an update leaves it as it is, and different feedback is refused (409).
    """
    _authorize_plan_write(actor, relationship, Action.UPDATE, "cases.closure", request)
    _require_closing(relationship)
    if reason not in ClosureReason.values:
        raise errors.ClosureInvalid(_("Valitse päättymisen syy."))
    if reason == ClosureReason.OTHER and not reason_details.strip():
        raise errors.ClosureInvalid(_("Kerro, mikä muu syy asiakkuuden päättymiseen on."))
    if feedback_score is not None and not 0 <= feedback_score <= 10:
        raise errors.ClosureInvalid(_("Asiakaspalautteen arvosana on kokonaisluku 0–10."))
    feedback = {"feedback_score": feedback_score, "feedback_text": feedback_text.strip()}
    with transaction.atomic():
        current = Closure.objects.select_for_update().filter(relationship=relationship).first()
        if current is not None and current.feedback_by_client:
            # Her own answer stays: no feedback given here (or the same) leaves it, other feedback is refused.
            if (feedback_score is not None and feedback_score != current.feedback_score) or (
                feedback["feedback_text"] and feedback["feedback_text"] != current.feedback_text
            ):
                raise errors.ClosureConflict(
                    _("Asiakas on antanut palautteensa itse Oma Yhteispolussa; sitä ei voi muuttaa täällä.")
                )
            feedback = {}
        closure, _created = Closure.objects.update_or_create(
            relationship=relationship,
            defaults={
                "reason": reason,
                "reason_details": reason_details.strip(),
                "final_assessment": final_assessment.strip(),
                **feedback,
                "recorded_by": actor,
            },
        )
    return closure


def closure_client_feedback(*, closure_id: int, score: int, text: str = "") -> Closure:
    """The client's own feedback at closure (SPEC §5.1), given once in Oma Yhteispolku.

    Recorded as hers (`feedback_by_client`, with the time) so that no professional update changes it; the
    situational picture counts it as any closure's feedback score. Feedback already recorded (hers, or
    one a professional wrote down for her) is AlreadyGiven (409) and nothing changes. The caller (the
    portal) has checked that the closure is the client's own and audits the write as hers.
    """
    if not 0 <= score <= 10:
        raise errors.ClosureInvalid(_("Asiakaspalautteen arvosana on kokonaisluku 0–10."))
    with transaction.atomic():
        closure = Closure.objects.select_for_update().get(pk=closure_id)
        if closure.feedback_score is not None or closure.feedback_text:
            raise errors.FeedbackAlreadyGiven()
        closure.feedback_score = score
        closure.feedback_text = text.strip()
        closure.feedback_by_client = True
        closure.feedback_given_at = timezone.now()
        closure.save(
            update_fields=["feedback_score", "feedback_text", "feedback_by_client", "feedback_given_at"]
        )
    return closure


def closure_confirm(
    *, actor: User, relationship: ClientRelationship, request: HttpRequest | None = None
) -> ClosureConfirmation:
    """One authority's confirmation of the joint assessment, by a team member of that authority."""
    _authorize_plan_write(actor, relationship, Action.UPDATE, "cases.closureconfirmation", request)
    _require_closing(relationship)
    organisation = actor.organisation
    on_team = relationship.team.filter(user=actor, left_on__isnull=True).exists()
    if organisation is None or not on_team or organisation.kind not in Organisation.AUTHORITY_KINDS:
        raise errors.ClosureConflict(
            _("Yhteisen arvion vahvistaa työvoimaviranomaisen, hyvinvointialueen tai Kelan tiimin jäsen.")
        )
    closure = Closure.objects.filter(relationship=relationship).first()
    if closure is None:
        raise errors.ClosureConflict(_("Kirjaa ensin päättymisen syy ja loppuarvio."))
    try:
        with transaction.atomic():
            return ClosureConfirmation.objects.create(
                closure=closure, organisation=organisation, confirmed_by=actor
            )
    except IntegrityError as error:
        raise errors.ClosureConflict(
            _("%(organisation)s on jo vahvistanut yhteisen arvion.") % {"organisation": organisation}
        ) from error


def continuing_service_add(
    *,
    actor: User,
    relationship: ClientRelationship,
    service: str,
    owner_organisation: Organisation,
    contact: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> ContinuingService:
    """A service that continues after closure, secured with the client (warm handover, saattaen vaihto)."""
    _authorize_plan_write(actor, relationship, Action.CREATE, "cases.continuingservice", request)
    _require_closing(relationship)
    if not service.strip():
        raise errors.ClosureInvalid(_("Kirjoita jatkuvan palvelun nimi."))
    closure = Closure.objects.filter(relationship=relationship).first()
    if closure is None:
        raise errors.ClosureConflict(_("Kirjaa ensin päättymisen syy ja loppuarvio."))
    with transaction.atomic():
        return ContinuingService.objects.create(
            closure=closure,
            service=service.strip(),
            owner_organisation=owner_organisation,
            contact=contact.strip(),
            notes=notes.strip(),
            recorded_by=actor,
        )
