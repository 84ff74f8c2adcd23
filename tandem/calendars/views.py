"""The personal calendar feed and its settings page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_scopes import scope

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.calendars import services
from tandem.calendars.access import get_feed_by_token
from tandem.calendars.feed import feed_calendar
from tandem.calendars.models import CalendarFeed
from tandem.core.links import absolute_reverse
from tandem.core.models import Organization
from tandem.people.access import organization_view


@organization_view()
def calendar_settings(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    """Create, renew or revoke one's secret calendar address.

    Only the token's hash is stored, so a new address is shown once, in the answer to the
    POST that made it: never in a redirect URL, a session or a later page (AZ-04).
    """
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_feed(user=request.user, organization=organization)
            messages.success(request, _("The calendar address has been revoked."))
            return redirect("calendars:calendar_settings", organization.slug)
        token = services.renew_feed(user=request.user, organization=organization)
        kwargs = {"org_slug": organization.slug, "token": token}
        feed_url = absolute_reverse("calendars:calendar_feed", **kwargs)
    feed = CalendarFeed.objects.filter(organization=organization, user=request.user).first()
    response = render(
        request, "calendars/calendar_settings.html", {"feed": feed, "feed_url": feed_url}
    )
    add_never_cache_headers(response)
    return response


@require_GET
def calendar_feed(request: HttpRequest, org_slug: str, token: str) -> HttpResponse:  # noqa: ARG001
    """The user's meetings and events as a subscribable calendar; the secret token is the key."""
    organization = get_object_or_404(Organization.objects.filter(slug=org_slug))
    with scope(organization=organization):
        feed = get_feed_by_token(organization, token)
        # The owner's language, as in their mail: the calendar app that fetches the feed asks
        # in its own language, or in none.
        with translation.override(feed.user.language or settings.LANGUAGE_CODE):
            body = feed_calendar(feed.user, organization)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
