"""The demo's running cohort has an open mid-term survey with enough answers to show results."""

from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.demo.people import NORDLICHT
from tandem.programs.models import Cohort, CohortState
from tandem.surveys.models import Phase, Respondent, Survey
from tandem.surveys.selectors import survey_results
from tandem.surveys.tests.helpers import close

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 25, 9, tzinfo=UTC)


@pytest.fixture
def survey(django_capture_on_commit_callbacks: Any) -> Iterator[Survey]:
    with time_machine.travel(TODAY, tick=False):
        for step in ("people", "cohorts", "running"):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("seed_demo", "--only", step, stdout=StringIO())
        out = StringIO()
        call_command("seed_demo", "--only", "surveys", stdout=out)
        assert "Sommer 2026" in out.getvalue()
        cohort = Cohort.objects.get(state=CohortState.RUNNING)
        yield Survey.objects.select_related("organization", "cohort").get(
            cohort=cohort, phase=Phase.MIDTERM
        )


def test_most_answered_and_the_results_show_once_it_has_closed(survey: Survey) -> None:
    asked = survey.respondents.count()
    answered = survey.respondents.filter(answered=True).count()
    assert asked >= 30
    assert 0.6 * asked <= answered < asked
    with time_machine.travel(TODAY, tick=False):
        open_now = survey_results(survey)
    assert all(row.answered is not None for row in open_now.participation)
    assert not open_now.released
    assert open_now.questions == ()
    shown = survey_results(close(survey))
    satisfaction = next(q for q in shown.questions if q.info.key == "satisfaction")
    assert all(g.stat is not None for g in satisfaction.groups)


def test_the_mentee_persona_can_still_answer_and_seeding_again_changes_nothing(
    survey: Survey,
) -> None:
    mentee = User.objects.get(email=f"juergen.weiss@{NORDLICHT}.example")
    assert not Respondent.objects.get(survey=survey, registration__employee__user=mentee).answered
    client = Client()
    client.force_login(mentee)
    with time_machine.travel(TODAY, tick=False):
        path = reverse("surveys:answer", args=[NORDLICHT, survey.public_id])
        assert "q_satisfaction" in client.get(path, secure=True).content.decode()
        before = survey.responses.count()
        out = StringIO()
        call_command("seed_demo", "--only", "surveys", stdout=out)
        assert "nothing changed" in out.getvalue()
        assert survey.responses.count() == before
