from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "yhteispolku.privacy"
    label = "privacy"
    verbose_name = _("Tietosuoja")

    def ready(self) -> None:
        from yhteispolku.privacy.deadlines import request_answers
        from yhteispolku.rules.deadlines import register_user_source

        register_user_source(request_answers)
