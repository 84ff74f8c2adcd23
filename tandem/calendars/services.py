"""The personal calendar feed's address: renew it (a new token) or revoke it; both audited.

The audit actions keep the names they had before the feed moved here (``meetings.feed.*``):
an action stored in the log keeps one name.
"""

from django.db import transaction

from tandem.accounts.models import User
from tandem.calendars.models import CalendarFeed, hash_feed_token, new_feed_token
from tandem.core import audit
from tandem.core.models import Organization


@transaction.atomic
def renew_feed(*, user: User, organization: Organization) -> str:
    """A new secret address; the old one (if any) answers 404 from now on.

    Returns the token: only its hash is stored, so this is the one moment it can be shown.
    """
    CalendarFeed.objects.filter(organization=organization, user=user).delete()
    token = new_feed_token()
    feed = CalendarFeed.objects.create(
        organization=organization, user=user, token_hash=hash_feed_token(token)
    )
    audit.record(organization=organization, actor=user, action="meetings.feed.renewed", obj=feed)
    return token


@transaction.atomic
def revoke_feed(*, user: User, organization: Organization) -> None:
    deleted, _count = CalendarFeed.objects.filter(organization=organization, user=user).delete()
    if deleted:
        audit.record(
            organization=organization,
            actor=user,
            action="meetings.feed.revoked",
            object_type="calendars.calendarfeed",
        )
