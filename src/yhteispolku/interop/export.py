"""What one professional may take of a client's record into the FHIR export, category by category.

Nothing here decides who sees what: every part is read through the selector the client, plan and
documents pages use, or — where those pages ask the policy for a whole list at once — through
`access.authorize` with the object type those pages use, so the export shows exactly what the pages
would and every part read leaves its audit entry (allowed or denied) before anything is returned.

- basic data: `clients.selectors.client_get` (404 to anyone without a relation, the attempt logged);
- the full identity code: only for those the policy lets *export* basic data (the case team, current
  or former), audited as its own entry (`clients.identity_code`); a coordinator or the intake unit sees
  the client but not the code;
- tracks and plans: `plans.selectors.plan_overview` per relationship, when the policy gives the plan,
  and for the other tracks their own plans through `paths.selectors.path_view` (the track's category);
  the plan's written text (goals, a service's description, a client task's wording) only to those
  who may read the joint work's text — stricter than the plan page, because an export leaves the
  system: a coordinator gets the plan's type, status, dates and coded services, not its words;
- the case team: the team scope (`cases.teammember`), as the case page;
- the client's to-dos and the consultations' follow-ups: the joint work's text
  (`access.policy.PLAN_TEXT_OBJECT_TYPES`), the case team's and never a coordinator's;
- consents: `clients.selectors.consents_for`;
- documents: `documents.selectors.documents_for` (health documents by the health rules: Kela's advisor
  only with consent);
- the access log: only with a recorded request (`request_reference`), as `/clients/{code}/access-log`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest

from yhteispolku.access.policy import TEAM_OBJECT_TYPE, authorize, decide
from yhteispolku.access.records import ClientReach
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.selectors import events_for_client
from yhteispolku.cases.models import ClientRelationship, TeamMember, Track
from yhteispolku.clients import selectors as client_selectors
from yhteispolku.clients.models import Client, Consent
from yhteispolku.collaboration.models import ClientTodo, FollowUpAction
from yhteispolku.collaboration.services import CLIENT_TODO
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.documents.models import Document
from yhteispolku.documents.selectors import client_or_404, documents_for
from yhteispolku.paths.selectors import PathView, path_view
from yhteispolku.plans.selectors import PlanOverview, plan_overview

IDENTITY_CODE_OBJECT_TYPE = "clients.identity_code"
FOLLOW_UP_OBJECT_TYPE = "collaboration.followupaction"
RELATIONSHIP_OBJECT_TYPE = "cases.clientrelationship"
# The object type whose scope decides whether the plan's text goes out: the joint work's written notes
# (`access.policy.PLAN_TEXT_OBJECT_TYPES`), as the case page asks before it shows them.
PLAN_TEXT_PROBE = "cases.preinformation"


@dataclass
class ClientExport:
    """A client's record as one actor may take it: each part empty when the policy does not give it."""

    client: Client
    basic: bool = True
    # Whether the plan's written text (goals, a service's description, a task's wording) goes out: only to
    # those who may read the joint work's text (the case team), never to a coordinator or unit manager.
    texts: bool = False
    identity_code: str = ""
    relationships: list[ClientRelationship] = field(default_factory=list)
    plans: dict[int, PlanOverview] = field(default_factory=dict)
    # The other tracks' own plans (activation, integration, employment plans …), by relationship: only
    # where the policy gives the track's own category (`paths.selectors.path_view`).
    paths: dict[int, PathView] = field(default_factory=dict)
    team: dict[int, list[TeamMember]] = field(default_factory=dict)
    todos: list[ClientTodo] = field(default_factory=list)
    follow_ups: list[FollowUpAction] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    log: list[AccessEvent] | None = None


def client_export(
    *,
    actor: User,
    code: uuid.UUID | str,
    request: HttpRequest | None = None,
    request_reference: str = "",
) -> ClientExport:
    """The parts of the client's record the actor may see, each read audited.

    A data-protection officer with a recorded request gets the access log alone (the policy gives them
    nothing else); anyone else starts from the basic data, refused as on the client page.
    """
    client = client_or_404(code)
    facts = relation_facts(actor=actor, client=client)
    basic = decide(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        facts=facts,
        owner_organisation_id=client.recorded_by_id,
    ).allowed
    wants_log = bool(request_reference.strip())
    if not basic and wants_log:
        decision = decide(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.LOG,
            facts=facts,
            request_reference=request_reference,
        )
        if decision.allowed:
            client_selectors.client_for_action(
                actor=actor,
                code=client.code,
                action=Action.VIEW,
                category=DataCategory.LOG,
                request=request,
                request_reference=request_reference,
            )
            return ClientExport(
                client=client, basic=False, log=list(events_for_client(client_code=client.code))
            )

    view = client_selectors.client_get(actor=actor, code=client.code, request=request)
    client, facts = view.client, view.facts
    export = ClientExport(client=client)

    if (
        decide(
            actor=actor,
            action=Action.EXPORT,
            category=DataCategory.BASIC,
            facts=facts,
            owner_organisation_id=client.recorded_by_id,
        ).allowed
        and client.identity_code
    ):
        authorize(
            actor=actor,
            action=Action.EXPORT,
            category=DataCategory.BASIC,
            client=client,
            request=request,
            facts=facts,
            owner_organisation_id=client.recorded_by_id,
            object_type=IDENTITY_CODE_OBJECT_TYPE,
            object_id=str(client.code),
        )
        export.identity_code = client.identity_code

    relationships = list(
        ClientRelationship.objects.filter(client=client)
        .select_related("responsible_organisation", "responsible_unit")
        .order_by("started_on", "id")
    )
    if (
        relationships
        and decide(
            actor=actor, action=Action.VIEW, category=DataCategory.PLAN, facts=facts, object_type="plans.plan"
        ).allowed
    ):
        export.relationships = relationships
        for relationship in relationships:
            relationship.client = client
            export.plans[relationship.pk] = plan_overview(
                actor=actor, relationship_code=relationship.code, request=request
            )
            if relationship.track != Track.TYM:
                view_of_path = path_view(actor=actor, relationship_code=relationship.code, request=request)
                if view_of_path.content_visible:
                    export.paths[relationship.pk] = view_of_path
        export.texts = decide(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            facts=facts,
            object_type=PLAN_TEXT_PROBE,
        ).allowed

    if (
        export.relationships
        and decide(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.PLAN,
            facts=facts,
            object_type=TEAM_OBJECT_TYPE,
        ).allowed
    ):
        _authorize_list(actor, client, facts, TEAM_OBJECT_TYPE, request)
        by_pk = {relationship.pk: relationship for relationship in export.relationships}
        for member in TeamMember.objects.filter(relationship__in=export.relationships).select_related(
            "user__organisation", "user__role"
        ):
            member.relationship = by_pk[member.relationship_id]  # its track names the place on the team
            export.team.setdefault(member.relationship_id, []).append(member)

    if export.relationships:
        for object_type in (CLIENT_TODO, FOLLOW_UP_OBJECT_TYPE):
            if not decide(
                actor=actor,
                action=Action.VIEW,
                category=DataCategory.PLAN,
                facts=facts,
                object_type=object_type,
            ).allowed:
                continue
            _authorize_list(actor, client, facts, object_type, request)
            if object_type == CLIENT_TODO:
                export.todos = list(
                    ClientTodo.objects.filter(relationship__in=export.relationships)
                    .select_related("deliver_to")
                    .order_by("due_on", "id")
                )
            else:
                export.follow_ups = list(
                    FollowUpAction.objects.filter(consultation__relationship__in=export.relationships)
                    .select_related("owner__organisation", "consultation")
                    .order_by("due_on", "id")
                )

    export.consents = list(
        client_selectors.consents_for(actor=actor, client=client, facts=facts, request=request)
    )
    sections = documents_for(actor=actor, context=ClientReach(client=client, facts=facts), request=request)
    export.documents = [shown.document for section in sections for shown in section.documents]

    if (
        wants_log
        and decide(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.LOG,
            facts=facts,
            request_reference=request_reference,
        ).allowed
    ):
        client_selectors.client_for_action(
            actor=actor,
            code=client.code,
            action=Action.VIEW,
            category=DataCategory.LOG,
            request=request,
            request_reference=request_reference,
        )
        export.log = list(events_for_client(client_code=client.code))
    return export


def _authorize_list(
    actor: User, client: Client, facts: RelationFacts, object_type: str, request: HttpRequest | None
) -> None:
    """One audit entry for a list of the client's records of a kind, as the pages log a list."""
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=object_type,
        object_id=str(client.code),
    )
