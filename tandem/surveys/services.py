"""A cohort's surveys: creating them on the timeline, changing dates, asking, answering.

Answering writes no audit entry and no time: an audit row or a timestamp
would tie the answer back to the person (ADR 0012). "One answer per person" is
a conditional UPDATE of the respondent's ``answered`` flag in the same
transaction as the anonymous response, so two quick submits store one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.programs.models import (
    Cohort,
    Enrollment,
    Role,
    Tandem,
    took_part,
)
from tandem.surveys.builtin import ensure_builtin
from tandem.surveys.models import (
    Answer,
    Phase,
    Question,
    Questionnaire,
    Respondent,
    Response,
    Survey,
)

# A survey stays open this long by default; the final one closes the day before wrap-up.
OPEN_DAYS = 14
# A cohort has its surveys once its tandems are published.


def default_dates(cohort: Cohort, phase: str) -> tuple[date, date]:
    """Mid-term: two weeks from the cohort's mid-term date; final: the two weeks before wrap-up."""
    if phase == Phase.MIDTERM:
        opens = cohort.midterm
        return opens, opens + timedelta(days=OPEN_DAYS - 1)
    closes = cohort.wrapup - timedelta(days=1)
    return min(closes, cohort.wrapup - timedelta(days=OPEN_DAYS)), closes


def ensure_surveys(cohort: Cohort) -> list[Survey]:
    """The cohort's mid-term and final survey, created once from the ready-made questionnaires."""
    questionnaires = ensure_builtin(cohort.organization)
    surveys = []
    for phase in (Phase.MIDTERM, Phase.FINAL):
        opens, closes = default_dates(cohort, phase)
        survey, _created = Survey.objects.get_or_create(
            cohort=cohort,
            phase=phase,
            defaults={
                "organization": cohort.organization,
                "mentor_questionnaire": questionnaires[f"{phase}-mentor"],
                "mentee_questionnaire": questionnaires[f"{phase}-mentee"],
                "opens": opens,
                "closes": max(opens, closes),
            },
        )
        surveys.append(survey)
    return surveys


@transaction.atomic
def update_survey(
    *,
    survey: Survey,
    actor: User,
    opens: date,
    closes: date,
    remind_days: int,
    mentor_questionnaire: Questionnaire | None,
    mentee_questionnaire: Questionnaire | None,
) -> Survey:
    """New dates and questionnaires; once sent, only the closing date and reminder can change."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.is_released(timezone.localdate()) and (opens, closes) != (
        locked.opens,
        locked.closes,
    ):
        # Reopening would add answers to released results: two releases could be differenced.
        raise ValidationError(
            {"closes": _("The survey has closed and its results are out; it cannot reopen.")}
        )
    sent = locked.respondents.filter(invited__isnull=False).exists()
    if sent and opens != locked.opens:
        raise ValidationError(
            {"opens": _("The survey has been sent already; only its closing date can change.")}
        )
    if closes < opens:
        raise ValidationError(
            {"closes": _("The survey must close on or after the day it is sent.")}
        )
    chosen = _chosen_questionnaires(locked, mentor_questionnaire, mentee_questionnaire)
    if chosen and (sent or locked.responses.exists()):
        raise ValidationError(
            {
                next(iter(chosen)): _(
                    "The survey has been sent already; its questionnaires can no longer change."
                )
            }
        )
    before = {"opens": locked.opens, "closes": locked.closes, "remind_days": locked.remind_days}
    locked.opens, locked.closes, locked.remind_days = opens, closes, remind_days
    locked.mentor_questionnaire, locked.mentee_questionnaire = (
        mentor_questionnaire,
        mentee_questionnaire,
    )
    locked.save(update_fields=["opens", "closes", "remind_days", *chosen])
    after = {"opens": opens, "closes": closes, "remind_days": remind_days}
    changes: dict[str, list[str | None]] = {
        k: [str(before[k]), str(after[k])] for k in before if before[k] != after[k]
    }
    changes.update(chosen)
    if changes:
        audit.record(
            organization=locked.organization,
            actor=actor,
            action="surveys.survey.changed",
            obj=locked,
            changes=changes,
        )
    return locked


def _chosen_questionnaires(
    survey: Survey,
    mentor_questionnaire: Questionnaire | None,
    mentee_questionnaire: Questionnaire | None,
) -> dict[str, list[str | None]]:
    """The questionnaires that change, by field, as [old key, new key]; a wrong one is refused."""
    changed: dict[str, list[str | None]] = {}
    for field, role, questionnaire in (
        ("mentor_questionnaire", Role.MENTOR, mentor_questionnaire),
        ("mentee_questionnaire", Role.MENTEE, mentee_questionnaire),
    ):
        if questionnaire is not None and (
            questionnaire.organization_id != survey.organization_id or questionnaire.role != role
        ):
            raise ValidationError({field: _("Please choose a questionnaire for this role.")})
        if getattr(survey, f"{field}_id") != (questionnaire.pk if questionnaire else None):
            current = getattr(survey, field)
            changed[field] = [
                current.key if current else None,
                questionnaire.key if questionnaire else None,
            ]
    return changed


def participants(cohort: Cohort) -> list[tuple[Enrollment, str]]:
    """Everyone who took part in a tandem of the cohort (also one ended early), with their role."""
    tandems = Tandem.objects.filter(took_part(), cohort=cohort).select_related("mentor", "mentee")
    seen: dict[int, tuple[Enrollment, str]] = {}
    for tandem in tandems:
        seen.setdefault(tandem.mentor_id, (tandem.mentor, "mentor"))
        seen.setdefault(tandem.mentee_id, (tandem.mentee, "mentee"))
    return list(seen.values())


def add_respondents(survey: Survey) -> None:
    """Ask everyone the survey is for who is not asked yet (a role without one: nobody)."""
    rows = [
        Respondent(
            organization=survey.organization, survey=survey, enrollment=enrollment, role=role
        )
        for enrollment, role in participants(survey.cohort)
        if survey.questionnaire_for(role) is not None
    ]
    Respondent.objects.bulk_create(rows, ignore_conflicts=True)


@dataclass(frozen=True)
class Given:
    """One answer as the form cleaned it."""

    question: Question
    number: int | None = None
    topic: str = ""
    choices: tuple[str, ...] = ()
    text: str = ""


def lock_questionnaire(survey: Survey, role: str) -> Questionnaire | None:
    """The role's questionnaire, locked as the editor locks it (``editing._editable``).

    Inviting and answering take the same lock, so they wait for an edit in progress,
    and an edit after them finds the survey sent or answered and refuses.
    """
    questionnaire_id = (
        survey.mentor_questionnaire_id if role == Role.MENTOR else survey.mentee_questionnaire_id
    )
    if questionnaire_id is None:
        return None
    return Questionnaire.objects.select_for_update().filter(pk=questionnaire_id).first()


def submit(*, respondent: Respondent, answers: Iterable[Given], today: date | None = None) -> None:
    """Store the answers without anything that names or dates the person; once per person.

    Answers to questions that changed their kind or went away since the form was read
    are refused: an answer must fit its question (results compare by key and kind).
    """
    survey = respondent.survey
    today = today or timezone.localdate()
    if not survey.is_open(today):
        raise ValidationError(_("This survey is closed."), code="closed")
    answers = list(answers)
    with transaction.atomic():
        questionnaire = lock_questionnaire(survey, respondent.role)
        kinds = dict(Question.objects.filter(questionnaire=questionnaire).values_list("pk", "kind"))
        if any(kinds.get(given.question.pk) != given.question.kind for given in answers):
            raise ValidationError(
                _("The questionnaire has changed since you opened it. Please answer it again."),
                code="changed",
            )
        claimed = Respondent.objects.filter(pk=respondent.pk, answered=False).update(answered=True)
        if not claimed:
            raise ValidationError(_("You have answered this survey already."), code="answered")
        response = Response.objects.create(
            organization=survey.organization, survey=survey, role=respondent.role
        )
        rows = []
        for given in answers:
            empty = given.number is None and not given.choices and not given.text.strip()
            if empty:
                continue
            rows.append(
                Answer(
                    organization=survey.organization,
                    response=response,
                    question=given.question,
                    topic=given.topic,
                    number=given.number,
                    choices=list(given.choices),
                    text=given.text.strip(),
                )
            )
        Answer.objects.bulk_create(rows)
    respondent.answered = True
