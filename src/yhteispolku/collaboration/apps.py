from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "yhteispolku.collaboration"
    verbose_name = _("Verkostotyö")

    def ready(self) -> None:
        from yhteispolku.collaboration import deadlines
        from yhteispolku.rules.deadlines import register_source

        register_source(deadlines.follow_up_items)
        register_source(deadlines.review_items)
        register_source(deadlines.client_todo_items)
