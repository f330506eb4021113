"""Errors of the paths app: `DomainError`s (`yhteispolku.core.errors`).

A form shows an error's message as is; `code` stays the same across releases (the API returns it beside
the message) and `status` is the HTTP status: 400 for input to correct, 409 for a conflict with what
others saved. A rule's refusal names the rule ("R-KUTY-2: …").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    pass


class PathError(DomainError):
    code = "path_error"
    default_message = _("Tietoja ei voitu tallentaa.")


class InvalidPathData(PathError):
    """Input to correct, or a rule that refuses it: the message per field names the rule."""

    code = "path_invalid"


class RuleNotInForce(PathError):
    code = "path_rule_not_in_force"
    default_message = _("Päivälle ei ole voimassa olevaa sääntöä.")


class WrongTrack(PathError):
    code = "path_wrong_track"
    status = 409
    default_message = _("Tämä tieto kuuluu toisen palvelupolun asiakkuuteen.")


class RelationshipNotOpen(PathError):
    code = "path_relationship_not_open"
    status = 409
    default_message = _("Asiakkuus ei ole avoinna.")


class TrackAlreadyOpen(PathError):
    code = "path_track_already_open"
    status = 409
    default_message = _("Asiakkaalla on jo avoin asiakkuus tällä palvelupolulla.")


class StaleEdit(PathError):
    code = "path_stale"
    status = 409
    default_message = _(
        "Joku muu on tallentanut muutoksia sillä välin, kun muokkasit tietoja. Muutoksiasi ei tallennettu. "
        "Avaa sivu uudelleen ja tee muutoksesi uusimpiin tietoihin."
    )


class AlreadyConfirmed(PathError):
    code = "path_already_confirmed"
    status = 409
    default_message = _("Organisaatiosi on jo vahvistanut suunnitelman.")


class AlreadyRecorded(PathError):
    code = "path_already_recorded"
    status = 409
    default_message = _("Tämä on jo kirjattu.")


class YouthContactConverted(PathError):
    code = "path_youth_contact_converted"
    status = 409
    default_message = _("Yhteydenotto on jo rekisteröity asiakkaaksi.")
