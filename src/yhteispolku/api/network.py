"""The client's network and consultation guests over the API (issue 14): the same services as the pages,
so the same policy and audit entries.

* /clients/{code}/network…: the client's network contacts outside the authorities (her basic data: read
  by those the policy lets read it, written by those it lets write it; optimistic locking by `revision`).
* /collaboration/{relationship_code}/consultations/{consultation_code}/guests…: the organiser invites a
  current contact as the consultation's guest (the answer carries the link's token and the one-time code
  once: neither is stored in clear) and revokes the invitation. The guest's own side is the pages only:
  a guest has no API access.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from yhteispolku.api.collaboration import _consultation
from yhteispolku.api.errors import error_responses
from yhteispolku.api.forms import caller
from yhteispolku.clients.models import Consent
from yhteispolku.collaboration import guests
from yhteispolku.collaboration import network as contacts
from yhteispolku.collaboration.models import GuestInvitation, NetworkContact, NetworkContactKind
from yhteispolku.core.categories import Action
from yhteispolku.core.text import NOTE_TEXT, SHORT_TEXT

contacts_router = Router(tags=["network"])
guests_router = Router(tags=["network"])

READ_ERRORS = error_responses(400, 403, 404)
WRITE_ERRORS = error_responses(400, 403, 404, 409)


class NetworkContactOut(Schema):
    code: uuid.UUID
    kind: str
    name: str
    organisation: str
    phone: str
    email: str
    purpose: str
    consent_given_on: date
    consent_how: str
    recorded_by: uuid.UUID
    recorded_at: datetime
    ended_on: date | None
    revision: int = Field(description="Send back when editing or ending: a stale one is refused with 409.")

    @classmethod
    def of(cls, contact: NetworkContact) -> NetworkContactOut:
        return cls(
            code=contact.code,
            kind=contact.kind,
            name=contact.name,
            organisation=contact.organisation,
            phone=contact.phone,
            email=contact.email,
            purpose=contact.purpose,
            consent_given_on=contact.consent_given_on,
            consent_how=contact.consent_how,
            recorded_by=contact.recorded_by.code,
            recorded_at=contact.recorded_at,
            ended_on=contact.ended_on,
            revision=contact.revision,
        )


class NetworkContactIn(Schema):
    kind: str = Field(json_schema_extra={"enum": list(NetworkContactKind.values)})
    name: str = Field(max_length=SHORT_TEXT)
    organisation: str = Field("", max_length=SHORT_TEXT)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=SHORT_TEXT)
    purpose: str = Field(max_length=NOTE_TEXT)
    consent_given_on: date | None = Field(None, description="The client's consent: required")
    consent_how: str = Field(
        "", description="How she gave it: required", json_schema_extra={"enum": list(Consent.GivenHow.values)}
    )


class NetworkContactUpdateIn(NetworkContactIn):
    revision: int = Field(ge=0, description="The revision as read; a stale one is a 409.")


class NetworkContactEndIn(Schema):
    revision: int = Field(ge=0, description="The revision as read; a stale one is a 409.")
    ended_on: date


@contacts_router.get(
    "/{code}/network", response={200: list[NetworkContactOut], **READ_ERRORS}, summary="The client's network"
)
def network_list(request: HttpRequest, code: uuid.UUID) -> Any:
    view = contacts.network_get(actor=caller(request), client_code=code, request=request)
    return [NetworkContactOut.of(contact) for contact in contacts.contacts(view)]


@contacts_router.post(
    "/{code}/network", response={201: NetworkContactOut, **WRITE_ERRORS}, summary="Record a network contact"
)
def network_add(request: HttpRequest, code: uuid.UUID, payload: NetworkContactIn) -> Any:
    contact = contacts.contact_add(
        actor=caller(request), client_code=code, data=payload.model_dump(), request=request
    )
    return Status(201, NetworkContactOut.of(contact))


@contacts_router.get(
    "/{code}/network/{contact_code}",
    response={200: NetworkContactOut, **READ_ERRORS},
    summary="A network contact",
)
def network_get(request: HttpRequest, code: uuid.UUID, contact_code: uuid.UUID) -> Any:
    view = contacts.network_get(
        actor=caller(request), client_code=code, object_id=str(contact_code), request=request
    )
    return NetworkContactOut.of(contacts.contact_get(view, contact_code))


@contacts_router.put(
    "/{code}/network/{contact_code}",
    response={200: NetworkContactOut, **WRITE_ERRORS},
    summary="Edit a contact",
)
def network_edit(
    request: HttpRequest, code: uuid.UUID, contact_code: uuid.UUID, payload: NetworkContactUpdateIn
) -> Any:
    data = payload.model_dump()
    revision = data.pop("revision")
    contact = contacts.contact_update(
        actor=caller(request),
        client_code=code,
        code=contact_code,
        data=data,
        expected_revision=revision,
        request=request,
    )
    return NetworkContactOut.of(contact)


@contacts_router.post(
    "/{code}/network/{contact_code}/end",
    response={200: NetworkContactOut, **WRITE_ERRORS},
    summary="End a contact",
)
def network_end(
    request: HttpRequest, code: uuid.UUID, contact_code: uuid.UUID, payload: NetworkContactEndIn
) -> Any:
    contact = contacts.contact_end(
        actor=caller(request),
        client_code=code,
        code=contact_code,
        ended_on=payload.ended_on,
        expected_revision=payload.revision,
        request=request,
    )
    return NetworkContactOut.of(contact)


# --- consultation guests (the organiser's side) ----------------------------------------------------------


class ContributionOut(Schema):
    code: uuid.UUID
    text: str
    written_at: datetime


class GuestOut(Schema):
    code: uuid.UUID
    contact: uuid.UUID
    name: str
    shared_with_guest: str
    expires_on: date
    signed_in_at: datetime | None
    revoked_at: datetime | None
    contributions: list[ContributionOut]

    @classmethod
    def of(cls, invitation: GuestInvitation, contributions: list[Any] | None = None) -> GuestOut:
        return cls(
            code=invitation.code,
            contact=invitation.contact.code,
            name=invitation.contact.name,
            shared_with_guest=invitation.shared_with_guest,
            expires_on=invitation.expires_on,
            signed_in_at=invitation.signed_in_at,
            revoked_at=invitation.revoked_at,
            contributions=[
                ContributionOut(code=c.code, text=c.text, written_at=c.written_at)
                for c in contributions or []
            ],
        )


class GuestIssuedOut(Schema):
    invitation: GuestOut
    link: str = Field(description="The single-use sign-in link: send it to the guest")
    code: str = Field(description="The one-time code: read it to the guest by phone (a second channel)")


class GuestInviteIn(Schema):
    contact: uuid.UUID = Field(description="A current network contact of the client")
    shared_with_guest: str = Field(
        "", max_length=NOTE_TEXT, description="What the guest is shown beside the agenda"
    )


GUESTS = "/{relationship_code}/consultations/{consultation_code}/guests"


@guests_router.get(GUESTS, response={200: list[GuestOut], **READ_ERRORS}, summary="The consultation's guests")
def guest_list(request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID) -> Any:
    _network, consultation = _consultation(request, relationship_code, consultation_code)
    return [
        GuestOut.of(row.invitation, row.contributions) for row in guests.consultation_guests(consultation)
    ]


@guests_router.post(GUESTS, response={201: GuestIssuedOut, **WRITE_ERRORS}, summary="Invite a guest")
def guest_invite(
    request: HttpRequest, relationship_code: uuid.UUID, consultation_code: uuid.UUID, payload: GuestInviteIn
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    issued = guests.guest_invite(
        actor=network.actor,
        consultation=consultation,
        contact=payload.contact,
        shared_with_guest=payload.shared_with_guest,
        request=request,
    )
    return Status(201, _issued(request, issued))


def _issued(request: HttpRequest, issued: guests.IssuedInvitation) -> GuestIssuedOut:
    return GuestIssuedOut(
        invitation=GuestOut.of(issued.invitation),
        link=request.build_absolute_uri(reverse("guest:sign_in", kwargs={"token": issued.token})),
        code=issued.code,
    )


@guests_router.post(
    GUESTS + "/{invitation_code}/reissue",
    response={200: GuestIssuedOut, **WRITE_ERRORS},
    summary="Give a guest a new sign-in link and code",
)
def guest_reissue(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    invitation_code: uuid.UUID,
) -> Any:
    """For a current invitation whose guest lost the link, the code or the session: the earlier link, code and
    session stop working; the invitation's expiry and the guest's contributions stay."""
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    issued = guests.guest_reissue(
        actor=network.actor, consultation=consultation, invitation_code=invitation_code, request=request
    )
    return _issued(request, issued)


@guests_router.post(
    GUESTS + "/{invitation_code}/revoke", response={200: GuestOut, **WRITE_ERRORS}, summary="Revoke a guest"
)
def guest_revoke(
    request: HttpRequest,
    relationship_code: uuid.UUID,
    consultation_code: uuid.UUID,
    invitation_code: uuid.UUID,
) -> Any:
    network, consultation = _consultation(request, relationship_code, consultation_code, Action.UPDATE)
    invitation = guests.guest_revoke(
        actor=network.actor, consultation=consultation, invitation_code=invitation_code, request=request
    )
    return GuestOut.of(invitation)
