"""The personal feed names no app: meetings and cohort events each add their entries to it."""

from tandem.calendars.feed import feed_sources
from tandem.events.calendar import feed_entries as event_entries
from tandem.meetings.feed import feed_entries as meeting_entries


def test_meetings_and_events_register_their_entries_as_siblings() -> None:
    assert feed_sources() == [meeting_entries, event_entries]
