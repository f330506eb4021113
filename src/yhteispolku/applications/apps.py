from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "yhteispolku.applications"
    verbose_name = _("Hakemukset ja päätökset")

    def ready(self) -> None:
        from yhteispolku.applications import deadlines
        from yhteispolku.applications.selectors import interviews_for_case
        from yhteispolku.cases.extensions import register_case_section
        from yhteispolku.rules.deadlines import register_source

        register_source(deadlines.application_due_items)
        # The case page shows the client's booked Kela interviews to those who may see Kela's data.
        register_case_section("kela_interviews", interviews_for_case)
