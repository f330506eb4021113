from django.urls import path

from yhteispolku.assessments import views

app_name = "assessments"
urlpatterns = [
    path("<uuid:relationship_code>/", views.mapping_page, name="mapping"),
    path("<uuid:relationship_code>/arvio/uusi/", views.assessment_record, name="assessment_record"),
    path(
        "<uuid:relationship_code>/arvio/<uuid:assessment_code>/muokkaa/",
        views.assessment_update,
        name="assessment_update",
    ),
    path("<uuid:relationship_code>/toimenpiteet/uusi/", views.action_record, name="action_record"),
    path(
        "<uuid:relationship_code>/toimenpiteet/<uuid:action_code>/tehty/",
        views.action_complete,
        name="action_complete",
    ),
    path(
        "<uuid:relationship_code>/asiakkaan-lomakkeet/<slug:form>/luettu/",
        views.client_form_read,
        name="client_form_read",
    ),
]
