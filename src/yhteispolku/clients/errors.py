"""Errors of the client registry.

Each error is a `ValidationError`, so a form shows its translated message as is, and each carries a
stable `code` that the API returns beside the message and that a program may rely on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from yhteispolku.clients.models import Client


class ClientRegistryError(ValidationError):
    """Base of the registry's errors: a default message and a code that stays the same across releases.

    Given a dict of field names to messages, the error belongs to those fields (`error_dict`), so a
    model form shows each message beside its field; `code` is readable on the error either way.
    """

    code: str = "client_registry_error"
    default_message: ClassVar[StrOrPromise] = _("Asiakasrekisterin tietoja ei voitu tallentaa.")

    def __init__(self, message: StrOrPromise | Mapping[str, StrOrPromise] | None = None) -> None:
        if isinstance(message, Mapping):
            super().__init__(
                {field: [ValidationError(text, code=self.code)] for field, text in message.items()}
            )
        else:
            super().__init__(message or self.default_message, code=self.code)


class InvalidIdentityCode(ClientRegistryError):
    """A personal identity code (henkilötunnus) that is not acceptable here; `reason` says why."""

    code = "invalid_identity_code"

    FORMAT = "format"
    CENTURY_SIGN = "century_sign"
    DATE = "date"
    INDIVIDUAL_NUMBER = "individual_number"
    CHECK_CHARACTER = "check_character"
    TEMPORARY = "temporary"

    MESSAGES: ClassVar[dict[str, StrOrPromise]] = {
        FORMAT: _(
            "Henkilötunnuksen muoto on väärä. Henkilötunnuksessa on 11 merkkiä: syntymäaika muodossa "
            "ppkkvv, välimerkki, kolminumeroinen yksilönumero ja tarkistusmerkki."
        ),
        CENTURY_SIGN: _(
            "Henkilötunnuksen välimerkki on tuntematon. Sallitut välimerkit ovat + (1800-luku), "
            "- Y X W V U (1900-luku) ja A B C D E F (2000-luku)."
        ),
        DATE: _("Henkilötunnuksen syntymäaika ei ole mahdollinen päivämäärä."),
        INDIVIDUAL_NUMBER: _("Henkilötunnuksen yksilönumero ei voi olla 000 tai 001."),
        CHECK_CHARACTER: _(
            "Henkilötunnuksen tarkistusmerkki ei täsmää. Tarkista, että tunnus on kirjoitettu oikein."
        ),
        TEMPORARY: _(
            "Väliaikaiset henkilötunnukset ja testitunnukset (yksilönumero 900–999) eivät ole sallittuja "
            "tässä järjestelmässä."
        ),
    }

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


class DuplicateIdentityCode(ClientRegistryError):
    """A client with this identity code is already registered.

    `existing_if_reachable` is the registered client only when the caller may reach them; otherwise it is
    None, so that the error reveals no more than the fact the registration form already implies.
    """

    code = "duplicate_identity_code"
    default_message = _("Tällä henkilötunnuksella on jo rekisteröity asiakas.")

    existing_if_reachable: Client | None = None

    @classmethod
    def for_existing(cls, existing: Client, *, reachable: bool) -> DuplicateIdentityCode:
        error = cls()
        error.existing_if_reachable = existing if reachable else None
        return error


class ConsentInvalid(ClientRegistryError):
    """A consent that cannot be recorded or revoked as asked; the message says what to correct."""

    code = "consent_invalid"
    default_message = _("Suostumuksen tiedot eivät kelpaa.")


class StaleEdit(ClientRegistryError):
    """Optimistic locking: someone saved the same record after this edit was started."""

    code = "stale_edit"
    default_message = _(
        "Joku muu on muuttanut tietoja sillä välin, kun muokkasit niitä. Lataa sivu uudelleen ja tee "
        "muutoksesi uudelleen."
    )
