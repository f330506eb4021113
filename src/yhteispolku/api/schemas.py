"""Schemas shared by the API's routers."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from yhteispolku.core.text import SHORT_TEXT
from yhteispolku.organisations.models import Municipality, Organisation


class OrganisationOut(Schema):
    code: uuid.UUID
    slug: str
    name: str

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationOut:
        return cls(code=organisation.code, slug=organisation.slug, name=organisation.name)


class MunicipalityOut(Schema):
    code: str
    name: str

    @classmethod
    def of(cls, municipality: Municipality | None) -> MunicipalityOut | None:
        return cls(code=municipality.code, name=municipality.name) if municipality else None


class PageInfo(Schema):
    page: int
    pages: int
    count: int


# A short text in a list (a slug, a code): the schema states its maxLength like every other text input's.
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]


# The widest UTC offset of the world's time zones; PostgreSQL refuses an offset beyond ±15:59 (a 500 the
# API fuzzing found), and a moment near year 1 or 9999 cannot be turned into UTC at all.
WIDEST_UTC_OFFSET = timedelta(hours=14)


def _storable_moment(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and abs(offset) > WIDEST_UTC_OFFSET:
        raise ValueError("UTC offset out of range")
    if not 1900 <= value.year <= 2999:
        raise ValueError("year out of range")
    return value


# A moment given to the API (a meeting's time): one the database can store, else a 400.
StorableDateTime = Annotated[datetime, AfterValidator(_storable_moment)]
