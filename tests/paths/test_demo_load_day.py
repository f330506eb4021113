"""The demo's stories of Kaisa Kuntoutuja (KUTY), Fatima Kotonen (integration) and Kela's routines beyond
Maija (Sofia, the team's joint review) are relative to the load day (issue 14): loaded on two different
days, every date lies the same number of days from the load day; loaded again on a later day, nothing
moves. Before, Fatima's dates were calendar dates and Kaisa's attendance followed the latest load."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from yhteispolku.applications import joint_reviews
from yhteispolku.applications.models import Application, KelaInterview, KelaJointReview
from yhteispolku.cases.models import ClientRelationship, OutcomeFollowUp, Track
from yhteispolku.clients.models import BenefitPeriod, Client
from yhteispolku.organisations.models import Unit
from yhteispolku.paths.models import (
    IntegrationAssessment,
    IntegrationPlan,
    IntegrationRouting,
    KutyAttendance,
    KutySection,
    KutySiteFeedback,
    ServicePlan,
)
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db


# Dates the rules count in months (R-KOTO-1's plan year, R-KUTY periods, R-OUT-1, R-KELA-5).
MONTH_BASED = {"fatima_plans", "fatima_follow_ups", "kaisa", "joint_review", "closures"}


class _Rollback(Exception):
    pass


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _timeline(load_day: date) -> dict[str, list[int]]:
    """Every date of the three stories as days from `load_day`."""

    def days(*values: date | datetime | None) -> list[int]:
        shown = []
        for value in values:
            if isinstance(value, datetime):
                value = timezone.localtime(value).date()
            shown.append((value - load_day).days if value else 9999)
        return shown

    fatima = Client.objects.get(first_names="Fatima", last_name="Kotonen")
    integration = ClientRelationship.objects.get(client=fatima, track=Track.INTEGRATION)
    routing = IntegrationRouting.objects.get(relationship=integration)
    kaisa = ClientRelationship.objects.get(client__first_names="Kaisa", track=Track.KUTY)
    sofia = Client.objects.get(first_names="Sofia")
    oskari = ClientRelationship.objects.get(
        client__first_names="Oskari", track=Track.DISABILITY_WORK_ACTIVITY
    )
    unit = Unit.objects.get(slug="satakunta-ea-tym")
    due = joint_reviews.next_due(unit, load_day)
    assert due is not None
    return {
        "fatima": days(
            fatima.residence_permit_valid_from,
            fatima.integration_period_start,
            integration.started_on,
            integration.ended_on,
            IntegrationAssessment.objects.get(relationship=integration).assessed_on,
            routing.routed_on,
            routing.opened_relationship.started_on if routing.opened_relationship else None,
        ),
        "fatima_plans": days(
            *[
                d
                for p in IntegrationPlan.objects.filter(relationship=integration)
                for d in (p.starts_on, p.ends_on)
            ]
        ),
        "fatima_follow_ups": days(
            *OutcomeFollowUp.objects.filter(relationship=integration).values_list("due_on", flat=True)
        ),
        "kaisa": days(
            kaisa.started_on,
            *[
                d
                for s in KutySection.objects.filter(relationship=kaisa).order_by("starts_on")
                for d in (s.starts_on, s.ends_on, s.effects_assessed_by)
            ],
        ),
        "kaisa_attendance": days(
            *KutyAttendance.objects.filter(section__relationship=kaisa)
            .order_by("day")
            .values_list("day", flat=True)
        ),
        "kaisa_feedback": days(
            *KutySiteFeedback.objects.filter(section__relationship=kaisa).values_list("given_on", flat=True)
        ),
        "sofia_benefits": days(
            *[
                d
                for b in BenefitPeriod.objects.filter(client=sofia).order_by("starts_on")
                for d in (b.starts_on, b.ends_on)
            ]
        ),
        "sofia_applications": days(
            *[
                d
                for a in Application.objects.filter(client=sofia).order_by("submitted_on")
                for d in (a.submitted_on, a.decided_on)
            ]
        ),
        "sofia_interview": days(
            *KelaInterview.objects.filter(client=sofia).values_list("starts_at", flat=True)
        ),
        "joint_review": days(
            *KelaJointReview.objects.filter(unit=unit).values_list("held_on", flat=True), due.due_on
        ),
        # paths.demo_closures: every other track's closure, and Kaisa's social rehabilitation before KUTY.
        "closures": days(
            *[
                d
                for r in ClientRelationship.objects.filter(
                    client__last_name__in=("Kuntoutuja", "Jaksava", "Vakituinen", "Ilonen", "Palaava"),
                    ended_on__isnull=False,
                ).order_by("client__last_name", "track")
                for d in (r.started_on, r.ended_on)
            ]
        ),
        "oskari": days(oskari.started_on, oskari.ended_on),
        "oskari_plans": days(
            *ServicePlan.objects.filter(relationship=oskari)
            .order_by("number")
            .values_list("made_on", flat=True)
        ),
    }


def _loaded_on(*days: date) -> dict[str, list[int]]:
    """The timeline after loading the demo on each of `days` in turn (relative to the first), rolled back."""
    try:
        with transaction.atomic():
            for day in days:
                with time_machine.travel(_at(day), tick=False):
                    load_demo(today=day)
            with time_machine.travel(_at(days[-1]), tick=False):
                shown = _timeline(days[0])
            raise _Rollback
    except _Rollback:
        return shown


def test_the_stories_are_the_same_whatever_day_the_demo_is_loaded() -> None:
    today = timezone.localdate()
    first = _loaded_on(today)
    # Four weeks later (the same weekday, so that the attendance falls on the same weekdays).
    later = _loaded_on(today + timedelta(days=28))
    assert first.keys() == later.keys()
    for key, days in first.items():
        if key in MONTH_BASED:
            # A month is not a fixed number of days: these differ by the lengths of the months between.
            assert len(days) == len(later[key])
            assert all(abs(a - b) <= 3 for a, b in zip(days, later[key], strict=True)), key
        else:
            assert days == later[key], key
    # The story as told: Fatima routed two months before the load and closed the same day, her 3-month
    # follow-up due a month after the load; Sofia's interview ahead; the joint review's next due ahead.
    assert first["fatima"][3] == first["fatima"][5] == -60
    assert first["fatima_follow_ups"][0] > 0
    assert first["sofia_interview"][0] == 14
    held, next_due = first["joint_review"]
    assert held < 0 < next_due <= 30
    assert len(first["kaisa_attendance"]) == 3
    assert max(first["kaisa_attendance"]) < 0
    assert first["oskari"] == [-395, -30]
    # Jari's KUTY (its period counted in months: within three days), Kaisa's social rehabilitation up to
    # the day before her KUTY, Pirjo, Veikko and Iida: all ended before the load day.
    assert len(first["closures"]) == 10
    assert all(day < 0 for day in first["closures"])


def test_loading_again_on_a_later_day_moves_nothing() -> None:
    today = timezone.localdate()
    assert _loaded_on(today, today + timedelta(days=10)) == _loaded_on(today)
