from django.urls import path

from yhteispolku.advice import views

app_name = "advice"
# `code` is the client's code, like the case pages: the checks belong to her TYM case.
urlpatterns = [
    path("<uuid:code>/tyottomyys/", views.unemployment_facts, name="unemployment_facts"),
    path("<uuid:code>/tyottomyys/paatos/", views.unemployment_decision, name="unemployment_decision"),
    path("<uuid:code>/tym-kriteerit/paatos/", views.tym_criteria_decision, name="tym_criteria_decision"),
]
