"""Invitations: both partners, each in their own language, with the calendar; sent once (REL-05)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World
from tandem.meetings import services
from tandem.meetings.tasks import send_calendar_mails
from tandem.meetings.tests.helpers import (  # noqa: F401 (fixture)
    accept,
    calendar_parts,
    events,
    languages,
    parse,
)
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def _run_queued() -> None:
    for queued in DBTaskResult.objects.order_by("enqueued_at"):
        args = queued.args_kwargs["args"]
        send_calendar_mails.call(*args)


@pytest.mark.usefixtures("languages")
def test_a_new_meeting_reaches_both_partners_in_their_language(
    world: World, tandem: Tandem, django_capture_on_commit_callbacks
) -> None:
    accept(tandem)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=5),
            minutes=45,
            place="Café am Hafen",
        )
    assert mail.outbox == []  # the worker sends, not the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tandem.meetings.tasks.send_calendar_mails"
    _run_queued()

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {world.mentor.email, world.mentee.email}
    english, german = by_recipient[world.mentor.email], by_recipient[world.mentee.email]
    assert english.subject == "Tandem meeting with Martin Mentee"
    assert german.subject == "Tandem-Treffen mit Mia Mentorin"
    for message, summary in ((english, "Tandem: Martin Mentee"), (german, "Tandem: Mia Mentorin")):
        assert [a[1] for a in message.alternatives][:1] == ["text/html"]
        parts = calendar_parts(message)
        assert len(parts) == 2  # the alternative and the invite.ics attachment
        for part in parts:
            assert part.get_param("method") == "REQUEST"
        cal = parse(parts[0].get_content())
        (event,) = events(cal)
        assert event["UID"] == meeting.uid
        assert event["SUMMARY"] == summary
        assert "Café am Hafen" in message.body
    assert "you meet" in english.body
    assert "Sie treffen" in german.body


def test_a_second_delivery_sends_nothing_twice(
    world: World, tandem: Tandem, django_capture_on_commit_callbacks
) -> None:
    accept(tandem)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=5),
            minutes=45,
            place="Café",
        )
    send_calendar_mails.call("meeting", meeting.pk)
    send_calendar_mails.call("meeting", meeting.pk)
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, actor=world.mentee)
    send_calendar_mails.call("meeting", meeting.pk)
    send_calendar_mails.call("meeting", meeting.pk)
    assert len(mail.outbox) == 4
    cancel = mail.outbox[-1]
    assert [p.get_param("method") for p in calendar_parts(cancel)] == ["CANCEL", "CANCEL"]


@pytest.mark.usefixtures("languages")
def test_a_series_is_one_invitation_each(
    world: World, tandem: Tandem, django_capture_on_commit_callbacks
) -> None:
    accept(tandem)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        series = services.schedule_series(
            tandem=tandem,
            actor=world.mentee,
            weekday=today.weekday(),
            local_time=timezone.localtime().time().replace(second=0, microsecond=0),
            interval_weeks=2,
            minutes=45,
            starts=today + timedelta(days=1),
            until=today + timedelta(days=90),
            online_link="https://meet.nordwind.example/t",
        )
    _run_queued()
    _run_queued()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        (event,) = events(parse(calendar_parts(message)[0].get_content()))
        assert event["UID"] == series.uid
        assert "RRULE" in event
    english = next(m for m in mail.outbox if m.to == [world.mentor.email])
    assert "every 2 weeks on" in english.body  # a plural, not "week(s)" (issue 14)


def test_nothing_is_enqueued_before_the_commit(world: World, tandem: Tandem) -> None:
    accept(tandem)
    services.schedule_meeting(
        tandem=tandem,
        actor=world.mentor,
        start=timezone.now() + timedelta(days=5),
        minutes=45,
        place="Café",
    )
    # The test transaction never commits, so the on_commit hook never ran.
    assert DBTaskResult.objects.count() == 0


def test_a_task_for_a_deleted_meeting_sends_nothing(world: World) -> None:
    assert send_calendar_mails.call("meeting", 999999) == 0
    assert mail.outbox == []
