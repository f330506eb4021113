from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "yhteispolku.cases"
    verbose_name = _("Asiakkuudet")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_controller_source, register_relation_source
        from yhteispolku.cases import deadlines
        from yhteispolku.cases.extensions import register_relationship_section
        from yhteispolku.cases.outcomes import follow_ups_due, relationship_follow_ups
        from yhteispolku.cases.registration import OWN_TRACK_OPENER
        from yhteispolku.cases.relations import CASE_CONTROLLERS, CASE_RELATIONS, event_audience
        from yhteispolku.cases.selectors import referral_offer
        from yhteispolku.clients.selectors import register_client_section
        from yhteispolku.clients.services import register_track_opener
        from yhteispolku.events.audience import register_audience_source
        from yhteispolku.rules.deadlines import register_source, register_user_source

        register_relation_source(CASE_RELATIONS)
        register_controller_source(CASE_CONTROLLERS)
        register_audience_source(event_audience)
        register_client_section("referral_offer", referral_offer)
        register_track_opener(OWN_TRACK_OPENER)
        for source in deadlines.SOURCES:
            register_source(source)
        register_user_source(follow_ups_due)
        register_relationship_section("outcome_follow_ups", relationship_follow_ups)
