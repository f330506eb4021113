from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "yhteispolku.applications"
    verbose_name = _("Hakemukset ja päätökset")

    def ready(self) -> None:
        from yhteispolku.applications import deadlines
        from yhteispolku.rules.deadlines import register_source

        register_source(deadlines.application_due_items)
