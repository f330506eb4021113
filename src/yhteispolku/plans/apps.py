from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yhteispolku.plans"
    verbose_name = _("Suunnitelmat ja palvelut")
