from django.urls import path

from yhteispolku.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("asiakas/<uuid:code>/uusi-pyynto/", views.request_new, name="request_new"),
    path("pyynnot/<int:pk>/", views.request_detail, name="request"),
    path("pyynnot/<int:pk>/vastaus.pdf", views.answer_pdf, name="answer_pdf"),
]
