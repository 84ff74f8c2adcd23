"""ECO-04, REL-06: changing a whole series from a day on, or cancelling its rest.

The calendars get what the partners' mail carries: each test sends the task's messages
and parses their calendar part back with icalendar.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, client_for
from tandem.calendars.schedule import LOCAL
from tandem.core.models import AuditEntry
from tandem.meetings import series as series_changes
from tandem.meetings import services
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.tasks import send_calendar_mails
from tandem.meetings.tests.helpers import accept, events, parse
from tandem.programs.models import Tandem
from tandem.workspace.models import Takeaway

pytestmark = pytest.mark.django_db

# Autumn 2027: summer time ends on Sunday 31 October.
BEFORE = datetime(2027, 10, 1, 9, tzinfo=UTC)
AFTER_FIRST = datetime(2027, 10, 6, 9, tzinfo=UTC)


def at(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def agree(world: World, tandem: Tandem, **rule: Any) -> MeetingSeries:
    """Every Tuesday at 8:00 in October and November 2027, agreed on 1 October."""
    details = {
        "weekday": 1,
        "local_time": time(8, 0),
        "interval_weeks": 1,
        "minutes": 45,
        "starts": date(2027, 10, 5),
        "until": date(2027, 11, 30),
        "place": "Café am Hafen",
    }
    accept(tandem)
    with at(BEFORE):
        return services.schedule_series(tandem=tandem, actor=world.mentor, **(details | rule))


@pytest.fixture
def series(world: World, tandem: Tandem) -> MeetingSeries:
    """The agreed series with its first date (5 October) held."""
    series = agree(world, tandem)
    with at(BEFORE):
        send_calendar_mails.call("series", series.pk)
    with at(AFTER_FIRST):
        services.mark_held(meeting=series.meetings.order_by("start")[0], actor=world.mentee)
    mail.outbox.clear()
    return series


def change(world: World, series: MeetingSeries, **rule: Any) -> MeetingSeries:
    details = {
        "starts": date(2027, 10, 10),
        "weekday": 1,
        "local_time": time(8, 30),
        "interval_weeks": 1,
        "minutes": 45,
        "until": date(2027, 11, 30),
        "place": "Café am Hafen",
    }
    with at(AFTER_FIRST):
        return series_changes.change_series(series=series, actor=world.mentee, **(details | rule))


def sent(kind: str, pk: int) -> list[Any]:
    """Run the task twice (a repeated delivery) and return the calendars it sent."""
    before = len(mail.outbox)
    with at(AFTER_FIRST):
        send_calendar_mails.call(kind, pk)
        send_calendar_mails.call(kind, pk)
    calendars = []
    for message in mail.outbox[before:]:
        parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        assert {p.get_param("method") for p in parts} == {parse(parts[0].get_content())["METHOD"]}
        calendars.append(parse(parts[0].get_content()))
    return calendars


def local_starts(series: MeetingSeries) -> list[datetime]:
    return [m.start.astimezone(LOCAL) for m in series.meetings.order_by("start")]


def test_a_new_time_keeps_the_uid_and_stays_local_across_the_dst_change(
    world: World, series: MeetingSeries
) -> None:
    moved = series.meetings.order_by("start")[2]  # 19 October, moved to the Wednesday
    with at(AFTER_FIRST):
        services.move_meeting(
            meeting=moved,
            actor=world.mentor,
            start=datetime(2027, 10, 20, 12, tzinfo=UTC),
            minutes=45,
            place="Kantine",
        )

    changed = change(world, series)

    assert changed == series
    series.refresh_from_db()
    assert (series.sequence, series.local_time, series.ended) == (1, time(8, 30), None)
    starts = series.meetings.order_by("start")
    # The held date stays; the rest is the new rhythm, the move on 19 October replaced.
    assert [m.state for m in starts] == [MeetingState.HELD] + [MeetingState.PLANNED] * 8
    assert starts[0].start == datetime(2027, 10, 5, 6, 0, tzinfo=UTC)
    assert [m.start.astimezone(LOCAL).time() for m in starts[1:]] == [time(8, 30)] * 8
    # 8:30 in Berlin is 6:30 UTC in summer time and 7:30 UTC after 31 October.
    assert [m.start.hour for m in starts[1:4]] == [6, 6, 6]
    assert starts[4].start == datetime(2027, 11, 2, 7, 30, tzinfo=UTC)
    assert {m.sequence for m in starts} == {1}

    calendars = sent("series", series.pk)
    assert len(calendars) == 2  # one for each partner, however often the task runs
    for cal in calendars:
        assert cal["METHOD"] == "REQUEST"
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
        master, held = events(cal)
        assert master["UID"] == held["UID"] == series.uid
        assert master["SEQUENCE"] == 1
        assert master["DTSTART"].dt == datetime(2027, 10, 5, 8, 30, tzinfo=LOCAL)
        assert master["RRULE"]["BYDAY"] == ["TU"]
        assert master["RRULE"]["UNTIL"] == [datetime(2027, 11, 30, 7, 30, tzinfo=UTC)]
        assert "EXDATE" not in master
        # The held date keeps its 8:00 as an override of the new rule's 5 October.
        assert held["RECURRENCE-ID"].dt == datetime(2027, 10, 5, 8, 30, tzinfo=LOCAL)
        assert held["DTSTART"].dt == datetime(2027, 10, 5, 8, 0, tzinfo=LOCAL)
        assert held["SEQUENCE"] >= master["SEQUENCE"]
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith(("Changed:", "Geändert:"))


def test_a_new_weekday_ends_the_series_and_starts_a_successor(
    world: World, series: MeetingSeries
) -> None:
    successor = change(world, series, weekday=3, local_time=time(9, 0), interval_weeks=2)

    series.refresh_from_db()
    assert successor != series
    assert (series.until, series.successor, series.sequence) == (date(2027, 10, 5), successor, 1)
    assert series.ended is not None
    assert [m.state for m in series.meetings.all()] == [MeetingState.HELD]
    assert local_starts(successor) == [
        datetime(2027, 10, 14, 9, 0, tzinfo=LOCAL),
        datetime(2027, 10, 28, 9, 0, tzinfo=LOCAL),
        datetime(2027, 11, 11, 9, 0, tzinfo=LOCAL),
        datetime(2027, 11, 25, 9, 0, tzinfo=LOCAL),
    ]

    # The old series is sent again, UNTIL at its held date: calendars keep it, drop the rest.
    for cal in sent("series", series.pk):
        assert cal["METHOD"] == "REQUEST"
        (master,) = events(cal)
        assert (master["UID"], master["SEQUENCE"]) == (series.uid, 1)
        assert master["RRULE"]["UNTIL"] == [datetime(2027, 10, 5, 6, 0, tzinfo=UTC)]
    for cal in sent("series", successor.pk):
        (master,) = events(cal)
        assert (master["UID"], master["SEQUENCE"]) == (successor.uid, 0)
        assert master["RRULE"]["BYDAY"] == ["TH"]
        assert master["RRULE"]["INTERVAL"] == [2]
        assert cal.walk("VTIMEZONE")
    assert len(mail.outbox) == 4
    assert any("separate invitation" in m.body or "gesonderte" in m.body for m in mail.outbox)


def test_without_earlier_dates_the_series_keeps_its_uid_for_a_new_weekday(
    world: World, tandem: Tandem
) -> None:
    series = agree(
        world,
        tandem,
        local_time=time(8, 30),
        interval_weeks=2,
        place="",
        online_link="https://meet.nordwind.example/t",
    )
    with at(BEFORE):
        changed = series_changes.change_series(
            series=series,
            actor=world.mentor,
            starts=date(2027, 10, 2),
            weekday=4,
            local_time=time(16, 0),
            interval_weeks=1,
            minutes=60,
            until=date(2027, 10, 31),
            online_link="https://meet.nordwind.example/t",
        )
    assert changed == series
    assert len(local_starts(series)) == 4
    assert local_starts(series)[0] == datetime(2027, 10, 8, 16, 0, tzinfo=LOCAL)
    (cal, _other) = sent("series", series.pk)
    (master,) = events(cal)
    assert (master["UID"], master["SEQUENCE"], master["RRULE"]["BYDAY"]) == (series.uid, 1, ["FR"])


def test_cancelling_the_rest_keeps_past_dates_in_calendars(
    world: World, series: MeetingSeries
) -> None:
    with at(AFTER_FIRST):
        cancelled = series_changes.cancel_series(series=series, actor=world.mentor)
    assert cancelled.until == date(2027, 10, 5)
    states = [m.state for m in series.meetings.order_by("start")]
    assert states == [MeetingState.HELD] + [MeetingState.CANCELLED] * 8

    calendars = sent("series", series.pk)
    assert len(calendars) == 2
    for cal in calendars:
        assert cal["METHOD"] == "REQUEST"
        assert cal.walk("VTIMEZONE")
        (master,) = events(cal)
        assert (master["UID"], master["SEQUENCE"]) == (series.uid, 1)
        assert master["RRULE"]["UNTIL"] == [datetime(2027, 10, 5, 6, 0, tzinfo=UTC)]
        assert "EXDATE" not in master  # the cancelled dates lie beyond UNTIL
    assert AuditEntry.objects.filter(action="meetings.series.cancelled").count() == 1

    # A second cancellation (say, the tandem is ended afterwards) changes and sends nothing.
    with at(AFTER_FIRST):
        series_changes.cancel_series(series=series, actor=world.mentor)
    series.refresh_from_db()
    assert series.sequence == 1
    assert sent("series", series.pk) == []


def test_cancelling_a_series_before_it_began_sends_cancel(world: World, tandem: Tandem) -> None:
    series = agree(world, tandem, starts=date(2027, 10, 26), until=date(2027, 11, 9))
    with at(BEFORE):
        series_changes.cancel_series(series=series, actor=world.mentee)
    for cal in sent("series", series.pk):
        assert cal["METHOD"] == "CANCEL"
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
        (event,) = events(cal)
        assert (event["UID"], event["SEQUENCE"], event["STATUS"]) == (series.uid, 1, "CANCELLED")
        assert "RECURRENCE-ID" not in event
    assert {m.state for m in series.meetings.all()} == {MeetingState.CANCELLED}


def test_a_later_move_outranks_the_changed_series(world: World, series: MeetingSeries) -> None:
    change(world, series)
    meeting = series.meetings.order_by("start")[3]
    with at(AFTER_FIRST):
        moved = services.move_meeting(
            meeting=meeting,
            actor=world.mentor,
            start=meeting.start + timedelta(hours=2),
            minutes=45,
            place="Kantine",
        )
    assert moved.sequence == 2 > series.sequence - 1


def test_a_date_already_held_cannot_be_replaced(world: World, series: MeetingSeries) -> None:
    with pytest.raises(ValidationError) as error:
        change(world, series, starts=date(2027, 10, 5))
    assert "starts" in error.value.message_dict


def test_a_date_with_takeaways_is_cancelled_not_deleted(
    world: World, series: MeetingSeries
) -> None:
    written = series.meetings.order_by("start")[1]
    Takeaway.objects.create(
        organization=world.organization, meeting=written, author="mentee", text="Vorbereitung"
    )
    successor = change(world, series, weekday=3)
    written.refresh_from_db()
    assert written.state == MeetingState.CANCELLED
    assert written.series_id == series.pk
    assert Meeting.objects.filter(series=series).count() == 2
    assert successor.meetings.count() == 7


# --- the pages ---------------------------------------------------------------------------


def _url(name: str, world: World, series: MeetingSeries) -> str:
    return reverse(
        name, kwargs={"org_slug": world.organization.slug, "public_id": series.public_id}
    )


def test_the_change_page_changes_the_series_and_the_workspace_shows_it(
    world: World, series: MeetingSeries
) -> None:
    client = client_for(world, "mentee")
    url = _url("workspace:series_change", world, series)
    # Pages run at the real time (a login does not survive a jump of a year): October 2027
    # is still ahead, the held first date notwithstanding.
    page = client.get(url, secure=True)
    assert page.status_code == 200
    assert page.context["form"]["weekday"].value() == 1
    data = {
        "series-starts": "2027-10-10",
        "series-weekday": "3",
        "series-local_time": "09:15",
        "series-interval_weeks": "1",
        "series-minutes": "60",
        "series-until": "2027-10-31",
        "series-place": "Bibliothek",
    }
    response = client.post(url, data, secure=True)
    assert response.status_code == 302
    workspace = client.get(response["Location"], secure=True)
    upcoming = workspace.context["meetings"].upcoming
    assert [m.start.astimezone(LOCAL).date() for m in upcoming] == [
        date(2027, 10, 14),
        date(2027, 10, 21),
        date(2027, 10, 28),
    ]
    assert {m.place for m in upcoming} == {"Bibliothek"}
    assert [s.weekday for s in workspace.context["series_list"]] == [3]
    # The ended series has no page of its own any more.
    assert client.get(url, secure=True).status_code == 404


def test_bad_change_input_comes_back_with_field_errors(world: World, series: MeetingSeries) -> None:
    data = {
        "series-starts": "2020-10-01",
        "series-weekday": "9",
        "series-local_time": "25:00",
        "series-interval_weeks": "9",
        "series-minutes": "500",
        "series-until": "gestern",
        "series-online_link": "http://insecure.example",
    }
    response = client_for(world, "mentor").post(
        _url("workspace:series_change", world, series), data, secure=True
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "starts",
        "weekday",
        "local_time",
        "interval_weeks",
        "minutes",
        "until",
        "online_link",
    }
    series.refresh_from_db()
    assert series.sequence == 0


def test_a_service_objection_lands_on_its_field(world: World, series: MeetingSeries) -> None:
    data = {
        "series-starts": "2027-10-06",
        "series-weekday": "1",
        "series-local_time": "08:30",
        "series-interval_weeks": "1",
        "series-minutes": "45",
        "series-until": "2027-10-07",
        "series-place": "Café",
    }
    response = client_for(world, "mentor").post(
        _url("workspace:series_change", world, series), data, secure=True
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"until"}


def test_only_the_partners_reach_a_series(world: World, series: MeetingSeries) -> None:
    for persona in ("admin", "program_manager", "observer", "outsider", "other_admin"):
        client = client_for(world, persona)
        assert client.get(_url("workspace:series_change", world, series)).status_code == 404
        assert client.post(_url("workspace:series_cancel", world, series)).status_code == 404
    series.refresh_from_db()
    assert series.ended is None
    response = client_for(world, "mentor").post(_url("workspace:series_cancel", world, series))
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.ended is not None
