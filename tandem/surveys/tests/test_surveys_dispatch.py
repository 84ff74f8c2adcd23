"""Surveys go out on the cohort's timeline: invitations once, one reminder to the silent."""

from datetime import timedelta

import pytest
from django.core import mail

from conftest import TEST_BASE_URL, World
from tandem.core.tests.mail import unreachable_smtp
from tandem.surveys import dispatch
from tandem.surveys.models import Phase, Respondent, Survey
from tandem.surveys.tests.helpers import answer_all, running_cohort

pytestmark = pytest.mark.django_db


def test_a_pass_creates_the_surveys_and_invites_every_participant_once(world: World) -> None:
    cohort = running_cohort(world, tandems=3)
    sent = dispatch.run_pass()
    midterm = Survey.objects.get(cohort=cohort, phase=Phase.MIDTERM)
    assert Survey.objects.filter(cohort=cohort).count() == 2
    assert sent == 6 == midterm.respondents.count()
    assert {m.to[0] for m in mail.outbox} >= {world.mentor.email, world.mentee.email}
    mine = next(m for m in mail.outbox if m.to == [world.mentee.email])
    assert "Halbzeit" in mine.subject  # the mentee's language
    assert f"{TEST_BASE_URL}/nordwind/surveys/{midterm.public_id}/" in mine.body
    assert "anonym" in mine.body
    mail.outbox.clear()
    assert dispatch.run_pass() == 0  # repeating sends nothing
    assert mail.outbox == []


def test_an_english_reader_gets_the_subject_in_english(world: World) -> None:
    """The phase and the closing date follow the recipient's language, not the pass's."""
    cohort = running_cohort(world, tandems=1)
    world.mentor.language = "en"
    world.mentor.save(update_fields=["language"])
    dispatch.run_pass()
    survey = Survey.objects.get(cohort=cohort, phase=Phase.MIDTERM)
    english = next(m for m in mail.outbox if m.to == [world.mentor.email])
    german = next(m for m in mail.outbox if m.to == [world.mentee.email])
    assert english.subject == "Your opinion, please: Mid-term evaluation · Sommer 2027"
    assert "Halbzeit" in german.subject
    mail.outbox.clear()
    dispatch.run_pass(today=survey.closes - timedelta(days=survey.remind_days))
    reminder = next(m for m in mail.outbox if m.to == [world.mentor.email])
    closes = survey.closes
    assert f"{closes.day} {closes:%B} {closes.year}" in reminder.subject


def test_the_final_survey_waits_for_its_date(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    dispatch.run_pass()
    final = Survey.objects.get(cohort=cohort, phase=Phase.FINAL)
    assert final.opens > cohort.midterm
    assert final.closes < cohort.wrapup  # results are ready for the wrap-up
    assert not final.respondents.exists()


def test_one_reminder_goes_to_those_who_have_not_answered(world: World) -> None:
    cohort = running_cohort(world, tandems=3)
    dispatch.run_pass()
    survey = Survey.objects.get(cohort=cohort, phase=Phase.MIDTERM)
    answer_all(survey, "mentor")
    mail.outbox.clear()
    assert dispatch.run_pass() == 0  # too early for reminders
    remind_day = survey.closes - timedelta(days=survey.remind_days)
    assert dispatch.run_pass(today=remind_day) == 3
    assert {m.to[0] for m in mail.outbox} == set(
        Respondent.objects.filter(survey=survey, role="mentee").values_list(
            "registration__employee__user__email", flat=True
        )
    )
    assert all("Erinnerung" in m.subject for m in mail.outbox)
    assert dispatch.run_pass(today=remind_day + timedelta(days=1)) == 0


def test_nothing_goes_out_after_the_survey_closed(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    dispatch.run_pass()
    survey = Survey.objects.get(cohort=cohort, phase=Phase.MIDTERM)
    mail.outbox.clear()
    assert dispatch.run_pass(today=survey.closes + timedelta(days=1)) == 0


def test_a_mail_server_that_is_down_is_retried_by_the_next_pass(world: World, settings) -> None:
    cohort = running_cohort(world, tandems=2)
    settings.MAILERS = unreachable_smtp()
    assert dispatch.run_pass() == 0
    survey = Survey.objects.get(cohort=cohort, phase=Phase.MIDTERM)
    assert not survey.respondents.filter(invited__isnull=False).exists()  # claims released
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert dispatch.run_pass() == 4
