"""Mounted by allauth under ``account/``: redirect URL ``/account/oidc/<id>/login/callback/``."""

from django.urls import path

from tandem.sso.oidc import views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", views.login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.callback,
        name="openid_connect_callback",
    ),
]
