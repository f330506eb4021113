"""The one domain-error type: every app's refusal is a DomainError with its status, code and message."""

import importlib

import pytest
from django.utils.translation import override

from yhteispolku.clients.errors import DuplicateIdentityCode, StaleEdit
from yhteispolku.core.errors import DomainError

APPS = ("applications", "assessments", "cases", "clients", "collaboration", "documents", "paths", "plans")


class Refused(DomainError):
    code = "refused"
    default_message = "Ei käy."


class Taken(Refused):
    code = "taken"
    status = 409


def test_an_error_without_a_message_has_its_class_default_code_and_status() -> None:
    error = Refused()
    assert error.messages == ["Ei käy."]
    assert error.code == "refused"
    assert error.status == 400
    assert Taken().status == 409


def test_a_message_per_field_belongs_to_those_fields_with_the_class_code() -> None:
    error = Refused({"goals": "Kirjoita tavoitteet.", "next_review_on": "Anna päivä."})
    assert error.message_dict == {"goals": ["Kirjoita tavoitteet."], "next_review_on": ["Anna päivä."]}
    assert {item.code for items in error.error_dict.values() for item in items} == {"refused"}


@pytest.mark.parametrize("app", APPS)
def test_every_apps_errors_are_domain_errors_with_a_stable_code_and_a_status(app: str) -> None:
    module = importlib.import_module(f"yhteispolku.{app}.errors")
    errors = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, DomainError) and value is not DomainError
    ]
    assert errors
    for error in errors:
        assert error.code not in {"", DomainError.code}, error
        assert error.status in {400, 403, 409, 413, 415}, error
        with override("fi"):
            assert str(error.default_message), error


def test_the_registrys_conflicts_carry_409_on_the_type() -> None:
    assert DuplicateIdentityCode.status == 409
    assert StaleEdit.status == 409
