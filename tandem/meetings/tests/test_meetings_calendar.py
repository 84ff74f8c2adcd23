"""ECO-04: invitations parsed back with icalendar for create, update and cancel, in a DST week."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from conftest import World
from tandem.calendars.ical import Attendee, Texts
from tandem.calendars.schedule import LOCAL
from tandem.meetings import calendar, services
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept, events, parse
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db

TEXTS = Texts(summary="Tandem: Mia Mentorin", description="Reverse mentoring meeting")
PEOPLE = [Attendee("Mia Mentorin", "mentor@nordwind.example"), Attendee("Martin Mentee", "m@x.de")]


@pytest.fixture
def series(world: World, tandem: Tandem):
    accept(tandem)
    with time_machine.travel(datetime(2027, 3, 10, 9, tzinfo=UTC), tick=False):
        return services.schedule_series(
            tandem=tandem,
            actor=world.mentor,
            weekday=1,
            local_time=time(8, 30),
            interval_weeks=2,
            minutes=45,
            starts=date(2027, 3, 16),
            until=date(2027, 4, 30),
            place="Café am Hafen",
        )


def test_series_request_has_rule_timezone_and_people(series) -> None:
    meetings = list(series.meetings.all())
    cal = parse(calendar.series_request(series, meetings, texts=TEXTS, attendees=PEOPLE))
    assert cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (event,) = events(cal)
    assert event["UID"] == series.uid
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == datetime(2027, 3, 16, 8, 30, tzinfo=LOCAL)
    assert event["DTEND"].dt == datetime(2027, 3, 16, 9, 15, tzinfo=LOCAL)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["BYDAY"] == ["TU"]
    # The last date is after the change to summer time: 8:30 local is 6:30 UTC.
    assert rule["UNTIL"] == [datetime(2027, 4, 27, 6, 30, tzinfo=UTC)]
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert sorted(str(a) for a in event["ATTENDEE"]) == [
        "mailto:m@x.de",
        "mailto:mentor@nordwind.example",
    ]
    assert event["SUMMARY"] == "Tandem: Mia Mentorin"
    assert event["LOCATION"] == "Café am Hafen"
    assert b"http" not in calendar.series_request(series, meetings, texts=TEXTS, attendees=PEOPLE)


def test_series_dates_are_meetings_at_8_30_local_across_dst(series) -> None:
    starts = [m.start for m in series.meetings.all()]
    assert [s.astimezone(LOCAL).time() for s in starts] == [time(8, 30)] * 4
    assert [s.hour for s in starts] == [7, 6, 6, 6]


def test_moving_a_series_date_raises_sequence_and_keeps_uid(world: World, series) -> None:
    meeting = series.meetings.order_by("start")[1]  # 30 March, the first week of summer time
    with time_machine.travel(datetime(2027, 3, 20, 9, tzinfo=UTC), tick=False):
        moved = services.move_meeting(
            meeting=meeting,
            actor=world.mentee,
            start=datetime(2027, 3, 31, 7, 0, tzinfo=UTC),
            minutes=60,
            place="Bibliothek",
        )
    assert moved.state == MeetingState.MOVED
    assert moved.sequence == 1
    cal = parse(calendar.meeting_message(moved, texts=TEXTS, attendees=PEOPLE))
    assert cal["METHOD"] == "REQUEST"
    (event,) = events(cal)
    assert event["UID"] == series.uid
    assert event["SEQUENCE"] == 1
    assert event["RECURRENCE-ID"].dt == datetime(2027, 3, 30, 8, 30, tzinfo=LOCAL)
    assert event["DTSTART"].dt == datetime(2027, 3, 31, 9, 0, tzinfo=LOCAL)
    assert event["LOCATION"] == "Bibliothek"

    # The series as a whole now carries the moved date as an override.
    whole = parse(calendar.series_request(series, series.meetings.all(), texts=TEXTS, attendees=()))
    assert [e.get("RECURRENCE-ID") is not None for e in events(whole)] == [False, True]


def test_cancelling_sends_cancel_with_the_same_uid(world: World, series) -> None:
    meeting = series.meetings.order_by("start")[2]
    with time_machine.travel(datetime(2027, 3, 20, 9, tzinfo=UTC), tick=False):
        cancelled = services.cancel_meeting(meeting=meeting, actor=world.mentor)
    cal = parse(calendar.meeting_message(cancelled, texts=TEXTS, attendees=PEOPLE))
    assert cal["METHOD"] == "CANCEL"
    (event,) = events(cal)
    assert event["UID"] == series.uid
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CANCELLED"
    assert event["RECURRENCE-ID"].dt == datetime(2027, 4, 13, 8, 30, tzinfo=LOCAL)
    whole = parse(calendar.series_request(series, series.meetings.all(), texts=TEXTS, attendees=()))
    (master,) = events(whole)
    assert master["EXDATE"].dts[0].dt == datetime(2027, 4, 13, 8, 30, tzinfo=LOCAL)


def test_single_meeting_create_move_cancel(world: World, tandem: Tandem) -> None:
    accept(tandem)
    with time_machine.travel(datetime(2027, 10, 20, 9, tzinfo=UTC), tick=False):
        meeting = services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=datetime(2027, 10, 29, 7, 30, tzinfo=UTC),
            minutes=45,
            online_link="https://meet.nordwind.example/t",
        )
        created = events(parse(calendar.meeting_message(meeting, texts=TEXTS, attendees=PEOPLE)))[0]
        assert created["UID"] == meeting.uid != ""
        assert created["SEQUENCE"] == 0
        assert "RECURRENCE-ID" not in created
        assert created["DTSTART"].dt == datetime(2027, 10, 29, 9, 30, tzinfo=LOCAL)

        # Moved into the week after the change to winter time: 8:30 local is 7:30 UTC.
        moved = services.move_meeting(
            meeting=meeting,
            actor=world.mentor,
            start=datetime(2027, 11, 2, 7, 30, tzinfo=UTC),
            minutes=45,
            online_link="https://meet.nordwind.example/t",
        )
        again = services.move_meeting(
            meeting=moved,
            actor=world.mentee,
            start=datetime(2027, 11, 3, 7, 30, tzinfo=UTC),
            minutes=45,
            place="Kantine",
        )
        updated = events(parse(calendar.meeting_message(again, texts=TEXTS, attendees=PEOPLE)))[0]
        assert (updated["UID"], updated["SEQUENCE"]) == (meeting.uid, 2)
        assert updated["DTSTART"].dt == datetime(2027, 11, 3, 8, 30, tzinfo=LOCAL)

        cancelled = services.cancel_meeting(meeting=again, actor=world.mentor)
    cal = parse(calendar.meeting_message(cancelled, texts=TEXTS, attendees=PEOPLE))
    assert cal["METHOD"] == "CANCEL"
    assert (events(cal)[0]["UID"], events(cal)[0]["SEQUENCE"]) == (meeting.uid, 3)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.CANCELLED
