"""Maija's applications for the demo data (seed 002): Kela's checklist, the vocational rehabilitation
applied for and granted (with a request for additional information on the way), and the education she
continues toward, pending. Written directly; loading twice changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from yhteispolku.accounts.models import User
from yhteispolku.applications.models import Application, Benefit, Decision, InformationRequest, KelaCheck
from yhteispolku.clients.models import Client


def load_maija_applications(*, client: Client, kela_advisor: User, started_on: date) -> None:
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
            "submitted_on": started_on + timedelta(days=80),
            "decision": Decision.GRANTED,
            "decided_on": started_on + timedelta(days=130),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
    if created:
        InformationRequest.objects.create(
            application=selvitys,
            requested_on=started_on + timedelta(days=95),
            due_on=started_on + timedelta(days=109),
            description=(
                "Kela pyytää selvityksen kuntouttavan työtoiminnan jaksosta ja työhönvalmennuksen palautteen."
            ),
            answered_on=started_on + timedelta(days=103),
            recorded_by=kela_advisor,
        )
    Application.objects.get_or_create(
        client=client,
        benefit=Benefit.EDUCATION,
        defaults={
            "details": "",
            "helped_by": kela_advisor,
            "submitted_on": started_on + timedelta(days=190),
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
