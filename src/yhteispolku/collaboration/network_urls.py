"""The client's network (Verkosto), under the client's address: /asiakkaat/<code>/verkosto/…"""

from django.urls import path

from yhteispolku.collaboration import network_views as views

app_name = "network"
urlpatterns = [
    path("<uuid:code>/verkosto/", views.network_list, name="list"),
    path("<uuid:code>/verkosto/uusi/", views.network_add, name="add"),
    path("<uuid:code>/verkosto/<uuid:contact_code>/muokkaa/", views.network_edit, name="edit"),
    path("<uuid:code>/verkosto/<uuid:contact_code>/paata/", views.network_end, name="end"),
]
