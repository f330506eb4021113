"""The privacy desk's refusals (core.errors.DomainError)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError


class RequestInvalid(DomainError):
    code = "log_request_invalid"
    default_message = _("Lokitietopyyntöä ei voitu tallentaa.")


class RequestConflict(DomainError):
    code = "log_request_conflict"
    status = 409
    default_message = _("Lokitietopyynnön tila on muuttunut: lataa sivu uudelleen.")


class DeskNotAllowed(PermissionDenied):
    """The desk is the data-protection officer's alone (403 with the reason on the error page)."""

    def __init__(self) -> None:
        super().__init__(_("Vain tietosuojavastaava voi käyttää tietosuojan työpöytää."))
