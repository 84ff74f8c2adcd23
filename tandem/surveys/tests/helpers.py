"""A running cohort with tandems whose partners have logins, and answering for them."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from conftest import World
from tandem.people.tests.factories import UserFactory
from tandem.programs.models import Cohort, CohortState, TandemState
from tandem.programs.tests.factories import CohortFactory, RegistrationFactory, TandemFactory
from tandem.surveys import services, timeline
from tandem.surveys.models import Question, Respondent, Survey


def running_cohort(world: World, tandems: int) -> Cohort:
    """A running cohort (mid-term today) of accepted tandems, the world's pair first."""
    today = timezone.localdate()
    cohort = CohortFactory(
        organization=world.organization,
        name="Sommer 2027",
        state=CohortState.RUNNING,
        registration_opens=today - timedelta(days=120),
        registration_closes=today - timedelta(days=100),
        matching_until=today - timedelta(days=90),
        kickoff=today - timedelta(days=80),
        midterm=today,
        wrapup=today + timedelta(days=80),
    )
    # Noon, Berlin time, 70 days ago: "70 days" in local dates at any hour of the run (an
    # instant 70 days back can fall on another local date across a change of summer time).
    accepted = timezone.make_aware(datetime.combine(today - timedelta(days=70), time(12)))
    TandemFactory(
        cohort=cohort,
        mentor=RegistrationFactory(cohort=cohort, role="mentor", employee=world.mentor_employee),
        mentee=RegistrationFactory(
            cohort=cohort, role="mentee", employee=world.mentee_employee, baseline={"ai": 2}
        ),
        state=TandemState.ACCEPTED,
        accepted=accepted,
    )
    for _ in range(tandems - 1):
        mentor_user, mentee_user = UserFactory(), UserFactory()
        TandemFactory(
            cohort=cohort,
            mentor=RegistrationFactory(
                cohort=cohort,
                role="mentor",
                employee__user=mentor_user,
                employee__email=mentor_user.email,
            ),
            mentee=RegistrationFactory(
                cohort=cohort,
                role="mentee",
                employee__user=mentee_user,
                employee__email=mentee_user.email,
                baseline={"ai": 2, "agile": 3},
                goals={"ai": 3, "agile": 2},
            ),
            state=TandemState.ACCEPTED,
            accepted=accepted,
        )
    return cohort


def midterm(cohort: Cohort) -> Survey:
    survey = timeline.ensure_surveys(cohort)[0]
    timeline.add_respondents(survey)
    return survey


def close(survey: Survey) -> Survey:
    """The survey as it is once it has closed (yesterday): its results are released."""
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        opens=min(survey.opens, today - timedelta(days=14)), closes=today - timedelta(days=1)
    )
    survey.refresh_from_db()
    return survey


def answer_all(
    survey: Survey,
    role: str,
    *,
    rating: int = 4,
    text: str = "",
    today: date | None = None,
    limit: int | None = None,
    choice: int = 0,
) -> int:
    """Every respondent of ``role`` (or the first ``limit`` not yet answered) answers ``rating``
    on each scale, the choice at index ``choice`` (the first where there are fewer), ``text``."""
    questionnaire = survey.questionnaire_for(role)
    questions = list(Question.objects.filter(questionnaire=questionnaire))
    count = 0
    waiting = Respondent.objects.filter(survey=survey, role=role, answered=False).order_by("pk")
    for respondent in waiting.select_related("registration", "survey")[:limit]:
        given = []
        for q in questions:
            if q.kind == "scale":
                given.append(services.Given(q, number=rating))
            elif q.kind in ("single", "multiple"):
                picked = q.choices[min(choice, len(q.choices) - 1)]["key"]
                given.append(services.Given(q, choices=(picked,)))
            elif q.kind == "text" and text:
                given.append(services.Given(q, text=text))
            elif q.kind == "competence":
                for topic in respondent.registration.baseline:
                    given.append(services.Given(q, number=rating, topic=topic))
        services.submit(respondent=respondent, answers=given, today=today or survey.opens)
        count += 1
    return count
