from django.urls import path

from yhteispolku.plans import provider_views, views

app_name = "plans"
version = "<uuid:relationship_code>/versiot/<int:number>/"
urlpatterns = [
    path("<uuid:relationship_code>/", views.plan_detail, name="detail"),
    path("<uuid:relationship_code>/uusi-versio/", views.version_create, name="version_create"),
    path("<uuid:relationship_code>/vertaa/<int:a>/<int:b>/", views.version_compare, name="compare"),
    path(version, views.version_detail, name="version"),
    path(version + "pdf/", views.version_pdf, name="version_pdf"),
    path(version + "muokkaa/", views.version_edit, name="version_edit"),
    path(version + "palvelut/uusi/", views.service_add, name="service_add"),
    path(version + "palvelut/<uuid:service_code>/", views.service_edit, name="service_edit"),
    path(version + "palvelut/<uuid:service_code>/poista/", views.service_remove, name="service_remove"),
    path(
        version + "palvelut/<uuid:service_code>/osallistuminen/",
        views.participation_record,
        name="participation",
    ),
    path(version + "tehtavat/uusi/", views.task_add, name="task_add"),
    path(version + "tehtavat/<uuid:task_code>/", views.task_edit, name="task_edit"),
    path(version + "tehtavat/<uuid:task_code>/poista/", views.task_remove, name="task_remove"),
    path(version + "vahvista/", views.commitment_confirm, name="confirm"),
    path(version + "hyvaksynta/", views.plan_accept, name="accept"),
    path(version + "annettu-asiakkaalle/", views.plan_delivery, name="delivery"),
    # The service provider's assignments (plans/provider_views.py).
    path("toimeksiannot/", provider_views.assignment_list, name="assignments"),
    path("toimeksiannot/<uuid:lineage>/", provider_views.assignment_detail, name="assignment"),
]
