from django.urls import path

from yhteispolku.collaboration import network_views, views

app_name = "collaboration"
consultation = "<uuid:relationship_code>/konsultaatiot/<uuid:consultation_code>/"
urlpatterns = [
    path("anonyymit/", views.anonymous_list, name="anonymous_list"),
    path("anonyymit/uusi/", views.anonymous_create, name="anonymous_create"),
    path("anonyymit/<uuid:consultation_code>/", views.anonymous_detail, name="anonymous_detail"),
    path("anonyymit/<uuid:consultation_code>/muistiinpanot/", views.anonymous_notes, name="anonymous_notes"),
    path("<uuid:relationship_code>/", views.overview, name="overview"),
    path(
        "<uuid:relationship_code>/konsultaatiot/uusi/", views.consultation_create, name="consultation_create"
    ),
    path(consultation, views.consultation_detail, name="consultation"),
    path(consultation + "muistiinpanot/", views.consultation_notes, name="consultation_notes"),
    path(consultation + "osallistujat/", views.participant_invite, name="participant_invite"),
    path(consultation + "vieraat/", network_views.guest_invite, name="guest_invite"),
    path(
        consultation + "vieraat/<uuid:invitation_code>/peru/", network_views.guest_revoke, name="guest_revoke"
    ),
    path(
        consultation + "vieraat/<uuid:invitation_code>/uusi-linkki/",
        network_views.guest_reissue,
        name="guest_reissue",
    ),
    path(consultation + "jatkotoimet/uusi/", views.follow_up_add, name="follow_up_add"),
    path(
        consultation + "jatkotoimet/<uuid:follow_up_code>/tehty/", views.follow_up_done, name="follow_up_done"
    ),
    path(consultation + "lapikaynti/", views.consultation_review, name="consultation_review"),
    path("<uuid:relationship_code>/tyokyvyn-tuki/", views.escalation_step, name="escalation_step"),
    path("<uuid:relationship_code>/kela/uusi/", views.kela_request_create, name="kela_request_create"),
    path(
        "<uuid:relationship_code>/kela/<uuid:kela_request_code>/vastaus/",
        views.kela_request_answer,
        name="kela_request_answer",
    ),
    path(
        "<uuid:relationship_code>/kela/<uuid:kela_request_code>/sulje/",
        views.kela_request_close,
        name="kela_request_close",
    ),
    path("<uuid:relationship_code>/toimitettavat/uusi/", views.todo_add, name="todo_add"),
    path("<uuid:relationship_code>/toimitettavat/<uuid:todo_code>/", views.todo_close, name="todo_close"),
]
