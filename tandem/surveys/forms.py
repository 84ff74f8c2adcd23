"""The questionnaire as a form; the program team's survey settings and questionnaire editor."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import Role, Topic
from tandem.surveys.editing import CHOICE_KINDS, MAX_CHOICES, MIN_CHOICES, Choice, Wording
from tandem.surveys.models import Question, QuestionKind, Questionnaire, Survey
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
    """A field per question (per topic for a self-assessment), from the questionnaire."""

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


def questionnaire_label(questionnaire: Questionnaire) -> str:
    phase = questionnaire.get_phase_display()
    if questionnaire.builtin:
        return _("%(name)s (%(phase)s, ready-made)") % {"name": questionnaire.name, "phase": phase}
    return _("%(name)s (%(phase)s)") % {"name": questionnaire.name, "phase": phase}


class SurveySettingsForm(forms.ModelForm[Survey]):
    """Dates, reminder and questionnaires; once the survey is sent its questionnaires are fixed.

    A questionnaire is chosen by key among ``offered``, which may hold ready-made ones
    the organisation has not copied yet: the save copies them, the page writes nothing.
    """

    mentor_questionnaire = forms.ChoiceField(label=_("Questionnaire for mentors"))
    mentee_questionnaire = forms.ChoiceField(label=_("Questionnaire for mentees"))

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

    def __init__(self, *args: Any, sent: bool, offered: list[Questionnaire], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in (Role.MENTOR, Role.MENTEE):
            field = cast(forms.ChoiceField, self.fields[f"{role}_questionnaire"])
            field.choices = [(q.key, questionnaire_label(q)) for q in offered if q.role == role]
            current = self.instance.questionnaire_for(role)
            field.initial = current.key if current else None
            if sent:  # shown, not posted: a disabled field keeps the saved choice
                field.disabled, field.required = True, False
                field.help_text = _("The survey has been sent; its questionnaires are fixed.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The survey must close on or after the day it is sent."))
        for role in (Role.MENTOR, Role.MENTEE):
            name = f"{role}_questionnaire"
            if name in cleaned:
                cleaned[name] = cleaned[name] or None  # none chosen: nobody of the role is asked
        return cleaned


# --- the questionnaire editor ----------------------------------------------------------------


class QuestionnaireForm(forms.ModelForm[Questionnaire]):
    name_en = forms.CharField(
        label=_("name (English)"),
        max_length=150,
        required=False,
        help_text=_("Optional: English readers see the German name when this is empty."),
    )

    class Meta:
        model = Questionnaire
        fields = ["name_de", "name_en", "intro_de", "intro_en"]
        widgets = {
            "intro_de": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "intro_de": _("Shown above the questions."),
            "intro_en": _("Optional: English readers see the German introduction when empty."),
        }


class ChoiceForm(forms.Form):
    """One answer option; an existing option carries its key so results keep comparing it."""

    key = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    de = forms.CharField(label=_("Choice (German)"), required=False, max_length=100)
    en = forms.CharField(label=_("Choice (English)"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("en") and not cleaned.get("de"):
            self.add_error("de", _("Please give the German label too."))
        return cleaned


ChoiceFormSet = forms.formset_factory(
    ChoiceForm,
    extra=3,
    max_num=MAX_CHOICES,
    absolute_max=MAX_CHOICES,
    validate_max=True,
)


class QuestionForm(forms.Form):
    """A question's kind and wording; the choices below count for one or several choices only."""

    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text_de = forms.CharField(label=_("Question (German)"), max_length=300)
    text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=300,
        required=False,
        help_text=_("Optional: English readers see the German question when this is empty."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(
        self, data: Any = None, *, question: Question | None = None, **kwargs: Any
    ) -> None:
        initial = {"kind": QuestionKind.SCALE, "required": True}
        choices: list[dict[str, str]] = []
        if question is not None:
            initial = {
                "kind": question.kind,
                "text_de": question.text_de,
                "text_en": question.text_en,
                "required": question.required,
            }
            choices = [
                {"key": c["key"], "de": c["de"], "en": c.get("en", "")} for c in question.choices
            ]
        super().__init__(data, initial=initial, **kwargs)
        self.choice_forms = ChoiceFormSet(
            data,
            initial=choices,
            prefix="choice",
            error_messages={
                "too_many_forms": _("At most %(max)d choices, please.") % {"max": MAX_CHOICES}
            },
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") not in CHOICE_KINDS:
            return cleaned
        if not self.choice_forms.is_valid():
            self.add_error(None, _("Please correct the choices below."))
        elif len(self.filled_choices()) < MIN_CHOICES:
            self.add_error(None, _("A question with choices needs at least two choices."))
        return cleaned

    def filled_choices(self) -> tuple[Choice, ...]:
        rows = (form.cleaned_data for form in self.choice_forms.forms if form.cleaned_data)
        return tuple(
            Choice(de=row["de"], en=row.get("en", ""), key=row.get("key", ""))
            for row in rows
            if row.get("de")
        )

    def wording(self) -> Wording:
        data = self.cleaned_data
        choice_kind = data["kind"] in CHOICE_KINDS
        return Wording(
            kind=data["kind"],
            text_de=data["text_de"],
            text_en=data["text_en"],
            required=data["required"],
            choices=self.filled_choices() if choice_kind else (),
        )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
