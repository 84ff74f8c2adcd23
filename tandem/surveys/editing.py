"""Changing the organisation's questionnaires: copies of the ready-made ones, edited until used.

A built-in questionnaire is the organisation's reference and stays as shipped;
"copy" makes an editable one. A questionnaire used by a survey that has been sent
or answered is locked: answers refer to its questions (PROTECT) and results
compare answers by question key, so from then on only a copy can change.
Copied questions keep their keys, so results still pair the mentors' and the
mentees' answers and the dashboard still finds ``satisfaction``; a new
question, or one whose kind changes, gets a key made from its German text.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.models import Organization
from tandem.programs.models import Role
from tandem.surveys import selectors
from tandem.surveys.models import Question, QuestionKind, Questionnaire, Survey

type Direction = Literal["up", "down"]

KEY_LENGTH = 60  # Questionnaire.key and Question.key
WORDS_IN_KEY = 40  # a key made from a text keeps its first words only
TEXT_LENGTH = 300  # Question.text_de and text_en
MIN_CHOICES = 2
MAX_CHOICES = 12
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# A question's fields the audit log shows; the wording, and the key made from it, are masked.
PLAIN = ("kind", "required")


@dataclass(frozen=True)
class Choice:
    """One answer option; ``key`` is an existing option's key to keep (empty: a new option)."""

    de: str
    en: str = ""
    key: str = ""


@dataclass(frozen=True)
class Wording:
    """What the program team sets for a question."""

    kind: str
    text_de: str
    text_en: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()


def unique_key(text: str, taken: Iterable[str], *, fallback: str, length: int = KEY_LENGTH) -> str:
    """A slug of ``text`` not in ``taken``: ``satisfaction``, ``satisfaction-2``, …"""
    used = set(taken)
    base = slugify(text)[:length].strip("-") or fallback
    key, number = base, 2
    while key in used:
        suffix = f"-{number}"
        key = base[: length - len(suffix)].rstrip("-") + suffix
        number += 1
    return key


def copy_name(name: str, language: str) -> str:
    """ "Copy of …" in ``language``, cut to the name field's length."""
    with translation.override(language):
        return (_("Copy of %(name)s") % {"name": name})[:150]


def _editable(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire re-read under a lock, if its questions may change; else a ValidationError.

    Inviting and answering take the same lock (:func:`lock_questionnaire`), so an
    edit and the first invitation or answer cannot cross.
    """
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.builtin:
        raise ValidationError(
            _("Ready-made questionnaires cannot be changed. Copy it to make your own."),
            code="builtin",
        )
    if selectors.questionnaire_usage(locked).locked:
        raise ValidationError(
            _(
                "A survey with this questionnaire has been sent, so its questions can no "
                "longer change. Copy it to make a new version."
            ),
            code="locked",
        )
    return locked


def lock_questionnaire(survey: Survey, role: str) -> Questionnaire | None:
    """The role's questionnaire, locked as the editor locks it (:func:`_editable`).

    Inviting and answering take the same lock, so they wait for an edit in progress,
    and an edit after them finds the survey sent or answered and refuses.
    """
    questionnaire_id = (
        survey.mentor_questionnaire_id if role == Role.MENTOR else survey.mentee_questionnaire_id
    )
    if questionnaire_id is None:
        return None
    return Questionnaire.objects.select_for_update().filter(pk=questionnaire_id).first()


# Two posts of the same copy button closer than this are one click sent twice.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=10)


@transaction.atomic
def copy_questionnaire(*, questionnaire: Questionnaire, actor: User) -> Questionnaire:
    """An editable copy of ``questionnaire`` with all its questions, under a new key.

    Copies of one organisation are made one after the other (a lock on the organisation),
    so two at once cannot pick the same key; a second click on the same button within a
    few seconds gets the copy the first one made.
    """
    organization = Organization.objects.select_for_update().get(pk=questionnaire.organization_id)
    just_made = (
        Questionnaire.objects.filter(
            organization=organization,
            copied_from=questionnaire,
            created__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        )
        .order_by("-created")
        .first()
    )
    if just_made is not None:
        return just_made
    taken = Questionnaire.objects.filter(organization=organization).values_list("key", flat=True)
    copy = Questionnaire.objects.create(
        organization=organization,
        copied_from=questionnaire,
        key=unique_key(f"{questionnaire.key}-copy", taken, fallback="questionnaire"),
        role=questionnaire.role,
        phase=questionnaire.phase,
        name_de=copy_name(questionnaire.name_de, "de"),
        name_en=copy_name(questionnaire.name_en or questionnaire.name_de, "en"),
        intro_de=questionnaire.intro_de,
        intro_en=questionnaire.intro_en,
    )
    Question.objects.bulk_create(
        Question(
            organization=organization,
            questionnaire=copy,
            key=question.key,
            position=position,
            kind=question.kind,
            text_de=question.text_de,
            text_en=question.text_en,
            choices=question.choices,
            required=question.required,
        )
        for position, question in enumerate(questionnaire.questions.order_by("position", "id"))
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="surveys.template.copied",
        obj=copy,
        object_id=copy.key,
        changes={"from": [None, questionnaire.key]},
    )
    return copy


@transaction.atomic
def change_questionnaire(
    *,
    questionnaire: Questionnaire,
    actor: User,
    name_de: str,
    name_en: str,
    intro_de: str,
    intro_en: str,
) -> Questionnaire:
    """A copy's names and introductions (German required, English falls back to German)."""
    locked = _editable(questionnaire)
    if not name_de.strip():
        raise ValidationError({"name_de": _("Please give the German name.")})
    after = {
        "name_de": name_de.strip(),
        "name_en": name_en.strip(),
        "intro_de": intro_de.strip(),
        "intro_en": intro_en.strip(),
    }
    if changed := _apply(locked, after):
        audit.record(
            organization=locked.organization,
            actor=actor,
            action="surveys.template.changed",
            obj=locked,
            object_id=locked.key,
            changes=audit.mask(dict.fromkeys(changed), changed),  # wording, not a state
        )
    return locked


def _current(questionnaire: Questionnaire, question: Question) -> Question:
    """The question re-read under the questionnaire's lock; refused if removed since it was read."""
    current = Question.objects.filter(pk=question.pk, questionnaire=questionnaire).first()
    if current is None:
        raise ValidationError(_("This question has been removed in the meantime."), code="removed")
    return current


def _apply(instance: Model, after: Mapping[str, object]) -> list[str]:
    """Set the fields whose value differs and save only those; their names."""
    changed = [name for name, value in after.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, after[name])
    if changed:
        instance.save(update_fields=changed)
    return changed


def _record(
    questionnaire: Questionnaire,
    question: Question,
    actor: User,
    action: str,
    changes: Mapping[str, object] | None = None,
) -> None:
    """An audit entry for a question, by ID: a new question's key is made from its text."""
    audit.record(
        organization=questionnaire.organization,
        actor=actor,
        action=f"surveys.question.{action}",
        object_type="surveys.question",
        object_id=f"{questionnaire.key}/{question.pk}",
        changes=changes,
    )


def _choices(wording: Wording, keep: Sequence[str]) -> list[dict[str, str]]:
    """The choices as stored, with keys: an option's own key kept, a new one from its label."""
    if wording.kind not in CHOICE_KINDS:
        return []
    if not MIN_CHOICES <= len(wording.choices) <= MAX_CHOICES:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "A question with choices needs between %(min)d and %(max)d choices."
                )
                % {"min": MIN_CHOICES, "max": MAX_CHOICES}
            }
        )
    if any(not choice.de.strip() for choice in wording.choices):
        raise ValidationError({NON_FIELD_ERRORS: _("Every choice needs a German label.")})
    labels = [choice.de.strip().casefold() for choice in wording.choices]
    if len(set(labels)) < len(labels):
        raise ValidationError({NON_FIELD_ERRORS: _("Two choices have the same German label.")})
    stored: list[dict[str, str]] = []
    taken: set[str] = set()
    for choice in wording.choices:
        own = choice.key if choice.key in keep and choice.key not in taken else ""
        key = own or unique_key(
            choice.de, taken | set(keep), fallback="choice", length=WORDS_IN_KEY
        )
        taken.add(key)
        stored.append({"key": key, "de": choice.de.strip(), "en": choice.en.strip()})
    return stored


def _check(wording: Wording, questionnaire: Questionnaire, question: Question | None) -> None:
    if wording.kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Please choose what kind of question this is.")})
    if not wording.text_de.strip():
        raise ValidationError({"text_de": _("Please give the question in German.")})
    for name in ("text_de", "text_en"):
        if len(getattr(wording, name).strip()) > TEXT_LENGTH:
            raise ValidationError(
                {name: _("At most %(max)d characters, please.") % {"max": TEXT_LENGTH}}
            )
    if wording.kind == QuestionKind.COMPETENCE:
        others = questionnaire.questions.filter(kind=QuestionKind.COMPETENCE)
        if question is not None:
            others = others.exclude(pk=question.pk)
        if others.exists():
            raise ValidationError(
                {"kind": _("A questionnaire can hold one self-assessment per topic only.")}
            )


def _fields(wording: Wording) -> dict[str, object]:
    return {
        "kind": wording.kind,
        "text_de": wording.text_de.strip(),
        "text_en": wording.text_en.strip(),
        "required": wording.required,
    }


@transaction.atomic
def add_question(*, questionnaire: Questionnaire, actor: User, wording: Wording) -> Question:
    """A new last question with a key made from its German text."""
    locked = _editable(questionnaire)
    _check(wording, locked, None)
    existing = list(locked.questions.values_list("key", "position"))
    question = Question.objects.create(
        organization=locked.organization,
        questionnaire=locked,
        key=unique_key(
            wording.text_de,
            [key for key, _position in existing],
            fallback="question",
            length=WORDS_IN_KEY,
        ),
        position=max((position for _key, position in existing), default=-1) + 1,
        choices=_choices(wording, ()),
        **_fields(wording),
    )
    _record(locked, question, actor, "added", {"kind": [None, question.kind]})
    return question


@transaction.atomic
def change_question(*, question: Question, actor: User, wording: Wording) -> Question:
    """New wording; the key stays unless the kind changes (results compare by key and kind)."""
    locked = _editable(question.questionnaire)
    current = _current(locked, question)
    _check(wording, locked, current)
    same_kind = wording.kind == current.kind
    keep = [c["key"] for c in current.choices] if same_kind else []
    after = {**_fields(wording), "choices": _choices(wording, keep)}
    if not same_kind:
        taken = locked.questions.exclude(pk=current.pk).values_list("key", flat=True)
        after["key"] = unique_key(wording.text_de, taken, fallback="question", length=WORDS_IN_KEY)
    before = {name: getattr(current, name) for name in PLAIN}
    if changed := _apply(current, after):
        plain = {name: [before[name], after[name]] for name in changed if name in PLAIN}
        _record(
            locked, current, actor, "changed", audit.mask(dict.fromkeys(changed), changed) | plain
        )
    return current


@transaction.atomic
def move_question(*, question: Question, actor: User, direction: Direction) -> list[Question]:
    """Swap a question with its neighbour above or below; the questions in their new order."""
    locked = _editable(question.questionnaire)
    _current(locked, question)
    questions = list(locked.questions.order_by("position", "id"))
    index = next(i for i, each in enumerate(questions) if each.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
        # Renumbered densely, which also repairs ties.
        moved = [each for position, each in enumerate(questions) if each.position != position]
        for position, each in enumerate(questions):
            each.position = position
        Question.objects.bulk_update(moved, ["position"])
        _record(locked, question, actor, "moved", {"position": [index, other]})
    return questions


@transaction.atomic
def remove_question(*, question: Question, actor: User) -> None:
    locked = _editable(question.questionnaire)
    try:
        deleted, _rows = Question.objects.filter(pk=question.pk, questionnaire=locked).delete()
    except ProtectedError:  # answered in a way the lock did not see: keep it
        raise ValidationError(
            _("This question has been answered and cannot be removed."), code="answered"
        ) from None
    if deleted:
        _record(locked, question, actor, "removed")
