"""URL configuration: accounts, language switch, then everything under an organisation."""

from django.urls import include, path

from tandem.accounts import views as accounts_views
from tandem.people.views import account as people_account
from tandem.people.views import invitations, start

urlpatterns = [
    path("", start.home, name="home"),
    path(
        "account/invitation/<str:token>/", invitations.accept_invitation, name="accept_invitation"
    ),
    # The address of a login that belongs to a person comes from their organisation (AUTH-09).
    path("account/email/", people_account.email, name="account_email"),
    # Company sign-in: /sso/… and an organisation's /<slug>/settings/sign-in/ (and it closes
    # allauth's pages for connecting further accounts: links come from the organisation).
    path("", include("tandem.sso.urls")),
    path("account/", include("tandem.accounts.urls")),
    path("account/", include("allauth.urls")),
    # The language switch also saves a signed-in user's choice (accounts.views.set_language).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("-/", include("tandem.core.urls")),
    # The organisation's directory provisions people here; its bearer token names the organisation.
    path("scim/v2/", include("tandem.provisioning.urls_scim")),
    path("<slug:org_slug>/", include("tandem.people.urls")),
    path("<slug:org_slug>/", include("tandem.programs.urls")),
    path("<slug:org_slug>/", include("tandem.calendars.urls")),
    path("<slug:org_slug>/", include("tandem.matching.urls")),
    path("<slug:org_slug>/", include("tandem.workspace.urls")),
    path("<slug:org_slug>/", include("tandem.events.urls")),
    path("<slug:org_slug>/", include("tandem.surveys.urls")),
    path("<slug:org_slug>/", include("tandem.reports.urls")),
    path("<slug:org_slug>/", include("tandem.provisioning.urls")),
]

handler404 = "tandem.core.errors.not_found"
handler500 = "tandem.core.errors.server_error"
handler403 = "tandem.core.errors.forbidden"
