from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "yhteispolku.cases"
    verbose_name = _("Asiakkuudet")

    def ready(self) -> None:
        from yhteispolku.cases import deadlines
        from yhteispolku.rules.deadlines import register_source

        for source in deadlines.SOURCES:
            register_source(source)
