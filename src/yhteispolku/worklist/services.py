"""The reminder job: a reminder for each due item that is overdue or due within a week, to each
professional whose worklist holds it. Idempotent: safe to run every hour (README, "Reminders")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yhteispolku.accounts.models import User
from yhteispolku.cases.deadlines import INTAKE_KINDS
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase, TeamMember
from yhteispolku.rules.deadlines import due_items
from yhteispolku.worklist.models import Acknowledgement, Reminder
from yhteispolku.worklist.selectors import collect, item_key

__all__ = ["item_key", "notice_acknowledge", "reminders_record", "reminders_send"]

REMIND_DAYS = 7
BATCH = 500


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _recipients(
    relationship_ids: Sequence[int],
) -> tuple[dict[int, list[tuple[int, int | None]]], dict[int, list[int]]]:
    """The current team of each open relationship (each member with their organisation), and the
    receiving unit's professionals of each referral (the intake unit: the worklist shows them the
    referral)."""
    team: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for relationship_id, user_id, organisation_id in TeamMember.objects.filter(
        relationship_id__in=relationship_ids, left_on__isnull=True, relationship__phase__in=OPEN_PHASES
    ).values_list("relationship_id", "user_id", "user__organisation_id"):
        team[relationship_id].append((user_id, organisation_id))
    referrals = dict(
        ClientRelationship.objects.filter(pk__in=relationship_ids, phase=Phase.REFERRAL).values_list(
            "id", "responsible_unit_id"
        )
    )
    unit_people: dict[int, list[int]] = defaultdict(list)
    for user_id, unit_id in User.objects.filter(
        unit_id__in=set(referrals.values()), is_active=True, role__isnull=False
    ).values_list("id", "unit_id"):
        unit_people[unit_id].append(user_id)
    intake = {relationship_id: unit_people[unit_id] for relationship_id, unit_id in referrals.items()}
    return team, intake


def reminders_record(*, today: date) -> int:
    """Record the reminders due on `today`; returns how many were new."""
    ids = list(
        ClientRelationship.objects.filter(phase__in=(*OPEN_PHASES, Phase.REFERRAL))
        .order_by("id")
        .values_list("id", flat=True)
    )
    created = 0
    horizon = today + timedelta(days=REMIND_DAYS)
    for batch in _batches(ids):
        # Notices (a referral I sent was decided) are news, not something due: never reminded.
        items = [
            item
            for item in due_items(batch, today)
            if item.due_on <= horizon and item.relationship_id and not item.notice
        ]
        if not items:
            continue
        team, intake = _recipients(batch)
        wanted: dict[tuple[str, int, date], Reminder] = {}
        for item in items:
            assert item.relationship_id is not None
            if item.relationship_id in intake:
                people = intake[item.relationship_id] if item.kind in INTAKE_KINDS else []
            elif item.owner_id is not None:
                people = [item.owner_id]
            else:
                people = [
                    user_id
                    for user_id, organisation_id in team.get(item.relationship_id, [])
                    if item.owner_organisation_id in (None, organisation_id)
                ]
            key = item_key(item)
            for user_id in people:
                wanted[(key, user_id, item.due_on)] = Reminder(
                    recipient_id=user_id,
                    item_key=key,
                    kind=item.kind,
                    relationship_id=item.relationship_id,
                    due_on=item.due_on,
                    rule_id=item.rule_id,
                    rule_version=item.rule_version,
                    url=item.url[:300],
                )
        existing = set(
            Reminder.objects.filter(relationship_id__in=batch, due_on__lte=horizon).values_list(
                "item_key", "recipient_id", "due_on"
            )
        )
        new = [reminder for key, reminder in wanted.items() if key not in existing]
        with transaction.atomic():
            # A second job running at the same moment: the unique constraint keeps one of each.
            Reminder.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    return created


def notice_acknowledge(*, actor: User, key: str, today: date) -> bool:
    """Mark a notice on the actor's own list as seen; False when no such notice is on it."""
    worklist, _relations, _shown = collect(actor=actor, today=today)
    if Acknowledgement.objects.filter(user=actor, item_key=key).exists():
        return True  # a second click from a page opened before the first
    if key not in {item_key(item) for item in worklist.notices}:
        return False
    Acknowledgement.objects.get_or_create(user=actor, item_key=key)
    return True


def reminders_send() -> int:
    """E-mail each professional once about their reminders not yet notified; returns how many e-mails.

    The notice is content-free: how many items wait and a link to the worklist, never a client, a kind
    or a date (e-mail leaves the service). Only to the professional's own address on their account, only
    while the account is active; a reminder once covered by an e-mail is marked and never sent again. An
    account without an address gets nothing (its reminders stay unsent and show on the worklist).
    """
    pending = Reminder.objects.filter(
        emailed_at__isnull=True, recipient__is_active=True, recipient__role__isnull=False
    ).exclude(recipient__email="")
    by_recipient: dict[int, list[int]] = defaultdict(list)
    for reminder_id, recipient_id in pending.values_list("id", "recipient_id").order_by("recipient_id", "id"):
        by_recipient[recipient_id].append(reminder_id)
    if not by_recipient:
        return 0
    addresses = dict(User.objects.filter(pk__in=by_recipient).values_list("id", "email"))
    link = settings.SITE_URL + reverse("worklist:worklist")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for recipient_id, reminder_ids in by_recipient.items():
            count = len(reminder_ids)
            subject = _("Yhteispolku: odottavia asioita")
            body = "\n\n".join(
                (
                    ngettext(
                        "Sinulla on %(count)s odottava asia Yhteispolussa.",
                        "Sinulla on %(count)s odottavaa asiaa Yhteispolussa.",
                        count,
                    )
                    % {"count": count},
                    _("Katso työlistasi: %(link)s") % {"link": link},
                    _("Tämä viesti ei kerro asiakkaista mitään. Älä vastaa tähän viestiin."),
                )
            )
            with transaction.atomic():
                # Claimed first, so that two jobs at once do not both send: only the rows still unsent.
                claimed = Reminder.objects.filter(pk__in=reminder_ids, emailed_at__isnull=True).update(
                    emailed_at=timezone.now()
                )
                if not claimed:
                    continue
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [addresses[recipient_id]])
            sent += 1
    return sent
