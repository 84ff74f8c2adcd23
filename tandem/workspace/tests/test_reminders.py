"""Reminders before meetings and nudges after them: due once, sent once (REL-05, REL-06)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import TEST_BASE_URL, World
from tandem.core.models import SentMail
from tandem.core.tasks import send_once
from tandem.core.tests.mail import FailingBackend, run_worker
from tandem.meetings import services
from tandem.meetings.models import Meeting, MeetingState
from tandem.meetings.tests.helpers import accept
from tandem.programs.models import Tandem, TandemState
from tandem.workspace import reminders
from tandem.workspace.models import Feedback, Takeaway

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 5, 3, 8, 30, tzinfo=BERLIN)  # no DST change near it
SENTINEL = "Geheimnis-7f3a"


@pytest.fixture
def running(world: World, tandem: Tandem) -> Tandem:
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    world.mentee.language = "de"
    world.mentee.save(update_fields=["language"])
    return accept(tandem)


def meeting_at(tandem: Tandem, start: datetime, **fields: object) -> Meeting:
    return Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=start,
        minutes=45,
        place="Café am Hafen",
        online_link="https://meet.example/tandem",
        **fields,
    )


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return reminders.run_pass()


def sent_to(address: str) -> list[str]:
    return [str(m.subject) for m in mail.outbox if m.to == [address]]


def test_a_day_before_both_partners_are_reminded_in_their_language(
    world: World, running: Tandem
) -> None:
    meeting = meeting_at(running, MONDAY)
    assert run_at(MONDAY - timedelta(hours=24, minutes=1)) == 0  # not yet due
    assert run_at(MONDAY - timedelta(hours=23, minutes=58)) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    english, german = by_recipient[world.mentor.email], by_recipient[world.mentee.email]
    assert english.subject == "Reminder: tandem meeting with Martin Mentee"
    assert german.subject == "Erinnerung: Tandem-Treffen mit Mia Mentorin"
    assert "3 May 2027, 08:30" in english.body  # Berlin time, not UTC (6:30)
    assert "3. Mai 2027 08:30" in german.body
    for message in (english, german):
        assert "Café am Hafen" in message.body
        assert "https://meet.example/tandem" in message.body
        assert f"{TEST_BASE_URL}/nordwind/tandems/{running.public_id}/" in message.body
    assert SentMail.objects.filter(key__contains=f":{meeting.pk}:before:").count() == 2


def test_running_the_scheduler_twice_sends_nothing_twice(world: World, running: Tandem) -> None:
    meeting_at(running, MONDAY)
    moment = MONDAY - timedelta(hours=20)
    assert run_at(moment) == 2
    assert run_at(moment) == 0
    assert run_at(moment + timedelta(hours=3)) == 0
    with time_machine.travel(moment, tick=False):
        call_command("run_reminders", verbosity=0)
    assert len(sent_to(world.mentor.email)) == len(sent_to(world.mentee.email)) == 1


def test_overlapping_passes_cannot_both_send(running: Tandem) -> None:
    meeting_at(running, MONDAY)
    moment = MONDAY - timedelta(hours=20)
    with time_machine.travel(moment, tick=False):
        stale = reminders.due_messages(moment)  # a pass that looked before the other sent
        assert reminders.run_pass() == 2
        claims = ((d.claim(), reminders.render(d)) for d in stale)
        assert send_once(claims) == 0
    assert len(mail.outbox) == 2


def test_a_pass_killed_mid_batch_completes_without_duplicates(
    world: World, running: Tandem, settings
) -> None:
    for day in range(3):
        meeting_at(running, MONDAY + timedelta(hours=2 * day))
    settings.MAILERS = FailingBackend.mailers(good=2, error=SystemExit(1))
    moment = MONDAY - timedelta(hours=20)
    with pytest.raises(SystemExit):
        run_at(moment)
    assert len(mail.outbox) == 2
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run_at(moment + timedelta(minutes=5)) == 4
    keys = [(m.to[0], m.body) for m in mail.outbox]
    assert len(keys) == len(set(keys)) == 6
    assert len(sent_to(world.mentor.email)) == len(sent_to(world.mentee.email)) == 3


def test_a_mail_server_failure_ends_the_pass_and_the_next_one_retries(
    running: Tandem, settings
) -> None:
    meeting_at(running, MONDAY)
    settings.MAILERS = FailingBackend.mailers(good=1, error=ConnectionRefusedError())
    moment = MONDAY - timedelta(hours=20)
    assert run_at(moment) == 0
    assert len(mail.outbox) == 1
    assert SentMail.objects.count() == 1  # the failed one was released
    assert run_at(moment + timedelta(minutes=5)) == 1
    assert len({m.to[0] for m in mail.outbox}) == 2


def test_a_moved_meeting_is_reminded_for_its_new_time(
    world: World, running: Tandem, django_capture_on_commit_callbacks
) -> None:
    meeting = meeting_at(running, MONDAY)
    assert run_at(MONDAY - timedelta(hours=20)) == 2
    later = MONDAY + timedelta(days=2)
    with time_machine.travel(MONDAY - timedelta(hours=19), tick=False):
        services.move_meeting(meeting=meeting, actor=world.mentor, start=later, minutes=60)
    assert run_at(MONDAY - timedelta(hours=18)) == 0
    assert run_at(later - timedelta(hours=23)) == 2
    assert "5 May 2027, 08:30" in str(mail.outbox[-2].body) + str(mail.outbox[-1].body)
    assert run_at(later - timedelta(hours=22)) == 0


@pytest.mark.parametrize("state", [MeetingState.CANCELLED, MeetingState.HELD])
def test_cancelled_or_held_meetings_get_no_reminder(running: Tandem, state: str) -> None:
    meeting_at(running, MONDAY, state=state)
    assert run_at(MONDAY - timedelta(hours=20)) == 0


@pytest.mark.parametrize("state", [TandemState.PROPOSED, TandemState.DISSOLVED])
def test_tandems_not_running_get_no_reminders(running: Tandem, state: str) -> None:
    Tandem.objects.filter(pk=running.pk).update(state=state)
    meeting_at(running, MONDAY)
    assert run_at(MONDAY - timedelta(hours=20)) == 0
    assert run_at(MONDAY + timedelta(days=2)) == 0


def test_no_reminder_once_the_meeting_has_begun(running: Tandem) -> None:
    meeting_at(running, MONDAY)
    assert run_at(MONDAY + timedelta(minutes=1)) == 0


def test_a_partner_without_login_or_address_is_skipped(world: World, running: Tandem) -> None:
    world.mentee.email = ""
    world.mentee.save(update_fields=["email"])
    meeting_at(running, MONDAY)
    assert run_at(MONDAY - timedelta(hours=20)) == 1
    assert mail.outbox[0].to == [world.mentor.email]


def test_a_meeting_still_planned_a_day_after_its_end_asks_to_be_marked(
    world: World, running: Tandem
) -> None:
    meeting = meeting_at(running, MONDAY)
    end = MONDAY + timedelta(minutes=45)
    run_at(MONDAY - timedelta(hours=20))
    mail.outbox.clear()
    assert run_at(end + timedelta(hours=23)) == 0
    assert run_at(end + timedelta(days=1)) == 2
    english = sent_to(world.mentor.email)
    assert english == ["Did your tandem meeting with Martin Mentee take place?"]
    assert sent_to(world.mentee.email) == ["Hat Ihr Tandem-Treffen mit Mia Mentorin stattgefunden?"]
    assert run_at(end + timedelta(days=2)) == 0  # once per partner and meeting
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.CANCELLED)
    assert run_at(end + timedelta(days=3)) == 0


def test_an_old_meeting_is_not_nudged_when_reminders_start(running: Tandem) -> None:
    meeting_at(running, MONDAY)
    assert run_at(MONDAY + timedelta(days=30)) == 0


def test_after_a_held_meeting_each_partner_is_nudged_for_what_is_missing(
    world: World, running: Tandem
) -> None:
    meeting = meeting_at(running, MONDAY, state=MeetingState.HELD)
    Feedback.objects.create(
        organization=running.organization,
        meeting=meeting,
        author="mentor",
        rating=4,
        comment=SENTINEL,
    )
    end = MONDAY + timedelta(minutes=45)
    assert run_at(end + timedelta(days=1, hours=23)) == 0
    assert run_at(end + timedelta(days=2)) == 2
    english = next(m for m in mail.outbox if m.to == [world.mentor.email])
    german = next(m for m in mail.outbox if m.to == [world.mentee.email])
    assert english.subject == "After your tandem meeting with Martin Mentee"
    assert "takeaways" in english.body
    assert "feedback" not in english.body  # the mentor gave theirs
    assert "Erkenntnisse" in german.body
    assert "Feedback" in german.body
    for message in mail.outbox:
        assert SENTINEL not in message.body
        assert SENTINEL not in str(message.alternatives)
    assert run_at(end + timedelta(days=3)) == 0


def test_a_complete_meeting_gets_no_nudge(running: Tandem) -> None:
    meeting = meeting_at(running, MONDAY, state=MeetingState.HELD)
    Takeaway.objects.create(
        organization=running.organization, meeting=meeting, author="mentee", text=SENTINEL
    )
    for role in ("mentor", "mentee"):
        Feedback.objects.create(
            organization=running.organization, meeting=meeting, author=role, rating=5
        )
    assert run_at(MONDAY + timedelta(days=3)) == 0


def test_the_ledger_key_is_unique(running: Tandem, world: World) -> None:
    meeting = meeting_at(running, MONDAY)
    key = reminders.reminder_key(world.mentor.pk, meeting.pk, "before", MONDAY)
    SentMail.objects.create(organization=running.organization, key=key)
    with pytest.raises(IntegrityError):
        SentMail.objects.create(organization=running.organization, key=key)


def test_the_key_names_the_due_moment_in_utc_whatever_zone_it_was_computed_in() -> None:
    in_utc = reminders.reminder_key(7, 11, "mark", MONDAY.astimezone(UTC))
    assert reminders.reminder_key(7, 11, "mark", MONDAY) == in_utc
    assert in_utc == "reminder:7:11:mark:2027-05-03T06:30:00+00:00"


# --- REL-06: the weeks around the last Sundays of March and October ----------------------------

DST_WEEKS = st.sampled_from(
    [datetime(2026, 3, 26), datetime(2026, 10, 22), datetime(2027, 3, 24), datetime(2027, 10, 28)]
)


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    week=DST_WEEKS,
    start=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2027, 12, 31),
        timezones=st.just(BERLIN),
    ),
    phase=st.integers(min_value=0, max_value=59),
)
def test_around_dst_changes_a_reminder_is_neither_repeated_nor_skipped(
    world: World, running: Tandem, week: datetime, start: datetime, phase: int
) -> None:
    # Move the drawn wall-clock moment into the week around a change (Thursday to Wednesday).
    day = week.date() + timedelta(days=start.toordinal() % 7)
    local = datetime.combine(day, start.time().replace(microsecond=0), tzinfo=BERLIN)
    start = local.astimezone(UTC)
    Meeting.objects.all().delete()
    mail.outbox.clear()
    meeting_at(running, start)
    # The scheduler ticks every 20 minutes around the due moment, then hourly until the start.
    first = start - timedelta(hours=26) + timedelta(minutes=phase % 20)
    ticks = [first + timedelta(minutes=20 * n) for n in range(4 * 3)]
    ticks += [ticks[-1] + timedelta(hours=n) for n in range(1, 23)]
    due = start - timedelta(hours=24)
    fired = [tick for tick in ticks if tick < start and run_at(tick)]
    assert len(fired) == 1
    assert due <= fired[0] < due + timedelta(minutes=20)
    assert len(sent_to(world.mentor.email)) == len(sent_to(world.mentee.email)) == 1


@pytest.mark.django_db(transaction=True)  # the real worker closes its connection
def test_the_scheduler_enqueues_a_pass_that_the_worker_runs(world: World, running: Tandem) -> None:
    meeting_at(running, MONDAY)
    with time_machine.travel(MONDAY - timedelta(hours=20), tick=False):
        call_command("run_scheduler", "--once")
        queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
        assert "tandem.workspace.tasks.run_reminders" in queued  # with the other periodic passes
        run_worker()
        call_command("run_scheduler", "--once")
        run_worker()
    passes = len(settings.TANDEM_PERIODIC_TASKS)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2 * passes
    assert len(sent_to(world.mentor.email)) == len(sent_to(world.mentee.email)) == 1
