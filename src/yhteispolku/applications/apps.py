from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "yhteispolku.applications"
    verbose_name = _("Hakemukset ja päätökset")

    def ready(self) -> None:
        from yhteispolku.applications import deadlines
        from yhteispolku.applications.joint_reviews import reviews_due
        from yhteispolku.applications.selectors import interviews_for_case
        from yhteispolku.cases.extensions import register_case_section
        from yhteispolku.rules.deadlines import register_source, register_user_source

        register_source(deadlines.application_due_items)
        # Kela's twice-yearly joint review (R-KELA-5): due for the team's professionals and Kela contacts.
        register_user_source(reviews_due)
        # The case page shows the client's booked Kela interviews to those who may see Kela's data.
        register_case_section("kela_interviews", interviews_for_case)
