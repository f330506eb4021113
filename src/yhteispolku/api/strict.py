"""A JSON body is read as its schema says, not as Python would coerce it.

Pydantic validates django-ninja's payloads in its lax Python mode: `0` becomes the date 1970-01-01,
`"12"` the number 12, `1` the value true, and a text field's `enum` (stated in the schema for the
program) is not checked at all. The OpenAPI schema promises a program the JSON types, and a number
silently stored as 1 January 1970 is data lost. So every JSON body is first checked against the same
JSON schema the API documents (the payload model's own): each value's JSON type (string, integer,
number, boolean, array, object, null, through `anyOf`, `$ref`, `items` and `properties`) and any
`enum`. A mismatch is the API's usual 400 with the field (api/errors.py); what passes is then validated
by the model as before. Proven by the fuzzing test (tests/api/test_fuzzing.py, schemathesis'
negative_data_rejection check) and tests/api/test_strict_json.py.

Installed as a view decorator (`api/main.py`) only to reach each operation once when the API is built:
the check runs where django-ninja reads the parameters (`Operation._get_values`, after authentication),
so that its errors go through the API's own handlers. django-ninja is pinned (pyproject.toml); the
private method is its 1.7 name, and tests/api/test_strict_json.py fails if the check is not made.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.params.models import BodyModel, _MultiPartBodyModel

# JSON schema type → Python's JSON values of it, and the error type api/errors.py words.
JSON_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "string": ((str,), "string_type"),
    "integer": ((int,), "int_type"),
    "number": ((int, float), "float_type"),
    "boolean": ((bool,), "bool_type"),
    "array": ((list,), "list_type"),
    "object": ((dict,), "dict_type"),
    "null": ((type(None),), "none_required"),
}


def strict_json_bodies(run: Callable[..., Any]) -> Callable[..., Any]:
    operation = getattr(inspect.unwrap(run), "__self__", None)
    if operation is None or getattr(operation, "_strict_json", False):
        return run
    bodies = [
        model
        for model in operation.models
        if issubclass(model, BodyModel) and not issubclass(model, _MultiPartBodyModel)
    ]
    if not bodies:
        return run
    read_values = operation._get_values

    def get_values(request: HttpRequest, path_params: Any, temporal_response: Any) -> Any:
        errors = json_type_errors(request, bodies)
        if not errors:
            return read_values(request, path_params, temporal_response)
        # Every field's error at once, as before: the model's own (a missing field, a text too long)
        # beside the JSON types', one per field.
        try:
            read_values(request, path_params, temporal_response)
        except ValidationError as invalid:
            named = {tuple(error["loc"]) for error in errors}
            errors += [error for error in invalid.errors if tuple(error.get("loc", ())) not in named]
        raise ValidationError(errors)

    operation._get_values = get_values
    operation._strict_json = True
    return run


def json_type_errors(request: HttpRequest, bodies: list[type[BodyModel]]) -> list[dict[str, Any]]:
    if not request.body or request.content_type != "application/json":
        return []
    try:
        data = json.loads(request.body)
    except ValueError:
        return []  # not JSON at all: django-ninja's own parsing answers it (400)
    errors: list[dict[str, Any]] = []
    for model in bodies:
        name = getattr(model, "__read_from_single_attr__", None)
        source = {name: data} if name else data
        if not isinstance(source, dict):
            continue  # not an object where one is expected: django-ninja's own validation answers it
        schema = _schema_of(model)
        _check(model._map_data_paths(source), schema, schema.get("$defs", {}), ("body",), errors)
    return errors


@functools.cache
def _schema_of(model: type[BodyModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _check(
    value: Any, schema: dict[str, Any], defs: dict[str, Any], loc: tuple[Any, ...], errors: list[Any]
) -> None:
    """Appends an error for each value of another JSON type than its schema's (or outside its enum)."""
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        matching = [branch for branch in branches if _type_error(value, branch, defs) is None]
        if not matching:
            errors.append(_error(_type_error(value, branches[0], defs) or "invalid", loc))
            return
        schema = matching[0]
        while "$ref" in schema:
            schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    kind = _type_error(value, schema, defs)
    if kind is not None:
        errors.append(_error(kind, loc))
        return
    if "enum" in schema and value not in schema["enum"]:
        errors.append(_error("enum", loc))
    if isinstance(value, dict):
        for key, inner in schema.get("properties", {}).items():
            if key in value:
                _check(value[key], inner, defs, (*loc, key), errors)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            _check(item, schema["items"], defs, (*loc, index), errors)


def _type_error(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> str | None:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    declared = schema.get("type")
    if declared is None:
        branches = schema.get("anyOf") or schema.get("oneOf")
        if branches and all(_type_error(value, branch, defs) is not None for branch in branches):
            return _type_error(value, branches[0], defs)
        return None
    names = declared if isinstance(declared, list) else [declared]
    for name in names:
        types, _kind = JSON_TYPES.get(name, ((object,), "invalid"))
        # JSON's true and false are no numbers, though Python's bool is an int.
        if isinstance(value, types) and not (isinstance(value, bool) and name in ("integer", "number")):
            return None
    return JSON_TYPES.get(names[0], ((), "invalid"))[1]


def _error(kind: str, loc: tuple[Any, ...]) -> dict[str, Any]:
    return {"type": kind, "loc": loc, "msg": kind}
