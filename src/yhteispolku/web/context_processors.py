from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty

from yhteispolku.access.relations import (
    DATA_PROTECTION_OFFICER_ROLE,
    can_work_with_clients,
    is_service_provider,
)
from yhteispolku.paths.youth import may_use_youth_contacts
from yhteispolku.reports.selectors import may_see_reports
from yhteispolku.worklist.selectors import KNOWN_INBOX_COUNT, inbox_count


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        # Whether to offer the client pages at all; each page still asks the access policy.
        "works_with_clients": bool(user and user.is_authenticated and can_work_with_clients(user)),
        # A service provider's professional reaches clients only through its assignments' page.
        "is_service_provider": bool(user and user.is_authenticated and is_service_provider(user)),
        # The data-protection officer's desk (the privacy app checks it again on every page).
        "is_data_protection_officer": _is_dpo(user),
        # The situational picture: the steering group, unit managers and coordinators (checked again there).
        "sees_reports": bool(user and user.is_authenticated and may_see_reports(user)),
        # The youth one-stop's pages, for the professionals of a unit running one (checked again there);
        # asked only when a page's navigation shows it.
        "works_at_youth_one_stop": SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and may_use_youth_contacts(user))
        ),
    }


def _is_dpo(user: object) -> bool:
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role_id", None) == DATA_PROTECTION_OFFICER_ROLE
    )


class LazyCount(SimpleLazyObject):
    """An int computed the first time a template uses it (pages that do not show it pay nothing)."""

    def _value(self) -> int:
        if self._wrapped is empty:  # type: ignore[attr-defined]
            self._setup()  # type: ignore[attr-defined]
        return int(self._wrapped)  # type: ignore[attr-defined]

    def __int__(self) -> int:
        return self._value()

    def __index__(self) -> int:
        return self._value()

    def __ge__(self, other: int) -> bool:
        return self._value() >= other

    def __le__(self, other: int) -> bool:
        return self._value() <= other


def inbox(request: HttpRequest) -> dict[str, object]:
    """`inbox_count`: how many of the signed-in professional's worklist items are overdue or due this week
    (a TYM coordinator's or unit manager's: their unit's). A number only, so nothing to audit; computed
    on first use, kept a minute per user and day (worklist.selectors.inbox_count), and 0 without a query
    for anyone else. The pages that show the worklist's own counts (the front page, the worklist) leave
    the count of the list they show on the request, so the two agree and the list is collected once;
    the page after the viewer's own action (it carries the action's message) counts afresh, so their
    own work shows at once."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and (can_work_with_clients(user) or _is_dpo(user))):
        return {"inbox_count": 0}

    def count() -> int:
        known = getattr(request, KNOWN_INBOX_COUNT, None)
        if known is not None:
            return int(known)
        return inbox_count(actor=user, today=timezone.localdate(), fresh=_counts_afresh(request))

    return {"inbox_count": LazyCount(count)}


def _counts_afresh(request: HttpRequest) -> bool:
    # len() reads the stored messages without marking them shown.
    return bool(len(messages.get_messages(request)))
