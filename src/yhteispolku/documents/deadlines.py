"""The documents' items for the worklist (`rules.deadlines`): a statement request still to be sent.

A request for a medical statement names its addressee as free text (the health-centre doctor, outside
Yhteispolku) and a contact person on the case team: nobody in Yhteispolku is asked for the statement,
so what waits here is the contact person's own step, sending the drafted request. It is dated the day
the draft was made and disappears once the request is marked sent. One query for any number of
relationships; the label names the statement's letter only, never the letter's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.core.urls import url_for
from yhteispolku.documents.models import StatementRequest, StatementRequestStatus
from yhteispolku.rules.deadlines import DueItem


def statement_requests_to_send(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    requests = (
        StatementRequest.objects.filter(
            relationship_id__in=relationship_ids,
            relationship__phase__in=OPEN_PHASES,
            status=StatementRequestStatus.DRAFT,
        )
        .select_related("client")
        .only(
            "id",
            "code",
            "statement_type",
            "created_at",
            "contact_id",
            "relationship_id",
            "client__code",
            "client__first_names",
            "client__last_name",
        )
        .order_by("id")
    )
    return [
        DueItem(
            due_on=timezone.localdate(request.created_at),
            kind="statement_request_to_send",
            label=_("Lähetä lausuntopyyntö (%(statement)s)")
            % {"statement": request.get_statement_type_display()},
            client_code=str(request.client.code),
            client_name=request.client.full_name,
            relationship_id=request.relationship_id,
            url=url_for("documents:statement_request", code=request.client.code, request_code=request.code),
            rule_id="",
            rule_version="",
            owner_id=request.contact_id,
        )
        for request in requests
    ]
