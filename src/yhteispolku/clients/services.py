"""Writes to the client registry: registration, basic-data updates, consents and journal entries.

Each service takes the acting professional and checks the policy through `access.authorize` (which
writes the audit entry) *before* it opens its transaction: a refused attempt must stay in the audit
log, while the write itself is all or nothing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import Reason, authorize
from yhteispolku.access.relations import Relation, RelationFacts, can_work_with_clients, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import ClientActor, record_access
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import (
    AccessLogNotWithheld,
    AlreadyWithheld,
    BenefitPeriodInvalid,
    ConsentInvalid,
    DuplicateIdentityCode,
    EntryAlreadyAcknowledged,
    EntryAlreadyShown,
    EntryNotForClient,
    NotWithheld,
    StaleEdit,
    WithholdReasonRequired,
)
from yhteispolku.clients.models import (
    BENEFIT_PERIOD_OBJECT_TYPE,
    JOURNAL_OBJECT_TYPE,
    Benefit,
    BenefitPeriod,
    Client,
    Consent,
    JournalEntry,
    WithheldFromClient,
    benefit_category,
)
from yhteispolku.core.categories import (
    CONSENT_PURPOSES,
    CONSENTABLE_CATEGORIES,
    Action,
    DataCategory,
    Purpose,
)
from yhteispolku.events import services as events
from yhteispolku.events.models import EventType
from yhteispolku.organisations.models import Organisation

# Basic data a professional may edit; the identity code is fixed at registration.
EDITABLE_BASIC_FIELDS = (
    "first_names",
    "last_name",
    "calling_name",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "post_office",
    "home_municipality",
    "mother_tongue",
    "mother_tongue_other",
    "service_language",
    "needs_interpreter",
    "interpreter_language",
)
EMPLOYMENT_FIELDS = ("education_level", "education_details", "work_history")
# The residence permit and integration period live with the basic data: R-KOTO-2 reads them when
# any unit opens an integration track, and the basic-data form is where they are recorded.
INTEGRATION_FIELDS = (
    "residence_permit_type",
    "residence_permit_valid_from",
    "residence_permit_valid_until",
    "right_of_residence_registered",
    "integration_period_start",
)


class TrackOpener(Protocol):
    """What registering a client opens besides the client record: the registering unit's own track.

    The cases app owns client relationships and sits above this app, so it registers its opener at
    start-up (cases/registration.py) instead of this module calling it.
    """

    def opens_for(self, actor: User) -> bool:
        """Whether the actor's organisation registers clients at all."""
        ...

    def open(self, *, actor: User, client: Client, today: date) -> None: ...


_track_openers: list[TrackOpener] = []


def register_track_opener(opener: TrackOpener) -> None:
    _track_openers[:] = [opener]


def _track_opener() -> TrackOpener:
    if not _track_openers:
        raise ImproperlyConfigured("No track opener registered: is yhteispolku.cases in INSTALLED_APPS?")
    return _track_openers[0]


def find_existing_client(identity_code: str) -> Client | None:
    return Client.objects.with_identity_code(identity_code).first()


def client_register(
    *,
    actor: User,
    identity_code: str,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    today: date | None = None,
) -> Client:
    """Register a client and open the registering unit's own relationship, with the actor on its team.

    The relationship is on the unit's own track (`cases.registration`), never TYM: TYM starts only
    from an accepted referral (R-TYM-1). The registering professional starts working with the client,
    so the client is reachable through that case team from the start, and can refer them to TYM. A
    second registration of the same identity code is refused (DuplicateIdentityCode carries the
    existing client when the actor may reach it).
    """
    opener = _track_opener()
    if not can_work_with_clients(actor) or not opener.opens_for(actor):
        raise PermissionDenied(_("Roolisi ei oikeuta asiakkaiden rekisteröintiin."))
    normalized = hetu.validate(identity_code)
    existing = find_existing_client(normalized)
    if existing is not None:
        reachable = _reachable(actor, existing)
        if not reachable:
            # Typing a registered client's code is an attempt to reach them: it belongs in their log.
            record_access(
                actor=actor,
                action=Action.CREATE,
                category=DataCategory.BASIC,
                purpose=Purpose.TYM_JOINT_WORK,
                allowed=False,
                client_code=existing.code,
                object_type="clients.client",
                reason="duplicate_registration",
                request=request,
            )
        raise DuplicateIdentityCode.for_existing(existing, reachable=reachable)
    today = today or timezone.localdate()
    client = Client(recorded_by=actor.organisation, **_only(data, EDITABLE_BASIC_FIELDS + EMPLOYMENT_FIELDS))
    client.set_identity_code(normalized)
    client.full_clean()
    try:
        with transaction.atomic():
            return _register(actor=actor, client=client, opener=opener, today=today, request=request)
    except IntegrityError as error:
        # Two registrations of the same code at once: the unique hash column decides the winner.
        if Client.objects.with_identity_code(normalized).exists():
            raise DuplicateIdentityCode.for_existing(
                Client.objects.with_identity_code(normalized).get(), reachable=False
            ) from error
        raise


def _register(
    *, actor: User, client: Client, opener: TrackOpener, today: date, request: HttpRequest | None
) -> Client:
    client.save()
    opener.open(actor=actor, client=client, today=today)
    record_access(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.BASIC,
        purpose=Purpose.TYM_JOINT_WORK,
        allowed=True,
        client_code=client.code,
        object_type="clients.client",
        object_id=str(client.code),
        request=request,
    )
    return client


def _reachable(actor: User, client: Client) -> bool:
    return relation_facts(actor=actor, client=client).relation != Relation.NONE


def _only(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name in fields}


def client_update(
    *,
    actor: User,
    client: Client,
    category: DataCategory,
    data: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
) -> Client:
    """Update one category of a client's own fields, refusing a stale edit (optimistic locking)."""
    fields = {
        DataCategory.BASIC: EDITABLE_BASIC_FIELDS + INTEGRATION_FIELDS,
        DataCategory.EMPLOYMENT: EMPLOYMENT_FIELDS,
    }[category]
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=category,
        client=client,
        request=request,
        owner_organisation_id=client.recorded_by_id if category == DataCategory.BASIC else None,
        object_type="clients.client",
        object_id=str(client.code),
    )
    changes = _only(data, fields)
    with transaction.atomic():
        updated = Client.objects.filter(pk=client.pk, version=expected_version).update(
            version=expected_version + 1, updated_at=timezone.now(), **changes
        )
    if not updated:
        raise StaleEdit()
    client.refresh_from_db()
    return client


def consent_give(
    *,
    actor: User,
    client: Client,
    purpose: str,
    organisations: list[Organisation],
    categories: list[str],
    given_how: str,
    given_on: date,
    valid_from: date,
    valid_until: date | None = None,
    purpose_details: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Record a consent the client gave. Consents are never edited: a change is a new consent."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.BASIC,
        client=client,
        request=request,
        object_type="clients.consent",
    )
    return _consent_create(
        client=client,
        purpose=purpose,
        organisations=organisations,
        categories=categories,
        given_how=given_how,
        given_on=given_on,
        valid_from=valid_from,
        valid_until=valid_until,
        purpose_details=purpose_details,
        recorded_by=actor,
    )


def _consent_create(
    *,
    client: Client,
    purpose: str,
    organisations: list[Organisation],
    categories: list[str],
    given_how: str,
    given_on: date,
    valid_from: date,
    valid_until: date | None,
    purpose_details: str,
    recorded_by: User | None,
) -> Consent:
    """The one way a consent is created, by a professional's recording or by the client herself."""
    if purpose not in CONSENT_PURPOSES:
        raise ConsentInvalid(_("Valitse suostumuksen käyttötarkoitus."))
    if not categories or not set(categories) <= {str(c) for c in CONSENTABLE_CATEGORIES}:
        raise ConsentInvalid(_("Valitse vähintään yksi tietoryhmä."))
    if not organisations:
        raise ConsentInvalid(_("Valitse organisaatiot, joiden välillä tietoja saa vaihtaa."))
    if valid_until is not None and valid_until < valid_from:
        raise ConsentInvalid(_("Voimassaolon loppupäivä ei voi olla ennen alkupäivää."))
    with transaction.atomic():
        consent = Consent.objects.create(
            client=client,
            purpose=purpose,
            purpose_details=purpose_details,
            categories=sorted(set(categories)),
            given_how=given_how,
            given_on=given_on,
            valid_from=valid_from,
            valid_until=valid_until,
            recorded_by=recorded_by,
            given_by_client=recorded_by is None,
        )
        consent.organisations.set(organisations)
        events.record(
            EventType.CONSENT_GIVEN,
            client_code=client.code,
            consent=consent.code,
            purpose=purpose,
            organisations={organisation.code for organisation in organisations},
            categories=consent.categories,
            valid_from=valid_from,
            valid_until=valid_until,
            given_by_client=consent.given_by_client,
        )
    return consent


def _client_audit(
    client: Client, consent_code: str, allowed: bool, request: HttpRequest | None, owner: Client | None = None
) -> None:
    """A client's own consent write, audited with the client herself as the actor (Oma Yhteispolku)."""
    record_access(
        actor=ClientActor(code=client.code, name=client.full_name),
        action=Action.CREATE,
        category=DataCategory.BASIC,
        purpose=Purpose.CLIENT_OWN,
        allowed=allowed,
        reason="" if allowed else Reason.NO_RELATION.value,
        client_code=(owner or client).code,
        object_type="clients.consent",
        object_id=consent_code,
        request=request,
    )


def consent_give_by_client(
    *,
    client: Client,
    purpose: str,
    organisations: list[Organisation],
    categories: list[str],
    valid_from: date,
    valid_until: date | None = None,
    purpose_details: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """The client gives a consent herself in Oma Yhteispolku: electronically, today, from today on at the
    earliest; the same checks as a professional's recording, audited as her own write."""
    today = timezone.localdate()
    if valid_from < today:
        raise ConsentInvalid(_("Suostumus voi alkaa aikaisintaan tänään."))
    consent = _consent_create(
        client=client,
        purpose=purpose,
        organisations=organisations,
        categories=categories,
        given_how=Consent.GivenHow.ELECTRONIC,
        given_on=today,
        valid_from=valid_from,
        valid_until=valid_until,
        purpose_details=purpose_details,
        recorded_by=None,
    )
    _client_audit(client, str(consent.code), True, request)
    return consent


def consent_revoke(
    *,
    actor: User,
    consent: Consent,
    how: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Revoke at once: from this moment the views the consent allowed are gone (SPEC §5.1)."""
    # A revocation is a new fact the client gives, recorded like a consent, not an edit of one.
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=DataCategory.BASIC,
        client=consent.client,
        request=request,
        object_type="clients.consent",
        object_id=str(consent.code),
    )
    return _revoke(consent, revoked_by=actor, how=how, note=note)


def _revoke(consent: Consent, *, revoked_by: User | None, how: str, note: str) -> Consent:
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.revoked_at is not None:
            raise ConsentInvalid(_("Suostumus on jo peruttu."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = revoked_by
        locked.revoked_by_client = revoked_by is None
        locked.revoked_how = how
        locked.revocation_note = note
        locked.save(
            update_fields=["revoked_at", "revoked_by", "revoked_by_client", "revoked_how", "revocation_note"]
        )
        events.record(
            EventType.CONSENT_REVOKED,
            client_code=locked.client.code,
            occurred_at=locked.revoked_at,
            consent=locked.code,
            purpose=locked.purpose,
            organisations=set(locked.organisations.values_list("code", flat=True)),
            revoked_by_client=locked.revoked_by_client,
        )
    return locked


def consent_revoke_by_client(
    *, client: Client, consent: Consent, request: HttpRequest | None = None
) -> Consent:
    """The client revokes her own consent in Oma Yhteispolku: at once, electronically (SPEC §5.1).

    Another client's consent is refused (PermissionDenied) with a denied entry; a revoked one is
    ConsentInvalid and nothing changes. Audited as her own write.
    """
    if consent.client_id != client.pk:
        _client_audit(client, str(consent.code), False, request, owner=consent.client)
        raise PermissionDenied
    _client_audit(client, str(consent.code), True, request)
    return _revoke(consent, revoked_by=None, how=Consent.GivenHow.ELECTRONIC, note="")


class EmptyJournalEntry(ValueError):
    code = "journal_entry_empty"


def journal_entry_create(
    *,
    actor: User,
    client: Client,
    category: DataCategory,
    text: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> JournalEntry:
    """Record a note in one category; only the actor's own sector (and the joint plan) may be written."""
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=client,
        request=request,
        facts=facts,
        object_type=JOURNAL_OBJECT_TYPE,
    )
    if not text.strip():
        raise EmptyJournalEntry(_("Kirjoita merkinnän teksti."))
    assert actor.organisation is not None  # authorize() lets only professionals write
    return JournalEntry.objects.create(
        client=client, category=category, text=text.strip(), author=actor, organisation=actor.organisation
    )


# --- benefit periods (SPEC §5) -----------------------------------------------------------------------


def benefit_period_record(
    *,
    actor: User,
    client: Client,
    benefit: str,
    starts_on: date,
    ends_on: date | None,
    source: str,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> BenefitPeriod:
    """Record a benefit the client receives, with its dates, in the benefit's category (Kela's benefits under
    Kela's, social assistance under the social services'): only that sector's professionals may create it."""
    if benefit not in Benefit.values:
        raise BenefitPeriodInvalid({"benefit": _("Tuntematon etuus.")})
    category = benefit_category(benefit)
    authorize(
        actor=actor,
        action=Action.CREATE,
        category=category,
        client=client,
        request=request,
        facts=facts,
        object_type=BENEFIT_PERIOD_OBJECT_TYPE,
    )
    errors: dict[str, str] = {}
    if source not in BenefitPeriod.Source.values:
        errors["source"] = _("Tuntematon tiedon lähde.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Päättymispäivä ei voi olla ennen alkamispäivää.")
    if errors:
        raise BenefitPeriodInvalid(errors)
    assert actor.organisation is not None  # authorize() lets only professionals write
    with transaction.atomic():
        return BenefitPeriod.objects.create(
            client=client,
            benefit=benefit,
            category=category,
            starts_on=starts_on,
            ends_on=ends_on,
            source=source,
            recorded_by=actor,
            organisation=actor.organisation,
        )


# --- entries withheld from the client (SPEC §5.1) -------------------------------------------------------

WITHHELD_OBJECT_TYPE = "clients.withheldfromclient"


def withhold_from_client(
    *,
    actor: User,
    client: Client,
    object_type: str,
    object_code: uuid.UUID,
    category: DataCategory,
    reason: str,
    owner_organisation_id: int | None = None,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> WithheldFromClient:
    """Record the decision that one entry is not shown to the client in Oma Yhteispolku (SPEC §5.1).

    Who may decide is the policy's answer for updating the entry: its category and the organisation
    holding it (`owner_organisation_id`), so the professional whose sector and organisation wrote it;
    the decision is authorised and logged first. A reason is required; one standing decision per entry
    (a second is AlreadyWithheld, 409). Her access log is never withheld (703/2023 §11).
    """
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=category,
        client=client,
        request=request,
        owner_organisation_id=owner_organisation_id,
        object_type=WITHHELD_OBJECT_TYPE,
        object_id=str(object_code),
    )
    if category == DataCategory.LOG or object_type == "portal.accesslog":
        raise AccessLogNotWithheld()
    reason = reason.strip()
    if not reason:
        raise WithholdReasonRequired({"reason": WithholdReasonRequired.default_message})
    assert actor.organisation is not None
    try:
        with transaction.atomic():
            return WithheldFromClient.objects.create(
                client=client,
                object_type=object_type,
                object_code=object_code,
                category=category,
                reason=reason,
                decided_on=today or timezone.localdate(),
                decided_by=actor,
                organisation=actor.organisation,
            )
    except IntegrityError as error:
        raise AlreadyWithheld() from error


def withholding_lift(
    *,
    actor: User,
    decision: WithheldFromClient,
    owner_organisation_id: int | None = None,
    request: HttpRequest | None = None,
) -> WithheldFromClient:
    """Lift a standing decision (the entry is shown to the client again); the decision stays recorded.
    The same professionals may lift it as may make it; a lifted one is NotWithheld (409)."""
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory(decision.category),
        client=decision.client,
        request=request,
        owner_organisation_id=owner_organisation_id,
        object_type=WITHHELD_OBJECT_TYPE,
        object_id=str(decision.object_code),
    )
    with transaction.atomic():
        lifted = WithheldFromClient.objects.filter(pk=decision.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=actor
        )
    if not lifted:
        raise NotWithheld()
    decision.refresh_from_db()
    return decision


def journal_entry_show_to_client(
    *,
    actor: User,
    entry: JournalEntry,
    facts: RelationFacts | None = None,
    request: HttpRequest | None = None,
) -> JournalEntry:
    """Show one entry of the joint plan (a review, the progress of the work) to the client in Oma
    Yhteispolku, where she can acknowledge it (SPEC §1 "acknowledges progress"). Nothing else of the
    journal is shown to her; the step is taken once (EntryAlreadyShown, 409) and is not undone.

    Authorised as an update of the plan category's journal (the case team).
    """
    authorize(
        actor=actor,
        action=Action.UPDATE,
        category=DataCategory(entry.category),
        client=entry.client,
        request=request,
        facts=facts,
        object_type=JOURNAL_OBJECT_TYPE,
        object_id=str(entry.code),
    )
    if entry.category != DataCategory.PLAN:
        raise EntryNotForClient()
    with transaction.atomic():
        updated = JournalEntry.objects.filter(pk=entry.pk, shown_to_client_at__isnull=True).update(
            shown_to_client_at=timezone.now(), shown_to_client_by=actor
        )
    if not updated:
        raise EntryAlreadyShown()
    entry.refresh_from_db()
    return entry


def journal_entry_acknowledge_by_client(*, entry: JournalEntry) -> JournalEntry:
    """The client acknowledges an entry shown to her ("Olen lukenut"), once, with the time: a second
    acknowledgement is EntryAlreadyAcknowledged (409) and changes nothing. The caller (the portal) has
    checked that the entry is hers and shown to her, and audited the write as hers."""
    with transaction.atomic():
        updated = JournalEntry.objects.filter(
            pk=entry.pk, shown_to_client_at__isnull=False, acknowledged_at__isnull=True
        ).update(acknowledged_at=timezone.now())
    if not updated:
        raise EntryAlreadyAcknowledged()
    entry.refresh_from_db()
    return entry
