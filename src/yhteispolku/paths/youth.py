"""The youth one-stop (Ohjaamo, TYM §16, R-YOUTH-1) at a low threshold: services and reads.

* A young person's contact starts with first name, age and home municipality only, no identity code
  (`YouthContact`), with its contact entries (day, channel, topic; the Nopsa remote service counted).
  R-YOUTH-1's age limit is rule data: an older person is refused naming the rule. Only the professionals
  of the youth one-stop unit that keeps the contact reach it (`access.policy.authorize_youth_contact`,
  default deny); every read and write is logged under the contact's code.
* When the young person agrees, the contact becomes a registered client: the identity code and her
  agreement are asked, the `Client` is created with the contact's code (so her log shows the contact's
  entries), a youth_one_stop relationship is opened at the unit with the professional on its team, and
  the contact's entries are linked to it; all in one transaction.
* R-YOUTH-1's early joint assessment: about 5 months into a registered young jobseeker's unemployment
  (`unemployed_since` of the youth plan) the youth team gets a worklist item with the advice; recording
  the joint assessment (day, participants, result) clears it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import (
    YOUTH_CONTACT_OBJECT_TYPE,
    authorize_youth_contact,
    youth_contact_decide,
)
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access, record_accesses
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.cases.registration import open_track
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import DuplicateIdentityCode
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.organisations.models import Municipality, Unit
from yhteispolku.paths import rules
from yhteispolku.paths.errors import AlreadyRecorded, InvalidPathData, StaleEdit, YouthContactConverted
from yhteispolku.paths.models import (
    ContactChannel,
    JointAssessment,
    ServicePlan,
    ServicePlanKind,
    YouthContact,
    YouthContactEntry,
    YouthOneStopUnit,
)
from yhteispolku.paths.services import _authorize_on_open, _Written
from yhteispolku.rules import engine

YOUTH_CONTACT_ENTRY_OBJECT_TYPE = "paths.youthcontactentry"
JOINT_ASSESSMENT_OBJECT_TYPE = "paths.jointassessment"
TOPIC_LENGTH = 300


def youth_unit_ids() -> frozenset[int]:
    """The units that run a youth one-stop."""
    return frozenset(YouthOneStopUnit.objects.values_list("unit_id", flat=True))


def may_use_youth_contacts(actor: User) -> bool:
    """Whether to offer the youth one-stop's pages (the navigation): the actor works at such a unit.
    Not a substitute for the checks on each page."""
    if not getattr(actor, "is_authenticated", False) or not actor.unit_id:
        return False
    return youth_contact_decide(
        actor=actor, action=Action.VIEW, contact_unit_id=None, youth_unit_ids=youth_unit_ids()
    ).allowed


def _authorize(
    actor: User,
    action: Action,
    contact: YouthContact | None,
    request: HttpRequest | None,
    *,
    code: uuid.UUID | None = None,
    object_type: str = YOUTH_CONTACT_OBJECT_TYPE,
) -> None:
    authorize_youth_contact(
        actor=actor,
        action=action,
        contact_unit_id=contact.unit_id if contact is not None else None,
        youth_unit_ids=youth_unit_ids(),
        contact_code=str(contact.code if contact is not None else code or ""),
        object_type=object_type,
        request=request,
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _not_in_future(field: str, day: date | None, today: date) -> None:
    if day is None:
        raise InvalidPathData({field: _("Anna päivä.")})
    if day > today:
        raise InvalidPathData({field: _("Päivämäärä ei voi olla tulevaisuudessa.")})


def _entry_values(on: date | None, channel: str, topic: str, today: date) -> dict[str, Any]:
    _not_in_future("on", on, today)
    if channel not in ContactChannel.values:
        raise InvalidPathData({"channel": _("Valitse yhteydenoton kanava.")})
    topic = (topic or "").strip()
    if not topic:
        raise InvalidPathData({"topic": _("Kirjoita yhteydenoton aihe.")})
    if len(topic) > TOPIC_LENGTH:
        raise InvalidPathData({"topic": _("Aihe on liian pitkä (enintään 300 merkkiä).")})
    return {"on": on, "channel": channel, "topic": topic}


# --- services -------------------------------------------------------------------------------------------


def youth_contact_create(
    *,
    actor: User,
    first_name: str,
    age: int | None,
    municipality: Municipality | str | None,
    on: date | None = None,
    channel: str = "",
    topic: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> YouthContact:
    """A young person's first contact at the actor's youth one-stop unit: first name, age and municipality
    only, with the first contact entry (day, channel, topic). R-YOUTH-1: under the age limit."""
    code = uuid.uuid4()
    _authorize(actor, Action.CREATE, None, request, code=code)
    today = _today(today)
    first_name = (first_name or "").strip()
    if not first_name:
        raise InvalidPathData({"first_name": _("Kirjoita nuoren etunimi.")})
    if len(first_name) > 150:
        raise InvalidPathData({"first_name": _("Etunimi on liian pitkä.")})
    if age is None or age < 0 or age > 150:
        raise InvalidPathData({"age": _("Anna nuoren ikä vuosina.")})
    refusal = rules.youth_refusal(age, today)
    if refusal:
        raise InvalidPathData({"age": refusal})
    if not isinstance(municipality, Municipality):
        municipality = Municipality.objects.filter(code=str(municipality or "")).first()
    if municipality is None:
        raise InvalidPathData({"municipality": _("Valitse kotikunta.")})
    entry = _entry_values(on or today, channel, topic, today)
    assert actor.unit_id is not None  # the policy asked for it
    with transaction.atomic():
        contact = YouthContact.objects.create(
            code=code,
            unit_id=actor.unit_id,
            first_name=first_name,
            age=age,
            municipality=municipality,
            created_by=actor,
        )
        YouthContactEntry.objects.create(contact=contact, recorded_by=actor, **entry)
    return contact


def youth_contact_entry_add(
    *,
    actor: User,
    contact: YouthContact,
    on: date | None,
    channel: str,
    topic: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> YouthContactEntry:
    """Another contact (day, channel, topic); once registered, linked to the youth relationship too."""
    _authorize(actor, Action.CREATE, contact, request, object_type=YOUTH_CONTACT_ENTRY_OBJECT_TYPE)
    values = _entry_values(on, channel, topic, _today(today))
    with transaction.atomic():
        return YouthContactEntry.objects.create(
            contact=contact, relationship_id=contact.relationship_id, recorded_by=actor, **values
        )


def youth_contact_convert(
    *,
    actor: User,
    contact: YouthContact,
    identity_code: str,
    last_name: str,
    agreed: bool,
    agreed_on: date | None,
    agreed_how: str,
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> ClientRelationship:
    """The contact becomes a registered client when the young person agrees: the client (with the
    contact's code), a youth_one_stop relationship at the contact's unit with the actor on its team, and
    the contact's entries linked to it, all or nothing. R-YOUTH-1 is checked again on the age the identity
    code gives; a code already registered is refused (open the track from that client's page)."""
    _authorize(actor, Action.UPDATE, contact, request)
    if contact.converted:
        raise YouthContactConverted()
    today = _today(today)
    if not agreed:
        raise InvalidPathData(
            {"agreed": _("Rekisteröinti edellyttää nuoren suostumusta. Kirjaa, että nuori suostuu.")}
        )
    _not_in_future("agreed_on", agreed_on, today)
    if agreed_how not in ContactChannel.values:
        raise InvalidPathData({"agreed_how": _("Valitse, miten nuori antoi suostumuksensa.")})
    last_name = (last_name or "").strip()
    if not last_name:
        raise InvalidPathData({"last_name": _("Kirjoita nuoren sukunimi.")})
    normalized = hetu.validate(identity_code)
    refusal = rules.youth_refusal(hetu.age_from(hetu.birth_date(normalized), today), today)
    if refusal:
        raise InvalidPathData({"identity_code": refusal})
    existing = Client.objects.with_identity_code(normalized).first()
    if existing is not None:
        raise DuplicateIdentityCode.for_existing(
            existing, reachable=relation_facts(actor=actor, client=existing).relation != Relation.NONE
        )
    try:
        with transaction.atomic():
            locked = YouthContact.objects.select_for_update().get(pk=contact.pk)
            if locked.converted:
                raise YouthContactConverted()
            if locked.revision != expected_revision:
                raise StaleEdit()
            client = Client(
                code=contact.code,
                recorded_by=actor.organisation,
                first_names=locked.first_name,
                last_name=last_name,
                home_municipality=locked.municipality,
            )
            client.set_identity_code(normalized)
            client.full_clean()
            client.save()
            relationship = open_track(actor=actor, client=client, track=Track.YOUTH_ONE_STOP, today=today)
            YouthContactEntry.objects.filter(contact=locked).update(relationship=relationship)
            YouthContact.objects.filter(pk=locked.pk).update(
                client=client,
                relationship=relationship,
                registration_agreed_on=agreed_on,
                registration_agreed_how=agreed_how,
                converted_by=actor,
                converted_at=timezone.now(),
                revision=locked.revision + 1,
            )
            record_access(
                actor=actor,
                action=Action.CREATE,
                category=DataCategory.BASIC,
                purpose=Purpose.OTHER,
                allowed=True,
                client_code=client.code,
                object_type="clients.client",
                object_id=str(client.code),
                request=request,
            )
    except IntegrityError as error:
        if Client.objects.with_identity_code(normalized).exists():
            raise DuplicateIdentityCode() from error
        raise StaleEdit() from error
    contact.refresh_from_db()
    return relationship


def joint_assessment_due(plan: ServicePlan) -> date | None:
    """R-YOUTH-1: the day the early joint assessment is due for the plan's unemployment (about 5 months
    from `unemployed_since`), None without it."""
    if plan.unemployed_since is None:
        return None
    months = rules.rule("R-YOUTH-1", "youth_team_after_unemployment_months", plan.unemployed_since)
    return engine.add_months(plan.unemployed_since, int(months.value))


def _latest_youth_plan(relationship: ClientRelationship) -> ServicePlan | None:
    return (
        ServicePlan.objects.filter(relationship=relationship, kind=ServicePlanKind.YOUTH_GUIDANCE)
        .order_by("-number")
        .first()
    )


def joint_assessment_record(
    *,
    actor: User,
    relationship: ClientRelationship,
    held_on: date | None,
    participants: str,
    result: str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> JointAssessment:
    """The youth team's early joint assessment (R-YOUTH-1) for the unemployment of the latest youth plan:
    day, participants and result. Once per unemployment; it clears the worklist item."""
    _authorize_on_open(
        actor,
        relationship,
        Action.CREATE,
        _Written(JOINT_ASSESSMENT_OBJECT_TYPE, DataCategory.EMPLOYMENT, Track.YOUTH_ONE_STOP),
        request,
    )
    today = _today(today)
    plan = _latest_youth_plan(relationship)
    if plan is None or plan.unemployed_since is None:
        limit = rules.rule("R-YOUTH-1", "youth_team_after_unemployment_months", today)
        raise InvalidPathData(
            {
                "held_on": _(
                    "%(rule)s: yhteinen arvio koskee työttömyyttä; kirjaa ensin Ohjaamon suunnitelmaan, "
                    "milloin työttömyys alkoi."
                )
                % {"rule": limit.reference}
            }
        )
    _not_in_future("held_on", held_on, today)
    assert held_on is not None
    if held_on < plan.unemployed_since:
        raise InvalidPathData({"held_on": _("Arvio ei voi olla ennen työttömyyden alkua.")})
    participants, result = (participants or "").strip(), (result or "").strip()
    if not participants:
        raise InvalidPathData({"participants": _("Kirjaa arvioon osallistuneet.")})
    if not result:
        raise InvalidPathData({"result": _("Kirjaa arvion tulos.")})
    assert actor.organisation_id is not None
    try:
        with transaction.atomic():
            return JointAssessment.objects.create(
                relationship=relationship,
                unemployed_since=plan.unemployed_since,
                held_on=held_on,
                participants=participants,
                result=result,
                owner_organisation_id=actor.organisation_id,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise AlreadyRecorded(_("Yhteinen arvio on jo kirjattu tälle työttömyysjaksolle.")) from error


# --- reads ----------------------------------------------------------------------------------------------


def _contacts() -> QuerySet[YouthContact]:
    return YouthContact.objects.select_related("municipality", "unit", "client", "relationship")


def youth_contact_get(
    *, actor: User, code: uuid.UUID | str, action: Action = Action.VIEW, request: HttpRequest | None = None
) -> YouthContact:
    """One contact with its entries, authorised (and logged) for `action`; 404 for what the actor's unit
    does not keep."""
    try:
        contact = _contacts().get(code=code)
    except (YouthContact.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    _authorize(actor, action, contact, request)
    return contact


def youth_contact_entries(contact: YouthContact) -> list[YouthContactEntry]:
    return list(contact.entries.select_related("recorded_by").order_by("-on", "-id"))


@dataclass(frozen=True)
class MonthCount:
    month: date
    unit_name: str
    count: int


@dataclass
class YouthDesk:
    """The youth one-stop page of the actor's unit: its contacts and the Nopsa counts (no personal data)."""

    contacts: list[YouthContact]
    nopsa_counts: list[MonthCount]


def nopsa_counts(unit_ids: frozenset[int] | set[int] | list[int]) -> list[MonthCount]:
    """The Nopsa remote-service contacts per month and unit: counts only."""
    rows = list(
        YouthContactEntry.objects.filter(channel=ContactChannel.NOPSA, contact__unit_id__in=list(unit_ids))
        .annotate(month=TruncMonth("on"))
        .values("month", "contact__unit_id")
        .annotate(count=Count("id"))
        .order_by("-month", "contact__unit_id")
    )
    units = {
        unit.pk: unit.name for unit in Unit.objects.filter(pk__in={row["contact__unit_id"] for row in rows})
    }
    return [
        MonthCount(month=row["month"], unit_name=units[row["contact__unit_id"]], count=row["count"])
        for row in rows
    ]


def youth_desk(*, actor: User, request: HttpRequest | None = None) -> YouthDesk:
    """The actor's unit's contacts, each read logged under its code (one write), and the Nopsa counts."""
    _authorize(actor, Action.VIEW, None, request)
    assert actor.unit_id is not None  # the policy asked for it
    contacts = list(_contacts().filter(unit_id=actor.unit_id).prefetch_related("entries"))
    if contacts:
        record_accesses(
            actor=actor,
            action=Action.VIEW,
            category=DataCategory.BASIC,
            purpose=Purpose.OTHER,
            client_codes=[contact.code for contact in contacts],
            object_type=YOUTH_CONTACT_OBJECT_TYPE,
            request=request,
        )
    return YouthDesk(contacts=contacts, nopsa_counts=nopsa_counts({actor.unit_id}))


def joint_assessments_of(relationship: ClientRelationship) -> list[JointAssessment]:
    return list(JointAssessment.objects.filter(relationship=relationship).select_related("recorded_by"))


def youth_desk_authorize(*, actor: User, action: Action, request: HttpRequest | None = None) -> None:
    """Opening the new-contact form is an attempt to write: authorised (and logged) for the actor's unit."""
    _authorize(actor, action, None, request)
