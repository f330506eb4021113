"""Aino's referral for the demo data: the README promises the TYM coordinator "Aino's pending referral",
and the coordinator's worklist and referral list show it only when the referral itself exists.

Written directly, like the rest of the demo data (fictional people, nothing to audit); running it again
changes nothing.
"""

from __future__ import annotations

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, Referral


def load_aino_referral(*, relationship: ClientRelationship, referred_by: User) -> Referral | None:
    if relationship.phase != Phase.REFERRAL:
        return None
    assert referred_by.organisation is not None
    referral, _created = Referral.objects.get_or_create(
        relationship=relationship,
        defaults={
            "from_organisation": referred_by.organisation,
            "referred_by": referred_by,
            "work_capacity_limitations": False,
            "life_management_problems": True,
            "needs_multisectoral_support": True,
            "description": (
                "Nuori aikuinen, keskeytynyt ammatillinen koulutus. Arjenhallinnan vaikeudet ja "
                "päihteiden käyttö vaikeuttavat työllistymistä; tarvitaan sosiaali- ja terveyspalveluja "
                "työllisyyspalvelujen rinnalla."
            ),
        },
    )
    return referral
