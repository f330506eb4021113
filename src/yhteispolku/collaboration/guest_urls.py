"""A consultation guest's pages (/vieras/…): the only pages a guest reaches (GuestConfinementMiddleware)."""

from django.urls import path

from yhteispolku.collaboration import network_views as views

app_name = "guest"
urlpatterns = [
    path("", views.guest_consultation, name="consultation"),
    path("kutsu/<str:token>/", views.guest_sign_in, name="sign_in"),
]
