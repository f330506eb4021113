"""The closing step of every track beside TYM (issue 14, SPEC §2 "ends when"): the reason of the track's
own list, the outcome, the closing date, the summary and the warm handover; who may close; the closed
track's page; and the situational picture's counts."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.paths.conftest import Persons
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import closing, errors
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    ClosureReason,
    OutcomeStatus,
    Phase,
    PhaseTransition,
    Track,
)
from yhteispolku.cases.services import allowed_targets
from yhteispolku.events.models import EventType, OutboxEvent
from yhteispolku.reports import refresh

pytestmark = pytest.mark.django_db

OTHER_TRACKS = [track for track in Track.values if track != Track.TYM]
# The responsible organisation of persons.open(track): the employment area's tracks, else the county's.
EMPLOYMENT_AREA_TRACKS = (Track.EMPLOYMENT_SERVICES, Track.INTEGRATION, Track.YOUTH_ONE_STOP)


def closer(persons: Persons, track: str) -> User:
    """The team member of the responsible organisation."""
    return persons.employment_expert if track in EMPLOYMENT_AREA_TRACKS else persons.social_worker


def off_organisation(persons: Persons, track: str) -> User:
    """On the team, but of the other organisation."""
    return persons.social_worker if track in EMPLOYMENT_AREA_TRACKS else persons.employment_expert


def close(
    persons: Persons, relationship: ClientRelationship, actor: User | None = None, **changes: Any
) -> Closure:
    values: dict[str, Any] = {
        "reason": closing.TRACK_CLOSURE_REASONS.get(relationship.track, ("",))[0],
        "outcome": OutcomeStatus.EMPLOYED,
        "closed_on": timezone.localdate(),
        "summary": "Tavoitteet saavutettiin.",
        **changes,
    }
    return closing.track_close(
        actor=actor or closer(persons, relationship.track), relationship=relationship, **values
    )


@pytest.mark.parametrize("track", OTHER_TRACKS)
def test_each_track_closes_with_its_own_reason_outcome_and_date(persons: Persons, track: str) -> None:
    relationship = persons.open(track)
    day = timezone.localdate() - timedelta(days=2)
    reason = closing.TRACK_CLOSURE_REASONS[track][0]
    closure = close(persons, relationship, closed_on=day, outcome=OutcomeStatus.OTHER_SERVICE)
    relationship.refresh_from_db()
    assert (relationship.phase, relationship.ended_on) == (Phase.CLOSED, day)
    assert (closure.reason, closure.outcome, closure.final_assessment) == (
        reason,
        OutcomeStatus.OTHER_SERVICE,
        "Tavoitteet saavutettiin.",
    )
    assert closure.recorded_by == closer(persons, track)
    last = PhaseTransition.objects.filter(relationship=relationship).latest("at", "id")
    assert (last.from_phase, last.to_phase) == (Phase.WORK, Phase.CLOSED)
    event = OutboxEvent.objects.filter(event_type=EventType.TRACK_CLOSED).get()
    assert event.payload["closure_reason"] == reason


@pytest.mark.parametrize("track", OTHER_TRACKS)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(persons: Persons, track: str) -> None:
    relationship = persons.open(track)
    other = next(
        reason for reason in ClosureReason.values if reason not in closing.TRACK_CLOSURE_REASONS[track]
    )
    cases = [
        ({"closed_on": relationship.started_on - timedelta(days=1)}, "closed_on", "ennen asiakkuuden alkua"),
        ({"closed_on": timezone.localdate() + timedelta(days=1)}, "closed_on", "tulevaisuudessa"),
        ({"closed_on": None}, "closed_on", "Anna päättymispäivä"),
        ({"reason": other}, "reason", "ei kuulu palvelupolun"),
        ({"reason": ClosureReason.OTHER}, "reason_details", "muu syy"),
        ({"outcome": ""}, "outcome", "tilanne"),
        ({"summary": "  "}, "summary", "yhteenveto"),
        ({"handover_track": track}, "handover_track", "toinen palvelupolku"),
    ]
    for changes, field, words in cases:
        with pytest.raises(errors.TrackClosingInvalid) as refused:
            close(persons, relationship, **changes)
        assert words in refused.value.message_dict[field][0], (changes, refused.value.message_dict)
    relationship.refresh_from_db()
    assert (relationship.phase, relationship.ended_on) == (Phase.WORK, None)
    assert not Closure.objects.exists()


@pytest.mark.parametrize("track", OTHER_TRACKS)
def test_only_the_responsible_organisations_team_member_closes_and_only_once(
    persons: Persons, track: str, make_professional: Callable[..., User]
) -> None:
    relationship = persons.open(track)
    # On the team, but of the other organisation (the policy lets them write the joint plan).
    with pytest.raises(errors.TrackClosingNotPermitted):
        close(persons, relationship, actor=off_organisation(persons, track))
    # Of the responsible organisation and working with the client on another track, but off this team.
    colleague_track = Track.EMPLOYMENT_SERVICES if track != Track.EMPLOYMENT_SERVICES else Track.KUTY
    colleague = closer(persons, track)
    persons.open(colleague_track)
    relationship.team.filter(user=colleague).update(left_on=timezone.localdate())
    with pytest.raises(errors.TrackClosingNotPermitted):
        close(persons, relationship, actor=colleague)
    relationship.team.filter(user=colleague).update(left_on=None)
    close(persons, relationship)
    with pytest.raises(errors.TrackAlreadyClosed):
        close(persons, relationship)
    assert Closure.objects.filter(relationship=relationship).count() == 1


def test_a_stale_copy_cannot_close_again(persons: Persons) -> None:
    """Two professionals close at once: the second, holding the page it opened before, gets 409."""
    relationship = persons.open(Track.KUTY)
    stale = ClientRelationship.objects.get(pk=relationship.pk)
    close(persons, relationship)
    with pytest.raises(errors.TrackAlreadyClosed) as refused:
        close(persons, stale)
    assert refused.value.status == 409
    assert PhaseTransition.objects.filter(relationship=relationship, to_phase=Phase.CLOSED).count() == 1


def test_tym_keeps_its_own_closing(persons: Persons) -> None:
    relationship = persons.open(Track.TYM, "satakunta-ea-tym")
    with pytest.raises(errors.TrackClosingInvalid):
        close(persons, relationship, reason=ClosureReason.EMPLOYED, actor=persons.employment_expert)
    assert Phase.CLOSED not in allowed_targets(relationship)
    assert allowed_targets(relationship) == [Phase.PLANNING, Phase.CLOSING]


def test_the_warm_handover_opens_the_next_track_through_the_opening_service(persons: Persons) -> None:
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    closure = close(
        persons,
        relationship,
        reason=ClosureReason.MOVED_TO_KUTY,
        outcome=OutcomeStatus.OTHER_SERVICE,
        handover_track=Track.KUTY,
        open_handover=True,
    )
    opened = closure.handover_relationship
    assert opened is not None
    assert (opened.track, opened.phase, opened.responsible_unit) == (
        Track.KUTY,
        Phase.WORK,
        persons.social_worker.unit,
    )
    assert closure.handover_unit == persons.social_worker.unit
    assert opened.team.filter(user=persons.social_worker, left_on__isnull=True).exists()


def test_a_refused_handover_leaves_the_track_open(persons: Persons) -> None:
    """The next track already open: the opening service refuses and nothing of the closing is saved."""
    relationship = persons.open(Track.SOCIAL_REHABILITATION)
    persons.open(Track.KUTY)
    with pytest.raises(errors.TrackClosingInvalid) as refused:
        close(persons, relationship, handover_track=Track.KUTY, open_handover=True)
    assert "handover_track" in refused.value.message_dict
    relationship.refresh_from_db()
    assert relationship.phase == Phase.WORK
    assert not Closure.objects.exists()


def test_the_track_page_offers_closing_and_then_shows_the_record_read_only(
    persons: Persons, verified_client: Callable[[User], HttpClient]
) -> None:
    relationship = persons.open(Track.DISABILITY_WORK_ACTIVITY)
    page = reverse("paths:detail", kwargs={"relationship_code": relationship.code})
    close_url = reverse("paths:close", kwargs={"relationship_code": relationship.code})
    worker = verified_client(persons.social_worker)
    assert close_url in worker.get(page).content.decode()
    expert = verified_client(persons.employment_expert)
    assert close_url not in expert.get(page).content.decode()
    assert expert.get(close_url).status_code == 302
    refused = worker.post(
        close_url,
        {
            "reason": ClosureReason.PENSION,
            "outcome": "employed",
            "closed_on": timezone.localdate(),
            "summary": "x",
        },
    )
    assert refused.status_code == 400
    assert "ei kuulu palvelupolun" in refused.content.decode()
    done = worker.post(
        close_url,
        {
            "reason": ClosureReason.PERIOD_ENDED,
            "outcome": OutcomeStatus.UNEMPLOYED,
            "closed_on": timezone.localdate().isoformat(),
            "summary": "Jakso päättyi suunnitellusti.",
            "handover_track": Track.SOCIAL_REHABILITATION,
        },
    )
    assert done.status_code == 302
    body = worker.get(page).content.decode()
    assert "Jakso päättyi suunnitellusti." in body
    assert "Sosiaalinen kuntoutus" in body
    assert close_url not in body
    assert reverse("paths:plan_create", kwargs={"relationship_code": relationship.code}) not in body
    # The former team still reads it; the coordinator sees the record, not the summary.
    assert AccessEvent.objects.filter(object_type="cases.closure", allowed=True).exists()


def test_the_situational_picture_counts_the_closings(persons: Persons) -> None:
    day = timezone.localdate()
    for track in (Track.KUTY, Track.EMPLOYMENT_SERVICES):
        close(persons, persons.open(track), outcome=OutcomeStatus.EMPLOYED)
    rows = {(row.track, row.indicator): row.value for row in refresh.day_statistics(day, snapshot=False)}
    assert rows[(Track.KUTY, "closed")] == 1
    assert rows[(Track.KUTY, f"closed_reason:{ClosureReason.PERIOD_ENDED}")] == 1
    assert rows[(Track.KUTY, f"closed_outcome:employed:{ClosureReason.PERIOD_ENDED}")] == 1
    assert rows[(Track.EMPLOYMENT_SERVICES, f"closed_reason:{ClosureReason.EMPLOYED}")] == 1
    _rows, durations = refresh._process_statistics(day, snapshot=False)
    assert {(d.track, d.indicator) for d in durations} >= {
        (Track.KUTY, f"closure_duration:{ClosureReason.PERIOD_ENDED}")
    }
