from django.urls import path

from yhteispolku.notices import views

app_name = "notices"
urlpatterns = [
    path("<uuid:code>/ilmoitukset/", views.client_notices, name="client"),
]
