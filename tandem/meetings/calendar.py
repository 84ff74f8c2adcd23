"""iCalendar objects (RFC 5545) and iTIP messages (RFC 5546) for meetings, built with icalendar.

A series travels as one VEVENT with an RRULE (UID of the series); a date of
it that was moved or cancelled is addressed by the series' UID and its
RECURRENCE-ID; a single meeting has its own UID (ADR 0008). Times carry
TZID=Europe/Berlin with a VTIMEZONE of two yearly rules, so clients keep 8:30
at 8:30 across the change to summer time. Nothing confidential goes into an
event: the summary names the partner, the description links to the workspace.
Besides invitations: the personal feed, with what other apps register for it
(cohort events), and single entries as files to download.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.schedule import LOCAL, to_local

PRODID = "-//Tandem//Reverse mentoring//EN"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class Texts:
    """What a recipient reads in the event, already in their language."""

    summary: str
    description: str


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _berlin() -> Timezone:
    """Europe/Berlin as the EU's rule since 1996: summer time from 2:00 on the last Sunday of
    March to 3:00 on the last Sunday of October.

    icalendar's generated zone lists each change up to 2038 one by one (RDATE), which readers
    built on dateutil (vobject) take as winter time all year, and starts summer time at 3:00,
    where RFC 5545 gives an onset in the local time before it. Tandem's dates all lie after
    1996, so the two rules are exact.
    """
    zone = Timezone()
    zone.add("tzid", str(LOCAL))
    # An onset is a wall-clock time without a zone (RFC 5545, 3.6.5).
    for observance, onset, before, after, name, month in (
        (TimezoneStandard(), datetime(1970, 10, 25, 3), 2, 1, "CET", 10),  # noqa: DTZ001
        (TimezoneDaylight(), datetime(1970, 3, 29, 2), 1, 2, "CEST", 3),  # noqa: DTZ001
    ):
        observance.add("dtstart", onset)
        observance.add("tzoffsetfrom", timedelta(hours=before))
        observance.add("tzoffsetto", timedelta(hours=after))
        observance.add("tzname", name)
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(observance)
    return zone


def _finish(calendar: Calendar) -> bytes:
    if str(LOCAL) in calendar.get_used_tzids():
        calendar.subcomponents.insert(0, _berlin())
    ical: bytes = calendar.to_ical()
    return ical


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(name or "Tandem")
    return organizer


def _attendee(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    address.params["ROLE"] = vText("REQ-PARTICIPANT")
    address.params["PARTSTAT"] = vText("NEEDS-ACTION")
    address.params["RSVP"] = vText("FALSE")
    return address


def where(place: str, online_link: str) -> str:
    return " · ".join(part for part in (place, online_link) if part)


def vevent(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    minutes: int,
    location: str,
    texts: Texts,
    attendees: Sequence[Attendee],
    cancelled: bool = False,
) -> Event:
    """One VEVENT at ``start`` in Berlin time; with attendees, the app is its ORGANIZER."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", to_local(start))
    event.add("dtend", to_local(start + timedelta(minutes=minutes)))
    event.add("summary", texts.summary)
    event.add("description", texts.description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if attendees:
        event.add("organizer", _organizer())
        for person in attendees:
            event.add("attendee", _attendee(person))
    return event


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


def itip(method: str, components: Iterable[Event]) -> bytes:
    """An iTIP message (RFC 5546): ``METHOD`` and the components, with their VTIMEZONE."""
    calendar = _calendar(method)
    for component in components:
        calendar.add_component(component)
    return _finish(calendar)


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


def document(components: Iterable[Event]) -> bytes:
    """A calendar file to save and open: no METHOD and no attendees, an entry to add to
    one's calendar rather than an invitation to answer."""
    calendar = _calendar(None)
    for component in components:
        calendar.add_component(component)
    return _finish(calendar)


def meeting_document(meeting: Meeting, *, texts: Texts) -> bytes:
    """One meeting to download; a series' date keeps the series' UID and its RECURRENCE-ID, so
    a calendar that has the series takes it as that date, not as a second meeting."""
    return document([_override(meeting, texts, ())])


def download(ics: bytes, name: str) -> HttpResponse:
    """``ics`` as ``<name>.ics`` to save; RFC 6266's ``filename*`` keeps umlauts in the name."""
    filename = f"{slugify(name, allow_unicode=True) or 'tandem'}.ics"
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(
        ics,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


# What apps above meetings add to every personal feed: cohort events belong to ``events``,
# which meetings may not import, so ``events`` registers its entries in ``AppConfig.ready()``
# (like the start-page cards). A source gets the feed's owner and organisation and returns
# components in the active language.
FeedSource = Callable[[User, Organization], Iterable[Event]]
_feed_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    if source not in _feed_sources:
        _feed_sources.append(source)


def feed_sources() -> list[FeedSource]:
    return list(_feed_sources)


def feed(
    entries: Iterable[tuple[Meeting | MeetingSeries, list[Meeting], Texts]],
    name: str,
    *,
    others: Iterable[Event] = (),
) -> bytes:
    """A subscribable calendar (no METHOD, no attendees) of series and single meetings, and
    of ``others`` as they are (the feed sources' entries)."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LOCAL))
    for item, meetings, texts in entries:
        if isinstance(item, MeetingSeries):
            if series_method(item, meetings) == CANCEL:
                continue
            for component in _series_components(item, meetings, texts, ()):
                calendar.add_component(component)
        elif item.state != MeetingState.CANCELLED:
            calendar.add_component(_override(item, texts, ()))
    for component in others:
        calendar.add_component(component)
    return _finish(calendar)
