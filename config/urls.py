"""URL configuration: accounts, language switch, then everything under an organisation."""

from django.urls import include, path

from tandem.people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("account/", include("tandem.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("-/", include("tandem.core.urls")),
    path("<slug:org_slug>/", include("tandem.people.urls")),
    path("<slug:org_slug>/", include("tandem.programs.urls")),
    path("<slug:org_slug>/", include("tandem.matching.urls")),
    path("<slug:org_slug>/", include("tandem.meetings.urls")),
    path("<slug:org_slug>/", include("tandem.events.urls")),
    path("<slug:org_slug>/", include("tandem.surveys.urls")),
    path("<slug:org_slug>/", include("tandem.reports.urls")),
]

handler404 = "tandem.core.errors.not_found"
handler500 = "tandem.core.errors.server_error"
handler403 = "tandem.core.errors.forbidden"
