from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "yhteispolku.notices"
    verbose_name = _("Asiakkaan ilmoitukset")

    def ready(self) -> None:
        # Something new waiting for the client (a to-do, a plan version every authority has confirmed)
        # is created in the feature apps, which sit below this one and cannot call it: their saves are
        # listened to here.
        from yhteispolku.notices import signals

        signals.connect()
