"""The demo data is one consistent timeline relative to the load day (issue #11): Maija's story follows
seed 002 step by step up to TYM work, every dated row in order and none in the future but due dates;
Aino's referral can be accepted by the demo coordinator once a demo user has recorded her consent."""

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.applications.models import Application, InformationRequest, KelaCheck
from yhteispolku.assessments.models import MappingAction, SectorAssessment
from yhteispolku.cases import errors as case_errors
from yhteispolku.cases import services as case_services
from yhteispolku.cases.models import (
    ClientRelationship,
    Phase,
    PhaseTransition,
    PreInformation,
    Referral,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.clients import services as client_services
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.collaboration.models import ClientTodo, Consultation, FollowUpAction, KelaRequest
from yhteispolku.core.categories import CONSENTABLE_CATEGORIES, Purpose
from yhteispolku.documents.models import Document, StatementRequest
from yhteispolku.documents.rules import b_statement_freshness
from yhteispolku.organisations.models import Organisation
from yhteispolku.paths.models import KutySection
from yhteispolku.plans import rules as plan_rules
from yhteispolku.plans.models import (
    AgreedService,
    ClientAcceptance,
    ClientTask,
    CommitmentConfirmation,
    Participation,
    Plan,
    PlanVersion,
    VersionStatus,
)
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db

# Dates that name what is still to come: due dates, the next review, the ends of periods.
FUTURE_FIELDS = frozenset({"due_on", "next_review_on", "ends_on", "effects_assessed_by", "valid_until"})


def day_of(value: date) -> date:
    return timezone.localdate(value) if hasattr(value, "tzinfo") else value


def maija_rows(client: Client, relationship: ClientRelationship) -> list[QuerySet[Any]]:
    plan = {"plan__relationship": relationship}
    version = {"version__plan__relationship": relationship}
    return [
        ClientRelationship.objects.filter(pk=relationship.pk),
        PreInformation.objects.filter(client=client),
        Consent.objects.filter(client=client),
        Referral.objects.filter(relationship=relationship),
        PhaseTransition.objects.filter(relationship=relationship),
        TeamMember.objects.filter(relationship=relationship),
        SectorAssessment.objects.filter(relationship=relationship),
        MappingAction.objects.filter(relationship=relationship),
        Plan.objects.filter(relationship=relationship),
        PlanVersion.objects.filter(**plan),
        AgreedService.objects.filter(**version),
        ClientTask.objects.filter(**version),
        CommitmentConfirmation.objects.filter(**version),
        ClientAcceptance.objects.filter(**version),
        Participation.objects.filter(**plan),
        KutySection.objects.filter(relationship=relationship),
        Consultation.objects.filter(relationship=relationship),
        FollowUpAction.objects.filter(consultation__relationship=relationship),
        KelaRequest.objects.filter(relationship=relationship),
        ClientTodo.objects.filter(relationship=relationship),
        StatementRequest.objects.filter(client=client),
        Document.objects.filter(client=client),
        Application.objects.filter(client=client),
        InformationRequest.objects.filter(application__client=client),
        KelaCheck.objects.filter(client=client),
        JournalEntry.objects.filter(client=client),
    ]


def dated_values(rows: list[QuerySet[Any]]) -> dict[tuple[str, int, str], date]:
    """Every date of every row: (model, id, field) → the day (a moment: its local day)."""
    found = {}
    for queryset in rows:
        fields = [f for f in queryset.model._meta.concrete_fields if isinstance(f, models.DateField)]
        assert fields, queryset.model
        for row in queryset:
            for field in fields:
                value = getattr(row, field.attname)
                if value is not None:
                    found[(queryset.model.__name__, row.pk, field.name)] = day_of(value)
    return found


def in_order(*days: date) -> bool:
    return all(earlier < later for earlier, later in itertools.pairwise(days))


def test_maijas_story_is_one_timeline_up_to_tym_work() -> None:
    today = timezone.localdate()
    clients = load_demo(today=today)
    maija = clients["maija"]
    relationship = ClientRelationship.objects.get(client=maija, track=Track.TYM)
    referral = relationship.referral
    consent = Consent.objects.get(client=maija, purpose=Purpose.TYM_JOINT_WORK)
    sent = day_of(referral.created_at)
    decided = day_of(referral.decided_at)  # type: ignore[arg-type]
    phases = {t.to_phase: day_of(t.at) for t in PhaseTransition.objects.filter(relationship=relationship)}
    version = PlanVersion.objects.get(plan__relationship=relationship, status=VersionStatus.IN_FORCE)
    drafted = version.created_on
    confirmed = sorted(day_of(c.confirmed_at) for c in version.confirmations.all())
    accepted = version.acceptance.accepted_on
    in_force = day_of(version.in_force_from)  # type: ignore[arg-type]

    # Pre-information form < referral sent < decided < mapping < plan drafted < confirmed < accepted <
    # review.
    pre_information = PreInformation.objects.get(client=maija)
    assert pre_information.filled_on < consent.given_on <= sent == phases[Phase.REFERRAL]
    assert in_order(sent, decided)
    assert decided == relationship.started_on == phases[Phase.MAPPING]
    assert in_order(decided, phases[Phase.PLANNING], drafted, confirmed[0], confirmed[-1], accepted)
    assert len(confirmed) == 2
    assert accepted == in_force == phases[Phase.WORK] < version.next_review_on
    # The review is R-TYM-2's default counted from the in-force day, and overdue on the load day.
    assert version.next_review_on == plan_rules.default_next_review(in_force).on
    assert version.next_review_on < today

    # The mapping (seed 002): the assessments, the health check and the Kela consultation that finds a
    # B statement is needed, the statement requested and received, all before planning.
    mapping_days = [
        *SectorAssessment.objects.filter(relationship=relationship).values_list("assessed_on", flat=True),
        *MappingAction.objects.filter(relationship=relationship).values_list("planned_on", flat=True),
    ]
    assert all(decided < day < phases[Phase.PLANNING] for day in mapping_days)
    request = StatementRequest.objects.get(client=maija)
    statement = Document.objects.get(client=maija, document_type="medical_statement_b")
    first, later = Consultation.objects.filter(relationship=relationship, kind="kela").order_by(
        "scheduled_at"
    )
    assert in_order(decided, first.day, request.sent_on, statement.dated_on, request.received_on)  # type: ignore[arg-type]
    assert request.received_on < phases[Phase.PLANNING]  # type: ignore[operator]

    # TYM work: the services start after the plan came into force; KUTY ends on the same day on the plan
    # and on its KUTY section, and Maija takes part.
    services = list(version.services.all())
    assert all(service.starts_on > in_force for service in services)
    kuty = next(service for service in services if service.service_type.is_kuty)
    section = KutySection.objects.get(relationship=relationship)
    assert (section.starts_on, section.ends_on) == (kuty.starts_on, kuty.ends_on)
    assert all(
        service.starts_on <= p.on <= today
        for service in services
        for p in Participation.objects.filter(service=service)
    )

    # Kela (seed 002): the rehabilitation assessment request, then the AKSE application with a B statement
    # fresh on its submission day, the additional information, the grant, the feedback; then the second
    # consultation, which agrees on applying for education, and the education application, pending.
    assessment = KelaRequest.objects.get(relationship=relationship, kind="rehabilitation_assessment")
    akse = Application.objects.get(client=maija, benefit="akse")
    information = InformationRequest.objects.get(application=akse)
    feedback = Document.objects.get(client=maija, document_type="rehabilitation_feedback")
    education = Application.objects.get(client=maija, benefit="education")
    assert b_statement_freshness(statement.dated_on, akse.submitted_on).fresh
    assert in_order(
        in_force,
        kuty.starts_on,
        assessment.sent_on,
        assessment.answered_on,  # type: ignore[arg-type]
        akse.submitted_on,
        information.requested_on,
        information.answered_on,  # type: ignore[arg-type]
        akse.decided_on,  # type: ignore[arg-type]
        feedback.dated_on,
        later.day,
        education.submitted_on,
    )
    assert later.agreed_with_client_on <= later.day  # type: ignore[operator]
    assert education.submitted_on <= today
    assert not education.is_decided

    # The overdue review, after the education application: version 2 drafted, confirmed by the employment
    # area and then the county, and waiting for Maija's acceptance; version 1 is in force until then.
    review = PlanVersion.objects.get(plan__relationship=relationship, status=VersionStatus.DRAFT)
    assert review.based_on == version
    confirmations = sorted(day_of(c.confirmed_at) for c in review.confirmations.all())
    assert in_order(version.next_review_on, education.submitted_on, review.created_on, *confirmations)
    assert confirmations[-1] <= today
    assert not hasattr(review, "acceptance")

    # Every dated row: not before the pre-information form, in the past unless it names what is to come.
    for (model, pk, field), day in dated_values(maija_rows(maija, relationship)).items():
        assert day >= pre_information.filled_on, (model, pk, field, day)
        if field not in FUTURE_FIELDS:
            assert day <= today, (model, pk, field, day)


def test_loading_again_on_a_later_day_changes_no_date() -> None:
    today = timezone.localdate()
    clients = load_demo(today=today)
    relationship = ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM)
    first = dated_values(maija_rows(clients["maija"], relationship))
    load_demo(today=today + timedelta(days=1))
    assert dated_values(maija_rows(clients["maija"], relationship)) == first


def test_a_demo_user_records_ainos_consent_and_the_demo_coordinator_accepts_her_referral() -> None:
    today = timezone.localdate()
    clients = load_demo(today=today)
    aino = clients["aino"]
    users = {user.username: user for user in User.objects.filter(role__isnull=False)}
    expert, coordinator = users["tyollisyysasiantuntija"], users["tym-koordinaattori"]
    referral = Referral.objects.get(relationship__client=aino, status=Referral.Status.PENDING)
    assert referral.referred_by == expert
    assert day_of(referral.created_at) == referral.relationship.started_on < today
    with pytest.raises(case_errors.ConsentMissing):
        case_services.referral_accept(actor=coordinator, referral=referral)
    # The referring expert works with Aino on her own track, so she may record the consent.
    client_services.consent_give(
        actor=expert,
        client=aino,
        purpose=Purpose.TYM_JOINT_WORK,
        organisations=list(
            Organisation.objects.filter(
                slug__in=["satakunta-employment-area", "satakunta-wellbeing-county", "kela"]
            )
        ),
        categories=[category.value for category in CONSENTABLE_CATEGORIES],
        given_how=Consent.GivenHow.WRITTEN,
        given_on=today,
        valid_from=today,
    )
    relationship = case_services.referral_accept(
        actor=coordinator,
        referral=referral,
        worker_pair={
            TeamRole.WORKER_PAIR_EMPLOYMENT: expert,
            TeamRole.WORKER_PAIR_SOCIAL: users["sosiaalityontekija"],
        },
    )
    assert relationship.phase == Phase.MAPPING
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert day_of(referral.created_at) < day_of(referral.decided_at)  # type: ignore[arg-type]
    # Loading the demo again keeps what the demo users did.
    load_demo(today=today)
    relationship.refresh_from_db()
    assert relationship.phase == Phase.MAPPING
    assert Referral.objects.filter(relationship__client=aino).count() == 1
