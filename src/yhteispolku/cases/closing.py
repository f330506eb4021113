"""The closing step of the tracks beside TYM (SPEC §2 "ends when"), recorded in one step.

Each track ends for its own reasons: `TRACK_CLOSURE_REASONS` is that data (track → the `ClosureReason`
values it may give, in the order the form offers them). A professional of the responsible organisation
on the track's case team records the reason, the client's situation at closure (`OutcomeStatus`), the
closing date (not before the relationship's start, not after today), a summary and, where the client
goes on, the warm handover: the next track and unit, and optionally a new relationship opened there
through the paths app's relationship-opening service (registered in `cases.extensions`).

The relationship moves to `Phase.CLOSED` through the state machine's `end_track` transition, with
`ended_on` set, a PhaseTransition and the `track.closed` event, in one transaction with the `Closure`
row and the outcome follow-ups after closure (R-OUT-1, `cases.outcomes.schedule_follow_ups`, as for
TYM): the row lock and the phase check refuse a second, concurrent closing (409) and nothing is half
saved. TYM keeps its own closing phase with the authorities' confirmations (`cases.services`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize
from yhteispolku.accounts.models import User
from yhteispolku.cases import errors
from yhteispolku.cases.extensions import open_track_relationship
from yhteispolku.cases.models import (
    OPEN_PHASES,
    ClientRelationship,
    Closure,
    ClosureReason,
    OutcomeStatus,
    Track,
)
from yhteispolku.cases.outcomes import schedule_follow_ups
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.errors import DomainError
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CLOSURE_OBJECT_TYPE = "cases.closure"

# SPEC §2, "ends when", per track; "other" (with its details) is every track's last resort.
TRACK_CLOSURE_REASONS: dict[str, tuple[str, ...]] = {
    Track.KUTY: (
        ClosureReason.PERIOD_ENDED,
        ClosureReason.CLIENT_WITHDREW,
        ClosureReason.FELL_ILL,
        ClosureReason.EMPLOYED,
        ClosureReason.OTHER,
    ),
    Track.SOCIAL_REHABILITATION: (
        ClosureReason.PERIOD_ENDED,
        ClosureReason.CLIENT_WITHDREW,
        ClosureReason.MOVED_TO_KUTY,
        ClosureReason.FELL_ILL,
        ClosureReason.EMPLOYED,
        ClosureReason.OTHER,
    ),
    Track.DISABILITY_WORK_ACTIVITY: (
        ClosureReason.PERIOD_ENDED,
        ClosureReason.CLIENT_WITHDREW,
        ClosureReason.FELL_ILL,
        ClosureReason.EMPLOYED,
        ClosureReason.OTHER,
    ),
    Track.EMPLOYMENT_SERVICES: (
        ClosureReason.EMPLOYED,
        ClosureReason.SICKNESS_OR_PARENTAL_ALLOWANCE,
        ClosureReason.PENSION,
        ClosureReason.OTHER,
    ),
    Track.INTEGRATION: (ClosureReason.INTEGRATION_PERIOD_OVER, ClosureReason.OTHER),
    Track.YOUTH_ONE_STOP: (ClosureReason.AS_AGREED, ClosureReason.OTHER),
    Track.WORK_ABILITY_SUPPORT: (
        ClosureReason.SITUATION_CLEAR,
        ClosureReason.REFERRED_ONWARDS,
        ClosureReason.OTHER,
    ),
}


def closure_reasons(track: str) -> list[tuple[str, str]]:
    """The reasons `track` may end for, as (value, label) in the form's order; none for TYM."""
    labels = dict(ClosureReason.choices)
    return [(str(value), str(labels[value])) for value in TRACK_CLOSURE_REASONS.get(track, ())]


def handover_tracks(track: str) -> list[tuple[str, str]]:
    """The tracks a client of `track` may be handed over to: any other (TYM through its referral)."""
    return [(str(value), str(label)) for value, label in Track.choices if value != track]


def may_close(actor: User, relationship: ClientRelationship) -> bool:
    """Whether `actor` is one who records the closing (the policy, asked too, decides the rest): the track
    is open and beside TYM, and the actor is on its team now, a professional of the responsible
    organisation."""
    return (
        relationship.track != Track.TYM
        and relationship.phase in OPEN_PHASES
        and actor.organisation_id is not None
        and actor.organisation_id == relationship.responsible_organisation_id
        and relationship.team.filter(user=actor, left_on__isnull=True).exists()
    )


def _day(value: date) -> str:
    return date_format(value, "j.n.Y")


def _refusals(
    *,
    relationship: ClientRelationship,
    actor: User,
    reason: str,
    reason_details: str,
    outcome: str,
    closed_on: date | None,
    summary: str,
    handover_track: str,
    handover_unit: Unit | None,
    open_handover: bool,
    today: date,
) -> dict[str, StrOrPromise]:
    refusals: dict[str, StrOrPromise] = {}
    allowed = TRACK_CLOSURE_REASONS.get(relationship.track, ())
    if reason not in allowed:
        refusals["reason"] = _(
            "Päättymisen syy ei kuulu palvelupolun ”%(track)s” syihin. Valitse jokin näistä: %(reasons)s."
        ) % {
            "track": relationship.get_track_display(),
            "reasons": ", ".join(label for _value, label in closure_reasons(relationship.track)),
        }
    elif reason == ClosureReason.OTHER and not reason_details:
        refusals["reason_details"] = _("Kerro, mikä muu syy asiakkuuden päättymiseen on.")
    if outcome not in OutcomeStatus.values:
        refusals["outcome"] = _("Valitse asiakkaan tilanne asiakkuuden päättyessä.")
    if closed_on is None:
        refusals["closed_on"] = _("Anna päättymispäivä.")
    elif closed_on < relationship.started_on:
        refusals["closed_on"] = _("Päättymispäivä ei voi olla ennen asiakkuuden alkua (%(day)s).") % {
            "day": _day(relationship.started_on)
        }
    elif closed_on > today:
        refusals["closed_on"] = _("Päättymispäivä ei voi olla tulevaisuudessa.")
    if not summary:
        refusals["summary"] = _("Kirjoita yhteenveto asiakkuudesta.")
    if handover_track and (handover_track not in Track.values or handover_track == relationship.track):
        refusals["handover_track"] = _("Valitse toinen palvelupolku, jolle asiakas siirtyy.")
    elif open_handover and not handover_track:
        refusals["handover_track"] = _("Valitse palvelupolku, jolle uusi asiakkuus avataan.")
    elif open_handover and handover_track == Track.TYM:
        refusals["handover_track"] = _(
            "TYM-asiakkuus alkaa lähetteellä: kirjaa TYM jatkopoluksi avaamatta asiakkuutta ja tee lähete."
        )
    if handover_unit is not None and not handover_track:
        refusals["handover_unit"] = _("Valitse myös palvelupolku, jolla asiakas jatkaa yksikössä.")
    elif open_handover and handover_unit is not None and handover_unit.pk != actor.unit_id:
        refusals["handover_unit"] = _(
            "Uusi asiakkuus avataan omaan yksikköösi. Jätä yksikkö valitsematta tai älä avaa asiakkuutta."
        )
    return refusals


def track_close(
    *,
    actor: User,
    relationship: ClientRelationship,
    reason: str,
    outcome: str,
    closed_on: date | None,
    summary: str,
    reason_details: str = "",
    handover_track: str = "",
    handover_unit: Unit | None = None,
    open_handover: bool = False,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Closure:
    """Close a relationship on a track beside TYM (SPEC §2) with its closing record; see the module.

    Refused: TYM (its own closing phase), a relationship not open (409), an actor off the team or of
    another organisation than the responsible one (403), and input naming its field (400).
    """
    from yhteispolku.cases.services import _event, _record_transition

    # The phase as it is now, not as the caller's copy saw it: a closing that came first is a conflict.
    current = ClientRelationship.objects.filter(pk=relationship.pk).values_list("phase", flat=True).first()
    ended = current not in OPEN_PHASES
    # A closed track is read-only for its former team: the attempt is logged as the read it is, and
    # answered as the conflict it is (409) rather than as a missing right.
    authorize(
        actor=actor,
        action=Action.VIEW if ended else Action.UPDATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=CLOSURE_OBJECT_TYPE,
        object_id=str(relationship.code),
    )
    if relationship.track == Track.TYM:
        raise errors.TrackClosingInvalid(
            _("TYM-asiakkuus päätetään päättövaiheessa loppuarvion ja viranomaisten vahvistusten jälkeen.")
        )
    if ended:
        raise errors.TrackAlreadyClosed()
    if not may_close(actor, relationship):
        raise errors.TrackClosingNotPermitted()
    today = today or timezone.localdate()
    reason_details, summary = reason_details.strip(), summary.strip()
    refusals = _refusals(
        relationship=relationship,
        actor=actor,
        reason=reason,
        reason_details=reason_details,
        outcome=outcome,
        closed_on=closed_on,
        summary=summary,
        handover_track=handover_track,
        handover_unit=handover_unit,
        open_handover=open_handover,
        today=today,
    )
    if refusals:
        raise errors.TrackClosingInvalid(refusals)
    assert closed_on is not None
    with transaction.atomic():
        locked = ClientRelationship.objects.select_for_update().get(pk=relationship.pk)
        seen = locked.phase
        if seen not in OPEN_PHASES or Closure.objects.filter(relationship=locked).exists():
            raise errors.TrackAlreadyClosed()
        opened = None
        if open_handover:
            # Opened while the actor still works with the client on this track (the policy asks).
            try:
                opened = open_track_relationship(
                    actor=actor, client=locked.client, track=handover_track, request=request, today=closed_on
                )
            except DomainError as error:
                raise errors.TrackClosingInvalid({"handover_track": " ".join(error.messages)}) from error
        locked.end_track()
        locked.ended_on = closed_on
        locked.save(update_fields=["phase", "ended_on", "updated_at"])
        _record_transition(locked, seen, actor)
        closure = Closure.objects.create(
            relationship=locked,
            reason=reason,
            reason_details=reason_details,
            final_assessment=summary,
            outcome=outcome,
            handover_track=handover_track,
            handover_unit=opened.responsible_unit if opened else handover_unit,
            handover_relationship=opened,
            recorded_by=actor,
        )
        # R-OUT-1: the follow-ups after closure, in the same transaction as the closure itself.
        schedule_follow_ups(locked)
        _event(EventType.TRACK_CLOSED, locked, ended_on=closed_on, closure_reason=reason)
    relationship.refresh_from_db()
    return closure
