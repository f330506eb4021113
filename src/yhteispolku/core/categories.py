"""The vocabulary of the access policy (SPEC §5.1): data categories, actions and purposes.

Kept free of models and of every app, so that the audit log, the client registry and every other app
can import it (docs/architecture.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    BASIC = "basic", _("perustiedot")
    EMPLOYMENT = "employment", _("työllisyystiedot")
    SOCIAL = "social", _("sosiaalihuollon tiedot")
    HEALTH = "health", _("terveystiedot")
    KELA = "kela", _("Kelan etuus- ja kuntoutustiedot")
    PLAN = "plan", _("yhteinen suunnitelma")
    LOG = "log", _("käyttöloki")


# The categories a consent can cover: the plan is shared by taking part in TYM, the log is the client's.
CONSENTABLE_CATEGORIES = (
    DataCategory.BASIC,
    DataCategory.EMPLOYMENT,
    DataCategory.SOCIAL,
    DataCategory.HEALTH,
    DataCategory.KELA,
)


class Action(models.TextChoices):
    VIEW = "view", _("katselu")
    CREATE = "create", _("tallennus")
    UPDATE = "update", _("muutos")
    EXPORT = "export", _("tietojen luovutus")
    PRINT = "print", _("tulostus")
    SEARCH = "search", _("haku")


class Purpose(models.TextChoices):
    """Why data is used or shared: the purposes a consent names and the purpose of each access."""

    TYM_JOINT_WORK = "tym_joint_work", _("TYM-yhteistyö")
    CONSULTATION = "consultation", _("konsultaatio")
    KELA_REHABILITATION = "kela_rehabilitation", _("Kelan kuntoutusyhteistyö")
    INTAKE = "intake", _("lähetteen käsittely")
    SERVICE_DELIVERY = "service_delivery", _("sovitun palvelun toteutus")
    CLIENT_OWN = "client_own", _("asiakkaan omat tiedot")
    DATA_PROTECTION_REQUEST = "data_protection_request", _("tietosuojapyyntö")
    OTHER = "other", _("muu")


CONSENT_PURPOSES = (
    Purpose.TYM_JOINT_WORK,
    Purpose.CONSULTATION,
    Purpose.KELA_REHABILITATION,
    Purpose.OTHER,
)
