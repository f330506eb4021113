from django.urls import path

from yhteispolku.applications import views

app_name = "applications"
# `code` is the client's code: applications belong to the client, whatever the relationship.
urlpatterns = [
    # Kela's twice-yearly joint review with a TYM team (the team unit's code; R-KELA-5).
    path("kelan-yhteinen-lapikaynti/<uuid:unit_code>/", views.joint_review, name="joint_review"),
    path("<uuid:code>/", views.application_list, name="list"),
    path("<uuid:code>/uusi/", views.application_record, name="record"),
    path("<uuid:code>/tarkistuslista/", views.kela_check, name="kela_check"),
    path("<uuid:code>/kelan-haastattelu/", views.kela_interview_book, name="interview_book"),
    path("<uuid:code>/<uuid:application_code>/", views.application_detail, name="detail"),
    path("<uuid:code>/<uuid:application_code>/paatos/", views.application_decide, name="decide"),
    path(
        "<uuid:code>/<uuid:application_code>/valmentajan-tapaamiset/",
        views.coach_meeting_record,
        name="coach_meeting_record",
    ),
    path(
        "<uuid:code>/<uuid:application_code>/lisaselvitykset/",
        views.information_request_record,
        name="information_request_record",
    ),
    path(
        "<uuid:code>/<uuid:application_code>/lisaselvitykset/<uuid:request_code>/vastaus/",
        views.information_request_answer,
        name="information_request_answer",
    ),
]
