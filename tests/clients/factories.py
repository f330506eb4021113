"""Factories for the client registry.

Identity codes come only from the temporary/test range 900-999, with the check character computed
by stdnum (through `hetu.compose`), so no test person can be a real one.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from yhteispolku.accounts.models import User
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.organisations.models import Organisation


def make_identity_code(born: date, sequence: int) -> str:
    """A valid test-range code for `born`; different sequence numbers give different codes."""
    return hetu.compose(born, 900 + sequence % 100)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    kind = Organisation.Kind.EMPLOYMENT_AUTHORITY
    name_fi = factory.Sequence(lambda n: f"Testiorganisaatio {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"test-user-{n}")
    # An unusable password: these users record consents in tests, they never log in.
    password = "!"


class ClientFactory(DjangoModelFactory[Client]):
    """A registered client; pass `born=` for a given birth date or `identity_code=` for a given code.

    Each instance gets its own birth date (one day apart) and test-range individual number, so codes
    are unique however many clients a test makes.
    """

    class Meta:
        model = Client

    class Params:
        born = factory.Sequence(lambda n: date(1970, 1, 1) + timedelta(days=n))

    identity_code = factory.LazyAttributeSequence(lambda o, n: make_identity_code(o.born, n))
    identity_code_hash = factory.LazyAttribute(
        lambda o: hetu.lookup_hash(o.identity_code) if o.identity_code else None
    )
    birth_date = factory.LazyAttribute(
        lambda o: hetu.birth_date(o.identity_code) if o.identity_code else None
    )
    first_names = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    recorded_by = factory.SubFactory(OrganisationFactory)


class ConsentFactory(DjangoModelFactory[Consent]):
    """An active written consent for TYM joint work on basic and employment data, from today.

    The named organisations default to the one that registered the client; pass
    `organisations=[...]` to name others.
    """

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    purpose = Purpose.TYM_JOINT_WORK
    categories = factory.LazyFunction(lambda: [DataCategory.BASIC.value, DataCategory.EMPLOYMENT.value])
    given_how = Consent.GivenHow.WRITTEN
    given_on = factory.LazyFunction(timezone.localdate)
    valid_from = factory.SelfAttribute("given_on")
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organisations(
        consent: Consent, create: bool, extracted: list[Organisation] | None, **kwargs: object
    ) -> None:
        if create:
            consent.organisations.set(extracted if extracted is not None else [consent.client.recorded_by])
