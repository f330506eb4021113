"""The client's network outside the authorities (issue 14): relatives, her support person, earnings-related
pension providers, third-sector organisations, employers, each recorded with the purpose of the contact
and the client's consent to it.

A network contact is part of the client's basic data (SPEC §5.1): those the policy lets read her basic
data read the contacts; those it lets write her basic data (`Action.UPDATE` on the basic category: her
case team of the organisation that registered her) add, edit and end them. Every read and write goes
through `access.authorize`, which writes the audit entry, before anything is looked at or saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import NETWORK_CONTACT_OBJECT_TYPE, authorize, decide
from yhteispolku.access.relations import RelationFacts, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client, Consent
from yhteispolku.clients.selectors import ClientView
from yhteispolku.collaboration.errors import ContactNotCurrent, InvalidInput, StaleEdit
from yhteispolku.collaboration.models import NetworkContact, NetworkContactKind
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.core.text import NOTE_TEXT, SHORT_TEXT

NETWORK_CONTACT = NETWORK_CONTACT_OBJECT_TYPE

# The fields a professional gives (the form's and the API's).
CONTACT_FIELDS = (
    "kind",
    "name",
    "organisation",
    "phone",
    "email",
    "purpose",
    "consent_given_on",
    "consent_how",
)
PHONE_CHARACTERS = frozenset("0123456789+ -()")


@dataclass(frozen=True)
class Network:
    """A client's network contacts as one actor reaches them."""

    client: Client
    facts: RelationFacts
    actor: User

    def can(self, action: Action) -> bool:
        return decide(
            actor=self.actor,
            action=action,
            category=DataCategory.BASIC,
            facts=self.facts,
            owner_organisation_id=self.client.recorded_by_id,
            object_type=NETWORK_CONTACT,
        ).allowed

    @property
    def can_write(self) -> bool:
        return self.can(Action.UPDATE)


def _client_or_404(code: uuid.UUID | str) -> Client:
    try:
        return Client.objects.get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def network_get(
    *,
    actor: User,
    client_code: uuid.UUID | str,
    action: Action = Action.VIEW,
    object_id: str = "",
    request: HttpRequest | None = None,
) -> Network:
    """The client's network for `action`, authorised and audited: 404 for a client the actor has no
    relation to, 403 for one whose basic data the policy does not let them `action`."""
    client = _client_or_404(client_code)
    facts = relation_facts(actor=actor, client=client)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        facts=facts,
        owner_organisation_id=client.recorded_by_id,
        object_type=NETWORK_CONTACT,
        object_id=object_id or str(client.code),
    )
    return Network(client=client, facts=facts, actor=actor)


def contacts(network: Network, *, include_ended: bool = True) -> list[NetworkContact]:
    """The client's contacts, current first (the read was audited by `network_get`)."""
    rows = NetworkContact.objects.filter(client=network.client).select_related("recorded_by", "ended_by")
    if not include_ended:
        rows = rows.current(timezone.localdate())
    return sorted(rows, key=lambda contact: (contact.ended_on is not None, contact.name.lower(), contact.pk))


def contact_get(network: Network, code: uuid.UUID | str) -> NetworkContact:
    try:
        return NetworkContact.objects.select_related("recorded_by", "ended_by").get(
            client=network.client, code=code
        )
    except (NetworkContact.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def client_network(
    actor: User, view: ClientView, request: HttpRequest | None = None
) -> dict[str, Any] | None:
    """For the client's page: the link to her network and how many contacts are current; None for whom
    the policy does not let read it. Only a count, no contact's data: the page's read of her basic data
    is its audit entry, and the network page audits its own read."""
    network = Network(client=view.client, facts=view.facts, actor=actor)
    if not network.can(Action.VIEW):
        return None
    current = NetworkContact.objects.filter(client=view.client).current(timezone.localdate()).count()
    return {"current": current, "can_write": network.can_write}


# --- writes ------------------------------------------------------------------------------------------


def _clean(data: dict[str, Any], today: date) -> dict[str, Any]:
    """The contact's fields, checked: a message per field names what to correct; nothing is saved."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {name: data.get(name) for name in CONTACT_FIELDS}
    for name in ("name", "organisation", "phone", "email", "purpose"):
        cleaned[name] = (cleaned[name] or "").strip()
    if cleaned["kind"] not in NetworkContactKind.values:
        errors["kind"] = _("Valitse yhteystahon laji.")
    if not cleaned["name"]:
        errors["name"] = _("Kirjoita yhteystahon nimi.")
    elif len(cleaned["name"]) > SHORT_TEXT or len(cleaned["organisation"]) > SHORT_TEXT:
        errors["name"] = _("Nimi on liian pitkä.")
    if not cleaned["purpose"]:
        errors["purpose"] = _("Kirjoita yhteydenpidon tarkoitus: mitä varten tahoon pidetään yhteyttä.")
    elif len(cleaned["purpose"]) > NOTE_TEXT:
        errors["purpose"] = _("Tarkoitus on liian pitkä.")
    phone, email = cleaned["phone"], cleaned["email"]
    if not phone and not email:
        errors["phone"] = _("Anna yhteystahon puhelinnumero tai sähköpostiosoite.")
    if phone and (
        not set(phone) <= PHONE_CHARACTERS
        or not 5 <= sum(c.isdigit() for c in phone) <= 15
        or len(phone) > 40
    ):
        errors["phone"] = _("Puhelinnumerossa voi olla vain numeroita, välilyöntejä ja merkit + - ( ).")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Sähköpostiosoite ei ole kelvollinen.")
    given_on = cleaned["consent_given_on"]
    if not isinstance(given_on, date):
        errors["consent_given_on"] = _(
            "Asiakkaan suostumus on pakollinen: kirjaa, milloin asiakas suostui yhteydenpitoon tämän tahon "
            "kanssa. Ilman suostumusta tahoa ei kirjata."
        )
    elif given_on > today:
        errors["consent_given_on"] = _("Suostumuksen päivä ei voi olla tulevaisuudessa.")
    if cleaned["consent_how"] not in Consent.GivenHow.values:
        errors["consent_how"] = _(
            "Asiakkaan suostumus on pakollinen: valitse, miten asiakas antoi suostumuksensa."
        )
    if errors:
        raise InvalidInput(errors)
    return cleaned


def contact_add(
    *,
    actor: User,
    client_code: uuid.UUID | str,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> NetworkContact:
    """Record a network contact with the client's consent to it (refused without)."""
    network = network_get(actor=actor, client_code=client_code, action=Action.UPDATE, request=request)
    cleaned = _clean(data, today or timezone.localdate())
    with transaction.atomic():
        return NetworkContact.objects.create(client=network.client, recorded_by=actor, **cleaned)


def _locked(network: Network, code: uuid.UUID | str, expected_revision: int) -> NetworkContact:
    contact = contact_get(network, code)
    if contact.ended_on is not None:
        raise ContactNotCurrent()
    if contact.revision != expected_revision:
        raise StaleEdit()
    return contact


def contact_update(
    *,
    actor: User,
    client_code: uuid.UUID | str,
    code: uuid.UUID | str,
    data: dict[str, Any],
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> NetworkContact:
    """Correct a current contact. Optimistic locking: an edit started before someone else saved is
    refused (StaleEdit, 409)."""
    network = network_get(
        actor=actor, client_code=client_code, action=Action.UPDATE, object_id=str(code), request=request
    )
    contact = _locked(network, code, expected_revision)
    cleaned = _clean(data, today or timezone.localdate())
    with transaction.atomic():
        updated = NetworkContact.objects.filter(
            pk=contact.pk, revision=expected_revision, ended_on__isnull=True
        ).update(**cleaned, revision=F("revision") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleEdit()
    contact.refresh_from_db()
    return contact


def contact_end(
    *,
    actor: User,
    client_code: uuid.UUID | str,
    code: uuid.UUID | str,
    ended_on: date,
    expected_revision: int,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> NetworkContact:
    """End a contact (the client withdrew her consent, or the contact is no longer needed): it can no
    longer be invited, and its current guest invitations end with it."""
    network = network_get(
        actor=actor, client_code=client_code, action=Action.UPDATE, object_id=str(code), request=request
    )
    contact = _locked(network, code, expected_revision)
    day = today or timezone.localdate()
    if ended_on > day:
        raise InvalidInput({"ended_on": _("Päättymispäivä ei voi olla tulevaisuudessa.")})
    if ended_on < contact.consent_given_on:
        raise InvalidInput({"ended_on": _("Päättymispäivä ei voi olla ennen suostumuksen päivää.")})
    with transaction.atomic():
        updated = NetworkContact.objects.filter(
            pk=contact.pk, revision=expected_revision, ended_on__isnull=True
        ).update(ended_on=ended_on, ended_by=actor, revision=F("revision") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleEdit()
    contact.refresh_from_db()
    return contact
