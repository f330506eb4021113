"""The client registry's models: the identity code at rest, lookup by hash, consents and their states."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.clients.factories import ClientFactory, ConsentFactory, OrganisationFactory, UserFactory
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import ConsentInvalid, DuplicateIdentityCode
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import DataCategory, Purpose

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
MAIJA_CODE = hetu.compose(date(1999, 1, 27), 951)


def maija(**fields: object) -> Client:
    client = Client(
        first_names="Maija", last_name="Mäkinen", recorded_by=OrganisationFactory.create(), **fields
    )
    client.set_identity_code(MAIJA_CODE, allow_temporary=True)
    client.save()
    return client


def test_identity_code_is_not_readable_in_the_raw_database_row() -> None:
    client = maija()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_code, identity_code_hash FROM clients_client WHERE id = %s", [client.pk]
        )
        stored_code, stored_hash = cursor.fetchone()

    assert MAIJA_CODE not in stored_code
    assert MAIJA_CODE[7:] not in stored_code
    assert MAIJA_CODE not in stored_hash
    assert Client.objects.get(pk=client.pk).identity_code == MAIJA_CODE


def test_set_identity_code_derives_the_hash_and_birth_date() -> None:
    client = maija()

    assert client.identity_code_hash == hetu.lookup_hash(MAIJA_CODE)
    assert client.birth_date == date(1999, 1, 27)
    assert client.age_on(date(2026, 11, 23)) == 27


def test_set_identity_code_refuses_an_invalid_code_and_keeps_the_old_one() -> None:
    client = maija()

    with pytest.raises(ValidationError):
        client.set_identity_code("270199-9510", allow_temporary=True)

    assert client.identity_code == MAIJA_CODE


def test_lookup_by_identity_code_finds_the_client_through_the_hash() -> None:
    client = maija()
    ClientFactory.create_batch(3)

    assert list(Client.objects.with_identity_code(MAIJA_CODE.lower())) == [client]
    assert not Client.objects.with_identity_code(hetu.compose(date(1999, 1, 27), 952)).exists()


def test_lookup_works_on_a_narrowed_queryset() -> None:
    client = maija()

    assert Client.objects.filter(last_name="Mäkinen").with_identity_code(MAIJA_CODE).get() == client


def test_the_database_refuses_a_second_client_with_the_same_identity_code() -> None:
    maija()
    twin = Client(first_names="Toinen", last_name="Henkilö", recorded_by=OrganisationFactory.create())
    twin.set_identity_code(MAIJA_CODE, allow_temporary=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_validation_names_a_duplicate_identity_code_in_finnish() -> None:
    maija()
    twin = Client(first_names="Toinen", last_name="Henkilö", recorded_by=OrganisationFactory.create())
    twin.set_identity_code(MAIJA_CODE, allow_temporary=True)

    with pytest.raises(ValidationError) as error:
        twin.full_clean()

    assert error.value.message_dict["identity_code_hash"] == [str(DuplicateIdentityCode.default_message)]


def test_clients_without_identity_code_do_not_collide() -> None:
    ClientFactory.create(identity_code=None)
    ClientFactory.create(identity_code=None)

    assert Client.objects.filter(identity_code_hash__isnull=True).count() == 2


def test_a_client_with_an_identity_code_always_has_a_birth_date() -> None:
    client = ClientFactory.build(birth_date=None, recorded_by=OrganisationFactory.create())

    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_the_integration_period_cannot_end_before_it_starts() -> None:
    client = ClientFactory.build(
        recorded_by=OrganisationFactory.create(),
        integration_period_start=date(2026, 3, 1),
        integration_period_end=date(2026, 2, 28),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_the_residence_permit_cannot_end_before_it_starts() -> None:
    client = ClientFactory.build(
        recorded_by=OrganisationFactory.create(),
        residence_permit_type="temporary",
        residence_permit_valid_from=date(2026, 3, 1),
        residence_permit_valid_until=date(2026, 2, 28),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_name_and_mask_never_show_the_identity_code() -> None:
    client = maija(calling_name="Maija")

    assert str(client) == "Maija Mäkinen"
    assert client.full_name == "Maija Mäkinen"
    assert client.masked_identity_code == "270199-****"
    assert MAIJA_CODE[7:] not in str(client) + client.masked_identity_code


def test_a_client_without_identity_code_has_no_mask_and_no_age() -> None:
    client = ClientFactory.create(identity_code=None)

    assert client.masked_identity_code == ""
    assert client.age_on(date(2026, 1, 1)) is None


def test_client_data_is_not_in_the_admin() -> None:
    assert Client not in admin.site._registry
    assert Consent not in admin.site._registry


# Consents


def consent_from(valid_from: date, valid_until: date | None = None, **fields: object) -> Consent:
    return ConsentFactory.create(
        given_on=valid_from, valid_from=valid_from, valid_until=valid_until, **fields
    )


def revoke(consent: Consent, at: datetime) -> None:
    consent.revoked_at = at
    consent.revoked_by = UserFactory.create()
    consent.revoked_how = Consent.GivenHow.ORAL
    consent.save()


def states_agree(consent: Consent, on: date | datetime) -> Consent.State:
    """The state, after checking that the queryset's `active()` says the same as the instance."""
    state = consent.state(on)
    assert Consent.objects.active(on).filter(pk=consent.pk).exists() == (state == Consent.State.ACTIVE)
    assert consent.is_active(on) == (state == Consent.State.ACTIVE)
    return state


def test_consent_is_not_yet_valid_before_its_first_day_and_active_on_it() -> None:
    consent = consent_from(date(2026, 3, 1))

    assert states_agree(consent, date(2026, 2, 28)) == Consent.State.NOT_YET_VALID
    assert states_agree(consent, date(2026, 3, 1)) == Consent.State.ACTIVE


def test_consent_is_active_on_its_last_day_and_expired_after_it() -> None:
    consent = consent_from(date(2026, 3, 1), date(2026, 8, 31))

    assert states_agree(consent, date(2026, 8, 31)) == Consent.State.ACTIVE
    assert states_agree(consent, date(2026, 9, 1)) == Consent.State.EXPIRED


def test_open_ended_consent_stays_active() -> None:
    consent = consent_from(date(2026, 3, 1))

    assert states_agree(consent, date(2036, 3, 1)) == Consent.State.ACTIVE


def test_revoked_consent_is_revoked_from_the_moment_of_revocation() -> None:
    consent = consent_from(date(2026, 3, 1))
    revoked_at = datetime(2026, 5, 4, 14, 30, tzinfo=HELSINKI)
    revoke(consent, revoked_at)

    assert states_agree(consent, revoked_at - timedelta(seconds=1)) == Consent.State.ACTIVE
    assert states_agree(consent, revoked_at) == Consent.State.REVOKED
    assert states_agree(consent, date(2026, 5, 3)) == Consent.State.ACTIVE
    # Revoking removes the views at once: the whole day of revocation counts as revoked.
    assert states_agree(consent, date(2026, 5, 4)) == Consent.State.REVOKED


def test_a_revocation_late_in_the_evening_belongs_to_that_helsinki_day() -> None:
    consent = consent_from(date(2026, 3, 1))
    # 23:30 in Helsinki is still 21:30 in UTC on the same day, but 00:30 the next day would not be.
    revoke(consent, datetime(2026, 5, 4, 23, 30, tzinfo=HELSINKI))

    assert states_agree(consent, date(2026, 5, 4)) == Consent.State.REVOKED
    assert states_agree(consent, date(2026, 5, 3)) == Consent.State.ACTIVE


def test_revocation_wins_over_expiry() -> None:
    consent = consent_from(date(2026, 3, 1), date(2026, 4, 30))
    revoke(consent, datetime(2026, 4, 1, 9, 0, tzinfo=HELSINKI))

    assert states_agree(consent, date(2026, 6, 1)) == Consent.State.REVOKED


def test_consent_made_today_is_active_now_and_revoked_right_after_revocation() -> None:
    consent = ConsentFactory.create()
    assert consent.state() == Consent.State.ACTIVE
    assert Consent.objects.active().filter(pk=consent.pk).exists()

    revoke(consent, timezone.now())

    assert consent.state() == Consent.State.REVOKED
    assert not Consent.objects.active().filter(pk=consent.pk).exists()


def test_covers_the_named_organisation_category_and_purpose_only() -> None:
    employment_area, county, kela = OrganisationFactory.create_batch(3)
    consent = ConsentFactory.create(
        organisations=[employment_area, county],
        categories=[DataCategory.BASIC.value, DataCategory.HEALTH.value],
        purpose=Purpose.TYM_JOINT_WORK,
    )

    def covers(**asked: object) -> bool:
        question = {
            "organisation": county,
            "category": DataCategory.HEALTH,
            "purpose": Purpose.TYM_JOINT_WORK,
        }
        return consent.covers(**(question | asked))  # type: ignore[arg-type]

    assert covers()
    assert covers(organisation=employment_area, category="basic")
    assert not covers(organisation=kela)
    assert not covers(category=DataCategory.SOCIAL)
    assert not covers(purpose=Purpose.KELA_REHABILITATION)
    assert not covers(on=consent.valid_from - timedelta(days=1))


def test_a_revoked_consent_covers_nothing() -> None:
    consent = ConsentFactory.create()
    revoke(consent, timezone.now())

    assert not consent.covers(
        organisation=consent.client.recorded_by, category=DataCategory.BASIC, purpose=Purpose.TYM_JOINT_WORK
    )


def test_covers_uses_prefetched_organisations(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    consent = ConsentFactory.create()
    organisation = consent.client.recorded_by
    prefetched = Consent.objects.prefetch_related("organisations").get(pk=consent.pk)

    with django_assert_num_queries(0):
        assert prefetched.covers(organisation=organisation, category="basic", purpose="tym_joint_work")


def test_the_database_refuses_a_consent_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        consent_from(date(2026, 3, 1), date(2026, 2, 28))


def test_a_consent_may_be_valid_for_a_single_day() -> None:
    consent = consent_from(date(2026, 3, 1), date(2026, 3, 1))

    assert states_agree(consent, date(2026, 3, 1)) == Consent.State.ACTIVE


def test_the_database_refuses_a_revocation_time_without_who_recorded_it() -> None:
    consent = ConsentFactory.create()
    consent.revoked_at = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        consent.save()


def test_the_database_refuses_a_revoker_without_a_revocation_time() -> None:
    consent = ConsentFactory.create()
    consent.revoked_by = UserFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        consent.save()


def test_the_database_refuses_a_purpose_no_consent_can_have() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentFactory.create(purpose=Purpose.INTAKE)


def test_clean_refuses_a_consent_without_categories() -> None:
    consent = ConsentFactory.build(categories=[])

    with pytest.raises(ConsentInvalid) as error:
        consent.clean()

    assert error.value.code == "consent_invalid"
    assert error.value.message_dict == {"categories": ["Valitse vähintään yksi tietoryhmä."]}


@pytest.mark.parametrize("category", [DataCategory.PLAN, DataCategory.LOG, "everything"])
def test_clean_refuses_categories_a_consent_cannot_cover(category: str) -> None:
    consent = ConsentFactory.build(categories=[DataCategory.BASIC.value, str(category)])

    with pytest.raises(ConsentInvalid) as error:
        consent.clean()

    assert list(error.value.message_dict) == ["categories"]


def test_clean_refuses_a_purpose_outside_the_consent_purposes() -> None:
    consent = ConsentFactory.build(purpose=Purpose.CLIENT_OWN)

    with pytest.raises(ConsentInvalid) as error:
        consent.clean()

    assert error.value.message_dict == {"purpose": ["Suostumusta ei voi antaa tähän käyttötarkoitukseen."]}


def test_clean_accepts_every_consentable_category() -> None:
    consent = ConsentFactory.build(categories=["basic", "employment", "social", "health", "kela"])

    consent.clean()


def test_full_clean_of_a_valid_consent_passes() -> None:
    ConsentFactory.create().full_clean()


def test_consent_str_names_purpose_and_start_but_no_personal_data() -> None:
    consent = consent_from(date(2026, 3, 1))

    assert str(consent) == "TYM-yhteistyö, voimassa alkaen 1.3.2026"


def test_duplicate_error_carries_the_existing_client_only_when_reachable() -> None:
    client = maija()

    assert DuplicateIdentityCode.for_existing(client, reachable=True).existing_if_reachable == client
    unreachable = DuplicateIdentityCode.for_existing(client, reachable=False)
    assert unreachable.existing_if_reachable is None
    assert unreachable.code == "duplicate_identity_code"
    assert unreachable.messages == ["Tällä henkilötunnuksella on jo rekisteröity asiakas."]
