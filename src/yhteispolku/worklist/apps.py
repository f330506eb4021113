from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "yhteispolku.worklist"
    verbose_name = _("Työlista ja muistutukset")

    def ready(self) -> None:
        from yhteispolku.clients.selectors import register_caseload_source
        from yhteispolku.worklist.caseload import CASELOAD

        # The caseload list's tracks, workers and next due items, as the worklist sees them.
        register_caseload_source(CASELOAD)
