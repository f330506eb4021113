from django.urls import path

from yhteispolku.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/luvut.<str:fmt>", views.export, name="export"),
]
