"""Writes on the service paths: opening a track, KUTY sections and activation plans, integration,
the jobseeker's registration and the plans of the simpler tracks.

Each service authorises through `access.authorize` (which writes the audit entry) *before* it opens its
transaction, so a refused attempt stays in the audit log while the write is all or nothing. The rules
(`paths.rules`) refuse input with messages that name the rule.

Categories (SPEC §5.1): KUTY, the activation plan, social rehabilitation and disability activity are
social-services data; integration, the employment plan, the registration and youth guidance are the
employment authority's; opening a track, confirming the activation plan (an authority's commitment)
and the routing after integration are the joint plan's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import authorize
from yhteispolku.access.relations import RelationFacts
from yhteispolku.accounts.models import Sector, User
from yhteispolku.cases.models import (
    OPEN_PHASES,
    ClientRelationship,
    Track,
)
from yhteispolku.cases.registration import open_track
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.events import services as events
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.paths import rules
from yhteispolku.paths.errors import (
    AlreadyConfirmed,
    AlreadyRecorded,
    InvalidPathData,
    RelationshipNotOpen,
    StaleEdit,
    TrackAlreadyOpen,
    WrongTrack,
)
from yhteispolku.paths.models import (
    PLAN_KIND_OF_TRACK,
    ActivationPlan,
    CountyCategory,
    EffectsOutcome,
    IntegrationAssessment,
    IntegrationCountyPart,
    IntegrationPlan,
    IntegrationRouting,
    JobseekerRegistration,
    KutyDecision,
    KutyEffectsAssessment,
    KutyJobseekerCheck,
    KutySection,
    ServicePlan,
    ServicePlanKind,
)
from yhteispolku.plans.models import AcceptanceHow, AgreedService, PlanType, VersionStatus

RELATIONSHIP_OBJECT_TYPE = "cases.clientrelationship"
KUTY_FIELDS = (
    "goal",
    "description",
    "place",
    "hours_per_day",
    "days_per_week",
    "starts_on",
    "ends_on",
    "support_and_guidance",
    "other_services",
    "effects_assessed_by",
    "paid_work_hours_per_week",
    "full_time_entrepreneur",
    "full_time_student",
    "in_other_employment_service",
)
SOCIAL_KINDS = (ServicePlanKind.SOCIAL_REHABILITATION, ServicePlanKind.DISABILITY_ACTIVITY)
RecordT = TypeVar("RecordT", bound=models.Model)


def _authorize_write(
    *,
    actor: User,
    relationship: ClientRelationship,
    action: Action,
    category: DataCategory,
    object_type: str,
    request: HttpRequest | None,
    object_code: uuid.UUID | None = None,
    owner_organisation_id: int | None = None,
) -> None:
    """authorize() a write on the relationship's client; the audit entry names the object written, or
    the relationship when the object is new."""
    authorize(
        actor=actor,
        action=action,
        category=category,
        client=relationship.client,
        request=request,
        facts=None,
        object_type=object_type,
        object_id=str(object_code or relationship.code),
        owner_organisation_id=owner_organisation_id,
    )


@dataclass(frozen=True)
class _Written:
    """What a write on a track records, for the access policy: its object type and data category, and
    the track the relationship must be on (None: any track the record belongs to)."""

    object_type: str
    category: DataCategory
    track: str | None = None


KUTY_SECTION = _Written("paths.kutysection", DataCategory.SOCIAL)
ACTIVATION_PLAN = _Written("paths.activationplan", DataCategory.SOCIAL, Track.KUTY)
# Confirming is the authorities' joint plan work rather than the social-services record itself.
ACTIVATION_CONFIRMATION = _Written("paths.activationplan", DataCategory.PLAN, Track.KUTY)
# The decision and the effects assessment are social services'; the jobseeker check the employment
# authority's (its registration data).
KUTY_DECISION = _Written("paths.kutydecision", DataCategory.SOCIAL, Track.KUTY)
KUTY_EFFECTS_ASSESSMENT = _Written("paths.kutyeffectsassessment", DataCategory.SOCIAL)
KUTY_JOBSEEKER_CHECK = _Written("paths.kutyjobseekercheck", DataCategory.EMPLOYMENT, Track.KUTY)
INTEGRATION_ASSESSMENT = _Written("paths.integrationassessment", DataCategory.EMPLOYMENT, Track.INTEGRATION)
INTEGRATION_PLAN = _Written("paths.integrationplan", DataCategory.EMPLOYMENT, Track.INTEGRATION)
INTEGRATION_ROUTING = _Written("paths.integrationrouting", DataCategory.PLAN, Track.INTEGRATION)
# Confirming the integration plan (either authority's part) is the joint plan work, like the activation plan.
INTEGRATION_CONFIRMATION = _Written("paths.integrationplan", DataCategory.PLAN, Track.INTEGRATION)
COUNTY_PART_OBJECT_TYPE = "paths.integrationcountypart"


def county_part_written(category: str) -> _Written:
    """The county's part of an integration plan: social-services data, or health where it says so."""
    return _Written(COUNTY_PART_OBJECT_TYPE, DataCategory(category), Track.INTEGRATION)


JOBSEEKER_REGISTRATION = _Written(
    "paths.jobseekerregistration", DataCategory.EMPLOYMENT, Track.EMPLOYMENT_SERVICES
)


def _authorize_on_open(
    actor: User,
    relationship: ClientRelationship,
    action: Action,
    written: _Written,
    request: HttpRequest | None,
    *,
    object_code: uuid.UUID | None = None,
    owner_organisation_id: int | None = None,
) -> None:
    """authorize() the write, then require the relationship open (and on the record's track, if any)."""
    _authorize_write(
        actor=actor,
        relationship=relationship,
        action=action,
        category=written.category,
        object_type=written.object_type,
        request=request,
        object_code=object_code,
        owner_organisation_id=owner_organisation_id,
    )
    _require_open(relationship, written.track)


def _require_open(relationship: ClientRelationship, track: str | None = None) -> None:
    if track is not None and relationship.track != track:
        raise WrongTrack()
    if relationship.phase not in OPEN_PHASES:
        raise RelationshipNotOpen()


def _refuse(refusals: dict[str, str]) -> None:
    if refusals:
        raise InvalidPathData(refusals)


def _text(data: dict[str, Any], name: str) -> str:
    return (data.get(name) or "").strip()


def _refuse_if_recorded(queryset: Any, message: str | None = None) -> None:
    """Inside the write's transaction: a record that may be made once is already there."""
    if queryset.exists():
        raise AlreadyRecorded(message)


def _create_recorded(
    model: type[RecordT], actor: User, relationship: ClientRelationship, **fields: Any
) -> RecordT:
    """A new row on the relationship, owned by the actor's organisation and recorded by the actor."""
    return model._default_manager.create(
        relationship=relationship, owner_organisation=_organisation(actor), created_by=actor, **fields
    )


def _update_revision(
    instance: Any, expected_revision: int, where: dict[str, Any] | None = None, **values: Any
) -> None:
    """Optimistic locking: write `values` only if the row is still at `expected_revision` (and matches
    `where`), bump the revision and reread the instance; otherwise the edit is stale (409)."""
    with transaction.atomic():
        updated = (
            type(instance)
            .objects.filter(pk=instance.pk, revision=expected_revision, **(where or {}))
            .update(revision=expected_revision + 1, **values)
        )
        if not updated:
            raise StaleEdit()
    instance.refresh_from_db()


def _next_number(queryset: Any) -> int:
    return int(queryset.aggregate(n=Max("number"))["n"] or 0) + 1


def _organisation(actor: User) -> Organisation:
    assert actor.organisation is not None  # authorize() lets only professionals write
    return actor.organisation


def region_of(relationship: ClientRelationship) -> str:
    """The region whose policy applies: the responsible organisation (an employment area or a county)."""
    return relationship.responsible_organisation.slug


# --- Opening a track ---------------------------------------------------------------------------------


def relationship_open(
    *,
    actor: User,
    client: Client,
    track: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """Open a relationship on a non-TYM track at the actor's unit, with the actor on its case team.

    TYM opens through a referral (R-TYM-1). R-KOTO-2: an integration relationship at the employment
    authority needs a residence permit or a registered right of residence recorded. R-YOUTH-1: youth
    one-stop is for people under 30 on the day. One open relationship per track.
    """
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=RELATIONSHIP_OBJECT_TYPE,
    )
    return _open_relationship(actor=actor, client=client, track=track, today=today or timezone.localdate())


def _open_relationship(
    *, actor: User, client: Client, track: str, today: date, unit: Unit | None = None
) -> ClientRelationship:
    """relationship_open() after its authorisation: the rules, then the relationship in `unit` (the
    actor's own by default) with the actor on its team. The routing after integration opens the target
    track through this inside its own transaction."""
    if track not in Track.values or track == Track.TYM:
        raise InvalidPathData({"track": _("Valitse palvelupolku. TYM-asiakkuus alkaa lähetteellä.")})
    organisation = unit.organisation if unit is not None else _organisation(actor)
    assert actor.unit is not None
    if track == Track.INTEGRATION and organisation.kind == Organisation.Kind.EMPLOYMENT_AUTHORITY:
        required = rules.rule("R-KOTO-2", "residence_permit_required", today)
        if required.value and not client.has_residence_right_on(today):
            raise InvalidPathData(
                {
                    "track": _(
                        "%(rule)s: työvoimaviranomaisen asiakkuus edellyttää voimassa olevaa oleskelulupaa "
                        "tai rekisteröityä oleskeluoikeutta. Kirjaa ne asiakkaan sivulla kohdassa "
                        "Muokkaa perustietoja (Oleskelulupa ja kotoutuminen) tai API:ssa "
                        "PATCH /api/v1/clients/{code}."
                    )
                    % {"rule": required.reference}
                }
            )
    if track == Track.YOUTH_ONE_STOP:
        refusal = rules.youth_refusal(client.age_on(today), today)
        if refusal:
            raise InvalidPathData({"track": refusal})
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if ClientRelationship.objects.filter(client=client, track=track, phase__in=OPEN_PHASES).exists():
            raise TrackAlreadyOpen(_track_open_message(track))
        return open_track(actor=actor, client=client, track=track, today=today, unit=unit)


def _track_open_message(track: str) -> str:
    return _("Asiakkaalla on jo avoin asiakkuus palvelupolulla %(track)s.") % {"track": Track(track).label}


# --- KUTY (R-KUTY-1..4) -------------------------------------------------------------------------------


def _kuty_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {field: data.get(field) for field in KUTY_FIELDS}
    for field in ("goal", "description", "place", "support_and_guidance", "other_services"):
        values[field] = (values[field] or "").strip()
    for field in ("full_time_entrepreneur", "full_time_student", "in_other_employment_service"):
        values[field] = bool(values[field])
    values["paid_work_hours_per_week"] = values["paid_work_hours_per_week"] or 0
    return values


def kuty_section_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    agreed_service: AgreedService | None = None,
    activation_plan: ActivationPlan | None = None,
    continues: KutySection | None = None,
    request: HttpRequest | None = None,
) -> KutySection:
    """A KUTY period with the six items of R-KUTY-1 and the limits of R-KUTY-2..4.

    Attached to an agreed KUTY service of the TYM plan's version in force, or to an activation plan of
    a KUTY relationship. A continuation (`continues`) starts the day after the previous period ends
    and is again at least 3 months (R-KUTY-2).
    """
    _authorize_on_open(actor, relationship, Action.CREATE, KUTY_SECTION, request)
    if (agreed_service is None) == (activation_plan is None):
        raise InvalidPathData(
            {
                "plan": _(
                    "Liitä jakso joko TYM-suunnitelman kuntouttavaan työtoimintaan tai "
                    "aktivointisuunnitelmaan."
                )
            }
        )
    if agreed_service is not None:
        version = agreed_service.version
        if relationship.track != Track.TYM or version.plan.relationship_id != relationship.pk:
            raise WrongTrack()
        if not agreed_service.service_type.is_kuty:
            raise InvalidPathData({"plan": _("Valittu palvelu ei ole kuntouttavaa työtoimintaa.")})
        if version.status != VersionStatus.IN_FORCE:
            raise InvalidPathData(
                {"plan": _("Jakso liitetään voimassa olevan suunnitelman kuntouttavaan työtoimintaan.")}
            )
    if activation_plan is not None and (
        relationship.track != Track.KUTY or activation_plan.relationship_id != relationship.pk
    ):
        raise WrongTrack()
    values = _kuty_values(data)
    refusals = rules.kuty_section_refusals(values, continues_period=continues is not None)
    decision = None
    if activation_plan is not None:
        decision, refusal = _activation_refusal(relationship, activation_plan, values)
        if refusal:
            refusals.setdefault("plan", refusal)
    provider = data.get("provider")
    if provider is not None and provider.kind != Organisation.Kind.SERVICE_PROVIDER:
        refusals["provider"] = _("Toimintapaikaksi valitaan palveluntuottaja.")
    if continues is not None:
        if continues.relationship_id != relationship.pk:
            raise WrongTrack()
        if values["starts_on"] and values["starts_on"] <= continues.ends_on:
            refusals.setdefault(
                "starts_on",
                _("Jatkojakso alkaa edellisen jakson päätyttyä (%(end)s).")
                % {"end": rules.day_text(continues.ends_on)},
            )
    _refuse(refusals)
    with transaction.atomic():
        if continues is not None:
            _refuse_if_recorded(
                KutySection.objects.filter(continues=continues),
                _("Jaksolle on jo kirjattu jatkojakso."),
            )
        return _create_recorded(
            KutySection,
            actor,
            relationship,
            agreed_service=agreed_service,
            activation_plan=activation_plan,
            decision=decision,
            provider=provider,
            continues=continues,
            **values,
        )


def _activation_refusal(
    relationship: ClientRelationship, plan: ActivationPlan, values: dict[str, Any]
) -> tuple[KutyDecision | None, str]:
    """A period of an activation plan: the plan in force (both authorities and the client) and the
    period within a decision's period (R-KUTY-2). The decision covering it, or why not."""
    on = values.get("starts_on") or timezone.localdate()
    reference = rules.rule("R-KUTY-2", "min_period_months", on).reference
    if not plan.in_force:
        return None, _(
            "%(rule)s: jakso kirjataan voimassa olevaan aktivointisuunnitelmaan: molemmat viranomaiset "
            "vahvistavat sen ja asiakas hyväksyy sen ensin."
        ) % {"rule": reference}
    decision = _decision_covering(relationship, values)
    if decision is None:
        return None, _(
            "%(rule)s: jakson on oltava kokonaan kuntouttavasta työtoiminnasta tehdyn päätöksen ajalla."
        ) % {"rule": reference}
    return decision, ""


def kuty_section_update(
    *,
    actor: User,
    section: KutySection,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> KutySection:
    """Change a KUTY period's items; the same rules apply. A stale revision is a conflict (409)."""
    _authorize_on_open(
        actor,
        section.relationship,
        Action.UPDATE,
        KUTY_SECTION,
        request,
        object_code=section.code,
        owner_organisation_id=section.owner_organisation_id,
    )
    values = _kuty_values(data)
    refusals = rules.kuty_section_refusals(values, continues_period=section.continues_id is not None)
    if section.activation_plan is not None:
        decision, refusal = _activation_refusal(section.relationship, section.activation_plan, values)
        if refusal:
            refusals.setdefault("plan", refusal)
        values["decision"] = decision
    _refuse(refusals)
    _update_revision(section, expected_revision, updated_at=timezone.now(), **values)
    return section


def activation_plan_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ActivationPlan:
    """An activation plan of a KUTY relationship (R-KUTY-5: who it is for, by the version in force on
    the day it is made; R-KUTY-2: next update in 3–12 months). In force when both authorities confirm."""
    _authorize_on_open(actor, relationship, Action.CREATE, ACTIVATION_PLAN, request)
    made_on = data.get("made_on") or today or timezone.localdate()
    goals = _text(data, "goals")
    next_review_on = data.get("next_review_on")
    if next_review_on is None:
        low = rules.rule("R-KUTY-2", "activation_plan_review_min_months", made_on)
        next_review_on = rules.engine.add_months(made_on, int(low.value))
    refusals = rules.activation_plan_refusals(
        made_on=made_on,
        next_review_on=next_review_on,
        basis=data.get("basis") or "",
        benefit_days=data.get("benefit_days"),
        age=relationship.client.age_on(made_on),
    )
    if not goals:
        refusals["goals"] = _("Kirjaa suunnitelman tavoitteet.")
    _refuse(refusals)
    with transaction.atomic():
        ClientRelationship.objects.select_for_update().filter(pk=relationship.pk).first()
        return _create_recorded(
            ActivationPlan,
            actor,
            relationship,
            number=_next_number(ActivationPlan.objects.filter(relationship=relationship)),
            made_on=made_on,
            basis=data["basis"],
            benefit_days=data.get("benefit_days"),
            goals=goals,
            next_review_on=next_review_on,
        )


def activation_plan_confirm(
    *,
    actor: User,
    plan: ActivationPlan,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> ActivationPlan:
    """The employment authority or social services confirms the activation plan, which both make
    together (R-KUTY-2, seed 000): a case-team member of that authority, for their own side only."""
    relationship = plan.relationship
    _authorize_on_open(
        actor, relationship, Action.UPDATE, ACTIVATION_CONFIRMATION, request, object_code=plan.code
    )
    organisation = _organisation(actor)
    if organisation.kind == Organisation.Kind.EMPLOYMENT_AUTHORITY and actor.sector == Sector.EMPLOYMENT:
        side = "employment"
    elif organisation.kind == Organisation.Kind.WELLBEING_COUNTY and actor.sector == Sector.SOCIAL:
        side = "social"
    else:
        raise InvalidPathData(_("Aktivointisuunnitelman vahvistavat työvoimaviranomainen ja sosiaalihuolto."))
    if getattr(plan, f"{side}_confirmed_at") is not None:
        raise AlreadyConfirmed()
    with transaction.atomic():
        _update_revision(
            plan,
            expected_revision,
            where={f"{side}_confirmed_at__isnull": True},
            **{f"{side}_confirmed_by": actor, f"{side}_confirmed_at": timezone.now()},
        )
        _event_if_in_force(plan)
    return plan


def _event_if_in_force(plan: ActivationPlan) -> None:
    """The last of the two confirmations and the client's acceptance puts the plan in force (R-KUTY-2):
    the event goes with it, inside the same transaction."""
    if not plan.in_force:
        return
    relationship = plan.relationship
    events.record_for_relationship(
        EventType.PLAN_IN_FORCE,
        relationship,
        plan=plan.code,
        plan_type=PlanType.ACTIVATION_PLAN,
        version_number=plan.number,
        in_force_on=timezone.localdate(),
    )


ACCEPTANCE_BY_PROFESSIONAL = (AcceptanceHow.IN_PERSON, AcceptanceHow.ON_PAPER)


def activation_plan_accept(
    *,
    actor: User,
    plan: ActivationPlan,
    accepted_on: date | None,
    how: str,
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ActivationPlan:
    """A professional of the team records the client's acceptance of the activation plan (the day and
    how, as the TYM plan's `ClientAcceptance`); with both authorities' confirmations it puts the plan in
    force."""
    relationship = plan.relationship
    _authorize_on_open(
        actor, relationship, Action.UPDATE, ACTIVATION_CONFIRMATION, request, object_code=plan.code
    )
    today = today or timezone.localdate()
    refusals: dict[str, str] = {}
    if how not in ACCEPTANCE_BY_PROFESSIONAL:
        refusals["how"] = _("Valitse, miten asiakas hyväksyi suunnitelman.")
    if accepted_on is None:
        refusals["accepted_on"] = _("Anna hyväksymispäivä.")
    elif accepted_on > today:
        refusals["accepted_on"] = _("Hyväksymispäivä ei voi olla tulevaisuudessa.")
    elif accepted_on < plan.made_on:
        refusals["accepted_on"] = _("Hyväksymispäivä ei voi olla ennen suunnitelman laatimista.")
    _refuse(refusals)
    if plan.client_accepted_on is not None:
        raise AlreadyRecorded(_("Asiakkaan hyväksyntä on jo kirjattu tälle suunnitelmalle."))
    with transaction.atomic():
        _update_revision(
            plan,
            expected_revision,
            where={"client_accepted_on__isnull": True},
            client_accepted_on=accepted_on,
            client_acceptance_how=how,
            client_acceptance_recorded_by=actor,
        )
        _event_if_in_force(plan)
    return plan


# --- The KUTY decision, the jobseeker check, the effects assessment ------------------------------------


def kuty_jobseeker_on(relationship: ClientRelationship, on: date) -> bool:
    """Whether the client is a registered jobseeker on `on` (SPEC §2: KUTY's entry): the registration on
    her open employment-services relationship, or a check recorded on the KUTY track."""
    registered = JobseekerRegistration.objects.filter(
        relationship__client_id=relationship.client_id,
        relationship__phase__in=OPEN_PHASES,
        registered_on__lte=on,
    ).exists()
    return (
        registered
        or KutyJobseekerCheck.objects.filter(relationship=relationship, unemployed_since__lte=on).exists()
    )


def kuty_jobseeker_check_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KutyJobseekerCheck:
    """The employment authority records on the KUTY track that the client is a registered jobseeker and
    since when she has been unemployed."""
    _authorize_on_open(actor, relationship, Action.CREATE, KUTY_JOBSEEKER_CHECK, request)
    today = today or timezone.localdate()
    checked_on, since = data.get("checked_on"), data.get("unemployed_since")
    refusals: dict[str, str] = {}
    if checked_on is None or checked_on > today:
        refusals["checked_on"] = _("Tarkistuspäivä ei voi olla tulevaisuudessa.")
    if since is None:
        refusals["unemployed_since"] = _("Anna työttömyysjakson alkamispäivä.")
    elif checked_on is not None and since > checked_on:
        refusals["unemployed_since"] = _("Työttömyysjakso ei voi alkaa tarkistuksen jälkeen.")
    _refuse(refusals)
    with transaction.atomic():
        return _create_recorded(
            KutyJobseekerCheck, actor, relationship, checked_on=checked_on, unemployed_since=since
        )


def kuty_decision_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    activation_plan: ActivationPlan | None,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KutyDecision:
    """Social services' decision on KUTY for a period: it rests on the activation plan in force (R-KUTY-2)
    and on the client being a registered jobseeker (SPEC §2, R-UNEMP-1)."""
    _authorize_on_open(actor, relationship, Action.CREATE, KUTY_DECISION, request)
    today = today or timezone.localdate()
    if activation_plan is not None and activation_plan.relationship_id != relationship.pk:
        raise WrongTrack()
    decided_on, starts_on, ends_on = data.get("decided_on"), data.get("starts_on"), data.get("ends_on")
    refusals: dict[str, str] = {}
    if decided_on is None or decided_on > today:
        refusals["decided_on"] = _("Päätöspäivä ei voi olla tulevaisuudessa.")
    if starts_on is None:
        refusals["starts_on"] = _("Anna päätöksen alkamispäivä.")
    if ends_on is None:
        refusals["ends_on"] = _("Anna päätöksen päättymispäivä.")
    elif starts_on is not None and ends_on < starts_on:
        refusals["ends_on"] = _("Päätös päättyy alkamisensa jälkeen.")
    on = decided_on or today
    if activation_plan is None or not activation_plan.in_force:
        reference = rules.rule("R-KUTY-2", "min_period_months", on).reference
        refusals["activation_plan"] = _(
            "%(rule)s: päätös kuntouttavasta työtoiminnasta tehdään voimassa olevan aktivointisuunnitelman "
            "perusteella (molemmat viranomaiset vahvistaneet ja asiakas hyväksynyt)."
        ) % {"rule": reference}
    if not kuty_jobseeker_on(relationship, on):
        reference = rules.rule("R-UNEMP-1", "weekly_hours_under", on).reference
        refusals["decided_on"] = _(
            "%(rule)s: kuntouttava työtoiminta edellyttää, että asiakas on työnhakijaksi rekisteröitynyt "
            "työtön. Kirjaa työnhaun alkaminen tai työnhakijatarkistus ennen päätöstä."
        ) % {"rule": reference}
    _refuse(refusals)
    with transaction.atomic():
        return _create_recorded(
            KutyDecision,
            actor,
            relationship,
            activation_plan=activation_plan,
            decided_on=decided_on,
            starts_on=starts_on,
            ends_on=ends_on,
        )


def _decision_covering(relationship: ClientRelationship, values: dict[str, Any]) -> KutyDecision | None:
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None or ends_on is None:
        return None
    return (
        KutyDecision.objects.filter(relationship=relationship, starts_on__lte=starts_on, ends_on__gte=ends_on)
        .order_by("-decided_on", "-id")
        .first()
    )


def kuty_next_period(section: KutySection, data: dict[str, Any]) -> dict[str, Any]:
    """The next period's items when the activity continues: the assessed period's, from the day after it
    ends to the new last day (`next_ends_on`), with its own effects-assessment date."""
    values = {name: getattr(section, name) for name in KUTY_FIELDS}
    values.update(
        starts_on=section.ends_on + timedelta(days=1),
        ends_on=data.get("next_ends_on"),
        effects_assessed_by=data.get("next_effects_assessed_by"),
        provider=section.provider,
    )
    return values


def kuty_effects_assess(
    *,
    actor: User,
    section: KutySection,
    data: dict[str, Any],
    next_period: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> KutyEffectsAssessment:
    """R-KUTY-1 item 6: the period's effects assessed and the next step decided: the activity continues
    with the next period (made here, `continues` this one, under the same rules) or ends. All or nothing."""
    relationship = section.relationship
    _authorize_on_open(actor, relationship, Action.CREATE, KUTY_EFFECTS_ASSESSMENT, request)
    today = today or timezone.localdate()
    assessed_on, outcome, effects = data.get("assessed_on"), data.get("outcome"), _text(data, "effects")
    refusals: dict[str, str] = {}
    if assessed_on is None or assessed_on > today:
        refusals["assessed_on"] = _("Arviointipäivä ei voi olla tulevaisuudessa.")
    elif assessed_on < section.starts_on:
        refusals["assessed_on"] = _("Vaikutukset arvioidaan jakson alettua.")
    if not effects:
        refusals["effects"] = _("Kirjaa arvio jakson vaikutuksista.")
    if outcome not in EffectsOutcome.values:
        refusals["outcome"] = _("Valitse, jatkuuko toiminta uudella jaksolla vai päättyykö se.")
    _refuse(refusals)
    with transaction.atomic():
        KutySection.objects.select_for_update().filter(pk=section.pk).first()
        _refuse_if_recorded(
            KutyEffectsAssessment.objects.filter(section=section),
            _("Jakson vaikutukset on jo arvioitu."),
        )
        next_section = None
        if outcome == EffectsOutcome.CONTINUES:
            next_section = kuty_section_create(
                actor=actor,
                relationship=relationship,
                data=next_period or kuty_next_period(section, data),
                agreed_service=section.agreed_service,
                activation_plan=section.activation_plan,
                continues=section,
                request=request,
            )
        return KutyEffectsAssessment.objects.create(
            section=section,
            assessed_on=data["assessed_on"],
            effects=effects,
            outcome=data["outcome"],
            next_section=next_section,
            owner_organisation=_organisation(actor),
            created_by=actor,
        )


# --- Integration (R-KOTO-1..3) ------------------------------------------------------------------------

ASSESSMENT_TEXTS = ("skills", "language_skills", "service_needs")


def _assessment_values(data: dict[str, Any], today: date) -> dict[str, Any]:
    """The assessment's items (681/2023: skills and education, language skills, integration service
    needs, and the first permit's date that R-KOTO-3 counts from), or refused naming the missing ones."""
    refusals: dict[str, str] = {}
    for field, message in (
        ("skills", _("Kirjaa osaaminen ja koulutustausta.")),
        ("language_skills", _("Kirjaa kielitaito.")),
        ("service_needs", _("Kirjaa kotoutumisen palveluntarve.")),
    ):
        if not _text(data, field):
            refusals[field] = message
    assessed_on, permit_on = data.get("assessed_on"), data.get("first_residence_permit_on")
    if assessed_on is None or assessed_on > today:
        refusals["assessed_on"] = _("Arviointipäivä ei voi olla tulevaisuudessa.")
    if permit_on is None:
        refusals["first_residence_permit_on"] = _("Anna ensimmäisen oleskeluluvan tai rekisteröinnin päivä.")
    elif assessed_on and permit_on > assessed_on:
        refusals["first_residence_permit_on"] = _("Oleskelulupa ei voi olla arvion jälkeen.")
    _refuse(refusals)
    return {
        "assessed_on": assessed_on,
        "first_residence_permit_on": permit_on,
        **{field: _text(data, field) for field in ASSESSMENT_TEXTS},
    }


def integration_assessment_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> IntegrationAssessment:
    """The skills and integration service-need assessment, with the first residence permit's date
    (R-KOTO-3 counts the first plan's deadline from it)."""
    _authorize_on_open(actor, relationship, Action.CREATE, INTEGRATION_ASSESSMENT, request)
    values = _assessment_values(data, today or timezone.localdate())
    with transaction.atomic():
        _refuse_if_recorded(IntegrationAssessment.objects.filter(relationship=relationship))
        return _create_recorded(IntegrationAssessment, actor, relationship, **values)


def integration_assessment_update(
    *,
    actor: User,
    assessment: IntegrationAssessment,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> IntegrationAssessment:
    """Correct the assessment; the same items are required. Once a plan exists the first permit's date
    is what R-KOTO-3 measured the first plan by, so it can no longer move past the first plan's start.
    A stale revision is a conflict (409)."""
    relationship = assessment.relationship
    _authorize_on_open(
        actor,
        relationship,
        Action.UPDATE,
        INTEGRATION_ASSESSMENT,
        request,
        object_code=assessment.code,
        owner_organisation_id=assessment.owner_organisation_id,
    )
    values = _assessment_values(data, today or timezone.localdate())
    first = IntegrationPlan.objects.filter(relationship=relationship).order_by("number").first()
    if first is not None:
        refusal = rules.integration_plan_refusals(
            starts_on=first.starts_on,
            ends_on=first.ends_on,
            extension_reason=first.extension_reason,
            first_plan_start=None,
            previous_end=None,
            first_residence_permit_on=values["first_residence_permit_on"],
        ).get("starts_on")
        if refusal:
            _refuse({"first_residence_permit_on": refusal})
    _update_revision(assessment, expected_revision, updated_at=timezone.now(), **values)
    return assessment


def integration_plan_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> IntegrationPlan:
    """An integration plan within R-KOTO-1 (first ≤ 1 year; all ≤ 2 years from the first plan, ≤ 3
    years with a recorded reason) and R-KOTO-3 (the assessment first; the first plan within 3 years of
    the first permit)."""
    _authorize_on_open(actor, relationship, Action.CREATE, INTEGRATION_PLAN, request)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    goals = _text(data, "goals")
    reason = _text(data, "extension_reason")
    with transaction.atomic():
        ClientRelationship.objects.select_for_update().filter(pk=relationship.pk).first()
        earlier = list(IntegrationPlan.objects.filter(relationship=relationship).order_by("number"))
        assessment = IntegrationAssessment.objects.filter(relationship=relationship).first()
        refusals: dict[str, str] = {}
        if assessment is None:
            refusals["starts_on"] = _(
                "%(rule)s: kirjaa ensin osaamisen ja kotoutumisen palveluntarpeen arvio ja ensimmäisen "
                "oleskeluluvan päivä."
            ) % {"rule": "R-KOTO-3"}
        if not goals:
            refusals["goals"] = _("Kirjaa suunnitelman tavoitteet.")
        if starts_on is None:
            refusals.setdefault("starts_on", _("Anna suunnitelman alkamispäivä."))
        if ends_on is None:
            refusals["ends_on"] = _("Anna suunnitelman päättymispäivä.")
        if starts_on and ends_on:
            for field, message in rules.integration_plan_refusals(
                starts_on=starts_on,
                ends_on=ends_on,
                extension_reason=reason,
                first_plan_start=earlier[0].starts_on if earlier else None,
                previous_end=earlier[-1].ends_on if earlier else None,
                first_residence_permit_on=assessment.first_residence_permit_on if assessment else None,
            ).items():
                refusals.setdefault(field, message)
        _refuse(refusals)
        return _create_recorded(
            IntegrationPlan,
            actor,
            relationship,
            number=len(earlier) + 1,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            goals=goals,
            services=_text(data, "services"),
            extension_reason=reason,
        )


def _county_professional(actor: User) -> None:
    """Only the wellbeing services county writes or confirms its part (seed 000)."""
    organisation = _organisation(actor)
    if organisation.kind != Organisation.Kind.WELLBEING_COUNTY:
        raise InvalidPathData(
            _("Kotoutumissuunnitelman hyvinvointialueen osuuden kirjaa ja vahvistaa hyvinvointialue.")
        )


def _on_team(relationship: ClientRelationship, user: User) -> bool:
    return relationship.team.filter(user=user, left_on__isnull=True).exists()


def _county_part_values(
    relationship: ClientRelationship, actor: User, data: dict[str, Any]
) -> dict[str, Any]:
    refusals: dict[str, str] = {}
    if not _text(data, "goals"):
        refusals["goals"] = _("Kirjaa hyvinvointialueen tavoitteet asiakkaalle.")
    if not _text(data, "services"):
        refusals["services"] = _("Kirjaa hyvinvointialueen sosiaali- ja terveyspalvelut asiakkaalle.")
    professional = data.get("professional") or actor
    organisation = professional.organisation
    if (
        organisation is None
        or organisation.kind != Organisation.Kind.WELLBEING_COUNTY
        or not _on_team(relationship, professional)
    ):
        refusals["professional"] = _(
            "Osuuden laatijan on oltava hyvinvointialueen ammattilainen asiakkaan tiimissä."
        )
    _refuse(refusals)
    return {"goals": _text(data, "goals"), "services": _text(data, "services"), "professional": professional}


def integration_county_part_create(
    *,
    actor: User,
    plan: IntegrationPlan,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> IntegrationCountyPart:
    """The wellbeing services county's part of an integration plan: its goals and social or health
    services for the client and the county professional (on the track's team) who drew it up. Written
    under its own category (social, or health where `category` says so); once per plan."""
    relationship = plan.relationship
    category = data.get("category") or CountyCategory.SOCIAL
    if category not in CountyCategory.values:
        raise InvalidPathData({"category": _("Valitse sosiaalihuolto tai terveydenhuolto.")})
    _authorize_on_open(actor, relationship, Action.CREATE, county_part_written(category), request)
    _county_professional(actor)
    values = _county_part_values(relationship, actor, data)
    with transaction.atomic():
        _refuse_if_recorded(
            IntegrationCountyPart.objects.filter(plan=plan),
            _("Suunnitelmaan on jo kirjattu hyvinvointialueen osuus; muokkaa sitä."),
        )
        return IntegrationCountyPart.objects.create(
            plan=plan, category=category, owner_organisation=_organisation(actor), created_by=actor, **values
        )


def integration_county_part_update(
    *,
    actor: User,
    part: IntegrationCountyPart,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
) -> IntegrationCountyPart:
    """Change the county's part; a changed part needs the county's confirmation again. A stale
    revision is a conflict (409)."""
    relationship = part.plan.relationship
    _authorize_on_open(
        actor,
        relationship,
        Action.UPDATE,
        county_part_written(part.category),
        request,
        object_code=part.code,
        owner_organisation_id=part.owner_organisation_id,
    )
    _county_professional(actor)
    values = _county_part_values(relationship, actor, data)
    _update_revision(
        part, expected_revision, updated_at=timezone.now(), confirmed_by=None, confirmed_at=None, **values
    )
    return part


def integration_plan_in_force(plan: IntegrationPlan) -> bool:
    """Confirmed by the employment authority and, where the county has a part, by the county."""
    if plan.employment_confirmed_at is None:
        return False
    part = IntegrationCountyPart.objects.filter(plan=plan).first()
    return part is None or part.confirmed_at is not None


def integration_plan_confirm(
    *,
    actor: User,
    plan: IntegrationPlan,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> IntegrationPlan:
    """The employment authority confirms the plan, the wellbeing services county its own part (a county
    professional on the track's team); each with the revision of what it confirms (the plan's, the
    part's). The plan is in force once every part present is confirmed."""
    relationship = plan.relationship
    _authorize_on_open(
        actor, relationship, Action.UPDATE, INTEGRATION_CONFIRMATION, request, object_code=plan.code
    )
    kind = _organisation(actor).kind
    target: IntegrationPlan | IntegrationCountyPart
    if kind == Organisation.Kind.EMPLOYMENT_AUTHORITY:
        target, prefix = plan, "employment_confirmed"
    elif kind == Organisation.Kind.WELLBEING_COUNTY:
        part = IntegrationCountyPart.objects.filter(plan=plan).first()
        if part is None:
            raise InvalidPathData(_("Kirjaa ensin hyvinvointialueen osuus suunnitelmaan."))
        if not _on_team(relationship, actor):
            raise InvalidPathData(
                _("Hyvinvointialueen osuuden vahvistaa hyvinvointialueen ammattilainen asiakkaan tiimissä.")
            )
        target, prefix = part, "confirmed"
    else:
        raise InvalidPathData(
            _("Kotoutumissuunnitelman vahvistavat työvoimaviranomainen ja hyvinvointialue.")
        )
    if getattr(target, f"{prefix}_at") is not None:
        raise AlreadyConfirmed()
    with transaction.atomic():
        _update_revision(
            target,
            expected_revision,
            where={f"{prefix}_at__isnull": True},
            **{f"{prefix}_by": actor, f"{prefix}_at": timezone.now()},
        )
        plan.refresh_from_db()
        if integration_plan_in_force(plan):
            events.record_for_relationship(
                EventType.PLAN_IN_FORCE,
                relationship,
                plan=plan.code,
                plan_type=PlanType.INTEGRATION_PLAN,
                version_number=plan.number,
                in_force_on=timezone.localdate(),
            )
    return plan


def integration_routing_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> IntegrationRouting:
    """After the integration period the case is routed to the unit its needs call for (seed 000): the
    routing opens the target track there (as relationship_open does, with the routing professional on
    its team), and the new relationship links back to it with the needs it carries over. All or nothing;
    refused before any integration plan, during the period, or when the target track is open already."""
    _authorize_on_open(actor, relationship, Action.CREATE, INTEGRATION_ROUTING, request)
    # Opening the target relationship is its own authorised (and audited) act, before the transaction.
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        client=relationship.client,
        request=request,
        facts=None,
        object_type=RELATIONSHIP_OBJECT_TYPE,
    )
    today = today or timezone.localdate()
    routed_on = data.get("routed_on") or today
    last = IntegrationPlan.objects.filter(relationship=relationship).order_by("-number").first()
    refusals: dict[str, str] = {}
    if last is None:
        refusals["routed_on"] = _(
            "Ohjaus kirjataan kotoutumisajan päätyttyä; asiakkaalla ei ole kotoutumissuunnitelmaa."
        )
    elif routed_on <= last.ends_on:
        refusals["routed_on"] = _(
            "Ohjaus kirjataan kotoutumisajan päätyttyä (viimeinen suunnitelma päättyy %(end)s)."
        ) % {"end": rules.day_text(last.ends_on)}
    elif routed_on > today:
        refusals["routed_on"] = _("Ohjauspäivä ei voi olla tulevaisuudessa.")
    to_track = str(data.get("to_track") or "")
    if data.get("to_unit") is None:
        refusals["to_unit"] = _("Valitse yksikkö, johon asiakas ohjataan.")
    if to_track not in Track.values or to_track in (Track.INTEGRATION, Track.TYM):
        refusals["to_track"] = _(
            "Valitse palvelupolku, jolle asiakas ohjataan. TYM-asiakkuus alkaa lähetteellä."
        )
    elif ClientRelationship.objects.filter(
        client=relationship.client, track=to_track, phase__in=OPEN_PHASES
    ).exists():
        refusals["to_track"] = _track_open_message(to_track)
    if not _text(data, "needs"):
        refusals["needs"] = _("Kirjaa tarpeet, joihin ohjaus perustuu.")
    _refuse(refusals)
    with transaction.atomic():
        _refuse_if_recorded(IntegrationRouting.objects.filter(relationship=relationship))
        opened = _open_relationship(
            actor=actor, client=relationship.client, track=to_track, today=today, unit=data["to_unit"]
        )
        return IntegrationRouting.objects.create(
            relationship=relationship,
            routed_on=routed_on,
            to_unit=data["to_unit"],
            to_track=to_track,
            needs=_text(data, "needs"),
            opened_relationship=opened,
            recorded_by=actor,
        )


# --- Employment services (R-EMP-1, R-EMP-2), social rehabilitation, disability activity, youth ----------


def jobseeker_registration_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    registered_on: date,
    interview_held_on: date | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> JobseekerRegistration:
    """The day job search began and, once held, the initial interview (R-EMP-2 counts its deadline)."""
    _authorize_on_open(actor, relationship, Action.UPDATE, JOBSEEKER_REGISTRATION, request)
    today = today or timezone.localdate()
    refusals: dict[str, str] = {}
    if registered_on > today:
        refusals["registered_on"] = _("Työnhaun alkamispäivä ei voi olla tulevaisuudessa.")
    else:
        rules.initial_interview_due(registered_on)  # a day without a rule in force is refused here
    if interview_held_on is not None and not registered_on <= interview_held_on <= today:
        refusals["interview_held_on"] = _(
            "Alkuhaastattelu pidetään työnhaun alkamisen jälkeen, ei tulevaisuudessa."
        )
    _refuse(refusals)
    with transaction.atomic():
        registration, _created = JobseekerRegistration.objects.update_or_create(
            relationship=relationship,
            defaults={
                "registered_on": registered_on,
                "interview_held_on": interview_held_on,
                "recorded_by": actor,
            },
        )
    return registration


def service_plan_category(kind: str) -> DataCategory:
    return DataCategory.SOCIAL if kind in SOCIAL_KINDS else DataCategory.EMPLOYMENT


def service_plan_create(
    *,
    actor: User,
    relationship: ClientRelationship,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ServicePlan:
    """The plan of an employment-services, social-rehabilitation, disability-activity or youth track.

    R-EMP-1: the employment plan is reviewed every 3 months; R-SOC-1: social rehabilitation at least one
    day a week; the review rhythm of social rehabilitation (R-SOC-2) and disability activity (R-DIS-1)
    is the region's own rule data. A review is a new plan with the next number.
    """
    kind = PLAN_KIND_OF_TRACK.get(relationship.track)  # type: ignore[call-overload]
    _authorize_write(
        actor=actor,
        relationship=relationship,
        action=Action.CREATE,
        category=service_plan_category(kind or ""),
        object_type="paths.serviceplan",
        request=request,
    )
    if kind is None:
        raise WrongTrack()
    _require_open(relationship)
    made_on = data.get("made_on") or today or timezone.localdate()
    goals = _text(data, "goals")
    refusals: dict[str, str] = {}
    if not goals:
        refusals["goals"] = _("Kirjaa suunnitelman tavoitteet.")
    days = data.get("days_per_week")
    refusal = rules.days_per_week_refusal(kind, days, made_on)
    if refusal:
        refusals["days_per_week"] = refusal
    next_review_on = data.get("next_review_on")
    default = rules.default_review(kind, made_on, region_of(relationship))
    if next_review_on is None and default is not None:
        next_review_on = default.on
    too_late = next_review_on is not None and default is not None and next_review_on > default.on
    if kind == ServicePlanKind.EMPLOYMENT_PLAN and default is not None and too_late:
        refusals["next_review_on"] = _(
            "%(rule)s: työllistymissuunnitelma tarkistetaan viimeistään %(day)s."
        ) % {"rule": default.reference, "day": rules.day_text(default.on)}
    if next_review_on is not None and next_review_on <= made_on:
        refusals["next_review_on"] = _("Seuraava arviointi on suunnitelman laatimisen jälkeen.")
    responsible = data.get("responsible_professional")
    if (
        responsible is not None
        and not relationship.team.filter(user=responsible, left_on__isnull=True).exists()
    ):
        refusals["responsible_professional"] = _("Vastuuhenkilön on oltava asiakkaan tiimissä.")
    _refuse(refusals)
    with transaction.atomic():
        ClientRelationship.objects.select_for_update().filter(pk=relationship.pk).first()
        return _create_recorded(
            ServicePlan,
            actor,
            relationship,
            kind=kind,
            number=_next_number(ServicePlan.objects.filter(relationship=relationship)),
            made_on=made_on,
            goals=goals,
            days_per_week=days if kind in SOCIAL_KINDS else None,
            next_review_on=next_review_on,
            responsible_professional=responsible,
            unemployed_since=data.get("unemployed_since") if kind == ServicePlanKind.YOUTH_GUIDANCE else None,
            multi_sectoral_need=bool(data.get("multi_sectoral_need"))
            and kind == ServicePlanKind.YOUTH_GUIDANCE,
        )
