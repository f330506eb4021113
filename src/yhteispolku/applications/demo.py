"""Maija's applications for the demo data (seed 002): Kela's checklist of the mapping, the vocational
rehabilitation assessment (AKSE) applied for in TYM work once the B statement was in and granted (with a
request for additional information on the way), and the education she continues toward, applied for
after the second Kela consultation and pending. Written directly; loading twice changes nothing.

`started_on` is the day her referral was accepted (the mapping began), `today` the load day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.applications.models import (
    Application,
    Benefit,
    Decision,
    InformationRequest,
    KelaCheck,
    KelaInterview,
    KelaJointReview,
    KelaJointReviewEntry,
)
from yhteispolku.cases.models import ClientRelationship, TeamMember, TeamRole
from yhteispolku.clients.models import Benefit as ClientBenefit
from yhteispolku.clients.models import BenefitPeriod, Client, benefit_category


def load_maija_applications(*, client: Client, kela_advisor: User, started_on: date, today: date) -> None:
    assert kela_advisor.organisation is not None
    KelaCheck.objects.get_or_create(
        client=client,
        defaults={
            "checked_on": started_on + timedelta(days=45),
            "indicators": [
                "health_limitations",
                "everyday_capacity_weakened",
                "learning_difficulties",
                "work_ability_assessment_considered",
            ],
            "criteria": ["young_hard_to_employ", "partially_able_adult"],
            "note": "Kela-konsultaatio: lääkärinlausunto (B) tarvitaan ammatillisen kuntoutuksen hakemiseen.",
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    selvitys, created = Application.objects.get_or_create(
        client=client,
        benefit=Benefit.AKSE,
        defaults={
            "helped_by": kela_advisor,
            "submitted_on": today - timedelta(days=70),
            "decision": Decision.GRANTED,
            "decided_on": today - timedelta(days=45),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    if created:
        InformationRequest.objects.create(
            application=selvitys,
            requested_on=today - timedelta(days=60),
            due_on=today - timedelta(days=46),
            description=(
                "Kela pyytää selvityksen kuntouttavan työtoiminnan jaksosta ja työhönvalmennuksen palautteen."
            ),
            answered_on=today - timedelta(days=52),
            recorded_by=kela_advisor,
        )
    Application.objects.get_or_create(
        client=client,
        benefit=Benefit.EDUCATION,
        defaults={
            "details": "",
            "helped_by": kela_advisor,
            "submitted_on": today - timedelta(days=5),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )

    # Kela's routines (issue 14): her labour-market subsidy as Kela records it, and the rehabilitation
    # interview the work-ability advisor booked for the education application, ten days from the load day.
    BenefitPeriod.objects.get_or_create(
        client=client,
        benefit=ClientBenefit.LABOUR_MARKET_SUBSIDY,
        defaults={
            "category": benefit_category(ClientBenefit.LABOUR_MARKET_SUBSIDY),
            "starts_on": started_on - timedelta(days=200),
            "source": BenefitPeriod.Source.KELA_DECISION,
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    KelaInterview.objects.get_or_create(
        client=client,
        defaults={
            "starts_at": timezone.make_aware(datetime.combine(today + timedelta(days=10), time(10))),
            "mode": KelaInterview.Mode.IN_PERSON,
            "interviewer": kela_advisor,
            "place": "Kelan Porin toimisto",
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )


def load_sofia_kela(*, relationship: ClientRelationship, kela_advisor: User) -> None:
    """Kela's routines beyond Maija (seed 004): Kela's work-ability advisor joined Sofia's TYM team; her
    sickness allowance ended and her rehabilitation allowance runs; a Kela work trial was granted and its
    placement found within the month (R-KELA-3); the continuation application is pending; her
    rehabilitation interview is booked as a video call. Every day counts from her start (T-150 at the
    first load), so that a later load keeps her story."""
    assert kela_advisor.organisation is not None
    client = relationship.client
    started_on = relationship.started_on
    loaded_on = started_on + timedelta(days=150)
    TeamMember.objects.get_or_create(
        relationship=relationship,
        user=kela_advisor,
        left_on=None,
        defaults={"team_role": TeamRole.MEMBER, "joined_on": started_on + timedelta(days=60)},
    )
    for benefit, starts_on, ends_on in (
        (ClientBenefit.SICKNESS_ALLOWANCE, started_on - timedelta(days=60), started_on + timedelta(days=90)),
        (
            ClientBenefit.REHABILITATION_ALLOWANCE,
            started_on + timedelta(days=120),
            loaded_on + timedelta(days=60),
        ),
    ):
        BenefitPeriod.objects.get_or_create(
            client=client,
            benefit=benefit,
            defaults={
                "category": benefit_category(benefit),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "source": BenefitPeriod.Source.KELA_DECISION,
                "recorded_by": kela_advisor,
                "organisation": kela_advisor.organisation,
            },
        )
    trial, _created = Application.objects.get_or_create(
        client=client,
        benefit=Benefit.KELA_WORK_TRIAL,
        continues=None,
        defaults={
            "helped_by": kela_advisor,
            "submitted_on": started_on + timedelta(days=95),
            "decision": Decision.GRANTED,
            "decided_on": started_on + timedelta(days=110),
            "decision_received_on": started_on + timedelta(days=112),
            "placement_found_on": started_on + timedelta(days=118),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    Application.objects.get_or_create(
        client=client,
        benefit=Benefit.KELA_WORK_TRIAL,
        continues=trial,
        defaults={
            "details": "Jatkoa työkokeilulle samassa asiakaspalvelutehtävässä.",
            "helped_by": kela_advisor,
            "submitted_on": loaded_on - timedelta(days=6),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    KelaInterview.objects.get_or_create(
        client=client,
        defaults={
            "starts_at": timezone.make_aware(datetime.combine(loaded_on + timedelta(days=14), time(13))),
            "mode": KelaInterview.Mode.VIDEO,
            "interviewer": kela_advisor,
            "place": "Videoyhteyden linkki tekstiviestillä edellisenä päivänä",
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )


def load_joint_review(*, maija: ClientRelationship, kela_advisor: User) -> KelaJointReview:
    """The TYM team's twice-yearly joint review with Kela (R-KELA-5), held once a month after Maija's
    referral was accepted (T-170 at the first load), so that the next one is due in about two weeks."""
    assert kela_advisor.organisation is not None
    held_on = maija.started_on + timedelta(days=30)
    review, created = KelaJointReview.objects.get_or_create(
        unit=maija.responsible_unit,
        held_on=held_on,
        defaults={
            "participants": (
                "Kelan TYM-työkykyneuvoja, TYM-tiimin työllisyysasiantuntija, sosiaalityöntekijä ja "
                "terveydenhoitaja (etäyhteys)"
            ),
            "next_steps": "Maijan monialaisen suunnitelman päivitystarve tarkistetaan kartoituksen jälkeen.",
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    if created:
        KelaJointReviewEntry.objects.create(
            review=review,
            client=maija.client,
            note="Kuntoutusmahdollisuudet selvitetään; B-lausunto tarvitaan ennen hakemusta.",
        )
    return review
