from django.urls import path

from yhteispolku.documents import views

app_name = "documents"
# `code` is the client's code: documents belong to the client, whatever the relationship.
urlpatterns = [
    path("<uuid:code>/", views.document_list, name="list"),
    path("<uuid:code>/uusi/", views.document_record, name="record"),
    path("<uuid:code>/<uuid:document_code>/", views.document_detail, name="detail"),
    path("<uuid:code>/<uuid:document_code>/muokkaa/", views.document_update, name="update"),
    path("<uuid:code>/<uuid:document_code>/liitteet/", views.attachment_add, name="attachment_add"),
    path("<uuid:code>/<uuid:document_code>/salaa-asiakkaalta/", views.document_withhold, name="withhold"),
    path(
        "<uuid:code>/<uuid:document_code>/nayta-asiakkaalle/",
        views.document_withholding_lift,
        name="withholding_lift",
    ),
    path(
        "<uuid:code>/<uuid:document_code>/liitteet/<uuid:attachment_code>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<uuid:code>/lausuntopyynnot/uusi/", views.statement_request_create, name="statement_request_create"
    ),
    path(
        "<uuid:code>/lausuntopyynnot/<uuid:request_code>/",
        views.statement_request_edit,
        name="statement_request",
    ),
    path(
        "<uuid:code>/lausuntopyynnot/<uuid:request_code>/pdf/",
        views.statement_request_pdf,
        name="statement_request_pdf",
    ),
]
