"""Errors of the client registry: `DomainError`s (`yhteispolku.core.errors`).

A form shows an error's translated message as is; its stable `code` is what the API returns beside the
message and what a program may rely on. `status`: 400 for input to correct, 409 for a conflict with the
registry (the identity code is already registered, someone else saved first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from yhteispolku.clients.models import Client


class ClientRegistryError(DomainError):
    """Base of the registry's errors. Given a dict of field names to messages, the error belongs to those
    fields (`error_dict`), so a model form shows each message beside its field."""

    code = "client_registry_error"
    default_message = _("Asiakasrekisterin tietoja ei voitu tallentaa.")


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
    status = 409
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
    status = 409
    default_message = _(
        "Joku muu on muuttanut tietoja sillä välin, kun muokkasit niitä. Lataa sivu uudelleen ja tee "
        "muutoksesi uudelleen."
    )


class WithholdingError(ClientRegistryError):
    code = "withholding_error"
    default_message = _("Päätöstä ei voitu tallentaa.")


class WithholdReasonRequired(WithholdingError):
    code = "withhold_reason_required"
    default_message = _("Kirjoita peruste, miksi kirjausta ei näytetä asiakkaalle.")


class AlreadyWithheld(WithholdingError):
    code = "already_withheld"
    status = 409
    default_message = _("Kirjaus on jo salattu asiakkaalta. Päätös on kirjattu aiemmin.")


class NotWithheld(WithholdingError):
    code = "not_withheld"
    status = 409
    default_message = _("Kirjausta ei ole salattu asiakkaalta, tai päätös on jo kumottu.")


class AccessLogNotWithheld(WithholdingError):
    code = "access_log_not_withheld"
    default_message = _("Käyttölokia ei voi salata asiakkaalta: se on asiakkaan lakisääteinen oikeus.")


class EntryNotForClient(ClientRegistryError):
    """Only an entry of the joint plan (a review, the progress of the work) is shown to the client."""

    code = "entry_not_for_client"
    default_message = _(
        "Asiakkaalle voi näyttää vain yhteisen suunnitelman kirjauksia (arviointi tai edistyminen)."
    )


class EntryAlreadyShown(ClientRegistryError):
    code = "entry_already_shown"
    status = 409
    default_message = _("Merkintä näkyy jo asiakkaalle.")


class EntryAlreadyAcknowledged(ClientRegistryError):
    code = "entry_already_acknowledged"
    status = 409
    default_message = _("Olet jo kuitannut tämän kirjauksen luetuksi. Kuittauksen voi tehdä vain kerran.")


class BenefitPeriodInvalid(ClientRegistryError):
    """A benefit period that cannot be recorded; given a dict, each message is beside its field."""

    code = "benefit_period_invalid"
    default_message = _("Etuusjaksoa ei voitu tallentaa.")
