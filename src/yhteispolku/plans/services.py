"""Writes to plans: new versions, draft edits, commitments, the client's acceptance, participation.

Each service checks the policy through `access.authorize` (category PLAN; it writes the audit entry)
*before* it opens its transaction, so that a refused attempt stays in the audit log while the write
itself is all or nothing. Versions are never overwritten (ARCHITECTURE "History is kept").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import AccessDenied, Decision, Reason, authorize, decide
from yhteispolku.access.relations import relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.events import services as events
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import rules
from yhteispolku.plans.errors import (
    AlreadyDone,
    InvalidPlanData,
    NothingToConfirm,
    ParticipationNotAllowed,
    PlanNeedsWorkerPair,
    StaleVersion,
    VersionNotEditable,
)
from yhteispolku.plans.models import (
    AcceptanceHow,
    AgreedService,
    ClientAcceptance,
    ClientTask,
    CommitmentConfirmation,
    DeliveryHow,
    OrganiserKind,
    Participation,
    ParticipationStatus,
    Plan,
    PlanDelivery,
    PlanType,
    PlanVersion,
    ServiceType,
    VersionStatus,
)
from yhteispolku.plans.worker_pair import missing_worker_pair

SERVICE_FIELDS = (
    "service_type",
    "responsible_organisation",
    "provider",
    "responsible_professional",
    "starts_on",
    "ends_on",
    "intensity",
    "description",
)
TASK_FIELDS = ("description", "due_on", "done")
_FOREIGN_KEYS = frozenset(
    {"service_type", "responsible_organisation", "provider", "responsible_professional"}
)

# The plan each track makes (SPEC §2), by the national code list (SPEC §4); TYM's is the default.
PLAN_TYPE_BY_TRACK = {
    Track.TYM: PlanType.MULTI_SECTORAL_PLAN,
    Track.KUTY: PlanType.ACTIVATION_PLAN,
    Track.EMPLOYMENT_SERVICES: PlanType.EMPLOYMENT_PLAN,
    Track.INTEGRATION: PlanType.INTEGRATION_PLAN,
}

# The authority that answers for a service of each organiser (SPEC §7). Services of pension providers
# are outside TYM: any of the three authorities records them.
RESPONSIBLE_KINDS = {
    OrganiserKind.EMPLOYMENT_AUTHORITY: (Organisation.Kind.EMPLOYMENT_AUTHORITY,),
    OrganiserKind.WELLBEING_COUNTY: (Organisation.Kind.WELLBEING_COUNTY,),
    OrganiserKind.KELA: (Organisation.Kind.KELA,),
    OrganiserKind.MUNICIPALITY_WITH_PROVIDERS: (Organisation.Kind.EMPLOYMENT_AUTHORITY,),
    OrganiserKind.PENSION_PROVIDER: Organisation.AUTHORITY_KINDS,
}


def responsible_options(service_type: ServiceType, relationship: ClientRelationship) -> list[Organisation]:
    """The authorities that may answer for a service of this type in this relationship (SPEC §7).

    The service's organiser fixes the kind (`RESPONSIBLE_KINDS`); of that kind, the organisations on the
    case team now, else the one serving the client's home municipality (Kela serves the whole country).
    One option: the service type implies it. Several only where the catalogue allows more than one kind
    (services of pension providers) or more than one such authority works with the client.
    """
    kinds = RESPONSIBLE_KINDS[service_type.organiser]  # type: ignore[index]
    of_kind = Organisation.objects.filter(kind__in=kinds)
    on_team = list(
        of_kind.filter(
            users__team_memberships__relationship=relationship,
            users__team_memberships__left_on__isnull=True,
        ).distinct()
    )
    if on_team:
        return on_team
    serving = Q(kind=Organisation.Kind.KELA)
    if relationship.client.home_municipality_id is not None:
        serving |= Q(municipalities=relationship.client.home_municipality_id)
    return list(of_kind.filter(serving).distinct())


def derived_responsible(
    service_type: ServiceType, relationship: ClientRelationship, actor: User | None = None
) -> Organisation | None:
    """The responsible authority when none is given: the only option, or the actor's own organisation
    among several; None when it cannot be told (the caller must choose)."""
    options = responsible_options(service_type, relationship)
    if len(options) == 1:
        return options[0]
    if actor is not None and actor.organisation_id in {option.pk for option in options}:
        return next(option for option in options if option.pk == actor.organisation_id)
    return None


def _authorize(
    *,
    actor: User,
    action: Action,
    relationship: ClientRelationship,
    object_type: str,
    object_id: str = "",
    request: HttpRequest | None = None,
) -> None:
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        object_type=object_type,
        object_id=object_id,
    )


def plan_version_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    based_on_version_number: int,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> PlanVersion:
    """Make a new draft version from the latest one: copy its services and tasks, then apply `data`.

    R-TYM-3: a TYM plan needs the worker pair. R-TYM-2 / R-TYM-4: the next review defaults to 3
    months from the version's date and may be set earlier (the situation changed), never later than
    the legal maximum. Optimistic locking: `based_on_version_number` is the latest version the editor
    saw (0 for the first); if another version was saved meanwhile, StaleVersion and nothing is saved.

    `data`: goals, next_review_on, add_services (list of service dicts), add_tasks (list of task dicts).
    """
    _authorize(
        actor=actor,
        action=Action.CREATE,
        relationship=relationship,
        object_type="plans.planversion",
        request=request,
    )
    if relationship.track == Track.TYM:
        missing = missing_worker_pair(relationship)
        if missing:
            raise PlanNeedsWorkerPair(missing)
    today = today or timezone.localdate()
    next_review_on = _clean_review_date(data.get("next_review_on"), today)
    new_services = [
        _clean_service(service, relationship.client, relationship=relationship, actor=actor)
        for service in data.get("add_services", [])
    ]
    new_tasks = [_clean_task(task) for task in data.get("add_tasks", [])]
    try:
        with transaction.atomic():
            plan = _locked_plan(relationship)
            previous = plan.versions.order_by("-number").first()
            latest_number = previous.number if previous else 0
            if latest_number != based_on_version_number:
                raise StaleVersion()
            version = PlanVersion.objects.create(
                plan=plan,
                number=latest_number + 1,
                based_on=previous,
                goals=data["goals"]
                if data.get("goals") is not None
                else (previous.goals if previous else ""),
                next_review_on=next_review_on,
                created_by=actor,
                created_on=today,
            )
            if previous is not None:
                _copy_content(previous, version)
                if previous.status == VersionStatus.DRAFT:
                    # A draft replaced by a newer version can no longer come into force.
                    previous.status = VersionStatus.SUPERSEDED
                    previous.superseded_at = timezone.now()
                    previous.save(update_fields=["status", "superseded_at"])
            for service in new_services:
                AgreedService.objects.create(version=version, **service)
            for task in new_tasks:
                ClientTask.objects.create(version=version, **task)
    except IntegrityError as error:
        # Two first versions at once: the unique plan and number decide the winner.
        raise StaleVersion() from error
    return version


def _locked_plan(relationship: ClientRelationship) -> Plan:
    plan, _created = Plan.objects.get_or_create(
        relationship=relationship,
        defaults={"plan_type": PLAN_TYPE_BY_TRACK.get(relationship.track, PlanType.MULTI_SECTORAL_PLAN)},  # type: ignore[call-overload]
    )
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _copy_content(source: PlanVersion, target: PlanVersion) -> None:
    AgreedService.objects.bulk_create(
        AgreedService(
            version=target,
            lineage=service.lineage,
            **{_attname(name): getattr(service, _attname(name)) for name in SERVICE_FIELDS},
        )
        for service in source.services.all()
    )
    ClientTask.objects.bulk_create(
        ClientTask(
            version=target, lineage=task.lineage, **{name: getattr(task, name) for name in TASK_FIELDS}
        )
        for task in source.tasks.all()
    )


def _attname(name: str) -> str:
    return f"{name}_id" if name in _FOREIGN_KEYS else name


def _clean_review_date(value: date | None, today: date) -> date:
    if value is None:
        return rules.default_next_review(today).on
    if value < today:
        raise InvalidPlanData({"next_review_on": _("Seuraavan arvioinnin päivä ei voi olla menneisyydessä.")})
    maximum = rules.review_maximum(today)
    if value > rules.latest_next_review(today):
        raise InvalidPlanData(
            {
                "next_review_on": _(
                    "%(rule)s: Suunnitelma on arvioitava viimeistään %(months)s kuukauden kuluessa. "
                    "Valitse aikaisempi päivä."
                )
                % {"rule": maximum.reference, "months": maximum.value}
            }
        )
    return value


def _clean_service(
    data: dict[str, Any],
    client: Client | None = None,
    *,
    relationship: ClientRelationship | None = None,
    actor: User | None = None,
) -> dict[str, Any]:
    """One service's fields, refused with a message per field when they do not fit together.

    With the client, the region's own policy (R-POLICY-1) is checked too. With the relationship, a
    missing responsible authority follows from the service type (`derived_responsible`).
    """
    service = {name: data.get(name) for name in SERVICE_FIELDS}
    service["intensity"] = (service["intensity"] or "").strip()
    service["description"] = (service["description"] or "").strip()
    errors: dict[str, Any] = {}
    service_type: ServiceType | None = service["service_type"]
    if service_type is None:
        errors["service_type"] = _("Valitse palvelu.")
    elif not service_type.active:
        errors["service_type"] = _("Palvelu ei ole enää käytössä. Valitse toinen palvelu.")
    if service["responsible_organisation"] is None and service_type is not None and relationship is not None:
        service["responsible_organisation"] = derived_responsible(service_type, relationship, actor)
    responsible: Organisation | None = service["responsible_organisation"]
    professional: User | None = service["responsible_professional"]
    if responsible is None:
        errors["responsible_organisation"] = _unclear_responsible(service_type, relationship)
    elif service_type is not None and responsible.kind not in RESPONSIBLE_KINDS[service_type.organiser]:  # type: ignore[index]
        errors["responsible_organisation"] = _(
            "Palvelusta %(service)s vastaa sen järjestäjä (%(organiser)s), ei %(organisation)s. Jätä "
            "vastuuviranomainen valitsematta, niin se päätellään palvelusta."
        ) % {
            "service": service_type.name,
            "organiser": service_type.get_organiser_display(),
            "organisation": responsible.name,
        }
    if (
        professional is not None
        and responsible is not None
        and professional.organisation_id != responsible.pk
    ):
        errors["responsible_professional"] = _("Vastuuhenkilön on työskenneltävä vastuuviranomaisessa.")
    if service["starts_on"] is None:
        errors["starts_on"] = _("Anna palvelun alkamispäivä.")
    elif service["ends_on"] is not None and service["ends_on"] < service["starts_on"]:
        errors["ends_on"] = _("Palvelun päättymispäivä ei voi olla ennen alkamispäivää.")
    if service_type is not None and service_type.is_kuty:
        errors = {**_kuty_record_missing(service), **errors}
    if client is not None and "service_type" not in errors and "starts_on" not in errors:
        refusal = _regional_policy_refusal(client, service)
        if refusal:
            errors["service_type"] = refusal
    if errors:
        raise InvalidPlanData(errors)
    return service


def _unclear_responsible(service_type: ServiceType | None, relationship: ClientRelationship | None) -> str:
    """Why no responsible authority follows from the service type: several may answer for it, or none
    of its organiser's kind works with the client."""
    if service_type is None or relationship is None:
        return _("Valitse palvelusta vastaava viranomainen.")
    options = responsible_options(service_type, relationship)
    if options:
        return _("Palvelusta voi vastata %(options)s: valitse vastuuviranomainen.") % {
            "options": _(" tai ").join(option.name for option in options)
        }
    return _(
        "Asiakkaan tiimissä tai kotikunnassa ei ole palvelun järjestäjää (%(organiser)s): valitse "
        "vastuuviranomainen."
    ) % {"organiser": service_type.get_organiser_display()}


def _regional_policy_refusal(client: Client, service: dict[str, Any]) -> str:
    """R-POLICY-1: a pay subsidy only for the ages the responsible employment area's policy allows."""
    service_type: ServiceType = service["service_type"]
    responsible: Organisation | None = service["responsible_organisation"]
    age = client.age_on(service["starts_on"])
    if service_type.code != rules.PAY_SUBSIDY_SERVICE or responsible is None or age is None:
        return ""
    minimum = rules.pay_subsidy_minimum_age(responsible.slug, service["starts_on"])
    if minimum is None or age >= int(minimum.value):
        return ""
    return _(
        "%(rule)s: alueen linjauksen mukaan palkkatuki myönnetään vain %(minimum)s vuotta täyttäneille; "
        "asiakas on palvelun alkaessa %(age)s-vuotias."
    ) % {"rule": minimum.reference, "minimum": minimum.value, "age": age}


def _kuty_record_missing(service: dict[str, Any]) -> dict[str, str]:
    """R-KUTY-1: what a plan with rehabilitative work activity must record about it.

    The goal, description, place and the support given go in the description, the daily and weekly
    duration in the intensity, the start and length in the dates; the date by which the effects are
    assessed is the version's next review.
    """
    missing = {}
    if not service["description"]:
        missing["description"] = _(
            "Kirjaa kuntouttavan työtoiminnan tavoite, kuvaus ja paikka sekä annettava tuki ja ohjaus."
        )
    if not service["intensity"]:
        missing["intensity"] = _("Kirjaa kuntouttavan työtoiminnan kesto päivässä ja viikossa.")
    if service["ends_on"] is None:
        missing["ends_on"] = _("Kirjaa kuntouttavan työtoiminnan kesto: anna päättymispäivä.")
    return missing


def _clean_task(data: dict[str, Any]) -> dict[str, Any]:
    description = (data.get("description") or "").strip()
    if not description:
        raise InvalidPlanData({"description": _("Kirjoita, mitä asiakas tekee.")})
    return {"description": description, "due_on": data.get("due_on"), "done": bool(data.get("done"))}


def _edit_draft(version: PlanVersion, expected_revision: int) -> PlanVersion:
    """Lock a draft for one edit: refuse a version whose content is fixed, or a stale edit."""
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if (
        locked.status != VersionStatus.DRAFT
        or locked.confirmations.exists()
        or ClientAcceptance.objects.filter(version=locked).exists()
    ):
        raise VersionNotEditable()
    if locked.revision != expected_revision:
        raise StaleVersion()
    locked.revision += 1
    locked.save(update_fields=["revision"])
    return locked


def plan_version_update(
    *,
    actor: User,
    version: PlanVersion,
    goals: str,
    next_review_on: date | None,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Change a draft's goals and review date (R-TYM-2 / R-TYM-4 as in plan_version_create)."""
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=version.plan.relationship,
        object_type="plans.planversion",
        object_id=str(version.code),
        request=request,
    )
    review = _clean_review_date(next_review_on, version.created_on)
    with transaction.atomic():
        locked = _edit_draft(version, expected_revision)
        locked.goals = goals.strip()
        locked.next_review_on = review
        locked.save(update_fields=["goals", "next_review_on"])
    return locked


DraftRow = TypeVar("DraftRow", AgreedService, ClientTask)


def _authorize_draft_edit(
    actor: User, version: PlanVersion, model: type[Model], object_id: str, request: HttpRequest | None
) -> None:
    """Every edit of a draft's service or task: an UPDATE of the plan, audited before any input is read."""
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=version.plan.relationship,
        object_type=model._meta.label_lower,
        object_id=object_id,
        request=request,
    )


def _add_to_draft(
    *, version: PlanVersion, model: type[DraftRow], fields: dict[str, Any], expected_revision: int
) -> DraftRow:
    with transaction.atomic():
        locked = _edit_draft(version, expected_revision)
        return model.objects.create(version=locked, **fields)


def _update_in_draft(
    *,
    actor: User,
    row: DraftRow,
    clean: Callable[[dict[str, Any]], dict[str, Any]],
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None,
) -> DraftRow:
    _authorize_draft_edit(actor, row.version, type(row), str(row.code), request)
    fields = clean(data)
    with transaction.atomic():
        _edit_draft(row.version, expected_revision)
        type(row).objects.filter(pk=row.pk).update(**fields)
    row.refresh_from_db()
    return row


def _remove_from_draft(
    *, actor: User, row: AgreedService | ClientTask, expected_revision: int, request: HttpRequest | None
) -> None:
    _authorize_draft_edit(actor, row.version, type(row), str(row.code), request)
    with transaction.atomic():
        _edit_draft(row.version, expected_revision)
        row.delete()


def agreed_service_add(
    *,
    actor: User,
    version: PlanVersion,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> AgreedService:
    """Add a service to a draft; its end may not precede its start, its authority is its organiser's."""
    _authorize_draft_edit(actor, version, AgreedService, str(version.code), request)
    relationship = version.plan.relationship
    fields = _clean_service(data, relationship.client, relationship=relationship, actor=actor)
    return _add_to_draft(
        version=version, model=AgreedService, fields=fields, expected_revision=expected_revision
    )


def agreed_service_update(
    *,
    actor: User,
    service: AgreedService,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> AgreedService:
    relationship = service.version.plan.relationship
    return _update_in_draft(
        actor=actor,
        row=service,
        clean=lambda fields: _clean_service(
            fields, relationship.client, relationship=relationship, actor=actor
        ),
        data=data,
        expected_revision=expected_revision,
        request=request,
    )


def agreed_service_remove(
    *, actor: User, service: AgreedService, expected_revision: int, request: HttpRequest | None = None
) -> None:
    _remove_from_draft(actor=actor, row=service, expected_revision=expected_revision, request=request)


def client_task_add(
    *,
    actor: User,
    version: PlanVersion,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> ClientTask:
    _authorize_draft_edit(actor, version, ClientTask, str(version.code), request)
    return _add_to_draft(
        version=version, model=ClientTask, fields=_clean_task(data), expected_revision=expected_revision
    )


def client_task_update(
    *,
    actor: User,
    task: ClientTask,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> ClientTask:
    return _update_in_draft(
        actor=actor,
        row=task,
        clean=_clean_task,
        data=data,
        expected_revision=expected_revision,
        request=request,
    )


def client_task_remove(
    *, actor: User, task: ClientTask, expected_revision: int, request: HttpRequest | None = None
) -> None:
    _remove_from_draft(actor=actor, row=task, expected_revision=expected_revision, request=request)


def required_organisation_ids(version: PlanVersion) -> set[int]:
    """The authorities with agreed services in the version: each must confirm its commitments."""
    return set(version.services.values_list("responsible_organisation_id", flat=True))


def commitment_confirm(
    *,
    actor: User,
    version: PlanVersion,
    organisation: Organisation,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> CommitmentConfirmation:
    """A case-team professional confirms their own authority's commitments (SPEC §3 step 6, §5.1).

    Confirming another organisation's commitments is refused and logged as denied. When every
    commitment is confirmed and the client has accepted, the version comes into force.
    """
    relationship = version.plan.relationship
    if organisation.pk != actor.organisation_id:
        facts = relation_facts(actor=actor, client=relationship.client)
        decision = decide(actor=actor, action=Action.UPDATE, category=DataCategory.PLAN, facts=facts)
        if decision.allowed:
            # The policy lets a team member update the plan; commitments are only their own authority's.
            record_access(
                actor=actor,
                action=Action.UPDATE,
                category=DataCategory.PLAN,
                purpose=decision.purpose,
                allowed=False,
                client_code=relationship.client.code,
                object_type="plans.commitmentconfirmation",
                object_id=str(version.code),
                reason=Reason.NOT_OWN_ORGANISATION.value,
                request=request,
            )
            raise AccessDenied(
                Decision(False, decision.relation, decision.purpose, Reason.NOT_OWN_ORGANISATION)
            )
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=relationship,
        object_type="plans.commitmentconfirmation",
        object_id=str(version.code),
        request=request,
    )
    with transaction.atomic():
        locked = _awaiting_approval(version)
        if organisation.pk not in required_organisation_ids(locked):
            raise NothingToConfirm()
        if locked.confirmations.filter(organisation=organisation).exists():
            raise AlreadyDone(_("Organisaatiosi sitoumukset on jo vahvistettu tässä versiossa."))
        confirmation = CommitmentConfirmation.objects.create(
            version=locked, organisation=organisation, confirmed_by=actor
        )
        _put_in_force_if_complete(locked, today)
    return confirmation


def plan_accept(
    *,
    actor: User,
    version: PlanVersion,
    accepted_on: date,
    how: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientAcceptance:
    """Record that the client accepted the version (SPEC §3 step 6); in force once all have confirmed."""
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=version.plan.relationship,
        object_type="plans.clientacceptance",
        object_id=str(version.code),
        request=request,
    )
    if how not in AcceptanceHow.values:
        raise InvalidPlanData({"how": _("Valitse, miten asiakas hyväksyi suunnitelman.")})
    return record_acceptance(
        version=version, accepted_on=accepted_on, how=how, recorded_by=actor, today=today
    )


def record_acceptance(
    *,
    version: PlanVersion,
    accepted_on: date,
    how: str,
    recorded_by: User | None,
    today: date | None = None,
) -> ClientAcceptance:
    """The acceptance itself, once the caller has authorised and audited it: `plan_accept` for a
    professional, Oma Yhteispolku for the client herself (`recorded_by` None, `how` portal). A second
    acceptance of the version is AlreadyDone (409) and changes nothing; in force once all have confirmed."""
    if accepted_on > (today or timezone.localdate()):
        raise InvalidPlanData({"accepted_on": _("Hyväksymispäivä ei voi olla tulevaisuudessa.")})
    if accepted_on < version.created_on:
        raise InvalidPlanData({"accepted_on": _("Hyväksymispäivä ei voi olla ennen version laatimista.")})
    with transaction.atomic():
        locked = _awaiting_approval(version)
        if ClientAcceptance.objects.filter(version=locked).exists():
            raise AlreadyDone(_("Asiakkaan hyväksyntä on jo kirjattu tälle versiolle."))
        acceptance = ClientAcceptance.objects.create(
            version=locked, accepted_on=accepted_on, how=how, recorded_by=recorded_by
        )
        _put_in_force_if_complete(locked, today)
    return acceptance


def plan_delivery_record(
    *,
    actor: User,
    version: PlanVersion,
    delivered_on: date,
    how: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> PlanDelivery:
    """Record that the version was handed to the client or posted to her (her own downloads record
    themselves: `record_portal_delivery`)."""
    _authorize(
        actor=actor,
        action=Action.UPDATE,
        relationship=version.plan.relationship,
        object_type="plans.plandelivery",
        object_id=str(version.code),
        request=request,
    )
    if how not in (DeliveryHow.IN_PERSON, DeliveryHow.POST):
        raise InvalidPlanData({"how": _("Valitse, miten suunnitelma annettiin asiakkaalle.")})
    if delivered_on > (today or timezone.localdate()):
        raise InvalidPlanData({"delivered_on": _("Antopäivä ei voi olla tulevaisuudessa.")})
    if delivered_on < version.created_on:
        raise InvalidPlanData({"delivered_on": _("Antopäivä ei voi olla ennen version laatimista.")})
    return PlanDelivery.objects.create(version=version, delivered_on=delivered_on, how=how, recorded_by=actor)


def record_portal_delivery(version: PlanVersion) -> PlanDelivery:
    """The client downloaded the version in Oma Yhteispolku (the caller has audited the print): one delivery
    per version, the first download's day."""
    delivery, _created = PlanDelivery.objects.get_or_create(
        version=version, how=DeliveryHow.PORTAL, defaults={"delivered_on": timezone.localdate()}
    )
    return delivery


def _awaiting_approval(version: PlanVersion) -> PlanVersion:
    Plan.objects.select_for_update().get(pk=version.plan_id)
    locked = PlanVersion.objects.get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise VersionNotEditable(_("Vain luonnosta voi vahvistaa tai hyväksyä."))
    return locked


def _put_in_force_if_complete(version: PlanVersion, today: date | None = None) -> None:
    """In force when every commitment is confirmed and the client has accepted; the old one is superseded.

    The version comes into force on the day the last of these is recorded (`today`), and its review is
    counted from that day (R-TYM-2, R-TYM-4): a default review date is counted again, a date the team
    set stays within the maximum.
    """
    confirmed = set(version.confirmations.values_list("organisation_id", flat=True))
    if not required_organisation_ids(version) <= confirmed:
        return
    if not ClientAcceptance.objects.filter(version=version).exists():
        return
    now = timezone.now()
    in_force_on = today or timezone.localdate(now)
    PlanVersion.objects.filter(plan_id=version.plan_id, status=VersionStatus.IN_FORCE).update(
        status=VersionStatus.SUPERSEDED, superseded_at=now
    )
    version.status = VersionStatus.IN_FORCE
    version.in_force_from = (
        now
        if in_force_on == timezone.localdate(now)
        else timezone.make_aware(datetime.combine(in_force_on, time.min))
    )
    version.next_review_on = rules.review_on_entry_into_force(
        version.next_review_on, version.created_on, in_force_on
    )
    version.save(update_fields=["status", "in_force_from", "next_review_on"])
    plan = version.plan
    relationship = plan.relationship
    events.record_for_relationship(
        EventType.PLAN_IN_FORCE,
        relationship,
        plan=plan.code,
        plan_type=plan.plan_type,
        plan_version=version.code,
        version_number=version.number,
        in_force_on=in_force_on,
    )


def participation_record(
    *,
    actor: User,
    service: AgreedService,
    status: str,
    on: date,
    note: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Participation:
    """Follow-up of participation in a service of the plan in force (SPEC §3 step 7)."""
    _authorize(
        actor=actor,
        action=Action.CREATE,
        relationship=service.version.plan.relationship,
        object_type="plans.participation",
        object_id=str(service.code),
        request=request,
    )
    if status not in ParticipationStatus.values:
        raise InvalidPlanData({"status": _("Valitse osallistumisen tilanne.")})
    if on > (today or timezone.localdate()):
        raise InvalidPlanData({"on": _("Osallistumista ei voi kirjata tulevalle päivälle.")})
    if service.version.status != VersionStatus.IN_FORCE:
        raise ParticipationNotAllowed()
    with transaction.atomic():
        return Participation.objects.create(
            plan_id=service.version.plan_id,
            service=service,
            lineage=service.lineage,
            status=status,
            on=on,
            note=note.strip(),
            recorded_by=actor,
        )
