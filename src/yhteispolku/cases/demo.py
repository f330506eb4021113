"""Demo data of the cases app: Mikael's earlier TYM relationship, closed about T-170, and its outcome
follow-ups (R-OUT-1). The 3-month follow-up was recorded (in employment services, from URA); the 6-month one
is due in about two weeks on the employment expert's worklist. Loading again keeps the first load's days."""

from __future__ import annotations

from datetime import date, timedelta

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    ClosureConfirmation,
    ClosureReason,
    OutcomeFollowUp,
    OutcomeSource,
    OutcomeStatus,
    Phase,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.cases.outcomes import schedule_follow_ups
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Unit


def load_closed_tym(
    *, client: Client, employment_expert: User, social_worker: User, unit: Unit, today: date
) -> ClientRelationship:
    ended_on = today - timedelta(days=170)
    relationship, _created = ClientRelationship.objects.get_or_create(
        client=client,
        track=Track.TYM,
        defaults={
            "responsible_organisation": unit.organisation,
            "responsible_unit": unit,
            "phase": Phase.CLOSED,
            "started_on": ended_on - timedelta(days=420),
            "ended_on": ended_on,
        },
    )
    ended_on = relationship.ended_on or ended_on
    for user, team_role in (
        (employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT),
        (social_worker, TeamRole.WORKER_PAIR_SOCIAL),
    ):
        TeamMember.objects.get_or_create(
            relationship=relationship,
            user=user,
            defaults={"team_role": team_role, "joined_on": relationship.started_on},
        )
    closure, _new = Closure.objects.get_or_create(
        relationship=relationship,
        defaults={
            "reason": ClosureReason.NEED_ENDED,
            "final_assessment": (
                "Työkyky kohentui kuntoutuksen myötä. Monialaista tukea ei enää tarvita; työnhaku jatkuu "
                "työllisyyspalveluissa."
            ),
            "feedback_score": 9,
            "recorded_by": employment_expert,
        },
    )
    for user in (employment_expert, social_worker):
        ClosureConfirmation.objects.get_or_create(
            closure=closure, organisation=user.organisation, defaults={"confirmed_by": user}
        )
    schedule_follow_ups(relationship)
    record_due_follow_ups(
        relationship,
        today=today,
        status=OutcomeStatus.OTHER_SERVICE,
        source=OutcomeSource.EMPLOYMENT_REGISTER,
        by=employment_expert,
    )
    return relationship


def record_due_follow_ups(
    relationship: ClientRelationship, *, today: date, status: str, source: str, by: User
) -> None:
    """A closed relationship's follow-ups already due, recorded three days after their day as a team keeps
    them (R-OUT-1): the demo shows no neglected work."""
    for follow_up in OutcomeFollowUp.objects.filter(
        relationship=relationship, recorded_on__isnull=True, due_on__lte=today - timedelta(days=3)
    ):
        follow_up.status = status
        follow_up.source = source
        follow_up.recorded_on = follow_up.due_on + timedelta(days=3)
        follow_up.recorded_by = by
        follow_up.save(update_fields=["status", "source", "recorded_on", "recorded_by"])
