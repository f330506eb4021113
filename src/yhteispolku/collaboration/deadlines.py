"""The worklist's due items from network work: open follow-up actions of consultations (owned by a named
professional), open reviews with the client (R-CONS-1) and what the client must still deliver.

Three queries for any number of relationships; the review's date comes from the rule data (R-CONS-1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yhteispolku.collaboration.models import ClientTodo, Consultation, FollowUpAction, TodoStatus
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem

REVIEW_RULE = "R-CONS-1"
REVIEW_PERIOD = "review_with_client_working_days"


def _consultation_url(consultation: Consultation) -> str:
    assert consultation.relationship is not None
    return reverse(
        "collaboration:consultation",
        kwargs={"relationship_code": consultation.relationship.code, "consultation_code": consultation.code},
    )


def follow_up_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Open follow-up actions, each for its owner. Labels carry no free text: the worklist is a list."""
    follow_ups = FollowUpAction.objects.filter(
        consultation__relationship_id__in=relationship_ids, done_on__isnull=True
    ).select_related("consultation__relationship__client")
    for follow_up in follow_ups:
        consultation = follow_up.consultation
        assert consultation.relationship is not None
        client = consultation.relationship.client
        yield DueItem(
            due_on=follow_up.due_on,
            kind="consultation_follow_up",
            label=_("Konsultaation jatkotoimi (%(kind)s %(day)s)")
            % {"kind": consultation.get_kind_display(), "day": date_format(consultation.day, "j.n.Y")},
            client_code=str(client.code),
            client_name=client.full_name,
            relationship_id=consultation.relationship_id,
            url=_consultation_url(consultation),
            rule_id="",
            rule_version="",
            owner_id=follow_up.owner_id,
        )


def review_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """R-CONS-1: consultations whose matters are not yet reviewed with the client."""
    consultations = Consultation.objects.filter(
        relationship_id__in=relationship_ids, reviewed_on__isnull=True
    ).select_related("relationship__client")
    for consultation in consultations:
        assert consultation.relationship is not None
        client = consultation.relationship.client
        due = engine.due(REVIEW_RULE, REVIEW_PERIOD, consultation.day)
        yield DueItem(
            due_on=due.on,
            kind="consultation_review_with_client",
            label=_("Käy konsultaatiossa esille tulleet asiat läpi asiakkaan kanssa (%(kind)s %(day)s)")
            % {"kind": consultation.get_kind_display(), "day": date_format(consultation.day, "j.n.Y")},
            client_code=str(client.code),
            client_name=client.full_name,
            relationship_id=consultation.relationship_id,
            url=_consultation_url(consultation),
            rule_id=due.rule_id,
            rule_version=due.version,
            owner_id=None,
        )


def client_todo_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """What the client must still deliver, by its agreed date; the whole team follows it."""
    todos = ClientTodo.objects.filter(
        relationship_id__in=relationship_ids, status=TodoStatus.OPEN
    ).select_related("relationship__client", "deliver_to")
    for todo in todos:
        client = todo.relationship.client
        yield DueItem(
            due_on=todo.due_on,
            kind="client_todo",
            label=_("Asiakas toimittaa: %(kind)s → %(to)s")
            % {"kind": todo.get_kind_display(), "to": todo.deliver_to.name},
            client_code=str(client.code),
            client_name=client.full_name,
            relationship_id=todo.relationship_id,
            url=reverse("collaboration:overview", kwargs={"relationship_code": todo.relationship.code}),
            rule_id="",
            rule_version="",
            owner_id=None,
        )
