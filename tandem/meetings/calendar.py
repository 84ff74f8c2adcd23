"""A tandem's meetings as iCalendar: invitations, downloads and entries in the personal feed.

A series travels as one VEVENT with an RRULE (UID of the series); a date of
it that was moved or cancelled is addressed by the series' UID and its
RECURRENCE-ID; a single meeting has its own UID (ADR 0008). Built on the
shared blocks of ``calendars.ical`` (VEVENT, VTIMEZONE, iTIP). Nothing
confidential goes into an event: the summary names the partner, the
description links to the workspace.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC

from icalendar import Event

from tandem.calendars.ical import CANCEL, REQUEST, Attendee, Texts, document, itip, vevent, where
from tandem.calendars.schedule import to_local
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _master(series: MeetingSeries, texts: Texts, attendees: Sequence[Attendee]) -> Event | None:
    dates = series.dates()
    if not dates:
        return None
    event = vevent(
        uid=series.uid,
        sequence=series.sequence,
        start=dates[0],
        minutes=series.minutes,
        location=where(series.place, series.online_link),
        texts=texts,
        attendees=attendees,
    )
    rule = {
        "freq": "weekly",
        "interval": series.interval_weeks,
        "byday": BYDAY[series.weekday],
        "until": dates[-1].astimezone(UTC),
    }
    event.add("rrule", rule)
    return event


def _series_components(
    series: MeetingSeries,
    meetings: Iterable[Meeting],
    texts: Texts,
    attendees: Sequence[Attendee],
) -> list[Event]:
    """The series' rule, its cancelled dates as EXDATE and its moved dates as overrides."""
    master = _master(series, texts, attendees)
    if master is None:
        return []
    components = [master]
    for meeting in meetings:
        original = meeting.original_start or meeting.start
        if to_local(original).date() > series.until:
            continue  # a date the series no longer reaches (its rest was cancelled or changed)
        if meeting.state == MeetingState.CANCELLED:
            master.add("exdate", to_local(original))
        elif _differs(meeting, series):
            components.append(_override(meeting, texts, attendees))
    return components


def _differs(meeting: Meeting, series: MeetingSeries) -> bool:
    """Whether a series date is not what the rule says: moved, longer, elsewhere."""
    return (
        meeting.start != (meeting.original_start or meeting.start)
        or meeting.minutes != series.minutes
        or meeting.place != series.place
        or meeting.online_link != series.online_link
    )


def _override(meeting: Meeting, texts: Texts, attendees: Sequence[Attendee]) -> Event:
    event = vevent(
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        start=meeting.start,
        minutes=meeting.minutes,
        location=where(meeting.place, meeting.online_link),
        texts=texts,
        attendees=attendees,
        cancelled=meeting.state == MeetingState.CANCELLED,
    )
    if meeting.series_id:
        event.add("recurrence-id", to_local(meeting.original_start or meeting.start))
    return event


def series_request(
    series: MeetingSeries,
    meetings: Iterable[Meeting],
    *,
    texts: Texts,
    attendees: Sequence[Attendee],
) -> bytes:
    """METHOD:REQUEST for a whole series."""
    return itip(REQUEST, _series_components(series, meetings, texts, attendees))


def series_method(series: MeetingSeries, meetings: Iterable[Meeting]) -> str:
    """CANCEL for a series cancelled before any of its dates took place, else REQUEST.

    A series whose rest was cancelled keeps its past dates: it is sent again with UNTIL at
    its last date kept, so calendars drop only the future (ADR 0008, addendum).
    """
    if series.ended and all(m.state == MeetingState.CANCELLED for m in meetings):
        return CANCEL
    return REQUEST


def series_message(
    series: MeetingSeries,
    meetings: Iterable[Meeting],
    *,
    texts: Texts,
    attendees: Sequence[Attendee],
) -> bytes:
    """The series as it stands: a REQUEST, or a CANCEL of all of it (without RECURRENCE-ID)."""
    meetings = list(meetings)
    if series_method(series, meetings) == REQUEST:
        return series_request(series, meetings, texts=texts, attendees=attendees)
    master = _master(series, texts, attendees)
    if master is None:
        return itip(CANCEL, [])
    master.pop("status")
    master.add("status", "CANCELLED")
    return itip(CANCEL, [master])


def method_for(meeting: Meeting) -> str:
    return CANCEL if meeting.state == MeetingState.CANCELLED else REQUEST


def meeting_message(meeting: Meeting, *, texts: Texts, attendees: Sequence[Attendee]) -> bytes:
    """METHOD:REQUEST for a new or moved meeting, METHOD:CANCEL for a cancelled one."""
    return itip(method_for(meeting), [_override(meeting, texts, attendees)])


def meeting_document(meeting: Meeting, *, texts: Texts) -> bytes:
    """One meeting to download; a series' date keeps the series' UID and its RECURRENCE-ID, so
    a calendar that has the series takes it as that date, not as a second meeting."""
    return document([_override(meeting, texts, ())])


def entries(
    items: Iterable[tuple[Meeting | MeetingSeries, list[Meeting], Texts]],
) -> list[Event]:
    """Series and single meetings as the personal feed shows them: a whole cancelled series
    or a cancelled single meeting is left out, a cancelled date of a series is an EXDATE."""
    components: list[Event] = []
    for item, meetings, texts in items:
        if isinstance(item, MeetingSeries):
            if series_method(item, meetings) != CANCEL:
                components.extend(_series_components(item, meetings, texts, ()))
        elif item.state != MeetingState.CANCELLED:
            components.append(_override(item, texts, ()))
    return components
