"""The rules of agreeing, moving, cancelling and marking meetings, and their audit entries."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import World
from tandem.core.models import AuditEntry
from tandem.meetings import services
from tandem.meetings.models import MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _single(world: World, tandem: Tandem, days: int = 3):
    return services.schedule_meeting(
        tandem=tandem,
        actor=world.mentor,
        start=timezone.now() + timedelta(days=days),
        minutes=45,
        place="Café",
    )


def test_meetings_need_an_accepted_tandem(world: World, tandem: Tandem) -> None:
    with pytest.raises(ValidationError, match="accepted"):
        _single(world, tandem)


def test_a_meeting_in_the_past_is_refused(world: World, tandem: Tandem) -> None:
    accept(tandem)
    with pytest.raises(ValidationError, match="future"):
        _single(world, tandem, days=-1)


def test_a_series_with_no_date_is_refused(world: World, tandem: Tandem) -> None:
    accept(tandem)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="weekday"):
        services.schedule_series(
            tandem=accept(tandem),
            actor=world.mentor,
            weekday=(today.weekday() + 3) % 7,
            local_time=time(9),
            interval_weeks=1,
            minutes=45,
            starts=today,
            until=today + timedelta(days=1),
        )


def test_marking_held_only_once_begun_and_only_once(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = _single(world, tandem)
    with pytest.raises(ValidationError, match="begun"):
        services.mark_held(meeting=meeting, actor=world.mentee)
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=10)):
        held = services.mark_held(meeting=meeting, actor=world.mentee)
        assert held.state == MeetingState.HELD
        assert held.sequence == 0  # nothing for calendars to learn
        with pytest.raises(ValidationError, match="already"):
            services.cancel_meeting(meeting=held, actor=world.mentor)


def test_every_change_is_audited_without_the_place(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = _single(world, tandem)
    services.move_meeting(
        meeting=meeting,
        actor=world.mentee,
        start=meeting.start + timedelta(days=1),
        minutes=30,
        place="Geheimer Ort",
    )
    services.cancel_meeting(meeting=meeting, actor=world.mentor)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "meetings.meeting.scheduled",
        "meetings.meeting.moved",
        "meetings.meeting.cancelled",
    ]
    assert "Geheimer Ort" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_series_runs_until_the_given_end(world: World, tandem: Tandem) -> None:
    accept(tandem)
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=UTC), tick=False):
        series = services.schedule_series(
            tandem=tandem,
            actor=world.mentor,
            weekday=1,
            local_time=time(8, 30),
            interval_weeks=2,
            minutes=45,
            starts=date(2027, 3, 2),
            until=date(2027, 7, 31),
            online_link="https://meet.nordwind.example/x",
        )
    assert series.meetings.count() == 11
    assert {m.original_start for m in series.meetings.all()} == {
        m.start for m in series.meetings.all()
    }


def test_a_dissolved_tandem_can_only_cancel_its_meetings(world: World, tandem: Tandem) -> None:
    accept(tandem)
    meeting = _single(world, tandem)
    Tandem.objects.filter(pk=tandem.pk).update(state="dissolved")
    with pytest.raises(ValidationError, match="ended"):
        services.move_meeting(
            meeting=meeting,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=5),
            minutes=45,
        )
    cancelled = services.cancel_meeting(meeting=meeting, actor=world.mentee)
    assert cancelled.state == MeetingState.CANCELLED
