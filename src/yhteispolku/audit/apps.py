from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "yhteispolku.audit"
    verbose_name = _("Käyttöloki")

    def ready(self) -> None:
        from yhteispolku.audit.database import prepare_connection

        # Connection set-up only: the triggers of migration 0002 need it on every new connection.
        connection_created.connect(prepare_connection, dispatch_uid="yhteispolku.audit.prepare_connection")
