from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "yhteispolku.documents"
    verbose_name = _("Asiakirjat ja lausunnot")

    def ready(self) -> None:
        from yhteispolku.documents import deadlines
        from yhteispolku.rules.deadlines import register_source

        register_source(deadlines.statement_requests_to_send)
