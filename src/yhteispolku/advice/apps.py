from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "yhteispolku.advice"
    verbose_name = _("Neuvovat tarkistukset")
