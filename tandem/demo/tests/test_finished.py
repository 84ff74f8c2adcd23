"""The finished demo cohort: formed and lived through for real, evaluated, closed, with results."""

from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from tandem.accounts.models import User
from tandem.core.models import SentMail
from tandem.demo.finished import PERSONA_QUOTE, QUOTES
from tandem.demo.people import NORDLICHT
from tandem.events.models import CohortEvent
from tandem.matching.models import RunStatus
from tandem.meetings.models import Meeting, MeetingState
from tandem.programs.models import Cohort, CohortState, Role, Tandem, TandemState
from tandem.reports.certificates import certificate_mentors, own_certificates
from tandem.reports.selectors import cohort_results
from tandem.surveys.models import Phase, Respondent
from tandem.workspace.models import Feedback, Quote

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 25, 9, tzinfo=UTC)
AYLIN = f"aylin.oeztuerk@{NORDLICHT}.example"


@pytest.fixture
def finished(django_capture_on_commit_callbacks: Any) -> Iterator[Cohort]:
    with time_machine.travel(TODAY, tick=False):
        for step in ("people", "cohorts", "running"):
            call_command("seed_demo", "--only", step, stdout=StringIO())
        mail.outbox.clear()
        out = StringIO()
        # What seeding leaves for after its commit runs, as it would outside a test.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", "--only", "finished", stdout=out)
        assert "Winter 2025/26" in out.getvalue()
        yield Cohort.objects.select_related("organization", "program").get(
            state=CohortState.COMPLETED
        )


def test_seeding_again_changes_nothing_and_the_cohort_ended_before_the_running_one(
    finished: Cohort,
) -> None:
    running = Cohort.objects.get(state=CohortState.RUNNING)
    assert finished.program == running.program
    assert finished.kickoff < finished.midterm < finished.wrapup < running.kickoff
    assert 150 <= (TODAY.date() - finished.kickoff).days <= 300
    cohorts = Cohort.objects.count()
    with time_machine.travel(TODAY, tick=False):
        out = StringIO()
        call_command("seed_demo", "--only", "finished", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Cohort.objects.count() == cohorts
    assert Cohort.objects.filter(state=CohortState.COMPLETED).count() == 1


def test_tandems_were_matched_for_real_met_for_months_and_one_was_ended_early(
    finished: Cohort,
) -> None:
    run = finished.matching_runs.get()
    assert run.status == RunStatus.DONE
    tandems = list(finished.tandems.all())
    assert 16 <= len(tandems) <= 24
    assert all(t.accepted is not None and t.reasons for t in tandems)
    assert sum(t.ended_early for t in tandems) == 1
    assert {t.state for t in tandems} == {TandemState.ACCEPTED, TandemState.DISSOLVED}
    held = Meeting.objects.filter(tandem__cohort=finished, state=MeetingState.HELD)
    assert held.count() >= 100
    assert not held.filter(start__date__gt=finished.wrapup).exists()
    assert Feedback.objects.filter(meeting__tandem__cohort=finished).count() >= 150
    assert CohortEvent.objects.filter(cohort=finished).count() == 4
    # Nothing was mailed or left for the worker: this is history.
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()
    assert not SentMail.objects.exists()


def test_most_mentors_and_mentees_answered_both_surveys(finished: Cohort) -> None:
    for phase in (Phase.MIDTERM, Phase.FINAL):
        for role in (Role.MENTOR, Role.MENTEE):
            asked = Respondent.objects.filter(
                survey__cohort=finished, survey__phase=phase, role=role
            )
            answered = asked.filter(answered=True).count()
            assert answered >= 5
            assert 0.6 * asked.count() <= answered


def test_the_results_show_satisfaction_growth_attendance_quotes_and_lessons(
    finished: Cohort,
) -> None:
    with time_machine.travel(TODAY, tick=False):
        results = cohort_results(finished)
    assert results.participation.ended_early == 1
    assert results.meetings.held >= 100
    shown = {(s.phase, s.group) for s in results.satisfaction if s.mean is not None}
    for phase in (Phase.MIDTERM, Phase.FINAL):
        assert {(phase, Role.MENTOR), (phase, Role.MENTEE)} <= shown
    assert any(g.change is not None and g.change > 0 for g in results.growth)
    assert len(results.events) == 4
    assert all(e.attended is not None for e in results.events)
    assert results.taught
    assert 4 <= len(results.lessons) <= 6
    # Only the words both partners agreed to; the one only its mentor agreed to stays out.
    agreed = Quote.objects.filter(
        tandem__cohort=finished, mentor_agreed=True, mentee_agreed=True
    ).values_list("text", flat=True)
    one_sided = [text for _writer, text, both in QUOTES if not both]
    assert sorted(results.quotes) == sorted(agreed)
    assert len(results.quotes) >= 3
    assert one_sided
    assert not set(one_sided) & set(results.quotes)
    assert Quote.objects.filter(tandem__cohort=finished, text__in=one_sided).exists()


def test_the_program_manager_sees_the_results_page_with_the_agreed_quotes(
    finished: Cohort,
) -> None:
    client = Client()
    client.force_login(User.objects.get(email=f"programm@{NORDLICHT}.example"))
    path = reverse("reports:cohort_results", args=[NORDLICHT, finished.public_id])
    with time_machine.travel(TODAY, tick=False):
        response = client.get(path, secure=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert PERSONA_QUOTE[1] in page
    assert all(escape(text) not in page for _writer, text, both in QUOTES if not both)


def test_the_mentor_persona_has_a_certificate_for_another_mentee_than_in_the_running_cohort(
    finished: Cohort,
) -> None:
    own = Tandem.objects.get(cohort=finished, mentor__employee__user__email=AYLIN)
    running = Tandem.objects.get(
        cohort__state=CohortState.RUNNING, mentor__employee__user__email=AYLIN
    )
    assert own.state == TandemState.ACCEPTED
    assert own.mentee.employee_id != running.mentee.employee_id
    assert Quote.objects.get(tandem=own).mentee_agreed
    aylin = User.objects.get(email=AYLIN)
    with time_machine.travel(TODAY, tick=False):
        assert list(own_certificates(aylin, finished.organization)) == [own.mentor]
        (certificate,) = certificate_mentors(finished, mentor=own.mentor)
    assert certificate.topics
    assert certificate.meetings >= 5
