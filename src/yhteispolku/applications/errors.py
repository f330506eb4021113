"""Errors of applications: `DomainError`s (`yhteispolku.core.errors`), each with a translated message, a
stable `code` and its HTTP `status`; a rule that refuses input is named in the message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    pass


class ApplicationError(DomainError):
    code = "application_error"
    default_message = _("Hakemuksen tietoja ei voitu tallentaa.")


class StaleEdit(ApplicationError):
    code = "stale_edit"
    status = 409
    default_message = _(
        "Joku muu on muuttanut hakemusta sillä välin, kun muokkasit sitä. Lataa sivu uudelleen ja tee "
        "muutoksesi uudelleen."
    )


class BenefitInvalid(ApplicationError):
    code = "benefit_invalid"
    default_message = _("Valitse haettava etuus tai palvelu.")


class DetailsRequired(ApplicationError):
    code = "details_required"
    default_message = _("Kerro, mitä haetaan, kun etuus on ”muu”.")


class InvalidDate(ApplicationError):
    code = "invalid_date"
    default_message = _("Päivämäärä ei voi olla tulevaisuudessa.")


class DecisionBeforeSubmission(ApplicationError):
    code = "decision_before_submission"
    default_message = _("R-KELA-4: päätös ei voi olla päivätty ennen hakemuksen jättämistä.")


class ReceiptBeforeDecision(ApplicationError):
    code = "receipt_before_decision"
    default_message = _("R-APPEAL-1: päätöstä ei voi saada tiedoksi ennen sen päivämäärää.")


class DecisionInvalid(ApplicationError):
    code = "decision_invalid"
    default_message = _("Valitse päätös: myönteinen, osittain myönteinen tai kielteinen.")


class AlreadyDecided(ApplicationError):
    code = "already_decided"
    status = 409
    default_message = _("Hakemukseen on jo kirjattu päätös.")


class RequestBeforeSubmission(ApplicationError):
    code = "request_before_submission"
    default_message = _("R-KELA-4: lisäselvitystä ei voi pyytää ennen hakemuksen jättämistä.")


class DueBeforeRequest(ApplicationError):
    code = "due_before_request"
    default_message = _("R-KELA-4: lisäselvityksen määräpäivä ei voi olla ennen pyyntöä.")


class AnswerBeforeRequest(ApplicationError):
    code = "answer_before_request"
    default_message = _("R-KELA-4: lisäselvitykseen ei voi vastata ennen kuin sitä on pyydetty.")


class AlreadyAnswered(ApplicationError):
    code = "already_answered"
    status = 409
    default_message = _("Lisäselvityspyyntöön on jo kirjattu vastaus.")


class TextRequired(ApplicationError):
    code = "text_required"
    default_message = _("Kirjoita, mitä pyydetään.")


class PlacementNotApplicable(ApplicationError):
    code = "placement_not_applicable"
    default_message = _(
        "R-KELA-3: työkokeilupaikan löytymispäivä kirjataan vain myönnetylle Kelan työkokeilulle, eikä se "
        "voi olla ennen päätöstä."
    )


class HelperNotOnTeam(ApplicationError):
    code = "helper_not_on_team"
    default_message = _("Hakemisessa auttaneen on oltava asiakkaan tiimin jäsen.")


class ChecklistCodeUnknown(ApplicationError):
    code = "checklist_code_unknown"
    default_message = _(
        "Tarkistuslistassa on kohta, jota voimassa oleva sääntö (R-KELA-1 tai R-KELA-2) ei tunne."
    )


class ContinuationInvalid(ApplicationError):
    """A continuation application continues a decided application of the same client and benefit."""

    code = "continuation_invalid"
    default_message = _(
        "Jatkohakemus voi jatkaa vain saman asiakkaan saman etuuden hakemusta, josta on jo päätös."
    )


class CoachMeetingNotApplicable(ApplicationError):
    code = "coach_meeting_not_applicable"
    default_message = _(
        "R-KELA-3: valmentajan tapaamisia kirjataan vain Kelan myöntämälle työkokeilulle, aikaisintaan "
        "päätöspäivänä."
    )


class CoachMeetingLimit(ApplicationError):
    """The work trial's coach meetings are used up (R-KELA-3); the message names the limit and the rule."""

    code = "coach_meeting_limit"
    status = 409
    default_message = _("R-KELA-3: työkokeilun valmentajan tapaamiset on käytetty.")


class InterviewInvalid(ApplicationError):
    """A Kela interview that cannot be booked; each message is beside its field."""

    code = "interview_invalid"
    default_message = _("Haastattelua ei voitu varata.")


class JointReviewInvalid(ApplicationError):
    """A joint review with Kela (R-KELA-5) that cannot be recorded as given."""

    code = "joint_review_invalid"
    default_message = _("Läpikäyntiä ei voitu kirjata.")
