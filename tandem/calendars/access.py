"""Obtaining a calendar feed: by its secret token alone, the key to the address (ADR 0008)."""

from django.http import Http404

from tandem.calendars.models import CalendarFeed, hash_feed_token
from tandem.core.models import Organization


def get_feed_by_token(organization: Organization, token: str) -> CalendarFeed:
    """The feed behind a secret address; an unknown or revoked token is not found."""
    feed = (
        CalendarFeed.objects.filter(organization=organization, token_hash=hash_feed_token(token))
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed
