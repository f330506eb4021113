"""Consultation guests (issue 14): a person of the client's network invited to one consultation.

The organiser invites a current network contact (`collaboration.network`). The invitation creates a guest
user (`User.is_consultation_guest`: no role, no organisation, no usable password) and gives two secrets by
two channels: a single-use link (its random token kept only as a hash) and a short one-time code the
organiser reads to the guest by phone (kept as a password hash). Opening the link and entering the code
signs the guest in for that consultation only. A guest who lost the session or the link gets a new link
and code from the organiser while the invitation is current (`guest_reissue`): the earlier link, code and
session stop working, and the guest keeps what they wrote.

While the invitation is current (not revoked, not past the consultation's day + CONSULTATION_GUEST_DAYS,
the contact not ended), the guest relates to the client as `Relation.CONSULTATION_GUEST` (this module's
relation source, registered in apps.py); the policy's GRANTS give that relation the consultation as its
guests see it (agenda, time, mode, what the organiser shared with the guests) and their own contribution,
and the services below narrow both to the invited consultation. Every other page answers 404 to a guest
(accounts.middleware.GuestConfinementMiddleware). Audited: the invitation and its revocation, each sign-in
attempt, each read and the contribution.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import (
    GUEST_CONSULTATION_OBJECT_TYPE,
    GUEST_CONTRIBUTION_OBJECT_TYPE,
    authorize,
)
from yhteispolku.access.relations import Relation, is_consultation_guest, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.errors import (
    ContactNotCurrent,
    GuestAlreadyInvited,
    GuestCodeWrong,
    GuestInvitationUnusable,
    InvalidInput,
    InvitationNotCurrent,
    InvitationRevoked,
    OrganiserOnly,
)
from yhteispolku.collaboration.models import Consultation, GuestContribution, GuestInvitation, NetworkContact
from yhteispolku.collaboration.network import NETWORK_CONTACT
from yhteispolku.collaboration.services import _authorize, _require_agreed, _require_open
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.core.text import NOTE_TEXT

GUEST_INVITATION = "collaboration.guestinvitation"
GUEST_SIGN_IN = "collaboration.guestsignin"
# The session names the invitation the guest signed in with, and the link (its hash) they signed in by: a
# new link from the organiser ends the sessions of the earlier one.
GUEST_SESSION_KEY = "consultation_guest_invitation"
GUEST_LINK_SESSION_KEY = "consultation_guest_link"
CODE_DIGITS = 6
GUEST_BACKEND = "yhteispolku.accounts.backends.ProfessionalBackend"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_secrets() -> tuple[str, str]:
    """A sign-in link's token and its one-time code."""
    return secrets.token_urlsafe(32), f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def guest_days() -> int:
    return int(settings.CONSULTATION_GUEST_DAYS)


def expiry_for(consultation: Consultation) -> date:
    """The last day the guest reaches the consultation."""
    return consultation.day + timedelta(days=guest_days())


# --- the relation source -------------------------------------------------------------------------------


class ConsultationGuests:
    """The relation source: one indexed query per client, none for anyone but a consultation guest."""

    def relation(self, actor: User, client: Client) -> Relation:
        if not is_consultation_guest(actor):
            return Relation.NONE
        current = GuestInvitation.objects.current(timezone.localdate()).filter(
            guest=actor, consultation__relationship__client=client
        )
        return Relation.CONSULTATION_GUEST if current.exists() else Relation.NONE

    def reachable(self, actor: User) -> QuerySet[Any, Any] | None:
        # A guest has no client list: nothing is reachable by listing.
        return None


CONSULTATION_GUESTS = ConsultationGuests()


# --- the organiser's side -------------------------------------------------------------------------------


@dataclass
class IssuedInvitation:
    """A new invitation with its two secrets, shown to the organiser once and never stored in clear."""

    invitation: GuestInvitation
    token: str
    code: str


def invitable_contacts(consultation: Consultation, today: date | None = None) -> QuerySet[NetworkContact]:
    """The client's current network contacts not yet invited (unrevoked) to this consultation."""
    if consultation.relationship is None:
        return NetworkContact.objects.none()
    day = today or timezone.localdate()
    invited = GuestInvitation.objects.filter(consultation=consultation, revoked_at__isnull=True).values(
        "contact_id"
    )
    return (
        NetworkContact.objects.filter(client_id=consultation.relationship.client_id)
        .current(day)
        .exclude(pk__in=invited)
        .order_by("name", "id")
    )


def _organiser_authorize(
    actor: User, consultation: Consultation, action: Action, object_id: str, request: HttpRequest | None
) -> None:
    if consultation.relationship is None:
        raise Http404
    _authorize(
        actor=actor,
        action=action,
        relationship=consultation.relationship,
        object_type=GUEST_INVITATION,
        object_id=object_id,
        request=request,
    )
    if consultation.organiser_id != actor.pk:
        raise OrganiserOnly()


def guest_invite(
    *,
    actor: User,
    consultation: Consultation,
    contact: uuid.UUID | str | NetworkContact,
    shared_with_guest: str = "",
    request: HttpRequest | None = None,
    today: date | None = None,
) -> IssuedInvitation:
    """The organiser invites a current network contact of the client to the consultation as its guest."""
    day = today or timezone.localdate()
    _organiser_authorize(actor, consultation, Action.CREATE, str(consultation.code), request)
    assert consultation.relationship is not None
    _require_open(consultation.relationship)
    _require_agreed(consultation)
    client = consultation.relationship.client
    contact_code = contact.code if isinstance(contact, NetworkContact) else contact
    try:
        row = NetworkContact.objects.get(client=client, code=contact_code)
    except (NetworkContact.DoesNotExist, ValueError, TypeError) as error:
        raise InvalidInput({"contact": _("Valitse asiakkaan verkoston yhteystaho.")}) from error
    authorize(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        owner_organisation_id=client.recorded_by_id,
        object_type=NETWORK_CONTACT,
        object_id=str(row.code),
    )
    if not row.is_current(day):
        raise ContactNotCurrent()
    expires_on = expiry_for(consultation)
    if expires_on < day:
        raise InvalidInput(
            {
                "contact": _(
                    "Konsultaatiosta on kulunut yli %(days)s päivää: siihen ei voi enää kutsua vieraita."
                )
                % {"days": guest_days()}
            }
        )
    shared = shared_with_guest.strip()
    if len(shared) > NOTE_TEXT:
        raise InvalidInput({"shared_with_guest": _("Vieraalle jaettava tieto on liian pitkä.")})
    token, code = _new_secrets()
    first, _space, last = row.name.partition(" ")
    try:
        with transaction.atomic():
            guest = User(
                username=f"vieras-{uuid.uuid4().hex}",
                first_name=first[:150],
                last_name=last[:150],
                is_consultation_guest=True,
            )
            guest.set_unusable_password()
            guest.save()
            invitation = GuestInvitation.objects.create(
                consultation=consultation,
                contact=row,
                guest=guest,
                shared_with_guest=shared,
                token_hash=_hash_token(token),
                code_hash=make_password(code),
                expires_on=expires_on,
                invited_by=actor,
            )
    except IntegrityError as error:
        raise GuestAlreadyInvited() from error
    return IssuedInvitation(invitation=invitation, token=token, code=code)


def guest_revoke(
    *,
    actor: User,
    consultation: Consultation,
    invitation_code: uuid.UUID | str,
    request: HttpRequest | None = None,
) -> GuestInvitation:
    """The organiser revokes an invitation: the guest's link, code and session stop working at once."""
    _organiser_authorize(actor, consultation, Action.UPDATE, str(invitation_code), request)
    try:
        invitation = GuestInvitation.objects.get(consultation=consultation, code=invitation_code)
    except (GuestInvitation.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    with transaction.atomic():
        updated = GuestInvitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        # An inactive user's session no longer authenticates (the backend checks is_active).
        User.objects.filter(pk=invitation.guest_id).update(is_active=False)
    if not updated:
        raise InvitationRevoked()
    invitation.refresh_from_db()
    return invitation


def guest_reissue(
    *,
    actor: User,
    consultation: Consultation,
    invitation_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> IssuedInvitation:
    """The organiser gives a guest a new sign-in link and code for a current invitation (the guest lost the
    link, the code or the session). The earlier link, code and any session signed in with them stop
    working; the invitation, its expiry and the guest's contributions stay."""
    day = today or timezone.localdate()
    _organiser_authorize(actor, consultation, Action.UPDATE, str(invitation_code), request)
    assert consultation.relationship is not None
    _require_open(consultation.relationship)
    try:
        invitation = GuestInvitation.objects.get(consultation=consultation, code=invitation_code)
    except (GuestInvitation.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    token, code = _new_secrets()
    with transaction.atomic():
        updated = (
            GuestInvitation.objects.current(day)
            .filter(pk=invitation.pk, guest__is_active=True)
            .update(
                token_hash=_hash_token(token),
                code_hash=make_password(code),
                signed_in_at=None,
                failed_attempts=0,
            )
        )
    if not updated:
        raise InvitationNotCurrent()
    invitation.refresh_from_db()
    return IssuedInvitation(invitation=invitation, token=token, code=code)


@dataclass
class GuestRow:
    invitation: GuestInvitation
    contributions: list[GuestContribution] = field(default_factory=list)

    def current(self, today: date) -> bool:
        return self.invitation.is_current(today)


def consultation_guests(consultation: Consultation) -> list[GuestRow]:
    """The consultation's guests with their contributions, for its page (read with the consultation: the
    caller has authorised and audited the consultation's read). Two queries."""
    invitations = list(
        GuestInvitation.objects.filter(consultation=consultation)
        .select_related("contact", "invited_by")
        .order_by("invited_at", "id")
    )
    rows = {invitation.pk: GuestRow(invitation) for invitation in invitations}
    for contribution in GuestContribution.objects.filter(invitation__in=invitations).order_by(
        "written_at", "id"
    ):
        rows[contribution.invitation_id].contributions.append(contribution)
    return list(rows.values())


# --- the guest's side ----------------------------------------------------------------------------------


def _usable(token: str, today: date) -> GuestInvitation:
    invitation = (
        GuestInvitation.objects.current(today)
        .select_related("consultation__relationship__client", "guest")
        .filter(
            token_hash=_hash_token(token),
            signed_in_at__isnull=True,
            failed_attempts__lt=settings.CONSULTATION_GUEST_CODE_ATTEMPTS,
            guest__is_active=True,
        )
        .first()
    )
    if invitation is None:
        raise GuestInvitationUnusable()
    return invitation


def invitation_for_link(token: str, today: date | None = None) -> GuestInvitation:
    """The invitation an unused, current link leads to (GuestInvitationUnusable otherwise, which the
    sign-in page answers with 404): the sign-in page shows nothing of it but asks for the code."""
    return _usable(token, today or timezone.localdate())


def _audit_sign_in(invitation: GuestInvitation, allowed: bool, request: HttpRequest | None) -> None:
    assert invitation.consultation.relationship is not None
    record_access(
        actor=invitation.guest,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        purpose=Purpose.CONSULTATION,
        allowed=allowed,
        client_code=invitation.consultation.relationship.client.code,
        object_type=GUEST_SIGN_IN,
        object_id=str(invitation.code),
        reason="" if allowed else "guest_code_wrong",
        request=request,
    )


def guest_sign_in(
    *, token: str, code: str, request: HttpRequest, today: date | None = None
) -> GuestInvitation:
    """Link + code: the guest is signed in for the invited consultation only. The link works once; after
    CONSULTATION_GUEST_CODE_ATTEMPTS wrong codes it stops working. Each attempt is audited."""
    invitation = _usable(token, today or timezone.localdate())
    if not check_password(code.strip(), invitation.code_hash):
        GuestInvitation.objects.filter(pk=invitation.pk).update(failed_attempts=F("failed_attempts") + 1)
        _audit_sign_in(invitation, False, request)
        raise GuestCodeWrong()
    with transaction.atomic():
        used = GuestInvitation.objects.filter(pk=invitation.pk, signed_in_at__isnull=True).update(
            signed_in_at=timezone.now()
        )
    if not used:
        raise GuestInvitationUnusable()
    _audit_sign_in(invitation, True, request)
    login(request, invitation.guest, backend=GUEST_BACKEND)
    request.session[GUEST_SESSION_KEY] = str(invitation.code)
    request.session[GUEST_LINK_SESSION_KEY] = invitation.token_hash
    return invitation


@dataclass
class GuestView:
    """The consultation as its guest sees it: its time, mode and agenda, what the organiser shared with the
    guests, and the guest's own contributions. Nothing else of the client or her case."""

    invitation: GuestInvitation
    consultation: Consultation
    contributions: list[GuestContribution]


def _guest_invitation(actor: User, request: HttpRequest) -> GuestInvitation:
    code = request.session.get(GUEST_SESSION_KEY)
    link = request.session.get(GUEST_LINK_SESSION_KEY)
    if not is_consultation_guest(actor) or not code or not link:
        raise Http404
    try:
        return GuestInvitation.objects.select_related(
            "consultation__relationship__client", "consultation__organiser", "consultation__organisation"
        ).get(guest=actor, code=code, token_hash=link)
    except (GuestInvitation.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _guest_authorize(
    actor: User, invitation: GuestInvitation, action: Action, object_type: str, request: HttpRequest
) -> None:
    consultation = invitation.consultation
    assert consultation.relationship is not None
    client = consultation.relationship.client
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=relation_facts(actor=actor, client=client),
        object_type=object_type,
        object_id=str(consultation.code),
    )


def guest_view(*, actor: User, request: HttpRequest) -> GuestView:
    """The signed-in guest's consultation, authorised and audited; 404 once the invitation is no longer
    current (expired, revoked, the contact ended)."""
    invitation = _guest_invitation(actor, request)
    _guest_authorize(actor, invitation, Action.VIEW, GUEST_CONSULTATION_OBJECT_TYPE, request)
    contributions = list(invitation.contributions.order_by("written_at", "id"))
    return GuestView(invitation=invitation, consultation=invitation.consultation, contributions=contributions)


def guest_contribute(*, actor: User, text: str, request: HttpRequest) -> GuestContribution:
    """The guest writes their own statement or comment to the consultation (audited as a CREATE)."""
    invitation = _guest_invitation(actor, request)
    _guest_authorize(actor, invitation, Action.CREATE, GUEST_CONTRIBUTION_OBJECT_TYPE, request)
    body = text.strip()
    if not body:
        raise InvalidInput({"text": _("Kirjoita kannanottosi tai kommenttisi.")})
    if len(body) > NOTE_TEXT:
        raise InvalidInput(
            {"text": _("Teksti on liian pitkä: enintään %(limit)s merkkiä.") % {"limit": NOTE_TEXT}}
        )
    with transaction.atomic():
        return GuestContribution.objects.create(invitation=invitation, text=body)
