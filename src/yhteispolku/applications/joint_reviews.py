"""Kela's twice-yearly joint review with a TYM team (seed 004; rule R-KELA-5).

"Yhteiset kuntoutusasiakkaat käydään läpi ja kirjataan ajankohtainen tilanne ja jatkosuunnitelma", about
twice a year, with the team's named Kela contact (`organisations.KelaContact`). A team takes part once a
Kela contact is named for it: the review is due `interval_months` (R-KELA-5, data) after the contact was
named, then after the last review held.

Who: the team's professionals (those of the TYM team unit, and the current case-team members of the
team's open TYM relationships) and its named Kela contacts; the review is a worklist item for each of
them (the Kela contacts: the work-ability advisors). Anyone else gets 404.

Clients: the team's joint clients, those with an open TYM relationship at the team. Each client's entry
(a short note or "no need for Kela") is the joint plan's text (`access.policy.PLAN_TEXT_OBJECT_TYPES`):
the policy decides per client and per actor, and a Kela professional sees a client only while the
client's consent covers Kela's data for Kela's organisation. Every client shown or named is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import TEAM_PURPOSES, AccessDenied, Decision, Reason, authorize, decide
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import Sector, User
from yhteispolku.applications.errors import JointReviewInvalid
from yhteispolku.applications.models import KelaJointReview, KelaJointReviewEntry
from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, TeamMember, Track
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import KelaContact, Unit
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem

RULE_ID = "R-KELA-5"
KIND = "kela_joint_review"
ENTRY = "applications.kelajointreviewentry"
NOTE_LIMIT = 300


def interval(on: date) -> tuple[int, str]:
    """R-KELA-5's months between reviews in the version in force on `on`, and its version."""
    value = engine.parameter(RULE_ID, "interval_months", on)
    return int(value.value), value.version


def named_on(unit: Unit, on: date) -> date | None:
    """When the team's Kela contact in force on `on` was named (the earliest, if several)."""
    first = KelaContact.objects.in_force(on).filter(unit=unit).order_by("valid_from").first()
    return first.valid_from if first else None


def teams_of(user: User, on: date) -> list[Unit]:
    """The TYM teams whose joint review `user` takes part in: their own team unit, the teams of the open TYM
    relationships they are on, and the teams they are a named Kela contact of; each with a Kela contact."""
    if not user.is_active:
        return []
    unit_ids: set[int] = set(
        KelaContact.objects.in_force(on).filter(user=user).values_list("unit_id", flat=True)
    )
    if user.sector in (Sector.EMPLOYMENT, Sector.SOCIAL, Sector.HEALTH, Sector.KELA):
        if user.unit_id is not None:
            unit_ids.add(user.unit_id)
        unit_ids.update(
            TeamMember.objects.filter(
                user=user,
                left_on__isnull=True,
                relationship__track=Track.TYM,
                relationship__phase__in=OPEN_PHASES,
            ).values_list("relationship__responsible_unit_id", flat=True)
        )
    named = set(
        KelaContact.objects.in_force(on).filter(unit_id__in=unit_ids).values_list("unit_id", flat=True)
    )
    return list(Unit.objects.filter(pk__in=named, kind=Unit.Kind.TYM_TEAM).select_related("organisation"))


def _team_or_404(actor: User, unit_code: object, on: date) -> Unit:
    for unit in teams_of(actor, on):
        if str(unit.code) == str(unit_code):
            return unit
    raise Http404


@dataclass(frozen=True)
class Due:
    due_on: date
    rule_version: str
    last_held_on: date | None

    @property
    def rule_reference(self) -> str:
        return f"{RULE_ID} v{self.rule_version}"


def next_due(unit: Unit, on: date) -> Due | None:
    """When the team's next joint review is due: `interval` months after the last one held, or after the
    Kela contact was named; None while the team has no Kela contact."""
    base = named_on(unit, on)
    if base is None:
        return None
    last = (
        KelaJointReview.objects.filter(unit=unit)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    months, version = interval(on)
    start = max(base, last) if last else base
    return Due(due_on=engine.add_months(start, months), rule_version=version, last_held_on=last)


def reviews_due(user: User, today: date) -> list[DueItem]:
    """The worklist's items (a user source): one per team whose review `user` takes part in."""
    items = []
    for unit in teams_of(user, today):
        due = next_due(unit, today)
        if due is None:
            continue
        items.append(
            DueItem(
                due_on=due.due_on,
                kind=KIND,
                label=_("Kelan yhteinen läpikäynti: %(team)s") % {"team": unit.name},
                client_code="",
                client_name=_("Tiimin yhteiset asiakkaat"),
                relationship_id=None,
                url=reverse("applications:joint_review", kwargs={"unit_code": unit.code}),
                rule_id=RULE_ID,
                rule_version=due.rule_version,
                owner_id=user.pk,
            )
        )
    return items


def joint_clients(unit: Unit) -> list[Client]:
    """The team's joint clients: an open TYM relationship at the team."""
    ids = ClientRelationship.objects.filter(
        responsible_unit=unit, track=Track.TYM, phase__in=OPEN_PHASES
    ).values_list("client_id", flat=True)
    return list(Client.objects.filter(pk__in=ids).order_by("last_name", "first_names", "id"))


def _decision(actor: User, action: Action, facts: RelationFacts) -> Decision:
    """The policy on a client's entry; for a Kela professional also a consent covering Kela's data."""
    decision = decide(actor=actor, action=action, category=DataCategory.PLAN, facts=facts, object_type=ENTRY)
    if decision.allowed and actor.sector == Sector.KELA:
        purposes = TEAM_PURPOSES[Sector.KELA]
        if facts.consent_purpose(actor.organisation_id, DataCategory.KELA, purposes) is None:
            return Decision(False, decision.relation, decision.purpose, Reason.CONSENT_MISSING)
    return decision


def _may(actor: User, action: Action, facts: RelationFacts) -> bool:
    return _decision(actor, action, facts).allowed


@dataclass
class ShownReview:
    review: KelaJointReview
    entries: list[KelaJointReviewEntry]
    hidden: int  # entries of clients this actor may not see


@dataclass
class TeamReviews:
    unit: Unit
    due: Due | None
    reviews: list[ShownReview] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)  # the joint clients the actor may write an entry of
    hidden_clients: int = 0


def team_reviews(
    *, actor: User, unit_code: object, request: HttpRequest | None = None, today: date | None = None
) -> TeamReviews:
    """The team's reviews held and the joint clients for a new one, as the actor may see them (each client
    shown is audited once; a client the actor may not see is counted, not named)."""
    today = today or timezone.localdate()
    unit = _team_or_404(actor, unit_code, today)
    shown = TeamReviews(unit=unit, due=next_due(unit, today))
    reviews = list(
        KelaJointReview.objects.filter(unit=unit)
        .select_related("recorded_by")
        .prefetch_related("entries__client")
        .order_by("-held_on", "-id")
    )
    clients = {client.pk: client for client in joint_clients(unit)}
    for review in reviews:
        for entry in review.entries.all():
            clients.setdefault(entry.client_id, entry.client)
    facts = {pk: relation_facts(actor=actor, client=client, on=today) for pk, client in clients.items()}
    visible = {pk for pk in clients if _may(actor, Action.VIEW, facts[pk])}
    for pk in sorted(visible):
        authorize(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            client=clients[pk],
            request=request,
            facts=facts[pk],
            object_type=ENTRY,
            object_id=str(unit.code),
        )
    for review in reviews:
        entries = [entry for entry in review.entries.all() if entry.client_id in visible]
        shown.reviews.append(
            ShownReview(review=review, entries=entries, hidden=len(review.entries.all()) - len(entries))
        )
    joint = joint_clients(unit)
    shown.clients = [client for client in joint if _may(actor, Action.CREATE, facts[client.pk])]
    shown.hidden_clients = len(joint) - len(shown.clients)
    return shown


@dataclass(frozen=True)
class EntryIn:
    client_code: str
    note: str = ""
    no_need_for_kela: bool = False


def review_record(
    *,
    actor: User,
    unit_code: object,
    held_on: date | None,
    participants: str,
    next_steps: str,
    entries: list[EntryIn],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KelaJointReview:
    """Record a joint review held: its date, participants, next steps and per client a short note or "no
    need for Kela". Only the team's joint clients the actor may write of; each named client is audited."""
    today = today or timezone.localdate()
    unit = _team_or_404(actor, unit_code, today)
    participants, next_steps = participants.strip(), next_steps.strip()
    problems: dict[str, str] = {}
    if held_on is None:
        problems["held_on"] = _("Anna läpikäynnin päivämäärä.")
    elif held_on > today:
        problems["held_on"] = _("Läpikäynnin päivämäärä ei voi olla tulevaisuudessa.")
    if not participants:
        problems["participants"] = _("Kirjaa läpikäynnin osallistujat.")
    joint = {str(client.code): client for client in joint_clients(unit)}
    named: dict[str, EntryIn] = {}
    for entry in entries:
        note = entry.note.strip()
        if not note and not entry.no_need_for_kela:
            continue
        if entry.client_code not in joint or entry.client_code in named:
            problems["entries"] = _(
                "Läpikäynnissä voi kirjata vain tiimin yhteisiä asiakkaita, kunkin kerran."
            )
            break
        if len(note) > NOTE_LIMIT:
            problems["entries"] = _("Asiakkaan tilanne ja jatko: enintään %(limit)s merkkiä.") % {
                "limit": NOTE_LIMIT
            }
            break
        named[entry.client_code] = EntryIn(entry.client_code, note, entry.no_need_for_kela)
    if not named and "entries" not in problems:
        problems["entries"] = _(
            "Kirjaa ainakin yhdelle asiakkaalle lyhyt tilanne tai merkintä ”ei tarvetta Kelan palveluille”."
        )
    if problems:
        raise JointReviewInvalid(problems)
    facts = {code: relation_facts(actor=actor, client=joint[code], on=today) for code in named}
    for code in named:
        decision = _decision(actor, Action.CREATE, facts[code])
        if not decision.allowed:
            # Every refusal is logged; the policy's own answers 404/403 as authorize() does.
            record_access(
                actor=actor,
                action=Action.CREATE,
                category=DataCategory.PLAN,
                purpose=decision.purpose,
                allowed=False,
                client_code=joint[code].code,
                object_type=ENTRY,
                object_id=str(unit.code),
                reason=decision.reason.value if decision.reason else "",
                request=request,
            )
            raise AccessDenied(decision)
    assert held_on is not None
    assert actor.organisation is not None
    with transaction.atomic():
        review = KelaJointReview.objects.create(
            unit=unit,
            held_on=held_on,
            participants=participants,
            next_steps=next_steps,
            recorded_by=actor,
            organisation=actor.organisation,
        )
        for code, entry in named.items():
            authorize(
                actor=actor,
                action=Action.CREATE,
                category=DataCategory.PLAN,
                client=joint[code],
                request=request,
                facts=facts[code],
                object_type=ENTRY,
                object_id=str(review.code),
            )
            KelaJointReviewEntry.objects.create(
                review=review, client=joint[code], note=entry.note, no_need_for_kela=entry.no_need_for_kela
            )
    return review
