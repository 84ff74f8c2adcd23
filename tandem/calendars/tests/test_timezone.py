"""REL-06: every calendar file Tandem makes carries one rule-based VTIMEZONE for Europe/Berlin:
invitations (meetings, series, events), the personal feed and the downloads.

Read back with a second parser, vobject, which (unlike icalendar) takes a file's times in the
file's own VTIMEZONE rather than in the system's zone database: a wrong VTIMEZONE shows as a
wrong instant. Meetings and events at 8:30 in Berlin in the week before and the week after
each change of 2027 (28 March, 31 October) are 7:30 UTC in winter and 6:30 UTC in summer.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
import vobject
from django.core import mail
from django.urls import reverse

from conftest import World, client_for
from tandem.calendars import services as feeds
from tandem.events import invitations as event_invitations
from tandem.events import services as events_services
from tandem.events.models import CohortEvent, EventKind
from tandem.meetings import invitations, services
from tandem.meetings.models import Meeting
from tandem.meetings.tests.helpers import accept, calendar_parts
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db

WEEKS = (
    datetime(2027, 3, 22, 7, 30, tzinfo=UTC),
    datetime(2027, 3, 29, 6, 30, tzinfo=UTC),
    datetime(2027, 10, 25, 6, 30, tzinfo=UTC),
    datetime(2027, 11, 1, 7, 30, tzinfo=UTC),
)
EARLIER = datetime(2027, 3, 1, 9, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
OBSERVANCE = {"dtstart", "tzoffsetfrom", "tzoffsetto", "tzname", "rrule"}


def read(ics: bytes | str) -> Any:
    return vobject.readOne(ics.decode() if isinstance(ics, bytes) else ics)


def _rule(observance: Any) -> dict[str, str]:
    return dict(part.split("=") for part in observance.rrule.value.split(";"))


def assert_berlin_zone(calendar: Any) -> None:
    """One VTIMEZONE with one STANDARD and one DAYLIGHT rule: 2:00 → 3:00 → 2:00 local."""
    (zone,) = calendar.vtimezone_list
    assert zone.tzid.value == "Europe/Berlin"
    assert set(zone.contents) == {"tzid", "standard", "daylight"}
    (standard,) = zone.contents["standard"]
    (daylight,) = zone.contents["daylight"]
    for observance in (standard, daylight):
        assert set(observance.contents) == OBSERVANCE  # no RDATE list
    assert standard.dtstart.value == datetime(1970, 10, 25, 3, 0)
    assert (standard.tzoffsetfrom.value, standard.tzoffsetto.value) == ("+0200", "+0100")
    assert _rule(standard) == {"FREQ": "YEARLY", "BYMONTH": "10", "BYDAY": "-1SU"}
    assert daylight.dtstart.value == datetime(1970, 3, 29, 2, 0)
    assert (daylight.tzoffsetfrom.value, daylight.tzoffsetto.value) == ("+0100", "+0200")
    assert _rule(daylight) == {"FREQ": "YEARLY", "BYMONTH": "3", "BYDAY": "-1SU"}
    # The clocks as the file says: 2:00 becomes 3:00 in March, 3:00 becomes 2:00 in October.
    berlin = zone.gettzinfo()
    changes = [datetime(2027, 3, 28, 1, 0, tzinfo=UTC), datetime(2027, 10, 31, 1, 0, tzinfo=UTC)]
    before = [(change - MINUTE).astimezone(berlin).strftime("%H:%M %z") for change in changes]
    assert before == ["01:59 +0100", "02:59 +0200"]
    after = [change.astimezone(berlin).strftime("%H:%M %z") for change in changes]
    assert after == ["03:00 +0200", "02:00 +0100"]


def starts(calendar: Any) -> list[datetime]:
    return sorted(event.dtstart.value.astimezone(UTC) for event in calendar.vevent_list)


@pytest.fixture
def meetings(world: World, tandem: Tandem) -> list[Meeting]:
    accept(tandem)
    with time_machine.travel(EARLIER, tick=False):
        return [
            services.schedule_meeting(
                tandem=tandem,
                actor=world.mentor,
                start=start,
                minutes=45,
                place="Café",
            )
            for start in WEEKS
        ]


def test_meeting_invitations(meetings: list[Meeting]) -> None:
    for meeting in meetings:
        invitations.send_meeting_mails(meeting=meeting)
    assert len(mail.outbox) == 2 * len(WEEKS)  # each partner
    for message, start in zip(mail.outbox, sorted(WEEKS * 2), strict=True):
        for part in calendar_parts(message):
            calendar = read(part.get_content())
            assert_berlin_zone(calendar)
            assert starts(calendar) == [start]


def test_series_invitation_across_both_changes(world: World, tandem: Tandem) -> None:
    accept(tandem)
    with time_machine.travel(EARLIER, tick=False):
        series = services.schedule_series(
            tandem=tandem,
            actor=world.mentee,
            weekday=0,
            local_time=time(8, 30),
            interval_weeks=1,
            minutes=45,
            starts=date(2027, 3, 22),
            until=date(2027, 11, 1),
        )
        invitations.send_series_mails(series=series)
    calendar = read(calendar_parts(mail.outbox[0])[0].get_content())
    assert_berlin_zone(calendar)
    (master,) = calendar.vevent_list
    dates = {moment.astimezone(UTC) for moment in master.getrruleset()}
    assert len(dates) == 33
    assert set(WEEKS) <= dates
    assert {moment.astimezone(UTC).time() for moment in dates} == {time(6, 30), time(7, 30)}


@pytest.fixture
def exchanges(world: World, tandem: Tandem) -> list[CohortEvent]:
    """Mentor exchanges on the same dates; the mentor is invited (without mail here)."""
    created = []
    with time_machine.travel(EARLIER, tick=False):
        for start in WEEKS:
            event = events_services.create_event(
                cohort=tandem.cohort,
                actor=world.program_manager,
                kind=EventKind.EXCHANGE,
                title="Austausch",
                start=start,
                minutes=90,
                place="Forum",
            )
            events_services.invite(event=event, actor=world.program_manager)
            created.append(event)
    return created


def test_event_invitations(exchanges: list[CohortEvent]) -> None:
    with time_machine.travel(EARLIER, tick=False):
        for event in exchanges:
            event_invitations.send_event_mails(event=event)
    assert len(mail.outbox) == len(WEEKS)  # the mentor alone
    for message, start in zip(mail.outbox, WEEKS, strict=True):
        calendar = read(calendar_parts(message)[0].get_content())
        assert_berlin_zone(calendar)
        assert starts(calendar) == [start]


def test_feed_with_meetings_and_events(
    world: World, meetings: list[Meeting], exchanges: list[CohortEvent]
) -> None:
    token = feeds.renew_feed(user=world.mentor, organization=world.organization)
    url = reverse(
        "calendars:calendar_feed", kwargs={"org_slug": world.organization.slug, "token": token}
    )
    calendar = read(client_for(world, "anonymous").get(url, secure=True).content)
    assert_berlin_zone(calendar)
    assert starts(calendar) == sorted(WEEKS * 2)


def test_downloads(world: World, meetings: list[Meeting], exchanges: list[CohortEvent]) -> None:
    client = client_for(world, "mentor")
    org = world.organization.slug
    urls = [reverse("workspace:meeting_ics", args=[org, m.public_id]) for m in meetings]
    urls += [reverse("events:event_ics", args=[org, e.public_id]) for e in exchanges]
    for url, start in zip(urls, WEEKS * 2, strict=True):
        calendar = read(client.get(url, secure=True).content)
        assert_berlin_zone(calendar)
        assert starts(calendar) == [start]
