"""Mail tasks retry with backoff when the mail server fails, and send each message once (REL-05)."""

import logging
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django_tasks_db.models import DBTaskResult

from conftest import World
from tandem.core.models import SentMail
from tandem.core.tasks import backoff
from tandem.core.tests.mail import FailingBackend, run_worker, unreachable_smtp
from tandem.meetings import services
from tandem.meetings.tests.helpers import accept
from tandem.people.tests.factories import EmployeeFactory, UserFactory
from tandem.programs.models import Cohort, Tandem
from tandem.programs.tasks import send_invitations

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

NOW = datetime(2027, 5, 3, 7, tzinfo=UTC)
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_backoff_grows_fivefold_and_is_capped() -> None:
    assert [backoff(n) for n in range(1, 6)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=25),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def _schedule(world: World, tandem: Tandem, capture) -> None:
    accept(tandem)
    with capture(execute=True):
        services.schedule_meeting(
            tandem=tandem,
            actor=world.mentor,
            start=NOW + timedelta(days=5),
            minutes=45,
            place="Café am Hafen",
        )


def test_a_refused_connection_retries_later_and_then_sends_once(
    world: World, tandem: Tandem, settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAILERS = unreachable_smtp()
    with time_machine.travel(NOW, tick=False):
        _schedule(world, tandem, django_capture_on_commit_callbacks)  # the request is unaffected
        run_worker()
    first = DBTaskResult.objects.get(status="SUCCESSFUL")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == first.task_path == "tandem.meetings.tasks.send_calendar_mails"
    assert retry.run_after == NOW + timedelta(minutes=1)
    assert retry.args_kwargs == {"args": first.args_kwargs["args"], "kwargs": {"attempt": 2}}
    assert not SentMail.objects.exists()  # the keys were released
    assert mail.outbox == []

    settings.MAILERS = LOCMEM
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        run_worker()  # not due yet
    assert mail.outbox == []
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        run_worker()
        run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.mentor.email, world.mentee.email])
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


def test_a_failure_after_one_message_resends_only_the_other(
    world: World, tandem: Tandem, settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAILERS = FailingBackend.mailers(good=1, error=smtplib.SMTPServerDisconnected())
    with time_machine.travel(NOW, tick=False):
        _schedule(world, tandem, django_capture_on_commit_callbacks)
        run_worker()
    assert len(mail.outbox) == 1
    assert SentMail.objects.count() == 1
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.mentor.email, world.mentee.email])


def test_the_task_gives_up_after_the_last_attempt(
    world: World, tandem: Tandem, settings, django_capture_on_commit_callbacks, caplog
) -> None:
    settings.MAILERS = unreachable_smtp()
    settings.TANDEM_MAIL_RETRY_ATTEMPTS = 3
    with time_machine.travel(NOW, tick=False):
        _schedule(world, tandem, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.WARNING, logger="tandem.tasks"):
        for minutes in (0, 1, 6, 31):
            with time_machine.travel(NOW + timedelta(minutes=minutes), tick=False):
                run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "send_calendar_mails gave up after 3 attempts" in caplog.text
    assert mail.outbox == []


def test_a_batch_retries_only_the_recipients_not_reached(
    world: World, cohort: Cohort, settings
) -> None:
    people = []
    for n in range(4):
        user = UserFactory(email=f"p{n}@nordwind.example")
        people.append(EmployeeFactory(organization=world.organization, user=user, email=user.email))
    settings.MAILERS = FailingBackend.mailers(good=2, error=ConnectionResetError())
    recipients = [[employee.pk, 0] for employee in people]
    with time_machine.travel(NOW, tick=False):
        send_invitations.enqueue(cohort.pk, recipients)
        run_worker()
    assert [m.to[0] for m in mail.outbox] == ["p0@nordwind.example", "p1@nordwind.example"]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2, "only": [people[2].pk, people[3].pk]}
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@nordwind.example" for n in range(4)]
