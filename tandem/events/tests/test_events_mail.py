"""Invitations by e-mail from the worker: each invitee in their language, with the calendar
(REQUEST, a raised SEQUENCE on change, CANCEL), each message once (REL-05, ECO-04)."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from conftest import World
from tandem.calendars.schedule import LOCAL
from tandem.core.models import SentMail
from tandem.core.tests.mail import unreachable_smtp
from tandem.events import services
from tandem.events.models import CohortEvent, EventKind
from tandem.events.tasks import send_event_mails
from tandem.events.tests.conftest import plan
from tandem.meetings.tests.helpers import calendar_parts, languages  # noqa: F401 (fixture)
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def _event(message) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(calendar_parts(message)[0].get_content())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _by_recipient() -> dict[str, Any]:
    return {message.to[0]: message for message in mail.outbox}


@pytest.mark.usefixtures("languages")
def test_invitations_go_out_from_the_worker_in_each_language(
    world: World, tandem: Tandem, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event = plan(world, tandem)
        services.invite(event=event, actor=world.program_manager)
    assert mail.outbox == []  # the worker sends, not the request
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "tandem.events.tasks.send_event_mails"
    send_event_mails.call(*queued.args_kwargs["args"])

    by_recipient = _by_recipient()
    assert set(by_recipient) == {world.mentor.email, world.mentee.email}
    english, german = by_recipient[world.mentor.email], by_recipient[world.mentee.email]
    assert english.subject == "Invitation: Kick-off"
    assert german.subject == "Einladung: Auftaktveranstaltung"
    assert "Spielregeln" in german.body  # the agenda is in the e-mail
    for message, address in ((english, world.mentor.email), (german, world.mentee.email)):
        assert [a[1] for a in message.alternatives][:1] == ["text/html"]
        parts = calendar_parts(message)
        assert len(parts) == 2  # the alternative and the invite.ics attachment
        assert {part.get_param("method") for part in parts} == {"REQUEST"}
        calendar, vevent = _event(message)
        assert calendar["METHOD"] == "REQUEST"
        assert vevent["UID"] == event.uid
        assert vevent["SEQUENCE"] == 0
        # Each invitee is the only attendee: nobody learns the others' addresses.
        assert str(vevent["ATTENDEE"]) == f"mailto:{address}"
        assert str(vevent["ORGANIZER"]).startswith("mailto:")
        assert "Spielregeln" not in str(vevent["DESCRIPTION"])
    assert _event(german)[1]["SUMMARY"] == "Auftaktveranstaltung"
    assert _event(english)[1]["SUMMARY"] == "Kick-off"


def test_running_the_task_twice_sends_each_message_once(world: World, kickoff: CohortEvent) -> None:
    send_event_mails.call(kickoff.pk)
    send_event_mails.call(kickoff.pk)
    assert len(mail.outbox) == 2
    assert SentMail.objects.count() == 2


@pytest.mark.usefixtures("languages")
def test_a_change_is_a_request_with_a_higher_sequence(
    world: World, tandem: Tandem, kickoff: CohortEvent
) -> None:
    send_event_mails.call(kickoff.pk)
    services.update_event(
        event=kickoff,
        actor=world.program_manager,
        title="Auftakt Jahrgang 2027",
        start=kickoff.start,
        minutes=kickoff.minutes,
        place="Kantine, Haus B",
        agenda=kickoff.agenda,
    )
    send_event_mails.call(kickoff.pk)
    send_event_mails.call(kickoff.pk)
    assert len(mail.outbox) == 4
    update = _by_recipient()[world.mentee.email]
    assert update.subject == "Geändert: Auftakt Jahrgang 2027"
    calendar, vevent = _event(update)
    assert calendar["METHOD"] == "REQUEST"
    assert (vevent["UID"], vevent["SEQUENCE"]) == (kickoff.uid, 1)
    assert str(vevent["LOCATION"]) == "Kantine, Haus B"


def test_a_cancellation_is_a_cancel_for_every_invitee(world: World, kickoff: CohortEvent) -> None:
    services.cancel_event(event=kickoff, actor=world.program_manager)
    send_event_mails.call(kickoff.pk)
    send_event_mails.call(kickoff.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert [p.get_param("method") for p in calendar_parts(message)] == ["CANCEL", "CANCEL"]
        calendar, vevent = _event(message)
        assert calendar["METHOD"] == "CANCEL"
        assert (vevent["UID"], vevent["SEQUENCE"], vevent["STATUS"]) == (
            kickoff.uid,
            1,
            "CANCELLED",
        )


def test_a_kickoff_in_the_week_summer_time_ends_is_at_nine_berlin_time(
    world: World, tandem: Tandem
) -> None:
    # The last Sunday of October 2027 is the 31st; the Monday after is in winter time (UTC+1).
    start = datetime(2027, 11, 1, 9, 0, tzinfo=LOCAL)
    with time_machine.travel(datetime(2027, 10, 20, 12, tzinfo=UTC), tick=False):
        event = plan(world, tandem, start=start)
        services.invite(event=event, actor=world.program_manager)
        send_event_mails.call(event.pk)
    event.refresh_from_db()
    assert event.start == datetime(2027, 11, 1, 8, 0, tzinfo=UTC)
    calendar, vevent = _event(mail.outbox[0])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTSTART"].dt == datetime(2027, 11, 1, 9, 0, tzinfo=LOCAL)
    assert vevent["DTSTART"].dt.astimezone(UTC) == datetime(2027, 11, 1, 8, 0, tzinfo=UTC)
    assert vevent["DTEND"].dt == datetime(2027, 11, 1, 12, 0, tzinfo=LOCAL)


def test_a_mentor_exchange_reaches_the_mentors_only(world: World, exchange: CohortEvent) -> None:
    send_event_mails.call(exchange.pk)
    assert [m.to for m in mail.outbox] == [[world.mentor.email]]
    _calendar, vevent = _event(mail.outbox[0])
    assert str(vevent["LOCATION"]) == "https://meet.example/x"


def test_a_failed_send_releases_its_key_and_retries_later(
    world: World, kickoff: CohortEvent, settings
) -> None:
    locmem = settings.MAILERS
    settings.MAILERS = unreachable_smtp()
    assert send_event_mails.call(kickoff.pk) is None  # re-enqueued, not raised
    assert SentMail.objects.count() == 0
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    settings.MAILERS = locmem
    assert send_event_mails.call(kickoff.pk) == 2
    assert len(mail.outbox) == 2


def test_nothing_is_enqueued_before_the_commit(world: World, tandem: Tandem) -> None:
    event = plan(world, tandem, kind=EventKind.WRAPUP)
    services.invite(event=event, actor=world.program_manager)
    assert DBTaskResult.objects.count() == 0


def test_a_task_for_a_deleted_event_sends_nothing() -> None:
    assert send_event_mails.call(999999) == 0
    assert mail.outbox == []
