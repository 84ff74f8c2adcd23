"""Seeding the demo is silent by configuration: the services mail and enqueue, nothing leaves."""

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tandem.core.tests.mail import run_queued
from tandem.demo.silence import silenced
from tandem.matching import lifecycle, services
from tandem.matching.tasks import send_tandem_mails
from tandem.programs.models import Tandem

pytestmark = pytest.mark.django_db


def _configured() -> tuple[object, object]:
    return settings.MAILERS, settings.TASKS


def _mail() -> None:
    mail.EmailMessage("Betreff", "Text", to=["someone@example.org"]).send()


def test_publishing_while_silenced_queues_no_mail(
    world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    run = services.start_run(cohort=cohort, actor=world.program_manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, silenced():
        lifecycle.publish_run(run=run, actor=world.program_manager)
    assert Tandem.objects.count() == 1
    # What publishing left for after the test's commit ran while still silenced.
    assert callbacks == []
    assert run_queued() == 0
    assert mailoutbox == []


def test_mail_and_tasks_go_nowhere_inside_and_as_configured_after(mailoutbox) -> None:
    before = _configured()
    with silenced():
        _mail()
        send_tandem_mails.enqueue([])
        transaction.on_commit(_mail)
    assert mailoutbox == []
    assert not DBTaskResult.objects.exists()
    assert _configured() == before
    _mail()
    send_tandem_mails.enqueue([])
    assert len(mailoutbox) == 1
    assert DBTaskResult.objects.count() == 1


def test_a_failing_step_restores_the_configuration() -> None:
    before = _configured()
    with pytest.raises(RuntimeError), silenced():
        raise RuntimeError
    assert _configured() == before


def test_the_command_seeds_silenced(mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", "--only", "people", "--only", "cohorts", stdout=StringIO())
    # The cohorts step publishes a cohort through the matching services.
    assert Tandem.objects.exists()
    assert callbacks == []
    assert mailoutbox == []
    assert not DBTaskResult.objects.exists()
