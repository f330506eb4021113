"""A database read with other identity-code keys than it was written with fails loudly, never shows
ciphertext."""

from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from tests.access.conftest import new_client
from yhteispolku.clients.keys import EncryptionKeysMismatch, check_keys
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def forget_derived_keys() -> None:
    field = Client._meta.get_field("identity_code")
    for cached in ("keys", "f"):
        field.__dict__.pop(cached, None)


@pytest.fixture
def keys_forgotten_after() -> Iterator[None]:
    forget_derived_keys()
    yield
    forget_derived_keys()


@pytest.fixture
def client_with_code() -> Client:
    return new_client(Organisation.objects.get(slug="satakunta-employment-area"))


def test_the_configured_keys_read_the_stored_codes(client_with_code: Client) -> None:
    result = check_keys()

    assert result.checked_client_id == client_with_code.pk
    assert Client.objects.get(pk=client_with_code.pk).identity_code == client_with_code.identity_code


def test_an_empty_registry_has_nothing_to_check() -> None:
    Client.objects.all().delete()

    assert check_keys().checked_client_id is None


def test_another_secret_key_refuses_to_read_the_code_instead_of_showing_ciphertext(
    client_with_code: Client, settings: Settings, keys_forgotten_after: None
) -> None:
    settings.SECRET_KEY = "a-restored-machine-with-a-new-secret-key-" + "x" * 20
    forget_derived_keys()

    with pytest.raises(EncryptionKeysMismatch, match="restored without the keys"):
        Client.objects.get(pk=client_with_code.pk)
    with pytest.raises(CommandError, match="identity-code keys do not match the database") as error:
        call_command("check_keys")
    assert error.value.returncode == 1


def test_another_salt_is_refused(
    client_with_code: Client, settings: Settings, keys_forgotten_after: None
) -> None:
    settings.SALT_KEY = ["another-salt"]
    forget_derived_keys()

    with pytest.raises(EncryptionKeysMismatch):
        check_keys()


def test_an_old_key_kept_as_a_fallback_still_reads(
    client_with_code: Client, settings: Settings, keys_forgotten_after: None
) -> None:
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-rotated-secret-key-" + "y" * 40
    forget_derived_keys()

    assert check_keys().checked_client_id == client_with_code.pk


def test_another_lookup_key_is_refused(client_with_code: Client, settings: Settings) -> None:
    settings.HETU_HMAC_KEY = "another-hmac-key"

    with pytest.raises(EncryptionKeysMismatch, match="HETU_HMAC_KEY"):
        check_keys()
