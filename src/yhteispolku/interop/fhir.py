"""A client's record as a FHIR Bundle, and the server's CapabilityStatement (docs/fhir.md).

Built from a `ClientExport` (`interop.export`), which holds only what the viewer may see: this module
decides nothing about access, it only writes down what it is given. Every resource is validated with
`fhir.resources` (its R4B models: R4B's definitions of the resources written here are those of R4)
before the Bundle is, so an invalid export is an error here, never a document sent out.

All ids are the records' own opaque codes (UUIDs); references between the Bundle's entries are
`urn:uuid:` full URLs, so the Bundle is self-contained. The codings come from the dated code lists
(`interop.codes`, in force on the day the record speaks of) or from our enums (`CODE_SYSTEMS`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.task import Task

from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, TeamRole, Track
from yhteispolku.clients.models import Consent
from yhteispolku.collaboration.models import ClientTodo, FollowUpAction, TodoKind, TodoStatus
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.documents.models import Document, DocumentType
from yhteispolku.interop import codes
from yhteispolku.interop.export import ClientExport
from yhteispolku.paths.models import ServicePlanKind
from yhteispolku.paths.selectors import PathView
from yhteispolku.plans.models import ClientTask, ParticipationStatus, PlanType, VersionStatus
from yhteispolku.plans.selectors import PlanOverview, ServiceRow, VersionView

FHIR_VERSION = "4.0.1"
CONTENT_TYPE = "application/fhir+json"
BASE = "https://yhteispolku.fi/fhir"
IDENTITY_CODE_SYSTEM = "urn:oid:1.2.246.21"  # henkilötunnus (DVV)
URI_SYSTEM = "urn:ietf:rfc:3986"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
PHASE_EXTENSION = f"{BASE}/StructureDefinition/phase"
HL7 = "http://terminology.hl7.org/CodeSystem"
# Our enums as code systems: name → (URI, the choices whose values are its codes).
CODE_SYSTEMS: dict[str, tuple[str, Any]] = {
    "track": (f"{BASE}/CodeSystem/track", Track),
    "phase": (f"{BASE}/CodeSystem/phase", Phase),
    "plan-version-status": (f"{BASE}/CodeSystem/plan-version-status", VersionStatus),
    "participation-status": (f"{BASE}/CodeSystem/participation-status", ParticipationStatus),
    "team-role": (f"{BASE}/CodeSystem/team-role", TeamRole),
    "consent-purpose": (f"{BASE}/CodeSystem/purpose", Purpose),
    "data-category": (f"{BASE}/CodeSystem/data-category", DataCategory),
    "document-type": (f"{BASE}/CodeSystem/document-type", DocumentType),
    "todo-kind": (f"{BASE}/CodeSystem/todo-kind", TodoKind),
    "service-plan-kind": (f"{BASE}/CodeSystem/service-plan-kind", ServicePlanKind),
    "access-action": (f"{BASE}/CodeSystem/access-action", Action),
}
TASK_KIND_SYSTEM = f"{BASE}/CodeSystem/task-kind"
TASK_KINDS = {"plan-task": "client task of the plan", "client-todo": "client to-do", "follow-up": "follow-up"}

# Our statuses → FHIR's required value sets (docs/fhir.md lists them).
EPISODE_STATUS = {
    Phase.REFERRAL: "waitlist",
    Phase.MAPPING: "active",
    Phase.PLANNING: "active",
    Phase.WORK: "active",
    Phase.CLOSING: "active",
    Phase.CLOSED: "finished",
    Phase.DECLINED: "cancelled",
}
CAREPLAN_STATUS = {
    VersionStatus.DRAFT: "draft",
    VersionStatus.IN_FORCE: "active",
    VersionStatus.SUPERSEDED: "revoked",
}
GOAL_STATUS = {
    VersionStatus.DRAFT: "proposed",
    VersionStatus.IN_FORCE: "active",
    VersionStatus.SUPERSEDED: "cancelled",
}
ACTIVITY_STATUS = {
    ParticipationStatus.STARTED: "in-progress",
    ParticipationStatus.ATTENDING: "in-progress",
    ParticipationStatus.INTERRUPTED: "stopped",
    ParticipationStatus.COMPLETED: "completed",
}
TODO_STATUS = {TodoStatus.OPEN: "requested", TodoStatus.DONE: "completed", TodoStatus.CANCELLED: "cancelled"}
CONSENT_STATUS = {
    Consent.State.ACTIVE: "active",
    Consent.State.NOT_YET_VALID: "proposed",
    Consent.State.EXPIRED: "inactive",
    Consent.State.REVOKED: "inactive",
}
AUDIT_ACTION = {
    Action.VIEW: "R",
    Action.CREATE: "C",
    Action.UPDATE: "U",
    Action.EXPORT: "R",
    Action.PRINT: "R",
    Action.SEARCH: "E",
}
RESOURCE_MODELS: dict[str, Any] = {
    model.__name__ if model is not FhirConsent else "Consent": model
    for model in (
        Patient,
        EpisodeOfCare,
        CarePlan,
        CareTeam,
        Goal,
        Task,
        FhirConsent,
        DocumentReference,
        AuditEvent,
    )
}


# The simpler tracks' plans (paths.ServicePlanKind) on the national list of plan types; the others have
# no national code and are coded with our own kinds.
SERVICE_PLAN_TYPES: dict[str, str] = {ServicePlanKind.EMPLOYMENT_PLAN: "01"}


@dataclass
class TrackPlan:
    """One plan of a track's own (paths app), as the CarePlan it becomes."""

    code: uuid.UUID
    plan_type: str
    number: int
    made_on: date
    goals: str
    ends_on: date | None = None
    description: str = ""
    kind: str = ""
    kind_display: str = ""
    draft: bool = False


def urn(code: uuid.UUID | str) -> str:
    return f"urn:uuid:{code}"


def derived_id(code: uuid.UUID, kind: str) -> uuid.UUID:
    """A stable id for a resource that has no row of its own (a relationship's CareTeam, a version's Goal)."""
    return uuid.uuid5(code, kind)


def coding(system: str, code: str, display: object = "") -> dict[str, str]:
    item = {"system": CODE_SYSTEMS[system][0] if system in CODE_SYSTEMS else system, "code": str(code)}
    label = str(display) if display else _label(system, code)
    if label:
        item["display"] = label
    return item


def _label(system: str, code: str) -> str:
    choices = CODE_SYSTEMS.get(system, (None, None))[1]
    if choices is None:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


def concept(*codings: dict[str, str], text: str = "") -> dict[str, Any]:
    value: dict[str, Any] = {"coding": list(codings)}
    if text:
        value["text"] = text
    return value


def period(start: date | datetime | None, end: date | datetime | None = None) -> dict[str, str] | None:
    value = {name: _when(moment) for name, moment in (("start", start), ("end", end)) if moment is not None}
    return value or None


def _when(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).isoformat() if timezone.is_aware(moment) else moment.isoformat()
    return moment.isoformat()


def _clean(value: Any) -> Any:
    """Drop empty values: FHIR has no empty strings, lists or objects."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned_items = [_clean(item) for item in value]
        return [item for item in cleaned_items if item not in (None, "", [], {})]
    return value


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource as FHIR JSON after `fhir.resources` has validated it (raises on an invalid one)."""
    model = RESOURCE_MODELS[resource["resourceType"]].model_validate(_clean(resource))
    result: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return result


class BundleBuilder:
    """Writes one ClientExport as resources; `link` gives the absolute address of an API path."""

    def __init__(self, export: ClientExport, link: Callable[[str], str], today: date | None = None) -> None:
        self.export = export
        self.client = export.client
        self.link = link
        self.today = today or timezone.localdate()
        self.book = codes.CodeBook()
        self.patient = {"reference": urn(self.client.code)} if export.basic else None
        self.entries: list[dict[str, Any]] = []

    # --- the whole bundle ------------------------------------------------------------------------------

    def bundle(self) -> dict[str, Any]:
        export = self.export
        if export.basic:
            self._add(self._patient(), match=True)
        for relationship in export.relationships:
            self._add(self._episode(relationship))
            if relationship.pk in export.team:
                self._add(self._care_team(relationship, export.team[relationship.pk]))
            overview = export.plans.get(relationship.pk)
            if overview is not None:
                for view in overview.versions:
                    for resource in self._plan_version(relationship, overview, view):
                        self._add(resource)
            path = export.paths.get(relationship.pk)
            if path is not None:
                for resource in self._track_plans(relationship, path):
                    self._add(resource)
        by_pk: dict[int | None, ClientRelationship] = {
            relationship.pk: relationship for relationship in export.relationships
        }
        for todo in export.todos:
            self._add(self._todo(todo, by_pk[todo.relationship_id]))
        for follow_up in export.follow_ups:
            self._add(self._follow_up(follow_up, by_pk[follow_up.consultation.relationship_id]))
        for consent in export.consents:
            self._add(self._consent(consent))
        for document in export.documents:
            self._add(self._document(document))
        for event in export.log or ():
            self._add(self._audit_event(event))
        bundle = {
            "resourceType": "Bundle",
            "id": str(uuid.uuid4()),
            "meta": {"lastUpdated": timezone.now().isoformat()},
            "type": "searchset",
            "timestamp": timezone.now().isoformat(),
            "total": sum(1 for entry in self.entries if entry["search"]["mode"] == "match"),
            "entry": self.entries,
        }
        model = Bundle.model_validate(bundle)
        result: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
        return result

    def _add(self, resource: dict[str, Any], *, match: bool = False) -> None:
        self.entries.append(
            {
                "fullUrl": urn(resource["id"]),
                "resource": validated(resource),
                "search": {"mode": "match" if match else "include"},
            }
        )

    # --- resources -------------------------------------------------------------------------------------

    def _patient(self) -> dict[str, Any]:
        client = self.client
        identifiers = [{"use": "secondary", "system": URI_SYSTEM, "value": urn(client.code)}]
        if self.export.identity_code:
            identifiers.insert(
                0, {"use": "official", "system": IDENTITY_CODE_SYSTEM, "value": self.export.identity_code}
            )
        names = [{"use": "official", "family": client.last_name, "given": client.first_names.split()}]
        if client.calling_name:
            names.append({"use": "usual", "family": client.last_name, "given": [client.calling_name]})
        telecom = [
            {"system": "phone", "value": client.phone} if client.phone else None,
            {"system": "email", "value": client.email} if client.email else None,
        ]
        address = {
            "use": "home",
            "line": [client.street_address],
            "postalCode": client.postal_code,
            "city": client.post_office,
            "district": client.home_municipality.name if client.home_municipality else "",
        }
        has_address = bool(
            client.street_address or client.postal_code or client.post_office or client.home_municipality
        )
        return {
            "resourceType": "Patient",
            "id": str(client.code),
            "identifier": identifiers,
            "active": True,
            "name": names,
            "telecom": telecom,
            "birthDate": client.birth_date.isoformat() if client.birth_date else None,
            "address": [{**address, "country": "FI"}] if has_address else [],
            "communication": [
                {
                    "language": concept(
                        coding(
                            LANGUAGE_SYSTEM, client.service_language, client.get_service_language_display()
                        )
                    ),
                    "preferred": True,
                }
            ],
            "managingOrganization": {"display": client.recorded_by.name},
        }

    def _episode(self, relationship: ClientRelationship) -> dict[str, Any]:
        team = self.export.team.get(relationship.pk)
        return {
            "resourceType": "EpisodeOfCare",
            "id": str(relationship.code),
            "extension": [
                {
                    "url": PHASE_EXTENSION,
                    "valueCoding": coding("phase", relationship.phase, relationship.get_phase_display()),
                }
            ],
            "status": EPISODE_STATUS[Phase(relationship.phase)],
            "type": [concept(coding("track", relationship.track, relationship.get_track_display()))],
            "patient": self.patient,
            "managingOrganization": {"display": relationship.responsible_organisation.name},
            "period": period(relationship.started_on, relationship.ended_on),
            "team": [{"reference": urn(derived_id(relationship.code, "careteam"))}]
            if team is not None
            else [],
        }

    def _care_team(self, relationship: ClientRelationship, members: Iterable[TeamMember]) -> dict[str, Any]:
        open_now = relationship.phase not in (Phase.CLOSED, Phase.DECLINED)
        return {
            "resourceType": "CareTeam",
            "id": str(derived_id(relationship.code, "careteam")),
            "status": "active" if open_now else "inactive",
            "category": [concept(coding("track", relationship.track, relationship.get_track_display()))],
            "subject": self.patient,
            "period": period(relationship.started_on, relationship.ended_on),
            "participant": [
                {
                    "role": [
                        concept(
                            coding("team-role", member.team_role, member.team_role_label),
                            text=member.user.role.name if member.user.role else "",
                        )
                    ],
                    "member": {
                        "display": str(member.user),
                        "identifier": {"system": URI_SYSTEM, "value": urn(member.user.code)},
                    },
                    "onBehalfOf": {"display": member.user.organisation.name}
                    if member.user.organisation
                    else None,
                    "period": period(member.joined_on, member.left_on),
                }
                for member in members
            ],
            "managingOrganization": [{"display": relationship.responsible_organisation.name}],
        }

    def _plan_version(
        self, relationship: ClientRelationship, overview: PlanOverview, view: VersionView
    ) -> list[dict[str, Any]]:
        version = view.version
        plan = overview.plan
        assert plan is not None  # a plan with versions
        day = version.created_on
        plan_type = self.book.get(codes.PLAN_TYPE, plan.plan_type, day)
        plan_type_coding = (
            coding(plan_type.system, plan_type.code, plan_type.display)
            if plan_type
            else coding(f"{BASE}/CodeSystem/plan-type", plan.plan_type, PlanType(plan.plan_type).label)
        )
        closed = relationship.phase in (Phase.CLOSED, Phase.DECLINED)
        status = CAREPLAN_STATUS[VersionStatus(version.status)]
        if status == "active" and closed:
            status = "completed"
        resources: list[dict[str, Any]] = []
        goal_ref = None
        if version.goals.strip() and self.export.texts:
            goal_id = derived_id(version.code, "goal")
            goal_status = GOAL_STATUS[VersionStatus(version.status)]
            resources.append(
                {
                    "resourceType": "Goal",
                    "id": str(goal_id),
                    "lifecycleStatus": "completed" if goal_status == "active" and closed else goal_status,
                    "description": {"text": version.goals},
                    "subject": self.patient,
                    "startDate": day.isoformat(),
                    "statusDate": day.isoformat(),
                }
            )
            goal_ref = {"reference": urn(goal_id)}
        task_resources = [self._plan_task(task, version.code) for task in view.tasks]
        codes_by_pk = {other.version.pk: other.version.code for other in overview.versions}
        team_ref = (
            {"reference": urn(derived_id(relationship.code, "careteam"))}
            if relationship.pk in self.export.team
            else None
        )
        care_plan = {
            "resourceType": "CarePlan",
            "id": str(version.code),
            "status": status,
            "intent": "plan",
            "category": [concept(plan_type_coding)],
            "title": f"{plan_type_coding.get('display', plan.plan_type)} {version.number}",
            "subject": self.patient,
            "period": period(version.in_force_from or version.created_on, version.superseded_at),
            "created": day.isoformat(),
            "author": {"display": str(version.created_by)},
            "careTeam": [team_ref] if team_ref else [],
            "goal": [goal_ref] if goal_ref else [],
            "replaces": [{"reference": urn(codes_by_pk[version.based_on_id])}]
            if version.based_on_id in codes_by_pk
            else [],
            "supportingInfo": [{"reference": urn(relationship.code)}],
            "activity": [self._activity(row, day) for row in view.services]
            + [{"reference": {"reference": urn(task["id"])}} for task in task_resources],
        }
        return [*resources, care_plan, *task_resources]

    def _track_plans(self, relationship: ClientRelationship, path: PathView) -> list[dict[str, Any]]:
        """A track's own plans (paths app): activation plans (03), integration plans (04), the simpler
        tracks' plans (an employment plan is 01); a review is a new plan, so the older ones are revoked."""
        plans: list[TrackPlan] = []
        for activation in path.activation_plans:  # newest first
            plans.append(
                TrackPlan(activation.code, "03", activation.number, activation.made_on, activation.goals)
            )
            plans[-1].draft = not activation.in_force
        for integration in path.integration_plans:  # oldest first
            plans.append(
                TrackPlan(
                    integration.code,
                    "04",
                    integration.number,
                    integration.starts_on,
                    integration.goals,
                    ends_on=integration.ends_on,
                    description=integration.services,
                )
            )
        for service_plan in path.service_plans:  # newest first
            plans.append(
                TrackPlan(
                    service_plan.code,
                    SERVICE_PLAN_TYPES.get(service_plan.kind, ""),
                    service_plan.number,
                    service_plan.made_on,
                    service_plan.goals,
                    kind=service_plan.kind,
                    kind_display=service_plan.get_kind_display(),
                )
            )
        latest = max((plan.number for plan in plans), default=0)
        closed = relationship.phase in (Phase.CLOSED, Phase.DECLINED)
        resources: list[dict[str, Any]] = []
        for plan in sorted(plans, key=lambda item: item.number):
            if plan.draft:
                status = "draft"
            elif plan.number != latest:
                status = "revoked"
            else:
                status = "completed" if closed or (plan.ends_on and plan.ends_on < self.today) else "active"
            listed = self.book.get(codes.PLAN_TYPE, plan.plan_type, plan.made_on) if plan.plan_type else None
            category = (
                coding(listed.system, listed.code, listed.display)
                if listed
                else coding("service-plan-kind", plan.kind, plan.kind_display)
            )
            goal_ref = None
            if plan.goals.strip() and self.export.texts:
                goal_id = derived_id(plan.code, "goal")
                resources.append(
                    {
                        "resourceType": "Goal",
                        "id": str(goal_id),
                        "lifecycleStatus": {"draft": "proposed", "revoked": "cancelled"}.get(status, status),
                        "description": {"text": plan.goals},
                        "subject": self.patient,
                        "startDate": plan.made_on.isoformat(),
                    }
                )
                goal_ref = {"reference": urn(goal_id)}
            resources.append(
                {
                    "resourceType": "CarePlan",
                    "id": str(plan.code),
                    "status": status,
                    "intent": "plan",
                    "category": [concept(category)],
                    "title": f"{category.get('display', plan.plan_type)} {plan.number}",
                    "description": plan.description if self.export.texts else "",
                    "subject": self.patient,
                    "period": period(plan.made_on, plan.ends_on),
                    "created": plan.made_on.isoformat(),
                    "goal": [goal_ref] if goal_ref else [],
                    "supportingInfo": [{"reference": urn(relationship.code)}],
                }
            )
        return resources

    def _activity(self, row: ServiceRow, day: date) -> dict[str, Any]:
        service = row.service
        service_type = service.service_type
        listed = self.book.get(codes.SERVICE, service_type.code, day)
        service_codings = [
            coding(listed.system, listed.code, listed.display)
            if listed
            else coding(f"{BASE}/CodeSystem/service-local", service_type.code, service_type.name)
        ]
        benefit_code = str(listed.properties.get("kela_benefit", "")) if listed else ""
        benefit = self.book.get(codes.KELA_BENEFIT, benefit_code, day) if benefit_code else None
        if benefit:
            service_codings.append(coding(benefit.system, benefit.code, benefit.display))
        if row.participation is not None:
            status = ACTIVITY_STATUS[ParticipationStatus(row.participation.status)]
        else:
            status = "scheduled" if service.starts_on > self.today else "not-started"
        performers = [{"display": service.responsible_organisation.name}]
        if service.provider is not None:
            performers.append({"display": service.provider.name})
        return {
            "detail": {
                "kind": "ServiceRequest",
                "code": concept(*service_codings, text=service_type.name),
                "status": status,
                "scheduledPeriod": period(service.starts_on, service.ends_on),
                "performer": performers,
                "description": " — ".join(text for text in (service.intensity, service.description) if text)
                if self.export.texts
                else "",
            }
        }

    def _plan_task(self, task: ClientTask, version_code: uuid.UUID) -> dict[str, Any]:
        return {
            "resourceType": "Task",
            "id": str(task.code),
            "status": "completed" if task.done else "requested",
            "intent": "plan",
            "code": concept(coding(TASK_KIND_SYSTEM, "plan-task", TASK_KINDS["plan-task"])),
            "description": task.description if self.export.texts else "",
            "for": self.patient,
            "owner": self.patient,
            "basedOn": [{"reference": urn(version_code)}],
            "restriction": {"period": period(None, task.due_on)} if task.due_on else None,
        }

    def _todo(self, todo: ClientTodo, relationship: ClientRelationship) -> dict[str, Any]:
        return {
            "resourceType": "Task",
            "id": str(todo.code),
            "status": TODO_STATUS[TodoStatus(todo.status)],
            "intent": "plan",
            "code": concept(
                coding(TASK_KIND_SYSTEM, "client-todo", TASK_KINDS["client-todo"]),
                coding("todo-kind", todo.kind, todo.get_kind_display()),
            ),
            "description": todo.description,
            "for": self.patient,
            "owner": self.patient,
            "basedOn": [{"reference": urn(relationship.code)}],
            "authoredOn": _when(todo.created_at),
            "executionPeriod": period(None, todo.closed_on),
            "restriction": {
                "period": period(None, todo.due_on),
                "recipient": [{"display": todo.deliver_to.name}],
            },
        }

    def _follow_up(self, follow_up: FollowUpAction, relationship: ClientRelationship) -> dict[str, Any]:
        owner = follow_up.owner
        return {
            "resourceType": "Task",
            "id": str(follow_up.code),
            "status": "completed" if follow_up.done_on else "requested",
            "intent": "plan",
            "code": concept(coding(TASK_KIND_SYSTEM, "follow-up", TASK_KINDS["follow-up"])),
            "description": follow_up.description,
            "for": self.patient,
            "owner": {"display": str(owner), "identifier": {"system": URI_SYSTEM, "value": urn(owner.code)}},
            "basedOn": [{"reference": urn(relationship.code)}],
            "authoredOn": _when(follow_up.created_at),
            "executionPeriod": period(None, follow_up.done_on),
            "restriction": {"period": period(None, follow_up.due_on)},
        }

    def _consent(self, consent: Consent) -> dict[str, Any]:
        ends = consent.valid_until
        if consent.revoked_at is not None:
            revoked_on = timezone.localtime(consent.revoked_at).date()
            ends = min(ends, revoked_on) if ends else revoked_on
        return {
            "resourceType": "Consent",
            "id": str(consent.code),
            "status": CONSENT_STATUS[consent.state()],
            "scope": concept(coding(f"{HL7}/consentscope", "patient-privacy", "Privacy Consent")),
            "category": [
                concept(coding("http://loinc.org", "59284-0", "Patient Consent")),
                concept(coding("consent-purpose", consent.purpose, consent.get_purpose_display())),
            ],
            "patient": self.patient,
            "dateTime": _when(consent.recorded_at),
            "policyRule": concept(coding(f"{HL7}/v3-ActCode", "OPTIN", "opt-in")),
            "provision": {
                "type": "permit",
                "period": period(consent.valid_from, ends),
                "actor": [
                    {
                        "role": concept(
                            coding(f"{HL7}/v3-ParticipationType", "IRCP", "information recipient")
                        ),
                        "reference": {"display": organisation.name},
                    }
                    for organisation in consent.organisations.all()
                ],
                "purpose": [coding("consent-purpose", consent.purpose, consent.get_purpose_display())],
                "code": [
                    concept(coding("data-category", category, DataCategory(category).label))
                    for category in consent.categories
                ],
            },
        }

    def _document(self, document: Document) -> dict[str, Any]:
        base = f"/documents/{self.client.code}/{document.code}"
        attachments = [
            {
                "contentType": attachment.content_type,
                "url": self.link(f"{base}/attachments/{attachment.code}"),
                "title": attachment.original_name,
                "size": attachment.size,
                "creation": _when(attachment.created_at),
            }
            for attachment in document.attachments.all()
        ] or [
            {
                "contentType": "application/json",
                "url": self.link(base),
                "title": document.get_document_type_display(),
            }
        ]
        author = (
            document.author_organisation.name
            if document.author_organisation
            else document.author_organisation_name
        )
        return {
            "resourceType": "DocumentReference",
            "id": str(document.code),
            "status": "current",
            "type": concept(
                coding("document-type", document.document_type, document.get_document_type_display())
            ),
            "category": [
                concept(coding("data-category", document.category, document.get_category_display()))
            ],
            "subject": self.patient,
            "date": _when(document.created_at),
            "author": [{"display": author}] if author else [],
            "custodian": {"display": document.organisation.name},
            "content": [{"attachment": attachment} for attachment in attachments],
            "context": {"period": period(document.dated_on)},
        }

    def _audit_event(self, event: AccessEvent) -> dict[str, Any]:
        subject: dict[str, Any] = self.patient or {
            "identifier": {"system": URI_SYSTEM, "value": urn(self.client.code)}
        }
        return {
            "resourceType": "AuditEvent",
            "id": str(uuid.uuid5(self.client.code, f"audit:{event.pk}")),
            "type": coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"),
            "subtype": [coding("access-action", event.action, event.get_action_display())],
            "action": AUDIT_ACTION.get(Action(event.action), "R") if event.action in Action.values else "R",
            "recorded": _when(event.occurred_at),
            "outcome": "0" if event.allowed else "4",
            "outcomeDesc": event.reason,
            "purposeOfEvent": [
                concept(coding("consent-purpose", event.purpose, event.get_purpose_display()))
            ],
            "agent": [
                {
                    "type": concept(coding(f"{HL7}/extra-security-role-type", "humanuser", "human user")),
                    "who": {"display": event.actor_name or event.actor_username},
                    "altId": event.actor_username,
                    "name": event.actor_organisation,
                    "role": [{"text": event.actor_role}] if event.actor_role else [],
                    "requestor": True,
                }
            ],
            "source": {"site": "Yhteispolku", "observer": {"display": "Yhteispolku"}},
            "entity": [
                {
                    "what": subject,
                    "type": coding(f"{HL7}/audit-entity-type", "1", "Person"),
                    "role": coding(f"{HL7}/object-role", "1", "Patient"),
                    "name": event.object_type,
                    "securityLabel": [coding("data-category", event.category, event.get_category_display())],
                }
            ],
        }


def client_bundle(export: ClientExport, link: Callable[[str], str]) -> dict[str, Any]:
    return BundleBuilder(export, link).bundle()


def capability_statement(link: Callable[[str], str]) -> dict[str, Any]:
    """What this server offers: one operation, Patient/$everything, with the resources its Bundle holds."""
    included = [
        "EpisodeOfCare",
        "CarePlan",
        "CareTeam",
        "Goal",
        "Task",
        "Consent",
        "DocumentReference",
        "AuditEvent",
    ]
    statement = {
        "resourceType": "CapabilityStatement",
        "id": "yhteispolku",
        "url": f"{BASE}/CapabilityStatement/yhteispolku",
        "name": "Yhteispolku",
        "title": "Yhteispolku FHIR export",
        "status": "active",
        "date": "2026-12-02",
        "publisher": "Yhteispolku",
        "kind": "instance",
        "software": {"name": "Yhteispolku"},
        "implementation": {
            "description": "A client's record for the viewer's role (access policy and audit as in the API)",
            "url": link(""),
        },
        "fhirVersion": FHIR_VERSION,
        "format": [CONTENT_TYPE, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Read-only. Patient/{client}/$everything returns a searchset Bundle of what the caller's "
                    "role may see of the client; every read is recorded in the client's access log. The "
                    "other resource types are returned only inside that Bundle."
                ),
                "security": {
                    "service": [concept(coding(f"{HL7}/restful-security-service", "OAuth", "OAuth"))],
                    "description": (
                        "A bearer token from the profile page (Authorization: Bearer <token>) or the "
                        "browser session past TOTP."
                    ),
                },
                "resource": [
                    {
                        "type": "Patient",
                        "profile": "http://hl7.org/fhir/StructureDefinition/Patient",
                        "operation": [
                            {
                                "name": "everything",
                                "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                                "documentation": (
                                    "request_reference (the client's log request) adds the access log as "
                                    "AuditEvents for the data-protection officer."
                                ),
                            }
                        ],
                    },
                    *(
                        {
                            "type": name,
                            "profile": f"http://hl7.org/fhir/StructureDefinition/{name}",
                            "documentation": "Only inside the Bundle of Patient/$everything.",
                        }
                        for name in included
                    ),
                ],
            }
        ],
    }
    model = CapabilityStatement.model_validate(_clean(statement))
    result: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return result
