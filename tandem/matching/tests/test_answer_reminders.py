"""Issue 14: a partner who has not answered a proposed tandem is reminded, once, before the
deadline — in their language, over SMTP, never twice, never after an answer."""

import smtplib
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from conftest import TEST_BASE_URL
from tandem.core.tests.mail import FailingBackend, Inbox
from tandem.matching import lifecycle, notices
from tandem.matching.tasks import remind_unanswered


def _due_soon(tandem, days: int = 2):
    tandem.respond_by = timezone.localdate() + timedelta(days=days)
    tandem.save(update_fields=["respond_by"])
    return tandem


@pytest.mark.django_db
def test_each_partner_without_an_answer_is_reminded_once_over_smtp(world, tandem, smtp: Inbox):
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    _due_soon(tandem)
    assert notices.remind_unanswered() == 2
    assert notices.remind_unanswered() == 0  # a second pass sends nothing

    mails = {
        recipients[0]: message_from_bytes(raw, policy=policy.default)
        for recipients, raw in smtp.messages
    }
    assert set(mails) == {"mentor@nordwind.example", "mentee@nordwind.example"}
    english = mails["mentor@nordwind.example"]
    assert english["Subject"].startswith("Your tandem in ")
    body = english.get_body(("plain",)).get_content()
    assert "Martin Mentee" in body
    assert "your answer is still missing" in body
    assert f"{TEST_BASE_URL}/nordwind/tandems/{tandem.public_id}/" in body
    german = mails["mentee@nordwind.example"].get_body(("plain",)).get_content()
    assert "Ihre Antwort fehlt noch" in german
    tandem.refresh_from_db()
    assert tandem.mentor_reminded is not None
    assert tandem.mentee_reminded is not None


@pytest.mark.django_db
def test_who_has_answered_hears_nothing(world, tandem, mailoutbox):
    _due_soon(tandem)
    lifecycle.answer_tandem(tandem=tandem, user=world.mentor, answer="accept")
    assert notices.remind_unanswered() == 1
    assert [message.to for message in mailoutbox] == [["mentee@nordwind.example"]]


@pytest.mark.django_db
@pytest.mark.parametrize("days", [3, -1])
def test_nobody_is_reminded_too_early_or_after_the_deadline(tandem, mailoutbox, days):
    _due_soon(tandem, days)
    assert notices.remind_unanswered() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_tandem_that_asks_for_a_change_is_not_chased(world, tandem, mailoutbox):
    _due_soon(tandem)
    lifecycle.answer_tandem(tandem=tandem, user=world.mentee, answer="change", reason="Zu nah.")
    assert notices.remind_unanswered() == 0


@pytest.mark.django_db
def test_a_mail_server_failure_leaves_the_reminder_for_the_next_pass(tandem, mailoutbox, settings):
    _due_soon(tandem)
    settings.MAILERS = FailingBackend.mailers(good=1, error=smtplib.SMTPServerDisconnected("x"))
    assert notices.remind_unanswered() == 1
    tandem.refresh_from_db()
    assert [tandem.mentor_reminded is None, tandem.mentee_reminded is None].count(True) == 1
    assert notices.remind_unanswered() == 1
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_scheduler_runs_the_reminders(tandem, mailoutbox):
    assert "tandem.matching.tasks.remind_unanswered" in django_settings.TANDEM_PERIODIC_TASKS
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        assert remind_unanswered.call() == 2


@pytest.mark.django_db
def test_the_answers_page_says_who_was_reminded(world, tandem):
    from conftest import client_for

    _due_soon(tandem)
    notices.remind_unanswered()
    page = client_for(world, "program_manager").get(
        reverse("matching:answers", args=[tandem.organization.slug, tandem.cohort.public_id])
    )
    text = page.content.decode()
    assert "erinnert am" in text
    assert "2 Tage vor Ablauf der Antwortfrist" in text
