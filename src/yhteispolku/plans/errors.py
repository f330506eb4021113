"""Errors of the plans app: `DomainError`s (`yhteispolku.core.errors`).

A form shows an error's translated message as is; `code` stays the same across releases (the API returns
it beside the message) and `status` is the HTTP status a page or the API answers with: 400 for input to
correct, 409 for a conflict with what others saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlanError(DomainError):
    code = "plan_error"
    default_message = _("Suunnitelmaa ei voitu tallentaa.")


class PlanNeedsWorkerPair(PlanError):
    """R-TYM-3: the worker pair (employment and social) must be named before the plan is made."""

    code = "plan_needs_worker_pair"
    default_message = _("Suunnitelman voi laatia vasta, kun asiakkuudelle on nimetty työpari.")

    MISSING: ClassVar[dict[str, StrOrPromise]] = {
        "employment": _("työllisyyspalvelujen työntekijä (työparin työllisyysasiantuntija)"),
        "social": _("sosiaalihuollon työntekijä (työparin sosiaalialan ammattilainen)"),
    }

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = tuple(missing)
        names = ", ".join(str(self.MISSING[sector]) for sector in self.missing)
        super().__init__(
            format_lazy(
                "{} {}",
                _("Suunnitelman voi laatia vasta, kun asiakkuudelle on nimetty työpari. Puuttuu:"),
                names,
            )
        )


class StaleVersion(PlanError):
    """Optimistic locking: someone saved a newer version or changed the draft after this edit began."""

    code = "plan_stale_version"
    status = 409
    default_message = _(
        "Joku muu on tallentanut suunnitelmaan muutoksia sillä välin, kun muokkasit sitä. Muutoksiasi ei "
        "tallennettu. Avaa suunnitelma uudelleen ja tee muutoksesi uusimpaan versioon."
    )


class VersionNotEditable(PlanError):
    """A version that is in force, replaced, or already confirmed or accepted keeps its content."""

    code = "plan_version_not_editable"
    status = 409
    default_message = _(
        "Tätä versiota ei voi enää muuttaa, koska se on vahvistettu, hyväksytty tai korvattu. Tee muutokset "
        "uuteen versioon."
    )


class InvalidPlanData(PlanError):
    """Input to correct: the message (or the message per field) says what."""

    code = "plan_invalid"


class NothingToConfirm(PlanError):
    code = "plan_nothing_to_confirm"
    status = 409
    default_message = _("Organisaatiollasi ei ole tässä versiossa vahvistettavia sitoumuksia.")


class AlreadyDone(PlanError):
    code = "plan_already_done"
    status = 409
    default_message = _("Tämä on jo kirjattu.")


class ParticipationNotAllowed(PlanError):
    code = "plan_participation_not_allowed"
    status = 409
    default_message = _("Osallistumista voi seurata vain voimassa olevan suunnitelman palveluissa.")
