"""The applications' due dates for the worklist (`rules.deadlines`): expected decisions not yet made,
requests for additional information not yet answered, appeal deadlines of negative decisions and
work-trial placements not yet found. Three queries for any number of relationships.

The labels do not name the benefit: the coordinator and the unit manager see their unit's deadlines but
not the content of Kela's data (SPEC §5.1); the application page names it for those who may see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from yhteispolku.applications import rules
from yhteispolku.applications.models import Application, Benefit, InformationRequest
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.urls import url_for
from yhteispolku.rules.deadlines import DueItem


def application_due_items(relationship_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    relationships = list(
        ClientRelationship.objects.filter(pk__in=relationship_ids)
        .select_related("client")
        # Only what an item shows: loading the whole client would decrypt every identity code.
        .only("id", "client_id", "started_on", "client__code", "client__first_names", "client__last_name")
        .order_by("client_id", "-started_on", "-id")
    )
    # One item per client even when the client has several of the relationships asked about.
    by_client: dict[int, ClientRelationship] = {}
    for relationship in relationships:
        by_client.setdefault(relationship.client_id, relationship)
    if not by_client:
        return []
    applications = list(
        Application.objects.filter(client_id__in=by_client).only(
            "id",
            "code",
            "client_id",
            "benefit",
            "details",
            "submitted_on",
            "decision",
            "decided_on",
            "decision_received_on",
            "placement_found_on",
        )
    )
    open_requests: dict[int, list[InformationRequest]] = defaultdict(list)
    for information_request in InformationRequest.objects.filter(
        application__client_id__in=by_client, answered_on__isnull=True
    ).order_by("due_on", "id"):
        open_requests[information_request.application_id].append(information_request)
    items: list[DueItem] = []
    for application in applications:
        relationship = by_client[application.client_id]
        client = relationship.client
        item = partial(_item, relationship, url_for("applications:list", code=client.code))

        if not application.is_decided:
            expected = rules.expected_decision(application.benefit, application.submitted_on)
            if expected is not None:
                items.append(
                    item(
                        expected.on,
                        "application_decision_expected",
                        _("Hakemuksen päätös odotettavissa"),
                        expected.rule_id,
                        expected.version,
                    )
                )
            for information_request in open_requests.get(application.pk, []):
                items.append(
                    item(
                        information_request.due_on,
                        "information_request_due",
                        _("Hakemuksen lisäselvitys toimitettava"),
                        "",
                        "",
                    )
                )
        elif application.decided_on is not None:
            if application.decision in rules.APPEALABLE:
                appeal = rules.appeal_deadline(application.decided_on, application.decision_received_on)
                if appeal.due.on >= today:
                    items.append(
                        item(
                            appeal.due.on,
                            "appeal_deadline",
                            _("Päätöksen muutoksenhakuaika päättyy"),
                            appeal.due.rule_id,
                            appeal.due.version,
                        )
                    )
            if (
                application.benefit == Benefit.KELA_WORK_TRIAL
                and application.decision != "rejected"
                and application.placement_found_on is None
            ):
                placement = rules.placement_due(application.decided_on)
                items.append(
                    item(
                        placement.on,
                        "work_trial_placement_due",
                        _("Työkokeilupaikka löydettävä"),
                        placement.rule_id,
                        placement.version,
                    )
                )
    return items


def _item(
    relationship: ClientRelationship,
    url: str,
    due_on: date,
    kind: str,
    label: str,
    rule_id: str,
    version: str,
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
        rule_version=version,
    )
