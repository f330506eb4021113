"""Every text a person can send has a length limit, stated where the sender sees it: each form's text field
has a max_length (so the page's input carries a maxlength attribute and the server checks it), and each
string of an API request body or query parameter has a maxLength in the OpenAPI document.

A field without one is found here, by introspection, before anyone stores a 2,000,000-character entry in
it. A string with a closed set of values (an enum) or a parsed format (uuid, date) is bounded already.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

from django import forms

import yhteispolku
from yhteispolku.api.main import api
from yhteispolku.core.text import LONG_TEXT

BOUNDED_FORMATS = {"uuid", "date", "date-time", "time", "binary"}
# Modules that define forms: every app's forms, and the few pages that define their own.
FORM_MODULES = ("forms", "views", "provider_views", "admin")


def every_form_class() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(yhteispolku.__path__, "yhteispolku."):
        if module.name.rsplit(".", 1)[-1] in FORM_MODULES:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[Any]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("yhteispolku.") and sub not in found:
                found.append(sub)
    return found


def fields_of(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields as a page shows them (some forms set fields up in __init__)."""
    try:
        return dict(form_class().fields)  # type: ignore[call-arg]
    except TypeError:
        return dict(form_class.base_fields)


def unbounded_form_fields() -> Iterator[str]:
    for form_class in every_form_class():
        for name, field in fields_of(form_class).items():
            if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
                continue
            place = f"{form_class.__module__}.{form_class.__name__}.{name}"
            if field.max_length is None:
                yield f"{place}: no max_length"
            elif field.max_length > LONG_TEXT:
                yield f"{place}: max_length {field.max_length} above core.text.LONG_TEXT"
            elif not isinstance(field.widget, forms.HiddenInput | forms.Select) and field.widget.attrs.get(
                "maxlength"
            ) not in (str(field.max_length), field.max_length):
                yield f"{place}: no maxlength attribute"


def test_the_forms_are_found() -> None:
    names = {form.__name__ for form in every_form_class()}
    assert {"JournalEntryForm", "LoginForm", "ApiTokenForm", "AttendanceForm"} <= names
    assert len(names) > 40


def test_every_form_text_field_has_a_max_length() -> None:
    unbounded = list(unbounded_form_fields())
    assert not unbounded, "\n".join(unbounded)


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def unbounded_strings(schema: dict[str, Any], document: dict[str, Any], place: str) -> Iterator[str]:
    schema = resolve(schema, document)
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key, [])
        if any(option.get("type") in ("number", "integer") for option in options):
            continue  # a decimal number, sent as a number or a string of digits
        for option in options:
            yield from unbounded_strings(option, document, place)
    if "items" in schema:
        yield from unbounded_strings(schema["items"], document, f"{place}[]")
    for name, item in schema.get("properties", {}).items():
        yield from unbounded_strings(item, document, f"{place}.{name}")
    if (
        schema.get("type") == "string"
        and "enum" not in schema
        and "const" not in schema
        and schema.get("format") not in BOUNDED_FORMATS
    ):
        if "maxLength" not in schema:
            yield f"{place}: no maxLength"
        elif schema["maxLength"] > LONG_TEXT:
            yield f"{place}: maxLength {schema['maxLength']} above core.text.LONG_TEXT"


def unbounded_api_inputs() -> Iterator[str]:
    document = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue  # the route's own converter bounds it
                yield from unbounded_strings(parameter["schema"], document, f"{where} ?{parameter['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                yield from unbounded_strings(media["schema"], document, f"{where} body")


def test_the_api_inputs_are_found() -> None:
    places = "\n".join(unbounded_api_inputs_or_all())
    assert "POST /api/v1/clients/{code}/journal/{category} body.text" in places


def unbounded_api_inputs_or_all() -> Iterator[str]:
    """Every string input of the API, bounded or not (to check that the walk reaches them)."""
    document = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                schema = resolve(media["schema"], document)
                for name in schema.get("properties", {}):
                    yield f"{method.upper()} {path} body.{name}"


def test_every_api_text_input_has_a_max_length() -> None:
    unbounded = list(unbounded_api_inputs())
    assert not unbounded, "\n".join(unbounded)


# Text loaded from the project's own data files (rule sources and summaries, code lists), never typed in.
NOT_INPUT_APPS = {"rules", "interop"}


def test_every_model_text_field_has_a_max_length() -> None:
    """The models state the same limits (a TextField's max_length is checked by full_clean and ModelForms)."""
    from django.apps import apps
    from django.db import models

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("yhteispolku.") and model._meta.app_label not in NOT_INPUT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert not unbounded, "\n".join(unbounded)
