from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "yhteispolku.advice"
    verbose_name = _("Neuvovat tarkistukset")

    def ready(self) -> None:
        from yhteispolku.advice.selectors import advice_for_case
        from yhteispolku.cases.extensions import register_case_section

        register_case_section(
            "advice", lambda actor, view, request: advice_for_case(actor=actor, view=view, request=request)
        )
