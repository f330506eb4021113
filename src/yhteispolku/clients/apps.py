from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "yhteispolku.clients"
    verbose_name = _("Asiakkaat ja suostumukset")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_consent_source
        from yhteispolku.clients.selectors import active_consents, registering_organisation
        from yhteispolku.events.audience import register_audience_source

        register_consent_source(active_consents)
        register_audience_source(registering_organisation)
