from django.urls import path

from tandem.core.errors import not_found
from tandem.sso import views

app_name = "sso"
urlpatterns = [
    path("sso/", views.start, name="start"),
    path("sso/confirm/", views.reauthenticate, name="reauthenticate"),
    path("sso/<slug:slug>/", views.organization, name="organization"),
    path("<slug:org_slug>/settings/sign-in/", views.settings_page, name="settings"),
    path("<slug:org_slug>/settings/sign-in/test/", views.test, name="test"),
    path("<slug:org_slug>/settings/sign-in/remove/", views.remove, name="remove"),
    # allauth's pages to connect further accounts and to sign up after one: a login is linked
    # to a company account only by its organisation's provider (tandem.sso.linking).
    path("account/3rdparty/", not_found),
    path("account/3rdparty/signup/", not_found),
]
