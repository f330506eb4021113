"""The client registry over the API: clients, consents, journal entries and the access log.

Each operation parses its input, calls the same selector or service as the client pages and
serialises the answer, so the access policy and the audit entries are the same as on the pages.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from yhteispolku.accounts.models import User
from yhteispolku.api.errors import ApiError, error_responses
from yhteispolku.api.forms import caller
from yhteispolku.api.schemas import MunicipalityOut, OrganisationOut, PageInfo, ShortText
from yhteispolku.audit.selectors import describe_event, events_for_client
from yhteispolku.clients import hetu, selectors, services
from yhteispolku.clients.errors import ConsentInvalid, InvalidIdentityCode
from yhteispolku.clients.forms import ClientEditForm, ClientRegisterForm
from yhteispolku.clients.models import Benefit, BenefitPeriod, Client, Consent, JournalEntry
from yhteispolku.clients.printout import consent_form_response
from yhteispolku.clients.services import journal_entry_create
from yhteispolku.core.categories import CONSENT_PURPOSES, CONSENTABLE_CATEGORIES, Action, DataCategory
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.organisations.models import Organisation

router = Router(tags=["clients"])

LOG_PAGE_SIZE = 100

JournalCategory = enum.StrEnum(  # type: ignore[misc]
    "JournalCategory",
    {c.name: c.value for c in DataCategory if c not in (DataCategory.BASIC, DataCategory.LOG)},
)
ConsentPurpose = enum.StrEnum("ConsentPurpose", {p.name: p.value for p in CONSENT_PURPOSES})  # type: ignore[misc]
ConsentCategory = enum.StrEnum(  # type: ignore[misc]
    "ConsentCategory", {c.name: c.value for c in CONSENTABLE_CATEGORIES}
)


def _choices(choices: type[Any]) -> dict[str, Any]:
    """Allowed values in the schema; the client pages' form checks them with the same messages."""
    return {"enum": list(choices.values)}


# --- clients ---------------------------------------------------------------------------------------


class ClientListItem(Schema):
    code: uuid.UUID
    first_names: str
    last_name: str
    calling_name: str
    identity_code_masked: str
    home_municipality: MunicipalityOut | None

    @classmethod
    def of(cls, client: Client) -> ClientListItem:
        return cls(
            code=client.code,
            first_names=client.first_names,
            last_name=client.last_name,
            calling_name=client.calling_name,
            identity_code_masked=client.masked_identity_code,
            home_municipality=MunicipalityOut.of(client.home_municipality),
        )


class ClientPage(PageInfo):
    items: list[ClientListItem]


class ClientDetail(ClientListItem):
    phone: str
    email: str
    street_address: str
    postal_code: str
    post_office: str
    mother_tongue: str
    mother_tongue_other: str
    service_language: str
    needs_interpreter: bool
    interpreter_language: str
    residence_permit_type: str = Field(json_schema_extra={"enum": ["", *Client.ResidencePermitType.values]})
    residence_permit_valid_from: date | None
    residence_permit_valid_until: date | None
    right_of_residence_registered: bool
    integration_period_start: date | None
    recorded_by: OrganisationOut
    version: int = Field(description="Send back in PATCH: a stale version is refused with 409.")
    updated_at: datetime
    visible_categories: list[DataCategory] = Field(
        description="The data categories the caller may see for this client now."
    )
    can_update: bool = Field(description="Whether the caller may change the basic data.")


class BasicData(Schema):
    first_names: str = Field(max_length=150)
    last_name: str = Field(max_length=150)
    calling_name: str = Field("", max_length=60)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    street_address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    post_office: str = Field("", max_length=80)
    home_municipality: str | None = Field(
        None,
        description="Statistics Finland's municipality code, e.g. 609",
        max_length=SHORT_TEXT,
    )
    mother_tongue: str = Field("", json_schema_extra=_choices(Client.MotherTongue))
    mother_tongue_other: str = Field("", max_length=80)
    service_language: str = Field(
        Client.ServiceLanguage.FINNISH, json_schema_extra=_choices(Client.ServiceLanguage)
    )
    needs_interpreter: bool = False
    interpreter_language: str = Field("", max_length=80)


def _tidy_identity_code(value: Any) -> Any:
    return hetu.tidy(value) if isinstance(value, str) else value


class ClientIn(BasicData):
    # Tidied as the web form tidies it (spaces, case, dashes) before the length is checked.
    identity_code: Annotated[str, BeforeValidator(_tidy_identity_code)] = Field(
        max_length=11, description="Henkilötunnus, e.g. 010594Y9021"
    )
    education_level: str = Field(
        Client.EducationLevel.NONE_OR_UNKNOWN, json_schema_extra=_choices(Client.EducationLevel)
    )
    education_details: str = Field("", max_length=NOTE_TEXT)
    work_history: str = Field("", max_length=NOTE_TEXT)


class ClientPatch(Schema):
    version: int = Field(description="The version read with GET; a stale one is refused with 409.")
    first_names: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    calling_name: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    street_address: str | None = Field(None, max_length=200)
    postal_code: str | None = Field(None, max_length=10)
    post_office: str | None = Field(None, max_length=80)
    home_municipality: str | None = Field(None, max_length=SHORT_TEXT)
    mother_tongue: str | None = Field(
        None, json_schema_extra=_choices(Client.MotherTongue), max_length=SHORT_TEXT
    )
    mother_tongue_other: str | None = Field(None, max_length=80)
    service_language: str | None = Field(
        None, json_schema_extra=_choices(Client.ServiceLanguage), max_length=SHORT_TEXT
    )
    needs_interpreter: bool | None = None
    interpreter_language: str | None = Field(None, max_length=80)
    residence_permit_type: str | None = Field(
        None,
        json_schema_extra={"enum": ["", *Client.ResidencePermitType.values]},
        max_length=SHORT_TEXT,
        description="Empty clears the permit (R-KOTO-2 then refuses an integration track).",
    )
    residence_permit_valid_from: date | None = None
    residence_permit_valid_until: date | None = Field(
        None, description="Not before valid_from; null if open-ended."
    )
    right_of_residence_registered: bool | None = None
    integration_period_start: date | None = None


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    # Django forms read absent optional values as empty strings.
    return {name: "" if value is None else value for name, value in values.items()}


def _invalid(form_errors: dict[str, Any]) -> ValidationError:
    return ValidationError(form_errors)


def _detail(view: selectors.ClientView, actor: User) -> ClientDetail:
    client = view.client
    return ClientDetail(
        **ClientListItem.of(client).model_dump(),
        phone=client.phone,
        email=client.email,
        street_address=client.street_address,
        postal_code=client.postal_code,
        post_office=client.post_office,
        mother_tongue=client.mother_tongue,
        mother_tongue_other=client.mother_tongue_other,
        service_language=client.service_language,
        needs_interpreter=client.needs_interpreter,
        interpreter_language=client.interpreter_language,
        residence_permit_type=client.residence_permit_type,
        residence_permit_valid_from=client.residence_permit_valid_from,
        residence_permit_valid_until=client.residence_permit_valid_until,
        right_of_residence_registered=client.right_of_residence_registered,
        integration_period_start=client.integration_period_start,
        recorded_by=OrganisationOut.of(client.recorded_by),
        version=client.version,
        updated_at=client.updated_at,
        visible_categories=sorted(view.visible),
        can_update=view.can(actor, Action.UPDATE, DataCategory.BASIC),
    )


@router.get("", response={200: ClientPage, **error_responses(400)}, summary="My clients")
def client_list(request: HttpRequest, q: str = Query("", max_length=100), page: int = Query(1, ge=1)) -> Any:
    """The clients the caller works with, by name; `q` searches them by name or identity code (exact).

    Every client in the answer is recorded in that client's access log, as on the client list page.
    """
    actor = caller(request)
    if q.strip():
        try:
            found = selectors.client_search(actor=actor, query=q, request=request)
        except InvalidIdentityCode as error:
            raise ApiError.for_field("q", error) from error
        return ClientPage(items=[ClientListItem.of(c) for c in found], page=1, pages=1, count=len(found))
    shown = selectors.my_clients(actor=actor, request=request, page=page)
    return ClientPage(
        items=[ClientListItem.of(c) for c in shown.object_list],
        page=shown.number,
        pages=shown.paginator.num_pages,
        count=shown.paginator.count,
    )


@router.post("", response={201: ClientDetail, **error_responses(400, 403, 409)}, summary="Register a client")
def client_register(request: HttpRequest, payload: ClientIn) -> Any:
    """Register a client; the caller's unit gets the relationship and the caller joins the case team."""
    actor = caller(request)
    try:
        hetu.validate(payload.identity_code)
    except InvalidIdentityCode as error:
        raise ApiError.for_field("identity_code", error) from error
    form = ClientRegisterForm(_form_data(payload.model_dump()))
    if not form.is_valid():
        raise _invalid(form.errors.as_data())
    data = dict(form.cleaned_data)
    identity_code = data.pop("identity_code")
    client = services.client_register(actor=actor, identity_code=identity_code, data=data, request=request)
    view = selectors.client_get(actor=actor, code=client.code, request=request)
    return Status(201, _detail(view, actor))


@router.get("/{code}", response={200: ClientDetail, **error_responses(400, 403, 404)}, summary="A client")
def client_detail(request: HttpRequest, code: uuid.UUID) -> Any:
    """The client's basic data as the caller may see it (identity code masked) and the visible categories."""
    actor = caller(request)
    return _detail(selectors.client_get(actor=actor, code=code, request=request), actor)


@router.patch(
    "/{code}",
    response={200: ClientDetail, **error_responses(400, 403, 404, 409)},
    summary="Change basic data",
)
def client_update(request: HttpRequest, code: uuid.UUID, payload: ClientPatch) -> Any:
    """Change basic data; only the fields sent change. A stale `version` is refused with 409."""
    actor = caller(request)
    client, _facts = selectors.client_for_action(
        actor=actor, code=code, action=Action.UPDATE, category=DataCategory.BASIC, request=request
    )
    current = {name: getattr(client, name) for name in ClientEditForm.Meta.fields}
    current["home_municipality"] = client.home_municipality_id
    changes = payload.model_dump(exclude_unset=True)
    form = ClientEditForm(_form_data({**current, **changes}), instance=client)
    if not form.is_valid():
        raise _invalid(form.errors.as_data())
    services.client_update(
        actor=actor,
        client=client,
        category=DataCategory.BASIC,
        data={name: form.cleaned_data[name] for name in form.Meta.fields},
        expected_version=payload.version,
        request=request,
    )
    return _detail(selectors.client_get(actor=actor, code=code, request=request), actor)


# --- consents --------------------------------------------------------------------------------------


class ConsentOut(Schema):
    code: uuid.UUID
    purpose: str
    purpose_details: str
    organisations: list[OrganisationOut]
    categories: list[str]
    given_how: str
    given_on: date
    valid_from: date
    valid_until: date | None
    state: str
    recorded_at: datetime
    revoked_at: datetime | None
    revoked_how: str
    revocation_note: str

    @classmethod
    def of(cls, consent: Consent) -> ConsentOut:
        return cls(
            code=consent.code,
            purpose=consent.purpose,
            purpose_details=consent.purpose_details,
            organisations=[OrganisationOut.of(o) for o in consent.organisations.all()],
            categories=list(consent.categories),
            given_how=consent.given_how,
            given_on=consent.given_on,
            valid_from=consent.valid_from,
            valid_until=consent.valid_until,
            state=consent.state(),
            recorded_at=consent.recorded_at,
            revoked_at=consent.revoked_at,
            revoked_how=consent.revoked_how,
            revocation_note=consent.revocation_note,
        )


class ConsentIn(Schema):
    purpose: ConsentPurpose
    purpose_details: str = Field("", max_length=500)
    organisations: list[ShortText] = Field(
        min_length=1, description="Slugs of the organisations that may exchange the data"
    )
    categories: list[ConsentCategory] = Field(min_length=1)
    given_how: Consent.GivenHow
    given_on: date
    valid_from: date
    valid_until: date | None = None


class ConsentRevokeIn(Schema):
    how: Consent.GivenHow
    note: str = Field("", max_length=500)


def _organisations(slugs: list[str]) -> list[Organisation]:
    found = list(
        Organisation.objects.exclude(kind=Organisation.Kind.SERVICE_PROVIDER).filter(slug__in=set(slugs))
    )
    unknown = sorted(set(slugs) - {o.slug for o in found})
    if unknown:
        raise ValidationError(
            {
                "organisations": ValidationError(
                    _("Tuntematon organisaatio: %(slugs)s."),
                    params={"slugs": ", ".join(unknown)},
                    code="unknown_organisation",
                )
            }
        )
    return found


@router.get(
    "/{code}/consents", response={200: list[ConsentOut], **error_responses(400, 403, 404)}, summary="Consents"
)
def consent_list(request: HttpRequest, code: uuid.UUID) -> Any:
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    consents = selectors.consents_for(actor=actor, client=view.client, facts=view.facts, request=request)
    return [ConsentOut.of(consent) for consent in consents]


@router.post(
    "/{code}/consents",
    response={201: ConsentOut, **error_responses(400, 403, 404)},
    summary="Record a consent",
)
def consent_give(request: HttpRequest, code: uuid.UUID, payload: ConsentIn) -> Any:
    """Record a consent the client gave. A consent is never edited: a change is a new consent."""
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    consent = services.consent_give(
        actor=actor,
        client=view.client,
        purpose=payload.purpose.value,
        organisations=_organisations(payload.organisations),
        categories=[c.value for c in payload.categories],
        given_how=payload.given_how.value,
        given_on=payload.given_on,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        purpose_details=payload.purpose_details,
        request=request,
    )
    return Status(201, ConsentOut.of(consent))


@router.get(
    "/{code}/consents/{consent_code}/form.pdf",
    response=error_responses(400, 403, 404),
    openapi_extra={
        "responses": {
            "200": {
                "description": "The consent form to sign",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="The consent form to sign (PDF)",
)
def consent_form(request: HttpRequest, code: uuid.UUID, consent_code: uuid.UUID) -> Any:
    """The consent as a form for the client to sign, printed (and audited) as on the consents page."""
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    consent = selectors.consent_for_print(
        actor=actor, client=view.client, consent_code=consent_code, facts=view.facts, request=request
    )
    return consent_form_response(consent)


@router.post(
    "/{code}/consents/{consent_code}/revoke",
    response={200: ConsentOut, **error_responses(400, 403, 404, 409)},
    summary="Revoke a consent",
)
def consent_revoke(
    request: HttpRequest, code: uuid.UUID, consent_code: uuid.UUID, payload: ConsentRevokeIn
) -> Any:
    """Revoke at once: the views the consent allowed are gone from this moment. Twice is a 409."""
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    try:
        consent = Consent.objects.get(client=view.client, code=consent_code)
    except Consent.DoesNotExist as error:
        raise Http404 from error
    try:
        revoked = services.consent_revoke(
            actor=actor, consent=consent, how=payload.how.value, note=payload.note, request=request
        )
    except ConsentInvalid as error:
        # The only refusal after the policy's: the consent was revoked already.
        raise ApiError(409, error.code, error.messages[0]) from error
    return ConsentOut.of(revoked)


# --- journal ---------------------------------------------------------------------------------------


class JournalEntryOut(Schema):
    code: uuid.UUID
    category: str
    created_at: datetime
    author: str
    organisation: str
    text: str

    @classmethod
    def of(cls, entry: JournalEntry) -> JournalEntryOut:
        return cls(
            code=entry.code,
            category=entry.category,
            created_at=entry.created_at,
            author=str(entry.author),
            organisation=entry.organisation.name,
            text=entry.text,
        )


class JournalEntryIn(Schema):
    text: str = Field(min_length=1, max_length=LONG_TEXT)


@router.get(
    "/{code}/journal/{category}",
    response={200: list[JournalEntryOut], **error_responses(400, 403, 404)},
    summary="Journal entries of one category",
)
def journal_list(request: HttpRequest, code: uuid.UUID, category: JournalCategory) -> Any:
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    entries = selectors.journal_entries(
        actor=actor,
        client=view.client,
        category=DataCategory(category.value),
        facts=view.facts,
        request=request,
    )
    return [JournalEntryOut.of(entry) for entry in entries]


@router.post(
    "/{code}/journal/{category}",
    response={201: JournalEntryOut, **error_responses(400, 403, 404)},
    summary="Record a journal entry",
)
def journal_create(
    request: HttpRequest, code: uuid.UUID, category: JournalCategory, payload: JournalEntryIn
) -> Any:
    """A note in one category: the caller's own sector's category or the joint plan (SPEC §5.1)."""
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    entry = journal_entry_create(
        actor=actor,
        client=view.client,
        category=DataCategory(category.value),
        text=payload.text,
        facts=view.facts,
        request=request,
    )
    return Status(201, JournalEntryOut.of(entry))


# --- benefit periods -------------------------------------------------------------------------------


class BenefitPeriodOut(Schema):
    code: uuid.UUID
    benefit: str
    benefit_label: str
    category: str
    starts_on: date
    ends_on: date | None
    source: str
    recorded_by: str
    organisation: str
    created_at: datetime

    @classmethod
    def of(cls, period: BenefitPeriod) -> BenefitPeriodOut:
        return cls(
            code=period.code,
            benefit=period.benefit,
            benefit_label=str(period.get_benefit_display()),
            category=period.category,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            source=period.source,
            recorded_by=str(period.recorded_by),
            organisation=period.organisation.name,
            created_at=period.created_at,
        )


class BenefitPeriodList(Schema):
    periods: list[BenefitPeriodOut]
    hidden_categories: list[str] = Field(description="Categories of benefits the caller may not see")


class BenefitPeriodIn(Schema):
    benefit: str = Field(json_schema_extra=_choices(Benefit), max_length=SHORT_TEXT)
    starts_on: date
    ends_on: date | None = None
    source: str = Field(json_schema_extra=_choices(BenefitPeriod.Source), max_length=SHORT_TEXT)


@router.get(
    "/{code}/benefits",
    response={200: BenefitPeriodList, **error_responses(400, 403, 404)},
    summary="The client's benefit periods",
)
def benefit_list(request: HttpRequest, code: uuid.UUID) -> Any:
    """Each benefit's category (Kela's, or social assistance under the social services') is decided and
    logged; the periods of a category the caller may not see are left out and the category named."""
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    periods = selectors.benefit_periods(actor=actor, client=view.client, facts=view.facts, request=request)
    return BenefitPeriodList(
        periods=[BenefitPeriodOut.of(period) for period in periods.periods],
        hidden_categories=[str(category) for category in periods.hidden],
    )


@router.post(
    "/{code}/benefits",
    response={201: BenefitPeriodOut, **error_responses(400, 403, 404)},
    summary="Record a benefit period",
)
def benefit_record(request: HttpRequest, code: uuid.UUID, payload: BenefitPeriodIn) -> Any:
    actor = caller(request)
    view = selectors.client_get(actor=actor, code=code, request=request)
    period = services.benefit_period_record(
        actor=actor,
        client=view.client,
        benefit=payload.benefit,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        source=payload.source,
        facts=view.facts,
        request=request,
    )
    return Status(201, BenefitPeriodOut.of(period))


# --- access log ------------------------------------------------------------------------------------


class AccessEventOut(Schema):
    occurred_at: datetime
    actor_name: str
    actor_role: str
    actor_organisation: str
    action: str
    category: str
    purpose: str
    allowed: bool
    reason: str
    description: str


class AccessLogPage(PageInfo):
    items: list[AccessEventOut]


@router.get(
    "/{code}/access-log",
    response={200: AccessLogPage, **error_responses(400, 403, 404)},
    summary="Who read or changed the client's data",
)
def access_log(
    request: HttpRequest,
    code: uuid.UUID,
    request_reference: str = Query("", max_length=100, description="The client's log request (diary number)"),
    page: int = Query(1, ge=1),
) -> Any:
    """For the data-protection officer, on a recorded request of the client (703/2023 §11, R-LOG-1)."""
    actor = caller(request)
    client, _facts = selectors.client_for_action(
        actor=actor,
        code=code,
        action=Action.VIEW,
        category=DataCategory.LOG,
        request=request,
        request_reference=request_reference,
    )
    shown = Paginator(events_for_client(client_code=client.code), LOG_PAGE_SIZE).get_page(page)
    return AccessLogPage(
        items=[
            AccessEventOut(
                occurred_at=event.occurred_at,
                actor_name=event.actor_name or event.actor_username,
                actor_role=event.actor_role,
                actor_organisation=event.actor_organisation,
                action=event.action,
                category=event.category,
                purpose=event.purpose,
                allowed=event.allowed,
                reason=event.reason,
                description=describe_event(event),
            )
            for event in shown.object_list
        ],
        page=shown.number,
        pages=shown.paginator.num_pages,
        count=shown.paginator.count,
    )
