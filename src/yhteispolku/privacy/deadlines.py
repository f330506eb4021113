"""The DPO's due items: the answer date of each open access-log request (R-LOG-1), on their worklist.

A request is not bound to a client relationship (the DPO is on no case team), so this is a user source
(`rules.deadlines.register_user_source`): one query for any number of requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from yhteispolku.accounts.models import User
from yhteispolku.core.categories import Purpose
from yhteispolku.core.urls import url_for
from yhteispolku.privacy.rules import RULE_ID
from yhteispolku.privacy.selectors import may_use_desk, requests_in_scope
from yhteispolku.rules.deadlines import DueItem

KIND = "access_log_request"


def request_answers(user: User, today: date) -> Iterable[DueItem]:
    if not may_use_desk(user):
        return []
    rows = requests_in_scope(user)
    return [
        DueItem(
            due_on=row.answer_due,
            kind=KIND,
            label=_("Vastaa lokitietopyyntöön %(reference)s") % {"reference": row.reference},
            client_code=str(row.client.code),
            client_name=row.client.full_name,
            relationship_id=None,
            url=url_for("privacy:request", pk=row.pk),
            rule_id=RULE_ID,
            rule_version=row.rule_version,
            owner_id=user.pk,
            purpose=Purpose.DATA_PROTECTION_REQUEST,
        )
        for row in rows
    ]
