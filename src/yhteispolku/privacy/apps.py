from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "yhteispolku.privacy"
    label = "privacy"
    verbose_name = _("Tietosuoja")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_log_request_source
        from yhteispolku.privacy.deadlines import request_answers
        from yhteispolku.privacy.selectors import recorded_references
        from yhteispolku.rules.deadlines import register_user_source

        register_user_source(request_answers)
        register_log_request_source(recorded_references)
