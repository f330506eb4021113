from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "yhteispolku.rules"
    verbose_name = _("Säännöt ja määräajat")

    def ready(self) -> None:
        from yhteispolku.rules import loader

        # The rule files are the source of truth; every migrate brings the database up to them, so a
        # fresh install, the demo and the test database all hold the rules in force.
        post_migrate.connect(loader.load_after_migrate, sender=self, dispatch_uid="rules-load-after-migrate")
