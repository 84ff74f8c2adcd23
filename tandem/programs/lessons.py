"""Lessons learned: what the program team writes down from a cohort for the next one.

The program team's own words about running the program, not confidential; still the
audit log keeps no free text, only which lesson changed and its topic (ADR 0013).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.programs.models import Cohort, Lesson, LessonTopic

LESSON_LENGTH = Lesson._meta.get_field("text").max_length or 1000


def _check_lesson(topic: str, text: str) -> str:
    if topic not in LessonTopic.values:
        raise ValidationError(_("Please choose what the lesson is about."), code="topic")
    text = text.strip()
    if not text:
        raise ValidationError(_("Please write down the lesson."), code="empty")
    if len(text) > LESSON_LENGTH:
        raise ValidationError(
            _("A lesson has at most %(count)s characters.") % {"count": LESSON_LENGTH},
            code="too_long",
        )
    return text


@transaction.atomic
def add_lesson(*, cohort: Cohort, actor: User, topic: str, text: str) -> Lesson:
    """Record what the program team learned from ``cohort`` for the next one."""
    lesson = Lesson.objects.create(
        organization=cohort.organization,
        cohort=cohort,
        topic=topic,
        text=_check_lesson(topic, text),
        author=actor,
    )
    audit.record(
        organization=cohort.organization,
        actor=actor,
        action="programs.lesson.added",
        obj=lesson,
        changes={"cohort": [None, str(cohort.public_id)], "topic": [None, topic]},
    )
    return lesson


def _locked(lesson: Lesson) -> Lesson | None:
    """The lesson re-read under a lock (two of the team may edit at once); None if removed."""
    return Lesson.objects.select_for_update().filter(pk=lesson.pk).first()


@transaction.atomic
def update_lesson(*, lesson: Lesson, actor: User, topic: str, text: str) -> Lesson:
    """Change a lesson's topic or wording; the log names what changed."""
    text = _check_lesson(topic, text)
    current = _locked(lesson)
    if current is None:
        raise ValidationError(_("This lesson has been removed in the meantime."), code="removed")
    changes: dict[str, Any] = {}
    if current.topic != topic:
        changes["topic"] = [current.topic, topic]
    if current.text != text:
        changes.update(audit.mask({"text": None}, ["text"]))
    if changes:
        current.topic, current.text = topic, text
        current.save(update_fields=["topic", "text"])
        audit.record(
            organization=lesson.organization,
            actor=actor,
            action="programs.lesson.updated",
            obj=current,
            changes=changes,
        )
    return current


@transaction.atomic
def remove_lesson(*, lesson: Lesson, actor: User) -> None:
    """Delete a lesson; the log keeps that it existed and what it was about."""
    current = _locked(lesson)
    if current is None:
        return  # removed by a request a moment earlier, which logged it
    audit.record(
        organization=lesson.organization,
        actor=actor,
        action="programs.lesson.removed",
        obj=current,
        changes={"topic": [current.topic, None]},
    )
    current.delete()
