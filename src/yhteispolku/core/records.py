"""Rows a professional records: the step every app's create services share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

Row = TypeVar("Row", bound=models.Model)


def record(model: type[Row], actor: Any, *, by: str = "recorded_by", **fields: Any) -> Row:
    """Create a `model` row with `fields`, in a transaction, recorded by `actor` (in the field `by`) for
    the actor's organisation. The service has authorised the write first; `authorize()` lets only
    professionals write, and every professional has an organisation (a database constraint)."""
    assert actor.organisation is not None
    with transaction.atomic():
        return model._default_manager.create(**fields, **{by: actor}, organisation=actor.organisation)
