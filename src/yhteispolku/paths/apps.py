from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathsConfig(AppConfig):
    name = "yhteispolku.paths"
    verbose_name = _("Palvelupolut")

    def ready(self) -> None:
        from yhteispolku.paths import deadlines
        from yhteispolku.rules.deadlines import register_source

        for source in deadlines.SOURCES:
            register_source(source)
