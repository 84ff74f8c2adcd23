"""Reads for survey pages, each in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core import anonymity
from tandem.core.models import Organization
from tandem.programs.models import Cohort, Role, Topic
from tandem.surveys import builtin, results, timeline
from tandem.surveys.models import (
    Answer,
    Phase,
    Question,
    QuestionKind,
    Questionnaire,
    Respondent,
    Response,
    Survey,
)


def cohort_surveys(cohort: Cohort) -> list[Survey]:
    return list(
        Survey.objects.filter(cohort=cohort).select_related(
            "mentor_questionnaire", "mentee_questionnaire"
        )
    )


def cohort_plan(cohort: Cohort) -> list[Survey]:
    """The cohort's surveys: the stored ones and, once it has tandems, the rest as planned
    (unsaved: a page reading them writes nothing; at most 2 queries)."""
    return timeline.cohort_plan(cohort, cohort_surveys(cohort))


def offered_questionnaires(organization: Organization) -> list[Questionnaire]:
    """What a survey may use: the organisation's questionnaires and, as shipped, the
    ready-made ones it has not copied yet (one query)."""
    stored = list(Questionnaire.objects.filter(organization=organization))
    offered = stored + builtin.not_copied(organization, {q.key for q in stored})
    return sorted(offered, key=lambda q: (q.phase, q.name_de, q.pk or 0))


def question_infos(survey: Survey) -> list[results.QuestionInfo]:
    """The questions of both questionnaires, the mentees' order first; same key: one question."""
    questionnaires = {
        role: questionnaire
        for role in results.ROLES
        if (questionnaire := survey.questionnaire_for(role))
    }
    rows = Question.objects.filter(questionnaire__in=[t.pk for t in questionnaires.values()])
    by_questionnaire: dict[int, list[Question]] = {}
    for question in rows.order_by("position", "id"):
        by_questionnaire.setdefault(question.questionnaire_id, []).append(question)
    seen: dict[str, tuple[Question, list[str]]] = {}
    for role, questionnaire in questionnaires.items():
        for question in by_questionnaire.get(questionnaire.pk, []):
            first, roles = seen.setdefault(question.key, (question, []))
            if first.kind == question.kind:
                roles.append(role)
    return [
        results.QuestionInfo(
            key=key,
            kind=question.kind,
            text=question.text,
            roles=tuple(roles),
            choices=tuple(question.choice_labels()),
        )
        for key, (question, roles) in seen.items()
    ]


def topic_labels(cohort: Cohort) -> dict[str, str]:
    return {t.key: t.name for t in Topic.objects.filter(cohorts=cohort).order_by("position", "id")}


def survey_results(survey: Survey, today: date | None = None) -> results.Results:
    """Everything the results page shows, already suppressed (5 queries).

    Before the survey has closed, only who answered (PRIV-11): the answers are
    not even read, so no page, export or report can show them.
    """
    if not survey.is_released(today or timezone.localdate()):
        return results.Results(
            k=anonymity.threshold(survey.organization.min_group_size),
            participation=participation(survey),
            questions=(),
            released=False,
        )
    infos = question_infos(survey)
    rows = [
        results.Row(
            response=a["response_id"],
            role=a["response__role"],
            question=a["question__key"],
            topic=a["topic"],
            number=a["number"],
            choices=tuple(a["choices"] or ()),
            text=a["text"],
        )
        for a in Answer.objects.filter(response__survey=survey).values(
            "response_id",
            "response__role",
            "question__key",
            "topic",
            "number",
            "choices",
            "text",
        )
    ]
    asked, answered = _counts(survey)
    return results.tabulate(
        questions=infos,
        rows=rows,
        asked=asked,
        answered=answered,
        registered=_registered_levels(survey),
        topic_labels=topic_labels(survey.cohort),
        k=survey.organization.min_group_size,
    )


def _registered_levels(survey: Survey) -> dict[str, list[int]]:
    """Per topic, the levels at registration of those who answered (one query).

    Read from the respondents, who carry no answer, so the two stay apart.
    """
    levels: dict[str, list[int]] = {}
    answered = survey.respondents.filter(answered=True)
    for baseline in answered.values_list("registration__baseline", flat=True):
        for topic, level in (baseline or {}).items():
            if level:
                levels.setdefault(topic, []).append(int(level))
    return levels


def _counts(survey: Survey) -> tuple[Counter[str], Counter[str]]:
    """How many of each role were asked, and how many answered (one query)."""
    asked: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for role, done in survey.respondents.values_list("role", "answered"):
        asked[role] += 1
        answered[role] += int(done)
    return asked, answered


def participation(survey: Survey) -> tuple[results.Participation, ...]:
    """Who was asked and who answered, suppressed like every other cell (one query)."""
    if survey.is_planned:
        return ()
    asked, answered = _counts(survey)
    return results.participation(asked, answered, survey.organization.min_group_size)


def open_for(user: User, organization: Organization) -> QuerySet[Respondent]:
    """The user's surveys that are open today and not answered yet."""
    today = timezone.localdate()
    return (
        Respondent.objects.filter(
            organization=organization,
            registration__employee__user=user,
            answered=False,
            survey__opens__lte=today,
            survey__closes__gte=today,
        )
        .select_related("survey__cohort")
        .order_by("survey__closes")
    )


def questions_for(respondent: Respondent) -> list[Question]:
    questionnaire = respondent.survey.questionnaire_for(respondent.role)
    if questionnaire is None:
        return []
    return list(questionnaire.questions.order_by("position", "id"))


def topics_for(respondent: Respondent, questions: list[Question]) -> list[Topic]:
    """Topics of a self-assessment: the person's own (learning goals or expertise), else all."""
    if not any(q.kind == QuestionKind.COMPETENCE for q in questions):
        return []
    registration = respondent.registration
    own = (
        set(registration.baseline or {})
        or set(registration.goals or {})
        or set(registration.topics or {})
    )
    topics = list(Topic.objects.filter(cohorts=respondent.survey.cohort).order_by("position", "id"))
    return [t for t in topics if t.key in own] or topics


# --- the organisation's questionnaires ------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """How many surveys use a questionnaire, and whether one of them has been sent or answered."""

    surveys: int = 0
    locked: bool = False


@dataclass(frozen=True)
class QuestionnaireGroup:
    """The questionnaires of one phase for one role."""

    phase: str
    role: str
    rows: list[tuple[Questionnaire, Usage]]


def _sent() -> Exists:
    return Exists(Respondent.objects.filter(survey=OuterRef("pk"), invited__isnull=False))


def _answered() -> Exists:
    return Exists(Response.objects.filter(survey=OuterRef("pk")))


def _usages(surveys: Q) -> dict[int, Usage]:
    """Usage per questionnaire ID among the surveys matching ``surveys`` (one query)."""
    counts: Counter[int] = Counter()
    locked: set[int] = set()
    rows = (
        Survey.objects.filter(surveys)
        .annotate(sent=_sent(), answered=_answered())
        .values_list("mentor_questionnaire_id", "mentee_questionnaire_id", "sent", "answered")
    )
    for mentor_questionnaire, mentee_questionnaire, sent, answered in rows:
        for questionnaire_id in {mentor_questionnaire, mentee_questionnaire} - {None}:
            counts[questionnaire_id] += 1
            if sent or answered:
                locked.add(questionnaire_id)
    return {pk: Usage(n, pk in locked) for pk, n in counts.items()}


def questionnaire_usage(questionnaire: Questionnaire) -> Usage:
    """How ``questionnaire`` is used (one query)."""
    uses = Q(mentor_questionnaire=questionnaire) | Q(mentee_questionnaire=questionnaire)
    return _usages(uses).get(questionnaire.pk, Usage())


def questionnaires(organization: Organization) -> list[QuestionnaireGroup]:
    """The organisation's questionnaires by phase and role, each with its usage (3 queries)."""
    found = Questionnaire.objects.filter(organization=organization).annotate(
        question_count=Count("questions")
    )
    usages = _usages(Q(organization=organization))
    groups = {
        (phase, role): QuestionnaireGroup(phase, role, [])
        for phase in Phase.values
        for role in (Role.MENTEE.value, Role.MENTOR.value)
    }
    for questionnaire in found.order_by("name_de", "id"):
        groups[questionnaire.phase, questionnaire.role].rows.append(
            (questionnaire, usages.get(questionnaire.pk, Usage()))
        )
    return [group for group in groups.values() if group.rows]


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.order_by("position", "id"))


def survey_sent(survey: Survey) -> bool:
    """Whether anyone has been invited to ``survey`` or has answered it (one query)."""
    if survey.is_planned:
        return False
    state = Survey.objects.filter(pk=survey.pk).annotate(sent=_sent(), answered=_answered())
    return any(state.values_list("sent", "answered").get())
