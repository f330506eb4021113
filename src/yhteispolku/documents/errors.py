"""Errors of documents, attachments and statement requests: `DomainError`s (`yhteispolku.core.errors`),
each with a translated message and a stable `code` (the API's `code`); `status` is the answer's HTTP
status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    pass


class DocumentError(DomainError):
    code = "document_error"
    default_message = _("Asiakirjan tietoja ei voitu tallentaa.")


class StaleEdit(DocumentError):
    code = "stale_edit"
    status = 409
    default_message = _(
        "Joku muu on muuttanut tietoja sillä välin, kun muokkasit niitä. Lataa sivu uudelleen ja tee "
        "muutoksesi uudelleen."
    )


class DocumentTypeInvalid(DocumentError):
    code = "document_type_invalid"
    default_message = _("Valitse asiakirjan tyyppi.")


class TypeChangesCategory(DocumentError):
    code = "type_changes_category"
    default_message = _(
        "Asiakirjan tyyppiä ei voi vaihtaa toiseen tietoryhmään kuuluvaksi; kirjaa uusi asiakirja."
    )


class AuthorOrganisationRequired(DocumentError):
    code = "author_organisation_required"
    default_message = _("Anna laatijan organisaatio: valitse se tai kirjoita sen nimi.")


class SummaryRequired(DocumentError):
    code = "summary_required"
    default_message = _("Kirjoita asiakirjan tiivistelmä.")


class InvalidDate(DocumentError):
    code = "invalid_date"
    default_message = _("Päivämäärä ei voi olla tulevaisuudessa.")


class FileMissing(DocumentError):
    code = "file_missing"
    default_message = _("Valitse lisättävä tiedosto.")


class FileTooLarge(DocumentError):
    code = "file_too_large"
    status = 413
    default_message = _("Tiedosto on liian suuri.")


class FileTypeNotAllowed(DocumentError):
    code = "file_type_not_allowed"
    status = 415
    default_message = _(
        "Tiedostotyyppi ei ole sallittu. Sallittuja ovat PDF, PNG, JPEG ja tekstitiedosto, ja tiedoston "
        "sisällön on vastattava sen päätettä."
    )


class TextRequired(DocumentError):
    code = "text_required"
    default_message = _("Täytä pakolliset tekstikentät.")


class ContactNotOnTeam(DocumentError):
    code = "contact_not_on_team"
    default_message = _("Yhteyshenkilön on oltava asiakkaan tiimin nykyinen jäsen.")


class NoOpenRelationship(DocumentError):
    code = "no_open_relationship"
    status = 409
    default_message = _("Asiakkaalla ei ole käynnissä olevaa TYM-asiakkuutta.")


class StatusOrderInvalid(DocumentError):
    code = "status_order_invalid"
    default_message = _(
        "Lausunnon saantipäivä edellyttää lähetyspäivää, eikä se voi olla ennen lähetyspäivää."
    )
