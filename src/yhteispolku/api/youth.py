"""The youth one-stop (Ohjaamo, R-YOUTH-1) over the API: the unit's low-threshold contacts (create, list,
add an entry, register as a client) and the early joint assessment of a young jobseeker.

The same reads and services as the pages (`paths.youth`), so the access policy (only the youth one-stop
unit's professionals reach a contact; another unit's contact is 404), the audit entries and the rules'
refusals (400 naming R-YOUTH-1) are those of the pages; a repeated registration answers 409.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller, cleaned, form_data
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.text import LONG_TEXT
from yhteispolku.paths import selectors, youth
from yhteispolku.paths.forms import (
    JointAssessmentForm,
    YouthContactConvertForm,
    YouthContactEntryForm,
    YouthContactForm,
)
from yhteispolku.paths.models import ContactChannel, JointAssessment, YouthContact

router = Router(tags=["youth one-stop"])

READ_ERRORS = error_responses(400, 403, 404)
ERRORS = error_responses(400, 403, 404, 409)
CHANNELS: dict[str, Any] = {"enum": list(ContactChannel.values)}


class EntryOut(Schema):
    code: uuid.UUID
    on: date
    channel: str
    topic: str


class ContactOut(Schema):
    code: uuid.UUID
    first_name: str
    age: int
    municipality: str = Field(description="Statistics Finland's municipality code")
    unit: str = Field(description="Slug of the youth one-stop unit keeping the contact")
    relationship: uuid.UUID | None = Field(description="The youth one-stop relationship once registered")
    revision: int = Field(description="Send back when registering: a stale one is refused with 409.")
    entries: list[EntryOut]

    @classmethod
    def of(cls, contact: YouthContact, entries: list[Any]) -> ContactOut:
        return cls(
            code=contact.code,
            first_name=contact.first_name,
            age=contact.age,
            municipality=contact.municipality_id,
            unit=contact.unit.slug,
            relationship=contact.relationship.code if contact.relationship else None,
            revision=contact.revision,
            entries=[EntryOut(code=e.code, on=e.on, channel=e.channel, topic=e.topic) for e in entries],
        )


class MonthCountOut(Schema):
    month: date
    unit: str
    count: int


class DeskOut(Schema):
    contacts: list[ContactOut]
    nopsa_counts: list[MonthCountOut] = Field(
        description="Nopsa remote-service contacts per month: counts only"
    )


def _contact(request: HttpRequest, code: uuid.UUID, status: int = 200) -> Any:
    contact = youth.youth_contact_get(actor=caller(request), code=code, request=request)
    out = ContactOut.of(contact, youth.youth_contact_entries(contact))
    return Status(status, out) if status != 200 else out


@router.get("/contacts", response={200: DeskOut, **READ_ERRORS}, summary="The unit's youth contacts")
def contact_list(request: HttpRequest) -> Any:
    """The contacts the caller's youth one-stop unit keeps, with the Nopsa counts per month."""
    desk = youth.youth_desk(actor=caller(request), request=request)
    return DeskOut(
        contacts=[ContactOut.of(c, list(c.entries.all())) for c in desk.contacts],
        nopsa_counts=[
            MonthCountOut(month=r.month, unit=r.unit_name, count=r.count) for r in desk.nopsa_counts
        ],
    )


class ContactIn(Schema):
    first_name: str = Field("", max_length=150)
    age: int | None = None
    municipality: str = Field("", description="Statistics Finland's municipality code", max_length=3)
    on: date | None = None
    channel: str = Field(ContactChannel.IN_PERSON.value, json_schema_extra=CHANNELS)
    topic: str = Field("", max_length=300)


@router.post("/contacts", response={201: ContactOut, **ERRORS}, summary="A new youth contact")
def contact_create(request: HttpRequest, payload: ContactIn) -> Any:
    """First name, age and municipality only, with the first contact entry; R-YOUTH-1's age limit (400)."""
    actor = caller(request)
    # The unit is asked first (a caller without a youth one-stop gets 403 before any input is read); the
    # service authorises the write itself.
    youth.youth_desk_authorize(actor=actor, action=Action.VIEW, request=request)
    data = cleaned(YouthContactForm(form_data(payload.model_dump(mode="json"))))
    contact = youth.youth_contact_create(actor=actor, request=request, **data)
    return _contact(request, contact.code, 201)


@router.get("/contacts/{contact_code}", response={200: ContactOut, **READ_ERRORS}, summary="A youth contact")
def contact_detail(request: HttpRequest, contact_code: uuid.UUID) -> Any:
    return _contact(request, contact_code)


class EntryIn(Schema):
    on: date | None = None
    channel: str = Field(json_schema_extra=CHANNELS)
    topic: str = Field("", max_length=300)


@router.post(
    "/contacts/{contact_code}/entries", response={201: ContactOut, **ERRORS}, summary="Another contact"
)
def entry_add(request: HttpRequest, contact_code: uuid.UUID, payload: EntryIn) -> Any:
    actor = caller(request)
    contact = youth.youth_contact_get(actor=actor, code=contact_code, action=Action.CREATE, request=request)
    data = cleaned(YouthContactEntryForm(form_data(payload.model_dump(mode="json"))))
    youth.youth_contact_entry_add(actor=actor, contact=contact, request=request, **data)
    return _contact(request, contact_code, 201)


class ConvertIn(Schema):
    identity_code: str = Field(max_length=20)
    last_name: str = Field("", max_length=150)
    agreed: bool = Field(False, description="The young person agrees to be registered")
    agreed_on: date | None = None
    agreed_how: str = Field(json_schema_extra=CHANNELS)
    expected_revision: int = Field(description="The contact's revision")


class ConvertedOut(Schema):
    client: uuid.UUID
    relationship: uuid.UUID


@router.post(
    "/contacts/{contact_code}/convert", response={201: ConvertedOut, **ERRORS}, summary="Register the contact"
)
def contact_convert(request: HttpRequest, contact_code: uuid.UUID, payload: ConvertIn) -> Any:
    """With the young person's agreement: the client, a youth_one_stop relationship at the unit and the
    contact's entries linked to it, all or nothing (409 once registered, or for a stale revision)."""
    actor = caller(request)
    contact = youth.youth_contact_get(actor=actor, code=contact_code, action=Action.UPDATE, request=request)
    values = payload.model_dump(mode="json")
    values["revision"] = values.pop("expected_revision")
    data = cleaned(YouthContactConvertForm(form_data(values)))
    data["expected_revision"] = data.pop("revision")
    relationship = youth.youth_contact_convert(actor=actor, contact=contact, request=request, **data)
    return Status(201, ConvertedOut(client=relationship.client.code, relationship=relationship.code))


class JointAssessmentIn(Schema):
    held_on: date | None = None
    participants: str = Field("", max_length=LONG_TEXT)
    result: str = Field("", max_length=LONG_TEXT)


class JointAssessmentOut(Schema):
    code: uuid.UUID
    unemployed_since: date
    held_on: date
    participants: str
    result: str

    @classmethod
    def of(cls, assessment: JointAssessment) -> JointAssessmentOut:
        return cls(
            code=assessment.code,
            unemployed_since=assessment.unemployed_since,
            held_on=assessment.held_on,
            participants=assessment.participants,
            result=assessment.result,
        )


@router.post(
    "/{relationship_code}/joint-assessments",
    response={201: JointAssessmentOut, **ERRORS},
    summary="The youth team's early joint assessment",
)
def joint_assessment_create(
    request: HttpRequest, relationship_code: uuid.UUID, payload: JointAssessmentIn
) -> Any:
    """R-YOUTH-1: about 5 months into the unemployment of the youth plan; once per unemployment (409)."""
    access = selectors.relationship_for_path(
        actor=caller(request),
        relationship_code=relationship_code,
        action=Action.CREATE,
        category=DataCategory.EMPLOYMENT,
        object_type=youth.JOINT_ASSESSMENT_OBJECT_TYPE,
        request=request,
    )
    data = cleaned(JointAssessmentForm(form_data(payload.model_dump(mode="json"))))
    assessment = youth.joint_assessment_record(
        actor=access.actor, relationship=access.relationship, request=request, **data
    )
    return Status(201, JointAssessmentOut.of(assessment))
