"""A cohort's surveys: planned on its pages, stored by a save or the scheduler's pass (issue 15).

A page that reads writes nothing: before either stores them, the program team
sees the surveys as the cohort's timeline plans them. Saving one's settings
stores it and enqueues the pass through the service, not the view.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from tandem.surveys import dispatch, services, timeline
from tandem.surveys.models import Phase, Questionnaire, Survey
from tandem.surveys.tests.helpers import running_cohort

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(captured: CaptureQueriesContext) -> list[str]:
    """The statements that write, but the session's (its expiry moves on every request)."""
    return [
        sql
        for q in captured.captured_queries
        if (sql := q["sql"].lstrip()).startswith(WRITES) and '"django_session"' not in sql
    ]


def get_without_writing(world: World, path: str) -> str:
    client = client_for(world, "program_manager")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path, secure=True)
    assert page.status_code == 200
    assert writes(captured) == []
    return page.content.decode()


def test_the_surveys_page_shows_the_planned_surveys_without_storing_them(world: World) -> None:
    cohort = running_cohort(world, tandems=2)
    path = reverse("surveys:cohort_surveys", args=[world.organization.slug, cohort.public_id])
    html = get_without_writing(world, path)
    assert not Survey.objects.exists()
    assert not Questionnaire.objects.exists()  # the ready-made ones are not copied by a read
    midterm_opens, _closes = timeline.default_dates(cohort, Phase.MIDTERM)
    assert "Halbzeitevaluation" in html
    assert "Abschlussevaluation" in html
    with translation.override("de"):
        assert date_format(midterm_opens, "DATE_FORMAT") in html
    settings = reverse(
        "surveys:survey_settings", args=[world.organization.slug, cohort.public_id, "midterm"]
    )
    assert settings in html


def test_the_settings_of_a_planned_survey_are_read_without_writing(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    path = reverse(
        "surveys:survey_settings", args=[world.organization.slug, cohort.public_id, "final"]
    )
    get_without_writing(world, path)
    assert not Survey.objects.exists()
    assert not Questionnaire.objects.exists()


def test_a_phase_that_does_not_exist_is_not_found(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    path = reverse(
        "surveys:survey_settings", args=[world.organization.slug, cohort.public_id, "other"]
    )
    response = client_for(world, "program_manager").get(path, secure=True)
    assert response.status_code == 404


def test_saving_a_planned_survey_stores_it_with_the_ready_made_questionnaires(
    world: World,
) -> None:
    cohort = running_cohort(world, tandems=1)
    path = reverse(
        "surveys:survey_settings", args=[world.organization.slug, cohort.public_id, "midterm"]
    )
    opens, closes = timeline.default_dates(cohort, Phase.MIDTERM)
    data = {
        "opens": opens.isoformat(),
        "closes": closes.isoformat(),
        "remind_days": 2,
        "mentor_questionnaire": "midterm-mentor",
        "mentee_questionnaire": "midterm-mentee",
    }
    response = client_for(world, "program_manager").post(path, data, secure=True)
    assert response.status_code == 302
    survey = Survey.objects.get(cohort=cohort)  # the final survey stays planned
    assert (survey.phase, survey.opens, survey.closes) == ("midterm", opens, closes)
    assert survey.remind_days == 2
    assert survey.mentee_questionnaire is not None
    assert survey.mentee_questionnaire.key == "midterm-mentee"


def test_saving_enqueues_a_pass_from_the_service(
    world: World, django_capture_on_commit_callbacks
) -> None:
    """The service, not the view, enqueues: a survey that opens today goes out now."""
    cohort = running_cohort(world, tandems=1)
    opens, closes = timeline.default_dates(cohort, Phase.MIDTERM)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_survey(
            cohort=cohort,
            phase=Phase.MIDTERM,
            actor=world.program_manager,
            opens=opens,
            closes=closes,
            remind_days=3,
            mentor_questionnaire="midterm-mentor",
            mentee_questionnaire="midterm-mentee",
        )
    assert DBTaskResult.objects.filter(task_path="tandem.surveys.tasks.run_surveys").count() == 1


def test_a_pass_stores_the_surveys_a_save_left_planned(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    timeline.ensure_survey(cohort, Phase.MIDTERM)  # as a save of its settings does
    dispatch.run_pass()
    assert set(Survey.objects.filter(cohort=cohort).values_list("phase", flat=True)) == {
        "midterm",
        "final",
    }
