from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "yhteispolku.assessments"
    verbose_name = _("Arviot ja kartoitus")

    def ready(self) -> None:
        from yhteispolku.assessments import deadlines
        from yhteispolku.rules.deadlines import register_source

        # The client's own forms waiting for the team to read them (the inbox shows what clients send).
        register_source(deadlines.client_form_items)
