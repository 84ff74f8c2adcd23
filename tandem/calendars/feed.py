"""The personal calendar feed: the entries every app adds for one user in one organisation.

An app with dates for a user (meetings: their tandem's meetings; events: the
cohort events they are invited to) registers a source in its
``AppConfig.ready()``, like the start-page cards, so this app names none of
them. A source gets the feed's owner and organisation and returns VEVENTs in
the active language (the owner's, set by the view).
"""

from collections.abc import Callable, Iterable

from icalendar import Event

from tandem.accounts.models import User
from tandem.calendars.ical import published
from tandem.core.models import Organization

FeedSource = Callable[[User, Organization], Iterable[Event]]
_feed_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    if source not in _feed_sources:
        _feed_sources.append(source)


def feed_sources() -> list[FeedSource]:
    return list(_feed_sources)


def feed_calendar(user: User, organization: Organization) -> bytes:
    """Every registered source's entries for ``user`` as one subscribable calendar."""
    components = [component for source in _feed_sources for component in source(user, organization)]
    return published(f"Tandem · {organization.name}", components)
