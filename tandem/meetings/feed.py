"""A tandem's meetings in its partners' personal calendar feeds (a ``calendars.feed`` source)."""

from icalendar import Event

from tandem.accounts.models import User
from tandem.calendars.ical import Texts
from tandem.core.models import Organization
from tandem.meetings import calendar, invitations, selectors
from tandem.meetings.models import Meeting, MeetingSeries


def feed_entries(user: User, organization: Organization) -> list[Event]:
    """The user's series and single meetings, named after the partner in the active language."""
    items: list[tuple[Meeting | MeetingSeries, list[Meeting], Texts]] = []
    for tandem in selectors.feed_tandems(user, organization):
        side = tandem.side_of(user)
        if side is None:
            continue
        partner = tandem.partner(side).employee
        texts = invitations.texts_for(partner, tandem, invitations.workspace_link(tandem))
        meetings = list(tandem.meetings.all())
        for series in tandem.meeting_series.all():
            items.append((series, [m for m in meetings if m.series_id == series.pk], texts))
        items.extend((m, [], texts) for m in meetings if m.series_id is None)
    return calendar.entries(items)
