from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "yhteispolku.plans"
    verbose_name = _("Suunnitelmat ja palvelut")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_relation_source
        from yhteispolku.cases.extensions import PlanSource, register_plan_source
        from yhteispolku.plans import deadlines, selectors
        from yhteispolku.plans.assignments import PROVIDER_ASSIGNMENTS
        from yhteispolku.rules.deadlines import register_source

        register_relation_source(PROVIDER_ASSIGNMENTS)
        register_source(deadlines.plan_reviews)
        register_source(deadlines.plan_approvals)
        register_plan_source(PlanSource(in_force=selectors.has_plan_in_force, standing=selectors.plan_status))
