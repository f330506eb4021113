"""The worklist's items from the client's own forms: a pre-information form or a self-assessment she sent
in Oma Yhteispolku that the team has not yet marked read (the inbox shows what clients send, issue 13).

No rule sets the team a time to read them; as a request waiting on the team, an item is dated the day she
sent the form, so it shows this week when new and overdue after that, until someone on the team marks it
read. One query per kind of form for any number of relationships; the label names no content.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.assessments.models import SelfAssessment
from yhteispolku.cases.models import ClientRelationship, PreInformation
from yhteispolku.clients.models import unlisted_client_fields
from yhteispolku.core.urls import url_for
from yhteispolku.rules.deadlines import DueItem

KIND = "client_form"


def _item(relationship: ClientRelationship, sent_on: date, label: str) -> DueItem:
    client = relationship.client
    return DueItem(
        due_on=sent_on,
        kind=KIND,
        label=label,
        client_code=str(client.code),
        client_name=client.full_name,
        relationship_id=relationship.pk,
        url=url_for("assessments:mapping", relationship_code=relationship.code) + "#client-forms",
        rule_id="",
        rule_version="",
    )


def client_form_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """The client's own forms waiting for the team to read them; the whole team sees them."""
    forms = (
        PreInformation.objects.filter(
            relationship_id__in=relationship_ids, how=PreInformation.How.PORTAL, read_at__isnull=True
        )
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
    )
    for info in forms:
        assert info.relationship is not None  # a form sent in the portal always has its relationship
        yield _item(
            info.relationship,
            timezone.localdate(info.created_at),
            _("Asiakas lähetti esitietolomakkeen: lue ja merkitse luetuksi"),
        )
    own = (
        SelfAssessment.objects.filter(relationship_id__in=relationship_ids, read_at__isnull=True)
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
    )
    for row in own:
        yield _item(
            row.relationship,
            timezone.localdate(row.submitted_at),
            _("Asiakas lähetti itsearvion: lue ja merkitse luetuksi"),
        )
