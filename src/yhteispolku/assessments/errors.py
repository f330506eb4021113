"""Errors of the multi-sectoral mapping: `DomainError`s (`yhteispolku.core.errors`), each with a translated
message and a stable `code` (the API returns it beside the message).

`status`: 400 for input to correct, 403 for a write outside the actor's sector, 409 for a request that
conflicts with the current state of the records.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError


class MappingError(DomainError):
    code = "mapping_error"
    default_message = _("Kartoituksen tietoja ei voitu tallentaa.")


class SectorMismatch(MappingError):
    """A sector's assessment is made by a professional of that sector (SPEC §3 step 5)."""

    code = "sector_mismatch"
    status = 403
    default_message = _(
        "Voit kirjata ja muuttaa vain oman sektorisi arviota: osaamisen ja ammattitaidon arvion tekee "
        "työllisyysasiantuntija, sosiaalisen tilanteen arvion sosiaalialan ammattilainen, terveydentilan "
        "sekä työ- ja toimintakyvyn arvion terveydenhuollon ammattilainen ja etuuksien ja kuntoutuksen "
        "arvion Kelan asiantuntija."
    )


class StaleEdit(MappingError):
    """Optimistic locking: someone saved the same record after this edit was started."""

    code = "stale_edit"
    status = 409
    default_message = _(
        "Joku muu on muuttanut tietoja sillä välin, kun muokkasit niitä. Lataa sivu uudelleen ja tee "
        "muutoksesi uudelleen."
    )


class RelationshipNotOpen(MappingError):
    code = "relationship_not_open"
    status = 409
    default_message = _(
        "Asiakkuus ei ole käynnissä, joten siihen ei voi kirjata arvioita eikä kartoituksen toimenpiteitä."
    )


class InvalidDate(MappingError):
    code = "invalid_date"
    default_message = _("Päivämäärä ei voi olla tulevaisuudessa.")


class TextRequired(MappingError):
    code = "text_required"
    default_message = _("Kirjoita teksti.")


class ActionKindInvalid(MappingError):
    code = "action_kind_invalid"
    default_message = _("Valitse toimenpiteen laji.")


class DescriptionRequired(MappingError):
    code = "description_required"
    default_message = _("Kuvaa toimenpide, kun laji on ”muu toimenpide”.")


class ResponsibleNotOnTeam(MappingError):
    code = "responsible_not_on_team"
    default_message = _("Vastuuhenkilön on oltava asiakkaan tiimin nykyinen jäsen.")


class StatementTypeInvalid(MappingError):
    """SPEC §4: a needed medical statement is of type A, B or C; none is recorded when none is needed."""

    code = "statement_type_invalid"
    default_message = _(
        "Kun lääkärinlausunnon tarve todetaan, valitse lausunnon tyyppi (A, B tai C). Jos tarvetta ei "
        "todeta, lausunnon tyyppiä ei valita."
    )


class ActionAlreadyCompleted(MappingError):
    code = "action_already_completed"
    status = 409
    default_message = _("Toimenpide on jo kirjattu tehdyksi.")


class SelfAssessmentInvalid(MappingError):
    code = "self_assessment_invalid"
    default_message = _("Valitse työkykysi arvio asteikolta 0–10.")
