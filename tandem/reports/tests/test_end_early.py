"""The program team ends a tandem early: seat freed, meetings ahead cancelled in calendars,
both partners told kindly in their language, and the mentee can be matched again."""

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from tandem.accounts.models import User
from tandem.core.models import AuditEntry
from tandem.core.tests.mail import unreachable_smtp
from tandem.matching import lifecycle
from tandem.matching import services as matching
from tandem.matching.tests.helpers import add_person
from tandem.meetings import services
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.tests.helpers import accept, events, parse
from tandem.programs.models import Enrollment, Tandem, TandemState
from tandem.programs.tests.factories import TandemFactory

pytestmark = pytest.mark.django_db

NOTE = "Interne Notiz: SENTINEL-Notiz-91"


@pytest.fixture
def languages(world: World) -> None:
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])


@pytest.fixture
def agreed(world: World, tandem: Tandem, django_capture_on_commit_callbacks) -> Tandem:
    """An accepted tandem with a series ahead, a single date ahead and one meeting held."""
    accept(tandem)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_series(
            tandem=tandem,
            actor=world.mentee,
            weekday=today.weekday(),
            local_time=timezone.localtime().time().replace(second=0, microsecond=0),
            interval_weeks=2,
            minutes=45,
            starts=today + timedelta(days=1),
            until=today + timedelta(days=60),
        )
        services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=timezone.now() + timedelta(days=3),
            minutes=45,
        )
    Meeting.objects.create(
        organization=tandem.organization,
        tandem=tandem,
        start=timezone.now() - timedelta(days=10),
        state=MeetingState.HELD,
    )
    _run_queued()
    mail.outbox.clear()
    return tandem


def _run_queued() -> None:
    """Deliver every queued task (calendar and ended mails) once, as a worker would."""
    for queued in DBTaskResult.objects.order_by("enqueued_at"):
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    DBTaskResult.objects.all().delete()


def _without_calendar(messages: list[Any]) -> list[Any]:
    return [m for m in messages if "text/calendar" not in str(m.message())]


def _end(world: World, tandem: Tandem, capture: Any, **data: str) -> Any:
    url = reverse("reports:tandem_end", args=[world.organization.slug, tandem.public_id])
    with capture(execute=True):
        return client_for(world, "program_manager").post(url, data, secure=True)


def _calendar(message: Any) -> Any:
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_param("method") for p in parts] == ["CANCEL", "CANCEL"]
    return parse(parts[0].get_content())


def test_ending_frees_the_seat_and_records_who_why_and_when(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    response = _end(world, agreed, django_capture_on_commit_callbacks, reason="time", note=NOTE)

    assert response.status_code == 302
    assert response["Location"].endswith(f"/cohorts/{agreed.cohort.public_id}/health/")
    agreed.refresh_from_db()
    assert agreed.state == TandemState.DISSOLVED
    assert agreed.ended_early
    assert agreed.ended is not None
    assert (agreed.end_reason, agreed.end_note, agreed.ended_by) == (
        "time",
        NOTE,
        world.program_manager,
    )
    assert Enrollment.objects.get(pk=agreed.mentor_id).taken == 0
    entry = AuditEntry.objects.get(action="meetings.tandem.ended_early")
    assert entry.changes["end_reason"] == [None, "time"]
    assert NOTE not in str(entry.changes)
    assert AuditEntry.objects.filter(action="matching.tandem.dissolved").count() == 1


def test_meetings_ahead_are_cancelled_in_the_calendars(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    series = MeetingSeries.objects.get(tandem=agreed)
    single = Meeting.objects.get(tandem=agreed, series__isnull=True, state=MeetingState.PLANNED)

    _end(world, agreed, django_capture_on_commit_callbacks, reason="mismatch")
    _run_queued()
    _run_queued()  # a repeated delivery sends nothing twice

    states = Counter(Meeting.objects.filter(tandem=agreed).values_list("state", flat=True))
    assert states == {MeetingState.CANCELLED: series.meetings.count() + 1, MeetingState.HELD: 1}
    calendar_mails = [m for m in mail.outbox if "text/calendar" in str(m.message())]
    assert len(calendar_mails) == 4  # the series and the single date, to each partner
    uids = set()
    for message in calendar_mails:
        (event,) = events(_calendar(message))
        assert event["STATUS"] == "CANCELLED"
        assert "RECURRENCE-ID" not in event
        uids.add(str(event["UID"]))
    assert uids == {series.uid, single.uid}
    series.refresh_from_db()
    assert series.sequence == 1


def test_both_partners_are_told_kindly_in_their_language_without_the_note(
    world: World, agreed: Tandem, languages, django_capture_on_commit_callbacks
) -> None:
    _end(world, agreed, django_capture_on_commit_callbacks, reason="time", note=NOTE)
    assert _without_calendar(mail.outbox) == []  # the request sends nothing itself (REL-05)
    _run_queued()

    ended = {m.to[0]: m for m in _without_calendar(mail.outbox)}
    assert len(ended) == len(_without_calendar(mail.outbox)) == 2
    assert set(ended) == {world.mentor.email, world.mentee.email}
    english, german = ended[world.mentor.email], ended[world.mentee.email]
    assert english.subject == "Your reverse mentoring tandem has ended"
    assert "no time for the meetings" in english.body
    assert "Martin Mentee" in english.body
    assert german.subject == "Ihr Reverse-Mentoring-Tandem ist beendet"
    for message in (english, german):
        assert NOTE not in message.body
        assert NOTE not in str(message.alternatives)


def test_a_deactivated_login_gets_no_mail(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=world.mentee.pk).update(is_active=False)
    _end(world, agreed, django_capture_on_commit_callbacks, reason="time")
    _run_queued()
    assert {m.to[0] for m in _without_calendar(mail.outbox)} == {world.mentor.email}


def test_a_mail_server_that_is_down_does_not_fail_the_request(
    world: World, agreed: Tandem, settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAILERS = unreachable_smtp()
    response = _end(world, agreed, django_capture_on_commit_callbacks, reason="time")
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.ended_early
    assert DBTaskResult.objects.filter(task_path__endswith="send_tandem_ended").count() == 1


def test_a_second_post_says_it_has_ended_already(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    _end(world, agreed, django_capture_on_commit_callbacks, reason="time")
    _run_queued()
    mail.outbox.clear()

    response = _end(world, agreed, django_capture_on_commit_callbacks, reason="other")
    _run_queued()

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Dieses Tandem ist bereits beendet."
    ]
    agreed.refresh_from_db()
    assert agreed.end_reason == "time"
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        lifecycle.end_tandem_early(tandem=agreed, actor=world.program_manager, reason="time")
    assert Enrollment.objects.get(pk=agreed.mentor_id).taken == 0
    # The page of an ended tandem offers nothing more to end.
    page = client_for(world, "program_manager").get(
        reverse("reports:tandem_end", args=[world.organization.slug, agreed.public_id]),
        secure=True,
    )
    assert page.status_code == 302


def test_a_reason_is_required(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    response = _end(world, agreed, django_capture_on_commit_callbacks, reason="bored", note="x")

    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.state == TandemState.ACCEPTED


def test_a_proposal_can_end_too_and_the_page_offers_the_reason(
    world: World, tandem: Tandem
) -> None:
    url = reverse("reports:tandem_end", args=[world.organization.slug, tandem.public_id])
    page = client_for(world, "admin").get(f"{url}?reason=mismatch", secure=True)
    assert re.search(r'value="mismatch"[^>]*checked', page.content.decode())
    lifecycle.end_tandem_early(tandem=tandem, actor=world.admin, reason="mismatch")
    tandem.refresh_from_db()
    assert tandem.ended_early


def test_after_ending_early_the_mentee_is_matched_again_and_others_stay(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    cohort = agreed.cohort
    kept = TandemFactory(cohort=cohort, state=TandemState.ACCEPTED)
    spare_mentor = add_person(cohort, "mentor")
    _end(world, agreed, django_capture_on_commit_callbacks, reason="mismatch")

    run = matching.rematch(cohort=cohort, actor=world.program_manager)
    assert run.problem_size == {"mentors": 2, "mentees": 1}  # the freed seat takes part
    lifecycle.publish_run(run=run, actor=world.program_manager)

    new = Tandem.objects.get(mentee=agreed.mentee, state=TandemState.PROPOSED)
    assert new.mentor == spare_mentor  # never the pair that ended again
    kept_before = (kept.state, kept.mentor_id, kept.mentee_id)
    kept.refresh_from_db()
    assert (kept.state, kept.mentor_id, kept.mentee_id) == kept_before
    agreed.refresh_from_db()
    assert agreed.end_reason == "mismatch"


def test_the_health_page_offers_the_rematch_once_a_mentee_is_without_tandem(
    world: World, agreed: Tandem, django_capture_on_commit_callbacks
) -> None:
    health = reverse("reports:health", args=[world.organization.slug, agreed.cohort.public_id])
    answers = reverse("matching:answers", args=[world.organization.slug, agreed.cohort.public_id])
    client = client_for(world, "program_manager")
    assert answers not in client.get(health, secure=True).content.decode()

    _end(world, agreed, django_capture_on_commit_callbacks, reason="left")

    assert answers in client.get(health, secure=True).content.decode()
