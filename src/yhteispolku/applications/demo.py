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
)
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
