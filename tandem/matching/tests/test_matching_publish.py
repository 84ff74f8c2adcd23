"""Publishing a run: tandems, seats, the cohort's state, once only, and the partners' e-mails."""

import re
import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import TEST_BASE_URL
from tandem.core.tests.mail import FailingBackend, run_queued
from tandem.matching import lifecycle, services
from tandem.matching.tests.helpers import add_person, add_pool
from tandem.programs.models import Enrollment, Tandem
from tandem.programs.tests.factories import CohortFactory


@pytest.fixture
def run(world, cohort):
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    return services.start_run(cohort=cohort, actor=world.program_manager)


@pytest.mark.django_db
def test_publishing_creates_tandems_takes_seats_and_publishes_the_cohort(
    world, cohort, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tandems = lifecycle.publish_run(run=run, actor=world.program_manager)
    assert len(tandems) == 1
    tandem = Tandem.objects.get()
    assert (tandem.mentor.employee, tandem.mentee.employee) == (
        world.mentor_employee,
        world.mentee_employee,
    )
    assert tandem.state == "proposed"
    assert tandem.reasons
    assert tandem.score == run.result["tandems"][0]["score"]
    assert (tandem.respond_by - timezone.localdate(tandem.created)).days == cohort.response_days
    cohort.refresh_from_db()
    assert cohort.state == "published"
    assert Enrollment.objects.get(role="mentor").taken == 1
    run.refresh_from_db()
    assert run.published is not None


@pytest.mark.django_db
def test_a_run_is_published_once(world, run, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    assert mailoutbox == []  # the partners' mails go out from the worker (REL-05)
    assert run_queued() == 1
    assert Tandem.objects.count() == 1
    assert len(mailoutbox) == 2
    assert Enrollment.objects.get(role="mentor").taken == 1


@pytest.mark.django_db
def test_a_mail_server_failure_is_retried_for_the_partners_not_reached(
    world, run, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FailingBackend.mailers(good=1, error=smtplib.SMTPServerDisconnected("x"))
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    run_queued()
    assert len(mailoutbox) == 1
    (retry,) = DBTaskResult.objects.filter(status="READY")
    assert len(retry.args_kwargs["kwargs"]["only"]) == 1
    assert retry.run_after > timezone.now()


@pytest.mark.django_db
def test_a_stale_copy_of_the_run_cannot_publish_again(world, run):
    stale = type(run).objects.get(pk=run.pk)
    lifecycle.publish_run(run=run, actor=world.program_manager)
    stale.cohort.state = "matching"  # as read before the other publish
    with pytest.raises(ValidationError):
        lifecycle.publish_run(run=stale, actor=world.program_manager)
    assert Tandem.objects.count() == 1


@pytest.mark.django_db
def test_a_full_mentor_rolls_the_whole_publish_back(world, cohort, run):
    add_person(cohort, "mentee")
    Enrollment.objects.filter(role="mentor").update(taken=1)  # someone took the seat meanwhile
    with pytest.raises(ValidationError, match="keinen freien Platz"):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    assert not Tandem.objects.exists()
    run.refresh_from_db()
    cohort.refresh_from_db()
    assert run.published is None
    assert cohort.state == "registration"


@pytest.mark.django_db
def test_both_partners_get_a_mail_in_their_own_language(
    world, run, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish_run(run=run, actor=world.program_manager)
    run_queued()
    by_recipient = {message.to[0]: message for message in mailoutbox}
    mentor_mail = by_recipient["mentor@nordwind.example"]
    mentee_mail = by_recipient["mentee@nordwind.example"]

    assert mentor_mail.subject == "Your reverse mentoring tandem"
    assert "Your mentee: Martin Mentee (Finanzen)" in mentor_mail.body
    assert "Why you were matched" in mentor_mail.body
    # Reasons are told to the reader, not written as notes for the program team.
    assert "You know about what Martin wants to learn: Topic ai." in mentor_mail.body
    assert "%" not in mentor_mail.body

    assert mentee_mail.subject == "Ihr Reverse-Mentoring-Tandem"
    assert "Ihr:e Mentor:in: Mia Mentorin (IT)" in mentee_mail.body
    assert "Mia kennt sich mit dem aus, was Sie lernen möchten: Thema ai." in mentee_mail.body

    tandem = Tandem.objects.get()
    link = f"{TEST_BASE_URL}/nordwind/tandems/{tandem.public_id}/"
    for message in (mentor_mail, mentee_mail):
        html, kind = message.alternatives[0]
        assert kind == "text/html"
        assert link in message.body
        assert link in html
        # SEC-05: nothing from elsewhere, only the link back to Tandem.
        assert set(re.findall(r"https?://[^\s\"'<]+", html)) == {link}


@pytest.mark.django_db
def test_publishing_takes_one_query_per_mentor_and_one_insert_for_all_tandems(world) -> None:
    counts = []
    for size in (2, 12):
        cohort = CohortFactory(organization=world.organization)
        add_pool(cohort, mentors=size, mentees=size)
        run = services.start_run(cohort=cohort, actor=world.program_manager)
        with CaptureQueriesContext(connection) as captured:
            tandems = lifecycle.publish_run(run=run, actor=world.program_manager)
        assert len(tandems) == size
        counts.append(len(captured))
    # Ten more mentors (one seat UPDATE each); the tandems themselves cost nothing more.
    assert counts[1] - counts[0] == 10
