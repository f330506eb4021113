"""The worklist's due items from network work: open follow-up actions of consultations (owned by a named
professional), open reviews with the client (R-CONS-1), what the client must still deliver, the requests
sent to Kela that wait for Kela's answer (for Kela's professionals on the team) and, once answered, a
notice to the one who sent the request.

One query per source for any number of relationships; the review's date comes from the rule data
(R-CONS-1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteispolku.cases.deadlines import REFERRAL_NOTICE_DAYS
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.clients.models import unlisted_client_fields
from yhteispolku.collaboration.models import (
    ClientTodo,
    Consultation,
    ConsultationKind,
    FollowUpAction,
    KelaRequest,
    KelaRequestStatus,
    TodoKind,
    TodoStatus,
)
from yhteispolku.core.urls import url_for
from yhteispolku.organisations.models import Organisation
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import DueItem

REVIEW_RULE = "R-CONS-1"
REVIEW_PERIOD = "review_with_client_working_days"


def _consultation_link(relationship_code: UUID, consultation_code: UUID) -> str:
    return url_for(
        "collaboration:consultation", relationship_code=relationship_code, consultation_code=consultation_code
    )


def _consultation_url(consultation: Consultation) -> str:
    assert consultation.relationship is not None
    return _consultation_link(consultation.relationship.code, consultation.code)


def _short_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"  # "j.n.Y", the same in every language of the service


# A consultation as the items name and link it: its relationship, code, kind and day, its client.
_CONSULTATION_COLUMNS = (
    "relationship__code",
    "code",
    "kind",
    "scheduled_at",
    "relationship__client__code",
    "relationship__client__first_names",
    "relationship__client__last_name",
)


def _consultation_parts(row: Sequence[Any], kinds: dict[str, str]) -> dict[str, Any]:
    """The label's arguments and the item's client and link from a row of `_CONSULTATION_COLUMNS`."""
    relationship_code, code, kind, scheduled_at, client_code, first_names, last_name = row
    return {
        "arguments": {"kind": kinds[kind], "day": _short_date(timezone.localtime(scheduled_at).date())},
        "client_code": str(client_code),
        "client_name": f"{first_names} {last_name}".strip(),
        "url": _consultation_link(relationship_code, code),
    }


def follow_up_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Open follow-up actions, each for its owner. Labels carry no free text: the worklist is a list."""
    # Rows, not model instances: this runs for every client of a caseload on the worklist and the
    # caseload list, where building instances cost more than the query.
    rows = FollowUpAction.objects.filter(
        consultation__relationship_id__in=relationship_ids, done_on__isnull=True
    ).values_list(
        "due_on",
        "owner_id",
        "consultation__relationship_id",
        *(f"consultation__{column}" for column in _CONSULTATION_COLUMNS),
    )
    label = _("Konsultaation jatkotoimi (%(kind)s %(day)s)")
    kinds = {value: str(name) for value, name in ConsultationKind.choices}
    for due_on, owner_id, relationship_id, *consultation in rows:
        parts = _consultation_parts(consultation, kinds)
        yield DueItem(
            due_on=due_on,
            kind="consultation_follow_up",
            label=label % parts["arguments"],
            client_code=parts["client_code"],
            client_name=parts["client_name"],
            relationship_id=relationship_id,
            url=parts["url"],
            rule_id="",
            rule_version="",
            owner_id=owner_id,
        )


def review_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """R-CONS-1: consultations whose matters are not yet reviewed with the client (only those she agreed
    to: one that waits for her answer, or that she declined, does not take place)."""
    rows = Consultation.objects.filter(
        relationship_id__in=relationship_ids, reviewed_on__isnull=True, agreed_with_client_on__isnull=False
    ).values_list("relationship_id", *_CONSULTATION_COLUMNS)
    label = _("Käy konsultaatiossa esille tulleet asiat läpi asiakkaan kanssa (%(kind)s %(day)s)")
    kinds = {value: str(name) for value, name in ConsultationKind.choices}
    for relationship_id, *consultation in rows:
        parts = _consultation_parts(consultation, kinds)
        due = engine.due(REVIEW_RULE, REVIEW_PERIOD, timezone.localtime(consultation[3]).date())
        yield DueItem(
            due_on=due.on,
            kind="consultation_review_with_client",
            label=label % parts["arguments"],
            client_code=parts["client_code"],
            client_name=parts["client_name"],
            relationship_id=relationship_id,
            url=parts["url"],
            rule_id=due.rule_id,
            rule_version=due.version,
            owner_id=None,
        )


def client_todo_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """What the client must still deliver, by its agreed date; the whole team follows it."""
    language = (get_language() or "fi")[:2]
    name_column = f"deliver_to__name_{language}" if language in ("sv", "en") else "deliver_to__name_fi"
    rows = ClientTodo.objects.filter(
        relationship_id__in=relationship_ids, status=TodoStatus.OPEN
    ).values_list(
        "due_on",
        "kind",
        name_column,
        "deliver_to__name_fi",
        "relationship_id",
        "relationship__code",
        "relationship__client__code",
        "relationship__client__first_names",
        "relationship__client__last_name",
    )
    label = _("Asiakas toimittaa: %(kind)s → %(to)s")
    kinds = {value: str(name) for value, name in TodoKind.choices}
    for due_on, kind, name, name_fi, relationship_id, relationship_code, client_code, first, last in rows:
        yield DueItem(
            due_on=due_on,
            kind="client_todo",
            # The organisation's name in the user's language, else in Finnish (LocalisedNameMixin.name).
            label=label % {"kind": kinds[kind], "to": name or name_fi},
            client_code=str(client_code),
            client_name=f"{first} {last}".strip(),
            relationship_id=relationship_id,
            url=url_for("collaboration:overview", relationship_code=relationship_code),
            rule_id="",
            rule_version="",
            owner_id=None,
        )


# An answered Kela request is a notice to its sender for as many days as a decided referral is to its
# referrer: the same kind of news, kept as long on the worklist.
KELA_ANSWER_NOTICE_DAYS = REFERRAL_NOTICE_DAYS


def kela_request_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A request sent to Kela that waits for Kela's answer, for Kela's professionals on the case team.

    The request names no addressee (seed 004: the benefit mapping goes to Kela's service expert, who
    passes a rehabilitation assessment on to the TYM work-ability advisor), so the item is for the team's
    members of Kela's organisation, who are the ones the policy lets write Kela's answer. No rule or
    agreement sets Kela a time to answer (seed 004 and SPEC name none), so, as a referral waiting for its
    decision, the item is dated the day the request was sent: it shows this week when it is new and
    overdue after that, which is what Kela's advisor expects of a request the team is waiting on. It
    leaves the worklist once answered or closed."""
    requests = (
        KelaRequest.objects.filter(relationship_id__in=relationship_ids, status=KelaRequestStatus.SENT)
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
        .annotate(
            kela_organisation_id=Subquery(
                Organisation.objects.filter(kind=Organisation.Kind.KELA).order_by("id").values("id")[:1]
            )
        )
        .order_by("sent_on", "id")
    )
    items = []
    for kela_request in requests:
        relationship = kela_request.relationship
        client = relationship.client
        items.append(
            DueItem(
                due_on=kela_request.sent_on,
                kind="kela_request",
                label=_("Kirjaa Kelan vastaus: %(kind)s") % {"kind": kela_request.get_kind_display()},
                client_code=str(client.code),
                client_name=client.full_name,
                relationship_id=kela_request.relationship_id,
                url=url_for(
                    "collaboration:kela_request_answer",
                    relationship_code=relationship.code,
                    kela_request_code=kela_request.code,
                ),
                rule_id="",
                rule_version="",
                owner_organisation_id=kela_request.kela_organisation_id,
            )
        )
    return items


def kela_answer_notices(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A Kela request answered in the last `KELA_ANSWER_NOTICE_DAYS` days: a notice to the one who sent
    it, as a decided referral is to its referrer. Its page is the network work, where the answer is shown
    to those the consent lets read Kela's category; the notice holds no answer text."""
    since = today - timedelta(days=KELA_ANSWER_NOTICE_DAYS)
    requests = (
        KelaRequest.objects.filter(
            relationship_id__in=relationship_ids,
            status=KelaRequestStatus.ANSWERED,
            answered_on__gte=since,
        )
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
        .order_by("answered_on", "id")
    )
    items = []
    for kela_request in requests:
        assert kela_request.answered_on is not None
        items.append(
            _network_notice(
                kela_request.relationship,
                due_on=kela_request.answered_on,
                kind="kela_request_answered",
                label=_("Kela on vastannut lähettämääsi pyyntöön: %(kind)s")
                % {"kind": kela_request.get_kind_display()},
                # The request's own place on the page: each notice is its own (acknowledged one by one).
                anchor=f"kela-{kela_request.code}",
                owner_id=kela_request.sent_by_id,
            )
        )
    return items


def _network_notice(
    relationship: ClientRelationship,
    *,
    due_on: date,
    kind: str,
    label: str,
    anchor: str,
    owner_id: int | None,
) -> DueItem:
    """News for one professional about a row of the network work page, linked to that row."""
    return DueItem(
        due_on=due_on,
        kind=kind,
        label=label,
        client_code=str(relationship.client.code),
        client_name=relationship.client.full_name,
        relationship_id=relationship.pk,
        url=url_for("collaboration:overview", relationship_code=relationship.code) + f"#{anchor}",
        rule_id="",
        rule_version="",
        owner_id=owner_id,
        notice=True,
    )


# A document the client sent is news to the professional who asked for it, kept as long as other news.
CLIENT_DOCUMENT_NOTICE_DAYS = REFERRAL_NOTICE_DAYS


def client_document_notices(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A document the client sent herself from her to-do list (Oma Yhteispolku) in the last
    `CLIENT_DOCUMENT_NOTICE_DAYS` days: a notice to the professional who recorded the to-do (who asked for
    it), acknowledged on the worklist like other news. Its page is the network work, where the to-do
    shows the delivery and links to the client's documents (each read there through the policy); the
    notice names the kind of document only, never its content. One query for any number of
    relationships."""
    since = today - timedelta(days=CLIENT_DOCUMENT_NOTICE_DAYS)
    todos = (
        ClientTodo.objects.filter(
            relationship_id__in=relationship_ids,
            status=TodoStatus.DONE,
            document__isnull=False,
            closed_on__gte=since,
        )
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
        .order_by("closed_on", "id")
    )
    items = []
    for todo in todos:
        assert todo.closed_on is not None
        items.append(
            _network_notice(
                todo.relationship,
                due_on=todo.closed_on,
                kind="client_document_sent",
                label=_("Asiakas lähetti pyytämäsi asiakirjan: %(document)s")
                % {"document": todo.get_requested_document_type_display()},
                anchor=f"todo-{todo.code}",
                owner_id=todo.recorded_by_id,
            )
        )
    return items


def client_consultation_answers(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """The client's answer in Oma Yhteispolku to a request for her prior agreement (R-CONS-1) in the last
    `CLIENT_DOCUMENT_NOTICE_DAYS` days: a notice to the consultation's organiser, who then holds it or
    lets the participants know it does not take place. One query for any number of relationships."""
    since = today - timedelta(days=CLIENT_DOCUMENT_NOTICE_DAYS)
    consultations = (
        Consultation.objects.filter(relationship_id__in=relationship_ids, agreement_asked_at__isnull=False)
        .filter(
            Q(agreed_by_client=True, agreed_with_client_on__gte=since) | Q(declined_by_client_on__gte=since)
        )
        .select_related("relationship__client")
        .defer(*unlisted_client_fields("relationship__client"))
        .order_by("scheduled_at", "id")
    )
    items = []
    for consultation in consultations:
        assert consultation.relationship is not None
        client = consultation.relationship.client
        answered_on = consultation.agreed_with_client_on or consultation.declined_by_client_on
        assert answered_on is not None
        label = (
            _("Asiakas suostui konsultaatioon (%(kind)s %(day)s)")
            if consultation.agreed_by_client
            else _("Asiakas ei suostunut konsultaatioon (%(kind)s %(day)s): sitä ei pidetä")
        )
        items.append(
            DueItem(
                due_on=answered_on,
                kind="consultation_client_answer",
                label=label
                % {"kind": consultation.get_kind_display(), "day": date_format(consultation.day, "j.n.Y")},
                client_code=str(client.code),
                client_name=client.full_name,
                relationship_id=consultation.relationship_id,
                url=_consultation_url(consultation),
                rule_id="",
                rule_version="",
                owner_id=consultation.organiser_id,
                notice=True,
            )
        )
    return items
