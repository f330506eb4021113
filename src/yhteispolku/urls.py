from django.contrib import admin
from django.urls import include, path

from yhteispolku.api.main import api

urlpatterns = [
    path("", include("yhteispolku.web.urls")),
    path("tili/", include("yhteispolku.accounts.urls")),
    path("asiakkaat/", include("yhteispolku.clients.urls")),
    path("asiakkaat/", include("yhteispolku.notices.urls")),
    path("asiakkaat/", include("yhteispolku.collaboration.network_urls")),
    path("asiakkuudet/", include("yhteispolku.cases.urls")),
    path("arviot/", include("yhteispolku.assessments.urls")),
    path("suunnitelmat/", include("yhteispolku.plans.urls")),
    path("verkostotyo/", include("yhteispolku.collaboration.urls")),
    path("tyolista/", include("yhteispolku.worklist.urls")),
    path("tietosuoja/", include("yhteispolku.privacy.urls")),
    path("tilannekuva/", include("yhteispolku.reports.urls")),
    path("asiakirjat/", include("yhteispolku.documents.urls")),
    path("hakemukset/", include("yhteispolku.applications.urls")),
    path("polut/", include("yhteispolku.paths.urls")),
    path("saannot/", include("yhteispolku.rules.urls")),
    path("neuvonta/", include("yhteispolku.advice.urls")),
    path("oma/", include("yhteispolku.portal.urls")),
    path("vieras/", include("yhteispolku.collaboration.guest_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("hallinta/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler400 = "yhteispolku.web.views.bad_request"
handler403 = "yhteispolku.web.views.permission_denied"
handler404 = "yhteispolku.web.views.page_not_found"
handler500 = "yhteispolku.web.views.server_error"
