from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "yhteispolku.worklist"
    verbose_name = _("Työlista ja muistutukset")
