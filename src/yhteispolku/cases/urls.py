from django.urls import path

from yhteispolku.cases import views

app_name = "cases"
# `code` is the client's code: the case page is the client's TYM relationship (the one under way,
# else the latest), so every route names the client the policy decides on.
urlpatterns = [
    path("lahetteet/", views.referral_list, name="referrals"),
    path("<uuid:code>/", views.case_detail, name="detail"),
    path("<uuid:code>/lahete/", views.referral_create, name="referral_create"),
    path("<uuid:code>/lahete/paatos/", views.referral_decide, name="referral_decide"),
    path("<uuid:code>/tiimi/", views.team, name="team"),
    path("<uuid:code>/esitiedot/", views.pre_information, name="pre_information"),
    path("<uuid:code>/vaihe/", views.phase, name="phase"),
    path("<uuid:code>/kela/", views.kela_registration, name="kela_registration"),
    path("<uuid:code>/paattaminen/", views.closure, name="closure"),
    path("<uuid:code>/seuranta/<uuid:outcome_code>/", views.outcome, name="outcome"),
]
