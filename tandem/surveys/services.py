"""A cohort's surveys: the program team's settings, and answering.

Saving a survey's settings stores it if it was only planned (``timeline``) and
enqueues a scheduler pass, so a survey that opens today goes out now rather
than with the next scheduled pass.

Answering writes no audit entry and no time: an audit row or a timestamp
would tie the answer back to the person (ADR 0012). "One answer per person" is
a conditional UPDATE of the respondent's ``answered`` flag in the same
transaction as the anonymous response, so two quick submits store one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.programs.models import Cohort, Role
from tandem.surveys import tasks
from tandem.surveys.editing import lock_questionnaire
from tandem.surveys.models import Answer, Question, Questionnaire, Respondent, Response, Survey
from tandem.surveys.timeline import ensure_survey


@transaction.atomic
def save_survey(
    *,
    cohort: Cohort,
    phase: str,
    actor: User,
    opens: date,
    closes: date,
    remind_days: int,
    mentor_questionnaire: str | None,
    mentee_questionnaire: str | None,
) -> Survey:
    """New dates and questionnaires (by key); once sent, only the closing date and reminder.

    A planned survey is stored by its first save; a pass then sends what is due.
    """
    ensure_survey(cohort, phase)
    locked = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("organization", "mentor_questionnaire", "mentee_questionnaire")
        .get(cohort=cohort, phase=phase)
    )
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
    chosen = {
        "mentor_questionnaire": _questionnaire(locked, Role.MENTOR, mentor_questionnaire),
        "mentee_questionnaire": _questionnaire(locked, Role.MENTEE, mentee_questionnaire),
    }
    changed: dict[str, list[str | None]] = {}
    for field, questionnaire in chosen.items():
        if (current := getattr(locked, field)) != questionnaire:
            changed[field] = [current.key if current else None, getattr(questionnaire, "key", None)]
    if changed and (sent or locked.responses.exists()):
        raise ValidationError(
            {
                next(iter(changed)): _(
                    "The survey has been sent already; its questionnaires can no longer change."
                )
            }
        )
    before = {"opens": locked.opens, "closes": locked.closes, "remind_days": locked.remind_days}
    locked.opens, locked.closes, locked.remind_days = opens, closes, remind_days
    locked.mentor_questionnaire = chosen["mentor_questionnaire"]
    locked.mentee_questionnaire = chosen["mentee_questionnaire"]
    locked.save(update_fields=["opens", "closes", "remind_days", *changed])
    after = {"opens": opens, "closes": closes, "remind_days": remind_days}
    changes: dict[str, list[str | None]] = {
        k: [str(before[k]), str(after[k])] for k in before if before[k] != after[k]
    }
    changes.update(changed)
    if changes:
        audit.record(
            organization=locked.organization,
            actor=actor,
            action="surveys.survey.changed",
            obj=locked,
            changes=changes,
        )
    transaction.on_commit(tasks.run_surveys.enqueue)
    return locked


def _questionnaire(survey: Survey, role: str, key: str | None) -> Questionnaire | None:
    """The organisation's questionnaire ``key`` for ``role`` (None: nobody of the role is asked).

    Any other key is refused: the form offers only the organisation's own for the role.
    """
    if key is None:
        return None
    found = Questionnaire.objects.filter(organization=survey.organization, key=key, role=role)
    questionnaire = found.first()
    if questionnaire is None:
        raise ValidationError(
            {f"{role}_questionnaire": _("Please choose a questionnaire for this role.")}
        )
    return questionnaire


@dataclass(frozen=True)
class Given:
    """One answer as the form cleaned it."""

    question: Question
    number: int | None = None
    topic: str = ""
    choices: tuple[str, ...] = ()
    text: str = ""


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
