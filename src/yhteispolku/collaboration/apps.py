from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "yhteispolku.collaboration"
    verbose_name = _("Verkostotyö")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_relation_source
        from yhteispolku.cases.extensions import register_case_section, register_relationship_section
        from yhteispolku.clients.selectors import register_client_section
        from yhteispolku.collaboration import deadlines
        from yhteispolku.collaboration.guests import CONSULTATION_GUESTS
        from yhteispolku.collaboration.network import client_network
        from yhteispolku.collaboration.selectors import (
            case_todos,
            client_work_ability,
            relationship_work_ability,
        )
        from yhteispolku.rules.deadlines import register_source

        register_relation_source(CONSULTATION_GUESTS)
        register_client_section("network_contacts", client_network)

        register_case_section(
            "network",
            lambda actor, view, request: (
                case_todos(actor=actor, relationship=view.relationship, facts=view.facts, request=request)
                if view.relationship is not None
                else None
            ),
        )
        register_relationship_section("work_ability", relationship_work_ability)
        register_client_section("work_ability", client_work_ability)
        register_source(deadlines.follow_up_items)
        register_source(deadlines.review_items)
        register_source(deadlines.client_todo_items)
        register_source(deadlines.kela_request_items)
        register_source(deadlines.kela_answer_notices)
        register_source(deadlines.client_document_notices)
        register_source(deadlines.client_consultation_answers)
