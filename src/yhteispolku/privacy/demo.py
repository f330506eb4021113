"""The DPO's demo request: Maija asked who has used her data ten days before the load day T, so the
answer (R-LOG-1: one month from receipt, moved to a working day) is due about three weeks after T and
shows on the DPO's worklist. Loading twice changes nothing. `web.demo_data` calls it.

The DPO works for the wellbeing county; Maija is the employment area's client (its TYM unit is responsible
for her relationship). The two Satakunta TYM authorities have a joint-controller agreement, recorded here,
so the county's officer answers for her; Keusote's clients (Kalle) stay outside the officer's scope."""

from __future__ import annotations

from datetime import date, timedelta

from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import JointControllerAgreement, Organisation
from yhteispolku.privacy import rules
from yhteispolku.privacy.models import AccessLogRequest

RECEIVED_DAYS_BEFORE_LOAD = 10
AGREEMENT_REFERENCE = "SATA-TYM-YRP-2025"
AGREEMENT_PARTIES = ("satakunta-employment-area", "satakunta-wellbeing-county")


def load_satakunta_agreement() -> JointControllerAgreement:
    """The Satakunta TYM authorities' joint-controller agreement (demo), in force from 1.1.2025."""
    agreement, created = JointControllerAgreement.objects.get_or_create(
        reference=AGREEMENT_REFERENCE, defaults={"valid_from": date(2025, 1, 1)}
    )
    if created:
        agreement.parties.set(Organisation.objects.filter(slug__in=AGREEMENT_PARTIES))
    return agreement


def load_maija_log_request(*, client: Client, officer: User, today: date) -> AccessLogRequest:
    load_satakunta_agreement()
    existing = AccessLogRequest.objects.filter(client=client).order_by("pk").first()
    if existing is not None:
        return existing
    received_on = today - timedelta(days=RECEIVED_DAYS_BEFORE_LOAD)
    due = rules.answer_due(received_on)
    return AccessLogRequest.objects.create(
        client=client,
        reference=f"TSV-{received_on.year}-0042",
        requester=AccessLogRequest.Requester.CLIENT,
        received_on=received_on,
        due_on=due.on,
        rule_version=due.version,
        recorded_by=officer,
    )
