from django.urls import path

from yhteispolku.worklist import views

app_name = "worklist"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("kuittaa/", views.acknowledge, name="acknowledge"),
]
