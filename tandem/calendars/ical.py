"""iCalendar building blocks (RFC 5545) and iTIP messages (RFC 5546), built with icalendar.

What every app's calendar entries share (ADR 0008): one VEVENT at a time in
Europe/Berlin with a VTIMEZONE of two yearly rules, so clients keep 8:30 at
8:30 across the change to summer time; the app's sender address as ORGANIZER
of an invitation, each attendee without RSVP; an invitation (``itip``), a file
to save (``document``) and the personal feed (``published``), both without
METHOD or attendees. Meetings and cohort events build their entries on these.
"""

import uuid
from collections.abc import Iterable, Sequence
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

from tandem.calendars.schedule import LOCAL, to_local

PRODID = "-//Tandem//Reverse mentoring//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def new_uid() -> str:
    """A calendar UID of our own: a calendar client knows an entry by it for good."""
    return f"{uuid.uuid4()}@tandem"


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


def itip(method: str, components: Iterable[Event]) -> bytes:
    """An iTIP message (RFC 5546): ``METHOD`` and the components, with their VTIMEZONE."""
    calendar = _calendar(method)
    for component in components:
        calendar.add_component(component)
    return _finish(calendar)


def document(components: Iterable[Event]) -> bytes:
    """A calendar file to save and open: no METHOD and no attendees, an entry to add to
    one's calendar rather than an invitation to answer."""
    calendar = _calendar(None)
    for component in components:
        calendar.add_component(component)
    return _finish(calendar)


def published(name: str, components: Iterable[Event]) -> bytes:
    """A calendar to subscribe to under ``name`` (no METHOD, no attendees): the personal feed."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LOCAL))
    for component in components:
        calendar.add_component(component)
    return _finish(calendar)


def download(ics: bytes, name: str) -> HttpResponse:
    """``ics`` as ``<name>.ics`` to save; RFC 6266's ``filename*`` keeps umlauts in the name."""
    filename = f"{slugify(name, allow_unicode=True) or 'tandem'}.ics"
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(
        ics,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
