from django.urls import path

from yhteispolku.paths import views, youth_views

app_name = "paths"
relationship = "<uuid:relationship_code>/"
urlpatterns = [
    path("asiakas/<uuid:code>/uusi/", views.relationship_open, name="open"),
    path(relationship, views.path_detail, name="detail"),
    path(relationship + "kuty/uusi/", views.kuty_section_create, name="kuty_create"),
    path(relationship + "kuty/<uuid:section_code>/", views.kuty_section_edit, name="kuty_edit"),
    path(
        relationship + "aktivointisuunnitelma/uusi/", views.activation_plan_create, name="activation_create"
    ),
    path(
        relationship + "aktivointisuunnitelma/<uuid:plan_code>/vahvista/",
        views.activation_plan_confirm,
        name="activation_confirm",
    ),
    path(
        relationship + "aktivointisuunnitelma/<uuid:plan_code>/hyvaksynta/",
        views.activation_plan_accept,
        name="activation_accept",
    ),
    path(relationship + "tiimi/", views.team, name="team"),
    path(relationship + "kuty/paatos/uusi/", views.kuty_decision_create, name="kuty_decision"),
    path(relationship + "kuty/tyonhakija/", views.kuty_jobseeker_check, name="kuty_check"),
    path(relationship + "kuty/<uuid:section_code>/arviointi/", views.kuty_effects, name="kuty_effects"),
    path("toimintapaikka/", views.site_list, name="site"),
    path("toimintapaikka/<uuid:section_code>/", views.site_section, name="site_section"),
    path(relationship + "kotoutuminen/arvio/", views.integration_assessment, name="integration_assessment"),
    path(
        relationship + "kotoutuminen/suunnitelma/uusi/",
        views.integration_plan_create,
        name="integration_plan",
    ),
    path(
        relationship + "kotoutuminen/arvio/muokkaa/",
        views.integration_assessment_edit,
        name="integration_assessment_edit",
    ),
    path(
        relationship + "kotoutuminen/suunnitelma/<uuid:plan_code>/hyvinvointialue/",
        views.integration_county_part,
        name="integration_county_part",
    ),
    path(
        relationship + "kotoutuminen/suunnitelma/<uuid:plan_code>/vahvista/",
        views.integration_plan_confirm,
        name="integration_confirm",
    ),
    path(relationship + "kotoutuminen/ohjaus/", views.integration_routing, name="integration_routing"),
    path(relationship + "tyonhaku/", views.jobseeker_registration, name="registration"),
    path(relationship + "suunnitelma/uusi/", views.service_plan_create, name="plan_create"),
    path(relationship + "paata/", views.track_close, name="close"),
    path(relationship + "yhteinen-arvio/", youth_views.joint_assessment_create, name="joint_assessment"),
    path("ohjaamo/", youth_views.youth_desk, name="youth_desk"),
    path("ohjaamo/uusi/", youth_views.youth_contact_create, name="youth_contact_create"),
    path("ohjaamo/<uuid:contact_code>/", youth_views.youth_contact_detail, name="youth_contact"),
    path(
        "ohjaamo/<uuid:contact_code>/yhteydenotto/",
        youth_views.youth_contact_entry_add,
        name="youth_contact_entry",
    ),
    path(
        "ohjaamo/<uuid:contact_code>/rekisteroi/",
        youth_views.youth_contact_convert,
        name="youth_contact_convert",
    ),
]
