"""Errors of client relationships: `DomainError`s (`yhteispolku.core.errors`), each with a translated message
and a stable `code`.

`status`: 400 for input to correct, 409 (`CaseConflict`) for a request that conflicts with the
relationship's current state.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CaseError(DomainError):
    code = "case_error"
    default_message = _("Asiakkuuden tietoja ei voitu tallentaa.")


class CaseConflict(CaseError):
    code = "case_conflict"
    status = 409


class ReferralCriteriaNotMet(CaseError):
    """R-TYM-1 (seed 000): the obstacles, the need for multi-sectoral support and the exclusions."""

    code = "referral_criteria_not_met"
    default_message = _(
        "Lähetettä TYM-yhteispalveluun ei voi tehdä: TYM-lain (381/2023) mukaan työtön ohjataan "
        "monialaisen palvelutarpeen arviointiin, kun työllistymisen esteinä ovat työ- ja toimintakyvyn "
        "rajoitteet tai elämänhallinnan ongelmat ja ratkaisut vaativat monialaista tukea, ei pelkästään "
        "viranomaisten konsultointia. Ohjausta ei tehdä, jos palvelutarpeeseen voidaan vastata julkisilla "
        "työvoimapalveluilla tai tarpeet eivät vaadi pitkäkestoista tai intensiivistä monialaista tukea."
    )

    def __init__(self, unmet: Iterable[StrOrPromise]) -> None:
        self.unmet = list(unmet)
        details = "; ".join(str(item) for item in self.unmet)
        super().__init__(
            format_lazy("R-TYM-1: {} {}: {}.", self.default_message, _("Puuttuu tai estää"), details)
        )


class ReferralInvalid(CaseError):
    code = "referral_invalid"
    default_message = _("Lähetteen tiedot eivät kelpaa.")


class ReferralExists(CaseConflict):
    code = "referral_exists"
    default_message = _(
        "Asiakkaalla on jo TYM-asiakkuus tai käsittelyä odottava lähete. Uutta lähetettä ei tehty."
    )


class ReferralAlreadyDecided(CaseConflict):
    code = "referral_already_decided"
    default_message = _("Lähetteestä on jo päätetty. Päätöstä ei muutettu.")


class ConsentMissing(CaseConflict):
    code = "consent_missing"
    default_message = _(
        "Asiakkaalta ei ole voimassa olevaa suostumusta TYM-yhteistyöhön. Kirjaa suostumus ensin "
        "asiakkaan suostumussivulle ja hyväksy lähete sen jälkeen."
    )


class DeclineInvalid(CaseError):
    code = "decline_invalid"
    default_message = _("Kirjoita hylkäämisen syy ja valitse asiakkaalle sopivampi palvelupolku.")


class PhaseTransitionNotAllowed(CaseConflict):
    code = "phase_transition_not_allowed"
    default_message = _("Vaihetta ei voi vaihtaa näin.")


class PhaseChanged(CaseConflict):
    code = "phase_changed"
    default_message = _(
        "Asiakkuuden vaihe on muuttunut sillä välin, kun sivu oli auki. Lataa sivu uudelleen ja tarkista "
        "vaihe."
    )


class WorkerPairMissing(CaseConflict):
    """R-TYM-3: the plan needs a worker pair from two sectors."""

    code = "worker_pair_missing"
    default_message = _(
        "Työpari puuttuu: suunnitelman laatiminen edellyttää, että tiimiin on nimetty sekä "
        "työllisyyspalvelujen että sosiaalipalvelujen ammattilainen."
    )


class PlanNotInForce(CaseConflict):
    code = "plan_not_in_force"
    default_message = _(
        "Suunnitelma ei ole voimassa: TYM-työskentely alkaa, kun monialainen työllistymissuunnitelma on "
        "vahvistettu ja asiakas on hyväksynyt sen."
    )


class ClosureIncomplete(CaseConflict):
    code = "closure_incomplete"
    default_message = _("Asiakkuutta ei voi vielä päättää.")

    def __init__(self, missing: Iterable[StrOrPromise]) -> None:
        self.missing = list(missing)
        details = ", ".join(str(item) for item in self.missing)
        super().__init__(format_lazy("{} {}: {}.", self.default_message, _("Puuttuu"), details))


class TeamMemberInvalid(CaseError):
    code = "team_member_invalid"
    default_message = _("Tiimin jäsentä ei voitu lisätä.")


class TeamConflict(CaseConflict):
    code = "team_conflict"
    default_message = _("Tiimiä ei voitu muuttaa.")


class RelationshipNotOpen(CaseConflict):
    code = "relationship_not_open"
    default_message = _("Asiakkuus ei ole käynnissä, joten sitä ei voi muuttaa.")


class KelaRegistrationInvalid(CaseError):
    code = "kela_registration_invalid"
    default_message = _("Kelaan rekisteröinnin päivä ei kelpaa.")


class PreInformationInvalid(CaseError):
    code = "pre_information_invalid"
    default_message = _("Kirjoita asiakkaan oma kuvaus tilanteestaan.")


class OwnFormLocked(CaseConflict):
    """The client's own form can no longer be changed: the team has read it, or the relationship ended."""

    code = "own_form_locked"
    default_message = _(
        "Työntekijäsi ovat jo lukeneet lomakkeesi, joten sitä ei voi enää muuttaa täällä. Jos haluat "
        "lisätä tai korjata jotain, kerro siitä työparillesi."
    )


class OwnFormStale(CaseConflict):
    """Optimistic locking of the client's own form: it was sent or changed after this page was opened."""

    code = "own_form_stale"
    default_message = _(
        "Lomakettasi on muutettu tai se on lähetetty toisessa ikkunassa sillä välin, kun täytit tätä. "
        "Vastauksesi ovat alla tallentamatta: tarkista ne ja lähetä uudelleen."
    )


class OwnFormAlreadyRead(CaseConflict):
    code = "own_form_already_read"
    default_message = _("Lomake on jo merkitty luetuksi.")


class ClosureInvalid(CaseError):
    code = "closure_invalid"
    default_message = _("Päättämisen tiedot eivät kelpaa.")


class ClosureConflict(CaseConflict):
    code = "closure_conflict"
    default_message = _("Päättämistä ei voitu kirjata.")


class FeedbackAlreadyGiven(CaseConflict):
    code = "feedback_already_given"
    default_message = _("Palautteesi on jo tallennettu. Palautteen voi antaa vain kerran.")


class OutcomeInvalid(CaseError):
    """A follow-up after closure (R-OUT-1) that cannot be recorded as given."""

    code = "outcome_invalid"
    default_message = _("Seurantatietoa ei voitu kirjata.")


class OutcomeConflict(CaseConflict):
    code = "outcome_conflict"
    default_message = _("Tämä seuranta on jo kirjattu.")


class TrackClosingInvalid(CaseError):
    """The closing of a track beside TYM (`cases.closing`) given with a field to correct."""

    code = "track_closing_invalid"
    default_message = _("Asiakkuuden päättämisen tiedot eivät kelpaa.")


class TrackClosingNotPermitted(CaseError):
    """Only a professional of the responsible organisation on the track's team closes it."""

    code = "track_closing_not_permitted"
    status = 403
    default_message = _("Asiakkuuden päättää palvelupolun tiimiin kuuluva vastuuorganisaation ammattilainen.")


class TrackAlreadyClosed(CaseConflict):
    code = "track_already_closed"
    default_message = _("Asiakkuus on jo päättynyt tai se ei ole käynnissä. Päättämistä ei kirjattu.")
