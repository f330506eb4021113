from django.urls import path

from yhteispolku.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("uusi/", views.client_register, name="register"),
    path("<uuid:code>/", views.client_detail, name="detail"),
    path("<uuid:code>/muokkaa/", views.client_edit, name="edit"),
    path("<uuid:code>/tiedot/<slug:category>/", views.category_entries, name="category"),
    path("<uuid:code>/tiedot/<slug:category>/tulosta/", views.category_print, name="category_print"),
    path("<uuid:code>/tiedot/<slug:category>/vienti.json", views.category_export, name="category_export"),
    path(
        "<uuid:code>/tiedot/plan/<uuid:entry_code>/nayta-asiakkaalle/",
        views.entry_show_to_client,
        name="entry_show_to_client",
    ),
    path("<uuid:code>/etuudet/", views.benefit_periods, name="benefits"),
    path("<uuid:code>/suostumukset/", views.consent_list, name="consents"),
    path("<uuid:code>/suostumukset/<uuid:consent_code>/peru/", views.consent_revoke, name="consent_revoke"),
    path(
        "<uuid:code>/suostumukset/<uuid:consent_code>/lomake.pdf/",
        views.consent_form_pdf,
        name="consent_form",
    ),
]
