"""The questionnaire as a form, and the program team's survey settings."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import Topic
from tandem.surveys.models import Question, QuestionKind, Survey
from tandem.surveys.services import Given

SCALE_CHOICES = [
    (1, _("1 – not at all")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – fully")),
]
LEVEL_CHOICES = [(1, _("1 – beginner")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – confident"))]
TEXT_LENGTH = 2000


@dataclass(frozen=True)
class Item:
    """One question on the page: its fields (several for a self-assessment per topic)."""

    question: Question
    fields: list[forms.BoundField]

    @property
    def grouped(self) -> bool:
        return self.question.kind == QuestionKind.COMPETENCE


def _field(question: Question, label: str) -> forms.Field:
    """The form field for one question (or one topic of a self-assessment)."""
    kind, required = question.kind, question.required
    errors = {"required": _("Please choose an answer.")}
    if kind in (QuestionKind.COMPETENCE, QuestionKind.SCALE):
        levels = LEVEL_CHOICES if kind == QuestionKind.COMPETENCE else SCALE_CHOICES
        return forms.TypedChoiceField(
            label=label,
            choices=levels,
            coerce=int,
            required=required,
            widget=forms.RadioSelect,
            error_messages=errors,
        )
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        several = kind == QuestionKind.MULTIPLE
        field = forms.MultipleChoiceField if several else forms.ChoiceField
        return field(
            label=label,
            choices=question.choice_labels(),
            required=required,
            widget=forms.CheckboxSelectMultiple if several else forms.RadioSelect,
            error_messages={"required": _("Please choose at least one answer.")}
            if several
            else errors,
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to the program team only among the answers of at least five "
            "people, never with your name. Please do not name anyone."
        ),
    )


def _name(question: Question, topic: str = "") -> str:
    return f"q_{question.key}__{topic}" if topic else f"q_{question.key}"


class AnswerForm(forms.Form):
    """A field per question (per topic for a self-assessment), from the template."""

    def __init__(self, data: Any = None, *, questions: list[Question], topics: list[Topic]) -> None:
        super().__init__(data)
        self.questions, self.topics = questions, topics
        for question in questions:
            if question.kind == QuestionKind.COMPETENCE:
                for topic in topics:
                    self.fields[_name(question, topic.key)] = _field(question, topic.name)
            else:
                self.fields[_name(question)] = _field(question, question.text)

    def items(self) -> list[Item]:
        result = []
        for question in self.questions:
            if question.kind == QuestionKind.COMPETENCE:
                names = [_name(question, topic.key) for topic in self.topics]
            else:
                names = [_name(question)]
            result.append(Item(question, [self[name] for name in names]))
        return result

    def answers(self) -> list[Given]:
        data = self.cleaned_data
        given = []
        for question in self.questions:
            if question.kind == QuestionKind.COMPETENCE:
                for topic in self.topics:
                    level = data.get(_name(question, topic.key))
                    given.append(Given(question, number=level, topic=topic.key))
                continue
            value = data.get(_name(question))
            if question.kind == QuestionKind.SCALE:
                given.append(Given(question, number=value))
            elif question.kind == QuestionKind.SINGLE:
                given.append(Given(question, choices=(value,) if value else ()))
            elif question.kind == QuestionKind.MULTIPLE:
                given.append(Given(question, choices=tuple(value or ())))
            else:
                given.append(Given(question, text=value or ""))
        return given


class SurveySettingsForm(forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = ["opens", "closes", "remind_days"]
        widgets = {
            "opens": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "remind_days": _("Those who have not answered get one reminder. 0: no reminder."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The survey must close on or after the day it is sent."))
        return cleaned
