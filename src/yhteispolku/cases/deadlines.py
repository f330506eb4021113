"""The TYM case's due items for the worklist (`rules.deadlines`).

- the multi-sectoral mapping's target (R-TYM-2), while the case is in mapping;
- the 2-year goal (R-TYM-2), noticed from the warning window on, and once passed;
- a TYM client not yet registered with Kela (R-TYM-5: every TYM client since 1.1.2025);
- a referral waiting for the receiving unit's decision (no rule sets a time for it: the date is the day
  it arrived);
- a notice to the referring professional that their referral was accepted or declined, for
  `REFERRAL_NOTICE_DAYS` days from the decision (or until they acknowledge it on the worklist).

One query per source whatever the number of relationships; the client is read without the encrypted
identity code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.cases import rules
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, Referral, Track
from yhteispolku.core.urls import url_for
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem

KELA_REGISTRATION_RULE = "R-TYM-5"
CLIENT_FIELDS = ("client__code", "client__first_names", "client__last_name")


def _relationships(relationship_ids: Sequence[int], *phases: str) -> QuerySet[ClientRelationship]:
    return (
        ClientRelationship.objects.filter(pk__in=relationship_ids, track=Track.TYM, phase__in=phases)
        .select_related("client")
        .only("id", "code", "phase", "started_on", "ended_on", "kela_registered_on", *CLIENT_FIELDS)
        .order_by("id")
    )


def _case_url(relationship: ClientRelationship) -> str:
    return url_for("cases:detail", code=relationship.client.code)


def _item(
    relationship: ClientRelationship,
    due_on: date,
    kind: str,
    label: str,
    url: str,
    rule_id: str = "",
    rule_version: str = "",
    notice_from: date | None = None,
) -> DueItem:
    return DueItem(
        due_on=due_on,
        kind=kind,
        label=label,
        client_code=str(relationship.client.code),
        client_name=relationship.client.full_name,
        relationship_id=relationship.pk,
        url=url,
        rule_id=rule_id,
        rule_version=rule_version,
        notice_from=notice_from,
    )


def mapping_targets(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """R-TYM-2: the mapping should be done about 3 months after it started (the latest move into
    mapping; a relationship that opened straight in mapping counts from its start)."""
    relationships = _relationships(relationship_ids, Phase.MAPPING).annotate(
        mapping_started_at=Max("phase_transitions__at", filter=Q(phase_transitions__to_phase=Phase.MAPPING))
    )
    items = []
    for relationship in relationships:
        started_at = relationship.mapping_started_at
        started_on = timezone.localdate(started_at) if started_at else relationship.started_on
        target = rules.mapping_target(started_on)
        items.append(
            _item(
                relationship,
                target.on,
                "mapping_target",
                _("Monialainen kartoitus valmiiksi (tavoite noin %(months)s kk)")
                % {"months": rules.months("mapping_target_months", started_on)},
                url_for("assessments:mapping", relationship_code=relationship.code),
                target.rule_id,
                target.version,
            )
        )
    return items


def tym_goals(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """R-TYM-2: the TYM relationship aims to end within 2 years; the worklist notices it from the warning
    window (3 months before) on and keeps it there once the goal has passed."""
    items = []
    for relationship in _relationships(relationship_ids, *OPEN_PHASES).filter(ended_on__isnull=True):
        goal = rules.tym_goal(relationship.started_on)
        notice_from = rules.tym_goal_warning_from(relationship.started_on)
        if today < notice_from:
            continue
        label = (
            _("TYM-asiakkuuden kahden vuoden tavoiteaika on ylittynyt")
            if today > goal.on
            else _("TYM-asiakkuuden kahden vuoden tavoiteaika lähestyy: sovikaa jatko ja päättäminen")
        )
        items.append(
            _item(
                relationship,
                goal.on,
                "tym_goal",
                label,
                _case_url(relationship),
                goal.rule_id,
                goal.version,
                notice_from=notice_from,
            )
        )
    return items


def kela_registrations(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """R-TYM-5 (seed 004): every TYM client whose relationship began on or after 1.1.2025 is registered
    with Kela. A relationship begun before the rule's first version has no such duty."""
    items = []
    relationships = _relationships(relationship_ids, *OPEN_PHASES).filter(kela_registered_on__isnull=True)
    for relationship in relationships:
        try:
            due = engine.due(KELA_REGISTRATION_RULE, "registration_days", relationship.started_on)
        except engine.RuleMissing:
            continue
        items.append(
            _item(
                relationship,
                due.on,
                "kela_registration",
                _("Rekisteröi TYM-asiakas Kelaan"),
                url_for("cases:kela_registration", code=relationship.client.code),
                due.rule_id,
                due.version,
            )
        )
    return items


def pending_referrals(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A referral waiting for the receiving TYM team's decision, dated the day it arrived."""
    referrals = (
        Referral.objects.filter(
            relationship_id__in=relationship_ids,
            status=Referral.Status.PENDING,
            relationship__phase=Phase.REFERRAL,
        )
        .select_related("relationship__client")
        .only(
            "id",
            "created_at",
            "relationship__id",
            "relationship__code",
            *(f"relationship__{name}" for name in CLIENT_FIELDS),
        )
        .order_by("id")
    )
    return [
        _item(
            referral.relationship,
            timezone.localdate(referral.created_at),
            "referral_pending",
            _("Lähete odottaa päätöstä"),
            url_for("cases:referral_decide", code=referral.relationship.client.code),
        )
        for referral in referrals
    ]


REFERRAL_NOTICE_DAYS = 14


def referral_decisions(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A referral decided in the last `REFERRAL_NOTICE_DAYS` days: a notice to the one who sent it.

    A notice, not an action: dated the day of the decision, for the referrer only, never reminded. No
    reason text: the case page shows the decision to those who may read it."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=REFERRAL_NOTICE_DAYS), time.min))
    referrals = (
        Referral.objects.filter(
            relationship_id__in=relationship_ids,
            status__in=(Referral.Status.ACCEPTED, Referral.Status.DECLINED),
            decided_at__gte=since,
        )
        .select_related("relationship__client")
        .only(
            "id",
            "status",
            "decided_at",
            "referred_by_id",
            "relationship__id",
            "relationship__code",
            *(f"relationship__{name}" for name in CLIENT_FIELDS),
        )
        .order_by("id")
    )
    items = []
    for referral in referrals:
        assert referral.decided_at is not None
        accepted = referral.status == Referral.Status.ACCEPTED
        items.append(
            DueItem(
                due_on=timezone.localdate(referral.decided_at),
                kind="referral_accepted" if accepted else "referral_declined",
                label=_("Lähettämäsi lähete hyväksyttiin") if accepted else _("Lähettämäsi lähete hylättiin"),
                client_code=str(referral.relationship.client.code),
                client_name=referral.relationship.client.full_name,
                relationship_id=referral.relationship.pk,
                url=_case_url(referral.relationship),
                rule_id="",
                rule_version="",
                owner_id=referral.referred_by_id,
                notice=True,
            )
        )
    return items


SOURCES = (mapping_targets, tym_goals, kela_registrations, pending_referrals, referral_decisions)
# Items the receiving unit's professionals see for a referral before anyone is on a case team.
INTAKE_KINDS = frozenset({"referral_pending"})
