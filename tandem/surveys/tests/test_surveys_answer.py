"""Participants answer once; what they answer names nobody and carries no time (PRIV-03)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from conftest import World, client_for
from tandem.core.models import AuditEntry
from tandem.surveys import services, timeline
from tandem.surveys.models import Answer, Phase, Question, Respondent, Response, Survey
from tandem.surveys.tests.helpers import midterm, running_cohort

pytestmark = pytest.mark.django_db


def url(world: World, survey: Survey) -> str:
    return reverse("surveys:answer", args=[world.organization.slug, survey.public_id])


def complete(survey: Survey, role: str) -> dict[str, object]:
    data: dict[str, object] = {}
    for q in Question.objects.filter(questionnaire=survey.questionnaire_for(role)):
        if q.kind == "scale":
            data[f"q_{q.key}"] = "4"
        elif q.kind == "single":
            data[f"q_{q.key}"] = q.choices[0]["key"]
        elif q.kind == "multiple":
            data[f"q_{q.key}"] = [q.choices[0]["key"], q.choices[1]["key"]]
        elif q.kind == "text":
            data[f"q_{q.key}"] = "Mehr Zeit für Übungen"
    return data


def test_a_participant_answers_once(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    client = client_for(world, "mentee")
    page = client.get(url(world, survey), secure=True)
    assert page.status_code == 200
    assert "Halbzeit-Umfrage für Mentees" in page.content.decode()
    response = client.post(url(world, survey), complete(survey, "mentee"), secure=True)
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey, role="mentee").count() == 1
    assert Answer.objects.filter(text="Mehr Zeit für Übungen").exists()
    assert Respondent.objects.get(survey=survey, role="mentee").answered
    again = client.post(url(world, survey), complete(survey, "mentee"), secure=True, follow=True)
    assert Response.objects.count() == 1
    assert "beantwortet" in again.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="surveys.").exists()


def test_two_submits_store_one_answer(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    respondent = Respondent.objects.get(survey=survey, role="mentor")
    stale = Respondent.objects.get(pk=respondent.pk)  # as read by a second request
    services.submit(respondent=respondent, answers=[], today=survey.opens)
    with pytest.raises(ValidationError):
        services.submit(respondent=stale, answers=[], today=survey.opens)
    assert Response.objects.count() == 1


def test_missing_answers_are_explained_at_the_field(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    data = complete(survey, "mentor")
    del data["q_satisfaction"]
    data["q_meetings"] = "gibt-es-nicht"
    page = client_for(world, "mentor").post(url(world, survey), data, secure=True)
    assert page.status_code == 200
    form = page.context["form"]
    assert "q_satisfaction" in form.errors
    assert "q_meetings" in form.errors
    assert not Response.objects.exists()


def test_a_closed_survey_takes_no_answers(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    Survey.objects.filter(pk=survey.pk).update(
        opens=survey.opens - timedelta(days=20), closes=survey.opens - timedelta(days=1)
    )
    client = client_for(world, "mentee")
    page = client.get(url(world, survey), secure=True)
    assert "nicht für Antworten geöffnet" in page.content.decode()
    client.post(url(world, survey), complete(survey, "mentee"), secure=True)
    assert not Response.objects.exists()


def test_only_those_asked_reach_the_survey(world: World) -> None:
    survey = midterm(running_cohort(world, tandems=1))
    Respondent.objects.filter(survey=survey, role="mentor").delete()
    assert client_for(world, "mentor").get(url(world, survey), secure=True).status_code == 404


def test_the_self_assessment_keeps_the_level_at_registration(world: World) -> None:
    cohort = running_cohort(world, tandems=1)
    final = timeline.ensure_surveys(cohort)[1]
    Survey.objects.filter(pk=final.pk).update(opens=cohort.midterm, closes=cohort.midterm)
    final.refresh_from_db()
    assert final.phase == Phase.FINAL
    timeline.add_respondents(final)
    client = client_for(world, "mentee")
    page = client.get(url(world, final), secure=True)
    form = page.context["form"]
    assert "q_competence__ai" in form.fields  # the mentee's own topic only
    assert "q_competence__agile" not in form.fields
    data = complete(final, "mentee") | {"q_competence__ai": "4"}
    assert client.post(url(world, final), data, secure=True).status_code == 302
    answer = Answer.objects.get(topic="ai")
    assert answer.number == 4


def test_an_answer_has_no_way_back_to_its_person() -> None:
    """The schema itself: no foreign key to a person, no time, random keys."""
    for model in (Response, Answer):
        for f in model._meta.get_fields():
            if isinstance(f, models.ForeignKey):
                assert f.related_model.__name__ in {
                    "Organization",
                    "Survey",
                    "Response",
                    "Question",
                }
            assert not isinstance(f, models.DateTimeField | models.DateField), f.name
        assert isinstance(model._meta.pk, models.UUIDField)
    # Nothing copied from the registration (PRIV-03): an answer's columns are these, and none of
    # them holds a value of its author's registration that could be matched against it.
    assert {f.name for f in Answer._meta.get_fields()} == {
        "id",
        "organization",
        "response",
        "question",
        "topic",
        "number",
        "choices",
        "text",
    }
    assert {f.name for f in Response._meta.get_fields()} == {
        "id",
        "organization",
        "survey",
        "role",
        "answers",
    }
