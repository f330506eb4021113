from django.urls import path

from yhteispolku.accounts import views

app_name = "accounts"
urlpatterns = [
    path("kirjaudu/", views.LoginView.as_view(), name="login"),
    path("kirjaudu/organisaatio/<uuid:code>/", views.oidc_start, name="oidc_start"),
    path("kirjaudu/organisaatio/paluu/", views.oidc_callback, name="oidc_callback"),
    path("kirjaudu/vahvista/", views.totp_verify, name="totp_verify"),
    path("kirjaudu/kaksivaiheinen/", views.totp_setup, name="totp_setup"),
    path("ulos/", views.logout_view, name="logout"),
    path("profiili/", views.profile, name="profile"),
    path("profiili/tunnisteet/<uuid:code>/mitatoi/", views.api_token_revoke_view, name="api_token_revoke"),
]
