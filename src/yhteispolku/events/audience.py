"""Which organisations may see a client on a day: the rule that decides who receives a client's events.

The events app sits below the apps that know (the client registry, the client relationships), so each of
them registers an `AudienceSource` at start-up (its AppConfig.ready()), as the access policy's relation
sources are registered. An organisation is in the audience of a client's event when any source names it
on the event's day (docs/events.md, "Who receives what"):

- `clients`: the organisation that registered the client;
- `cases`: the organisations responsible for a relationship of the client under way that day (a
  referral's receiving organisation included) and those that sent its referral, and the organisations of
  the professionals on its case team that day.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ImproperlyConfigured

# (client code, day) -> ids of the organisations that may see the client that day.
AudienceSource = Callable[[uuid.UUID, date], set[int]]

_sources: list[AudienceSource] = []


def register_audience_source(source: AudienceSource) -> None:
    """Called by an owning app's ready(); registering the same source twice is harmless."""
    if source not in _sources:
        _sources.append(source)


def audience(client_code: uuid.UUID, on: date) -> set[int]:
    if not _sources:
        raise ImproperlyConfigured("No audience source registered: is yhteispolku.clients in INSTALLED_APPS?")
    organisations: set[int] = set()
    for source in _sources:
        organisations |= source(client_code, on)
    return organisations
