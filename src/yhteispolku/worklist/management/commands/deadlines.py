"""`yhteispolku deadlines --date D [--user USERNAME]`: the due items, for scripts and cron.

One line per item, tab-separated: due date, group (overdue, this_week, next_30_days, noticed), kind,
the rule and version behind the date ("-" for an agreed date), the client's code, the relationship's
responsible (the named professional, else "team") and what is due. Client names are not printed: the
client's code is enough to open the case, and the page logs who looked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Phase
from yhteispolku.rules.deadlines import DueItem, due_items
from yhteispolku.worklist.selectors import collect, group_of


class Command(BaseCommand):
    help = "Print the due items on a date (everyone's, or one professional's) with the rule behind each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="the day (YYYY-MM-DD); default today")
        parser.add_argument("--user", help="a professional's username: their worklist only")

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["date"] or timezone.localdate()
        translation.activate("fi")
        if options["user"]:
            try:
                user = User.objects.get(username=options["user"], is_active=True)
            except User.DoesNotExist as error:
                raise CommandError(f"no active user {options['user']!r}") from error
            _worklist, _relations, items = collect(actor=user, today=today)
        else:
            ids = list(
                ClientRelationship.objects.filter(phase__in=(*OPEN_PHASES, Phase.REFERRAL))
                .order_by("id")
                .values_list("id", flat=True)
            )
            items = [item for item in due_items(ids, today) if group_of(item, today) is not None]
        owners = dict(
            User.objects.filter(pk__in={item.owner_id for item in items if item.owner_id}).values_list(
                "id", "username"
            )
        )
        self.stdout.write("\t".join(("due_on", "group", "kind", "rule", "client", "responsible", "what")))
        for item in sorted(items, key=lambda item: (item.due_on, item.client_code, item.kind)):
            self.stdout.write(_line(item, today, owners))


def _line(item: DueItem, today: date, owners: dict[int, str]) -> str:
    return "\t".join(
        (
            item.due_on.isoformat(),
            group_of(item, today) or "",
            item.kind,
            item.rule_reference or "-",
            item.client_code,
            owners.get(item.owner_id, "") if item.owner_id is not None else "team",
            item.label,
        )
    )
