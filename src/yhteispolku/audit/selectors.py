"""Reading the access log: the client's own log view (R-LOG-1) and plain-language descriptions."""

import uuid
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import Role
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.services import CLIENT_ACTOR_PREFIX, CLIENT_ACTOR_ROLE
from yhteispolku.core.categories import Action, DataCategory

# R-LOG-1: the client may know who used their social and health data (law 703/2023 §11); the log
# view covers the last two years unless asked for more.
CLIENT_LOG_YEARS = 2


def events_for_client(*, client_code: uuid.UUID, since: datetime | None = None) -> QuerySet[AccessEvent]:
    """The client's access events since `since` (default: two years back), newest first.

    Reading the log is itself an access to the client's data (category "log"): the caller records it.
    """
    if since is None:
        since = _years_before(timezone.now(), CLIENT_LOG_YEARS)
    return (
        AccessEvent.objects.filter(client_code=client_code, occurred_at__gte=since)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        # 29 February in a year that has none.
        return moment.replace(year=moment.year - years, day=28)


# The data as the object of a sentence addressed to the client ("katsoi terveystietojasi").
CATEGORY_OBJECTS: dict[str, Promise] = {
    DataCategory.BASIC: _("perustietojasi"),
    DataCategory.EMPLOYMENT: _("työllisyystietojasi"),
    DataCategory.SOCIAL: _("sosiaalihuollon tietojasi"),
    DataCategory.HEALTH: _("terveystietojasi"),
    DataCategory.KELA: _("Kelan etuus- ja kuntoutustietojasi"),
    DataCategory.PLAN: _("yhteistä suunnitelmaasi"),
    DataCategory.LOG: _("käyttölokiasi"),
}

# Whole sentences, so that each language can order its words: (allowed, denied).
ACTION_SENTENCES: dict[str, tuple[Promise, Promise]] = {
    Action.VIEW: (
        _("%(who)s katsoi %(data)s."),
        _("%(who)s yritti katsoa %(data)s, mutta pääsy estettiin."),
    ),
    Action.CREATE: (
        _("%(who)s tallensi %(data)s."),
        _("%(who)s yritti tallentaa %(data)s, mutta pääsy estettiin."),
    ),
    Action.UPDATE: (
        _("%(who)s muutti %(data)s."),
        _("%(who)s yritti muuttaa %(data)s, mutta pääsy estettiin."),
    ),
    Action.EXPORT: (
        _("%(who)s luovutti %(data)s."),
        _("%(who)s yritti luovuttaa %(data)s, mutta pääsy estettiin."),
    ),
    Action.PRINT: (
        _("%(who)s tulosti %(data)s."),
        _("%(who)s yritti tulostaa %(data)s, mutta pääsy estettiin."),
    ),
    Action.SEARCH: (
        _("%(who)s haki %(data)s."),
        _("%(who)s yritti hakea %(data)s, mutta pääsy estettiin."),
    ),
}


def describe_event(event: AccessEvent) -> str:
    """One plain-language Finnish sentence (in the active language) telling the client what happened.

    Uses the copies made when the entry was written, so it names the person's role and organisation
    as they were then.
    """
    allowed_sentence, denied_sentence = ACTION_SENTENCES[event.action]
    sentence = allowed_sentence if event.allowed else denied_sentence
    return str(sentence) % {"who": _actor_description(event), "data": CATEGORY_OBJECTS[event.category]}


def _actor_description(event: AccessEvent) -> str:
    if event.actor_id is None and not event.actor_username:
        return gettext("Järjestelmä")
    if event.actor_role == CLIENT_ACTOR_ROLE:
        if event.actor_username == f"{CLIENT_ACTOR_PREFIX}{event.client_code}":
            # Translators: the client herself, in her own log: "Maija Meikäläinen (sinä itse)".
            return gettext("%(name)s (sinä itse)") % {"name": event.actor_name}
        return gettext("%(name)s (asiakas)") % {"name": event.actor_name}
    name = event.actor_name or event.actor_username
    role = _role_name(event.actor_role) if event.actor_role else ""
    if role and event.actor_organisation:
        # Translators: a person, their role and organisation: "Sanna Sosiaali (sosiaalityöntekijä, Kela)".
        return gettext("%(name)s (%(role)s, %(organisation)s)") % {
            "name": name,
            "role": role,
            "organisation": event.actor_organisation,
        }
    if role or event.actor_organisation:
        return gettext("%(name)s (%(detail)s)") % {"name": name, "detail": role or event.actor_organisation}
    return name


# Roles are a handful of rows that change only by migration; their names are looked up once per process.
_roles_by_code: dict[str, Role] = {}


def _role_name(code: str) -> str:
    if code not in _roles_by_code:
        _roles_by_code.update({role.code: role for role in Role.objects.all()})
    role = _roles_by_code.get(code)
    return role.name if role else code
