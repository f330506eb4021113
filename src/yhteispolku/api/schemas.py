"""Schemas shared by the API's routers."""

from __future__ import annotations

import uuid
from typing import Annotated

from ninja import Field, Schema

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
