"""Maija's multi-sectoral mapping for the demo data (seed 002), written directly like the rest of the
demo loader: idempotent, without audit entries, since no one reads or writes here but the loader.

`web.demo_data.load_demo` calls `load_maija_mapping` with Maija's TYM relationship and her team.
"""

from __future__ import annotations

from datetime import date, timedelta

from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import MappingAction, MappingActionKind, SectorAssessment, StatementType
from yhteispolku.cases.models import ClientRelationship


def load_maija_mapping(
    *,
    relationship: ClientRelationship,
    social_worker: User,
    employment_expert: User,
    nurse: User,
    kela_advisor: User,
    started_on: date,
) -> None:
    """The worker pair's two assessments, the health-check referral and the Kela consultation."""
    assessments = [
        (
            social_worker,
            "social",
            started_on + timedelta(days=14),
            "Palvelutarpeen arvio: Maija asuu perheen kanssa. Peruskoulun ajan koulunkäyntiavustajan tuki. "
            "Terveydentila vaikuttaa työllistymiseen; toiminnanohjauksen haasteita arjessa.",
            "Arjen toiminnanohjauksen tuki, perheen kanssa tehtävä yhteistyö, tieto työ- ja toimintakyvystä.",
        ),
        (
            employment_expert,
            "employment",
            started_on + timedelta(days=21),
            "Osaaminen ja ammattitaito: lukion päättötodistus ilman ylioppilastutkintoa, toisen asteen "
            "ammatillinen tutkinto, ei palkkatyökokemusta. Toiveena työllistyminen palkkatyöhön.",
            "Räätälöity työhönvalmennus; tieto vahvuuksista ja haasteista työnantajalle.",
        ),
    ]
    for author, sector, assessed_on, findings, needs in assessments:
        assert author.organisation is not None
        SectorAssessment.objects.get_or_create(
            relationship=relationship,
            sector=sector,
            defaults={
                "assessed_on": assessed_on,
                "findings": findings,
                "needs": needs,
                "author": author,
                "organisation": author.organisation,
            },
        )
    assert social_worker.organisation is not None
    MappingAction.objects.get_or_create(
        relationship=relationship,
        kind=MappingActionKind.HEALTH_CHECK_REFERRAL,
        defaults={
            "planned_on": started_on + timedelta(days=14),
            "responsible": nurse,
            "recorded_by": social_worker,
            "organisation": social_worker.organisation,
        },
    )
    assert kela_advisor.organisation is not None
    MappingAction.objects.get_or_create(
        relationship=relationship,
        kind=MappingActionKind.KELA_CONSULTATION,
        defaults={
            "planned_on": started_on + timedelta(days=40),
            "done_on": started_on + timedelta(days=45),
            "responsible": kela_advisor,
            "outcome": "Maijan tietoihin perehdytty yhdessä (Kela ja sotepe), aiemmista palveluista saatu "
            "tieto katsottu yhteen. Todetaan lääkärinlausunnon tarve Kelan ammatillista kuntoutusta varten.",
            "medical_statement_needed": True,
            "statement_type": StatementType.B,
            "recorded_by": kela_advisor,
            "organisation": kela_advisor.organisation,
        },
    )
