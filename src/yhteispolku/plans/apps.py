from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yhteispolku.plans"
    verbose_name = _("Suunnitelmat ja palvelut")

    def ready(self) -> None:
        from yhteispolku.plans import deadlines
        from yhteispolku.rules.deadlines import register_source

        register_source(deadlines.plan_reviews)
