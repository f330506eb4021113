from django.urls import path

from yhteispolku.portal import delivery_views, notices, preparation_views, views

app_name = "portal"
plan = "suunnitelmat/<uuid:plan_code>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("tunnistaudu/", views.login, name="login"),
    path("tunnistaudu/aloita/", views.oidc_start, name="oidc_start"),
    path("tunnistaudu/paluu/", views.oidc_callback, name="oidc_callback"),
    path("tunnistaudu/esittely/", views.demo_identify, name="demo_identify"),
    path("kirjaudu-ulos/", views.logout, name="logout"),
    path("kayttoloki/", views.access_log, name="access_log"),
    path(plan, views.plan_detail, name="plan"),
    path(plan + "versiot/<int:number>/pdf/", views.plan_pdf, name="plan_pdf"),
    path(plan + "hyvaksy/<uuid:version_code>/", views.accept, name="accept"),
    path("tehtavat/", views.todos, name="todos"),
    path("tehtavat/<uuid:todo_code>/toimitettu/", views.todo_done, name="todo_done"),
    path("tehtavat/<uuid:todo_code>/asiakirja/", delivery_views.todo_document, name="todo_document"),
    path("konsultaatiot/", delivery_views.consultations, name="consultations"),
    path(
        "konsultaatiot/<uuid:consultation_code>/suostun/",
        delivery_views.consultation_agree,
        name="consultation_agree",
    ),
    path(
        "konsultaatiot/<uuid:consultation_code>/en-suostu/",
        delivery_views.consultation_decline,
        name="consultation_decline",
    ),
    path("asiakirjat/", delivery_views.documents, name="documents"),
    path(
        "asiakirjat/<uuid:document_code>/tiedostot/<uuid:attachment_code>/",
        delivery_views.document_file,
        name="document_file",
    ),
    path("suostumukset/", views.consents, name="consents"),
    path("ilmoitukset/", notices.notice_settings, name="notices"),
    path("suostumukset/<uuid:consent_code>/peru/", views.consent_revoke, name="consent_revoke"),
    path("asiakkuudet/<uuid:relationship_code>/palaute/", views.feedback, name="feedback"),
    path(
        "asiakkuudet/<uuid:relationship_code>/esitiedot/",
        preparation_views.pre_information,
        name="pre_information",
    ),
    path(
        "asiakkuudet/<uuid:relationship_code>/itsearvio/",
        preparation_views.self_assessment,
        name="self_assessment",
    ),
    path("kirjaukset/", preparation_views.entries, name="entries"),
    path(
        "kirjaukset/<uuid:entry_code>/kuittaa/", preparation_views.entry_acknowledge, name="entry_acknowledge"
    ),
]
