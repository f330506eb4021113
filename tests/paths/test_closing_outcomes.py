"""R-OUT-1 on every track: closing a track beside TYM schedules the 3/6/12-month outcome follow-ups in the
same transaction as the closing (the one mechanism of `cases.outcomes`), shown on the closed track's page
and on the employment authority's responsible person's worklist, as for TYM."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team
from tests.paths.conftest import Persons
from tests.paths.test_closing import close
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import errors, outcomes
from yhteispolku.cases.models import ClientRelationship, OutcomeFollowUp, Phase, TeamRole, Track
from yhteispolku.organisations.models import Unit
from yhteispolku.rules.deadlines import user_due_items

pytestmark = pytest.mark.django_db

OTHER_TRACKS = [track for track in Track.values if track != Track.TYM]


@pytest.mark.parametrize("track", OTHER_TRACKS)
def test_closing_any_track_schedules_the_follow_ups_for_the_employment_professional(
    persons: Persons, track: str
) -> None:
    relationship = persons.open(track, started_on=date(2025, 6, 1))
    close(persons, relationship, closed_on=date(2026, 1, 31))
    follow_ups = list(OutcomeFollowUp.objects.filter(relationship=relationship).order_by("months"))
    assert [(f.months, f.due_on) for f in follow_ups] == [
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    assert {f.owner_id for f in follow_ups} == {persons.employment_expert.pk}
    assert {f.rule_id for f in follow_ups} == {"R-OUT-1"}


def test_a_refused_closing_schedules_nothing(persons: Persons) -> None:
    relationship = persons.open(Track.KUTY)
    with pytest.raises(errors.TrackClosingInvalid):
        close(persons, relationship, summary="")
    assert not OutcomeFollowUp.objects.filter(relationship=relationship).exists()
    relationship.refresh_from_db()
    assert relationship.phase == Phase.WORK


def test_a_team_without_an_employment_professional_gets_unowned_follow_ups(
    persons: Persons, make_professional: Callable[..., User]
) -> None:
    unit = Unit.objects.get(slug="satakunta-wc-social")
    relationship = ClientRelationship.objects.create(
        client=persons.client,
        track=Track.SOCIAL_REHABILITATION,
        responsible_organisation=unit.organisation,
        responsible_unit=unit,
        phase=Phase.WORK,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    join_team(relationship, persons.social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    close(persons, relationship)
    follow_ups = OutcomeFollowUp.objects.filter(relationship=relationship)
    assert follow_ups.count() == 3
    assert {f.owner_id for f in follow_ups} == {None}


def test_the_follow_ups_are_on_the_worklist_and_the_closed_tracks_page(
    persons: Persons, verified_client: Callable[[User], HttpClient]
) -> None:
    relationship = persons.open(Track.KUTY)
    today = timezone.localdate()
    close(persons, relationship, closed_on=today)
    items = [
        item
        for item in user_due_items(persons.employment_expert, today + timedelta(days=400))
        if item.kind == outcomes.KIND
    ]
    assert len(items) == 3
    assert {item.client_code for item in items} == {str(persons.client.code)}
    assert not [i for i in user_due_items(persons.social_worker, today) if i.kind == outcomes.KIND]

    page = reverse("paths:detail", kwargs={"relationship_code": relationship.code})
    follow_up = OutcomeFollowUp.objects.get(relationship=relationship, months=3)
    link = reverse("cases:outcome", kwargs={"code": persons.client.code, "outcome_code": follow_up.code})
    body = verified_client(persons.employment_expert).get(page).content.decode()
    assert "Seuranta päättymisen jälkeen" in body
    assert link in body
    assert AccessEvent.objects.filter(
        object_type="cases.outcomefollowup", object_id=str(relationship.code), allowed=True
    ).exists()
    # The social worker of the former team is not granted the follow-up's scope: no section, no link.
    other = verified_client(persons.social_worker).get(page).content.decode()
    assert link not in other
    assert "Seuranta päättymisen jälkeen" not in other

    # Recorded by its responsible person through the same page as TYM's, then shown on the track's page.
    recorded = verified_client(persons.employment_expert).post(
        link, {"status": "employed", "source": "client", "recorded_on": today.isoformat()}
    )
    assert recorded.status_code == 302
    body = verified_client(persons.employment_expert).get(page).content.decode()
    assert "Työllistynyt" in body


def test_the_demos_closed_integration_track_has_its_follow_ups() -> None:
    from yhteispolku.web.demo_data import load_demo

    load_demo(today=timezone.localdate())
    relationship = ClientRelationship.objects.get(client__first_names="Fatima", track=Track.INTEGRATION)
    assert relationship.phase == Phase.CLOSED
    follow_ups = list(relationship.outcome_follow_ups.order_by("months"))
    assert [f.months for f in follow_ups] == [3, 6, 12]
    assert {f.owner.username for f in follow_ups if f.owner} == {"tyollisyysasiantuntija"}
