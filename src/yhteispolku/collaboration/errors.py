"""Errors of network work: `DomainError`s (`yhteispolku.core.errors`), each with a translated message and a
stable `code` (the API returns it beside the message). `status`: 400 input to correct, 409 a conflict
with the records.

A message names the rule that refuses the input (R-CONS-1 for consultations, the Varha model of
seed 003 for the work-ability escalation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    pass


class CollaborationError(DomainError):
    code = "collaboration_error"
    default_message = _("Tietoja ei voitu tallentaa.")


class InvalidInput(CollaborationError):
    """Input to correct: the message per field says what."""

    code = "collaboration_invalid"


class NotAgreedWithClient(CollaborationError):
    code = "consultation_not_agreed"
    default_message = _(
        "R-CONS-1: konsultaatiosta on sovittava asiakkaan kanssa etukäteen. Kirjaa, milloin ja miten "
        "asiakkaan kanssa sovittiin."
    )


class NotWorkingWithClient(CollaborationError):
    code = "consultation_party_not_allowed"
    default_message = _(
        "R-CONS-1: konsultaatioon voi kutsua vain asiakkaan kanssa työskenteleviä tahoja: asiakkaan "
        "tiimin jäseniä tai sellaisen organisaation ammattilaisia, jonka asiakkaan voimassa oleva "
        "suostumus kattaa konsultaatiota tai TYM-yhteistyötä varten."
    )


class AlreadyInvited(CollaborationError):
    code = "consultation_already_invited"
    status = 409
    default_message = _("Ammattilainen on jo kutsuttu tähän konsultaatioon.")


class OwnerRequired(CollaborationError):
    code = "follow_up_owner_required"
    default_message = _("Jatkotoimella on oltava vastuuhenkilö: valitse asiakkaan tiimistä ammattilainen.")


class DueBeforeConsultation(CollaborationError):
    code = "follow_up_due_before_consultation"
    default_message = _("Jatkotoimen määräpäivä ei voi olla ennen konsultaatiota.")


class StaleEdit(CollaborationError):
    code = "collaboration_stale_edit"
    status = 409
    default_message = _(
        "Joku muu on tallentanut muutoksia sillä välin, kun muokkasit tietoja. Muutoksiasi ei tallennettu. "
        "Avaa sivu uudelleen ja tee muutoksesi uusimpaan tietoon."
    )


class AlreadyDone(CollaborationError):
    code = "collaboration_already_done"
    status = 409
    default_message = _("Tämä on jo kirjattu.")


class EscalationOutOfOrder(CollaborationError):
    code = "escalation_out_of_order"
    status = 409
    default_message = _(
        "Työkyvyn tuen vaiheet kirjataan järjestyksessä (työkykykoordinaattorin konsultointi → "
        "asiakaskontaktointi → työkyvyn tuen tiimin konsultointi). Edellinen vaihe on kirjattava ensin, "
        "tai ohitettava kirjatulla syyllä."
    )


class SkipReasonRequired(CollaborationError):
    code = "escalation_skip_reason_required"
    default_message = _("Vaiheen voi ohittaa vain, kun ohittamisen syy kirjataan.")


class RelationshipNotOpen(CollaborationError):
    code = "relationship_not_open"
    status = 409
    default_message = _("Asiakkuus ei ole käynnissä, joten siihen ei voi kirjata verkostotyötä.")


class RequestNotOpen(CollaborationError):
    code = "kela_request_not_open"
    status = 409
    default_message = _("Pyyntö on jo suljettu.")


class AwaitingClientAgreement(CollaborationError):
    """R-CONS-1: the client has not (yet) agreed to the consultation she was asked about."""

    code = "consultation_awaiting_client"
    status = 409
    default_message = _(
        "R-CONS-1: asiakas ei ole antanut suostumustaan tähän konsultaatioon. Konsultaatio voi edetä vasta, "
        "kun asiakas on suostunut siihen."
    )


class AlreadyAnswered(CollaborationError):
    code = "consultation_already_answered"
    status = 409
    default_message = _("Olet jo vastannut tähän konsultaatiopyyntöön. Vastausta ei voi muuttaa täällä.")


class ConsultationPassed(CollaborationError):
    code = "consultation_passed"
    status = 409
    default_message = _("Konsultaation aika on jo mennyt, joten siihen ei voi enää vastata.")


class ContactNotCurrent(CollaborationError):
    """The network contact has ended: the client's consent to contacting it no longer stands."""

    code = "network_contact_ended"
    status = 409
    default_message = _(
        "Verkoston yhteystaho on päättynyt: asiakkaan suostumus yhteydenpitoon ei ole enää voimassa, joten "
        "tahoa ei voi kutsua eikä sen tietoja muuttaa."
    )


class GuestAlreadyInvited(CollaborationError):
    code = "consultation_guest_already_invited"
    status = 409
    default_message = _(
        "Yhteystaho on jo kutsuttu tähän konsultaatioon vieraaksi. Jos kutsulinkki tai kirjautuminen on "
        "kadonnut, anna hänelle uusi kirjautumislinkki kutsun kohdalta."
    )


class OrganiserOnly(CollaborationError):
    code = "consultation_organiser_only"
    status = 403
    default_message = _(
        "Vain konsultaation järjestäjä voi kutsua vieraita, antaa heille uuden kirjautumislinkin ja perua "
        "vieraan kutsun."
    )


class GuestInvitationUnusable(CollaborationError):
    """The guest's link, with whatever code, leads nowhere: used, expired, revoked or unknown alike."""

    code = "consultation_guest_link_unusable"
    # The sign-in page answers 404 before any code is asked (nothing tells a used link from a made-up one);
    # a link that stops working while its code is entered is refused like any other refusal.
    status = 403
    default_message = _(
        "Kutsulinkki ei ole voimassa: se on jo käytetty, vanhentunut tai peruttu. Pyydä konsultaation "
        "järjestäjältä uusi kirjautumislinkki."
    )


class GuestCodeWrong(CollaborationError):
    code = "consultation_guest_code_wrong"
    default_message = _(
        "Kertakoodi ei täsmää. Tarkista koodi, jonka konsultaation järjestäjä luki sinulle puhelimessa."
    )


class InvitationRevoked(CollaborationError):
    code = "consultation_guest_invitation_revoked"
    status = 409
    default_message = _("Kutsu on jo peruttu.")


class InvitationNotCurrent(CollaborationError):
    code = "consultation_guest_invitation_not_current"
    status = 409
    default_message = _(
        "Kutsu ei ole enää voimassa (peruttu, vanhentunut tai yhteydenpito päättynyt): uutta "
        "kirjautumislinkkiä ei voi antaa."
    )
