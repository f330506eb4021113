"""The service paths in the demo data, for web/demo_data.py to call: Maija's KUTY section in her TYM plan
(seed 002: 6 months of rehabilitative work activity) and Ahmed's integration assessment and plans.

Written directly, like the rest of the demo data: fictional people, so there is nothing to audit. The
rows still pass the rules (`paths.rules`), so the demo never shows what the system would refuse.
Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients.models import Client
from yhteispolku.paths import rules
from yhteispolku.paths.models import IntegrationAssessment, IntegrationPlan, KutySection
from yhteispolku.plans.models import AgreedService, VersionStatus
from yhteispolku.rules import engine


@transaction.atomic
def load_paths_demo(*, clients: dict[str, Client], users: dict[str, User]) -> None:
    load_maija_kuty(
        relationship=ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM),
        social_worker=users["sosiaalityontekija"],
    )
    load_ahmed_integration(
        relationship=ClientRelationship.objects.get(client=clients["ahmed"], track=Track.INTEGRATION),
        employment_expert=users["tyollisyysasiantuntija"],
    )


def load_maija_kuty(*, relationship: ClientRelationship, social_worker: User) -> KutySection | None:
    """The six items of R-KUTY-1 for the KUTY service of Maija's plan in force; the effects are
    assessed after the first three months."""
    service = (
        AgreedService.objects.filter(
            version__plan__relationship=relationship,
            version__status=VersionStatus.IN_FORCE,
            service_type__is_kuty=True,
        )
        .order_by("starts_on")
        .first()
    )
    if service is None:
        return None
    existing = KutySection.objects.filter(relationship=relationship, agreed_service=service).first()
    if existing is not None:
        return existing
    start = service.starts_on
    data = {
        "goal": "Lisätietoa työ- ja toimintakyvystä; arjen mielekäs toiminta ja säännöllinen päivärytmi.",
        "description": "Kevyet kokoonpano- ja lajittelutehtävät, selkeät ja vaiheistetut työohjeet.",
        "place": "Porin kaupungin työkeskus, kokoonpanoyksikkö",
        "hours_per_day": Decimal("4"),
        "days_per_week": 3,
        "starts_on": start,
        "ends_on": rules.period_last_day(start, 6),
        "support_and_guidance": (
            "Työvalmentaja paikalla päivittäin; sosiaalityöntekijän tapaaminen kahden viikon välein; "
            "rauhallinen työpiste ja kirjalliset ohjeet."
        ),
        "other_services": (
            "Räätälöity työhönvalmennus (työllisyysalue); terveysaseman lääkärin lausunto (B) Kelan "
            "ammatillista kuntoutusta varten; perheen tuki."
        ),
        "effects_assessed_by": engine.add_months(start, 3),
        "paid_work_hours_per_week": Decimal("0"),
    }
    refusals = rules.kuty_section_refusals(data)
    assert not refusals, refusals  # the demo shows only what the rules accept
    assert social_worker.organisation is not None
    return KutySection.objects.create(
        relationship=relationship,
        agreed_service=service,
        owner_organisation=social_worker.organisation,
        created_by=social_worker,
        **data,
    )


def load_ahmed_integration(
    *, relationship: ClientRelationship, employment_expert: User
) -> list[IntegrationPlan]:
    """Ahmed's assessment and two integration plans that together reach the 2-year limit of R-KOTO-1."""
    assert employment_expert.organisation is not None
    organisation = employment_expert.organisation
    start = relationship.started_on
    IntegrationAssessment.objects.get_or_create(
        relationship=relationship,
        defaults={
            "assessed_on": start + timedelta(days=9),
            "first_residence_permit_on": start - timedelta(days=17),
            "skills": "Äidinkieli arabia, englanti hyvä; suomen kieli alkeet. Sähköasentajan koulutus.",
            "service_needs": "Kotoutumiskoulutus nopealla polulla, tutkinnon tunnustaminen, työkokeilu.",
            "owner_organisation": organisation,
            "created_by": employment_expert,
        },
    )
    first_start = start + timedelta(days=28)
    periods: list[tuple[date, date, str]] = [
        (first_start, rules.period_last_day(first_start, 12), "Suomen kieli A2; tutkinnon tunnustaminen."),
        (
            engine.add_months(first_start, 12),
            rules.period_last_day(first_start, 24),
            "Suomen kieli B1; työkokeilu sähköalan yrityksessä.",
        ),
    ]
    plans = []
    for number, (starts_on, ends_on, goals) in enumerate(periods, start=1):
        plan, _created = IntegrationPlan.objects.get_or_create(
            relationship=relationship,
            number=number,
            defaults={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "goals": goals,
                "services": "Kotoutumiskoulutus (nopea polku), työnhakuvalmennus englanniksi.",
                "owner_organisation": organisation,
                "created_by": employment_expert,
            },
        )
        plans.append(plan)
    return plans
