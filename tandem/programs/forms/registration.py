"""The registration form: a mentor's expertise or a mentee's learning goals, and the rest."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import (
    DAYPARTS,
    LEVELS,
    SLOTS,
    STYLE_QUESTIONS,
    WEEKDAYS,
    Registration,
    Role,
    Topic,
)

NO_CHOICE: list[tuple[int | str, str]] = [("", "—")]
LANGUAGES = [("de", _("German")), ("en", _("English"))]
CAPACITY = [(1, "1"), (2, "2"), (3, "3")]


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    fields: list[forms.BoundField]


@dataclass(frozen=True)
class Slot:
    value: str
    label: str
    checked: bool


def _level_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, choices=[*NO_CHOICE, *LEVELS], coerce=int, empty_value=None
    )


class RegistrationForm(forms.Form):
    """One form for both roles; the topic part depends on ``role``.

    Status, capacity used, organisation and cohort are not fields here: they
    come from the program team and the URL, never from the request (AZ-05).
    """

    capacity = forms.TypedChoiceField(
        label=_("How many mentees could you take on?"),
        choices=CAPACITY,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text=_("Most mentors have one mentee; a few have time for two or three."),
    )
    declined_topics = forms.MultipleChoiceField(
        label=_("Topics I do not want to work on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The matching will not pair you for these topics."),
    )
    openness_confirmed = forms.BooleanField(
        label=_("I am open to learning from younger colleagues and to changing my view."),
        help_text=_(
            "Reverse mentoring only works with this openness; without it we cannot admit you."
        ),
        error_messages={"required": _("Please confirm this to take part as a mentee.")},
    )
    expectations = forms.CharField(
        label=_("What do you expect from your tandem?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    availability = forms.MultipleChoiceField(
        label=_("When could you usually meet?"),
        choices=[(slot, slot) for slot in SLOTS],
        help_text=_("Tick every slot that usually works for you."),
        error_messages={"required": _("Please tick at least one time slot.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can meet in"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=200,
        help_text=_("Separated by commas, e.g. French, Turkish."),
    )
    location = forms.CharField(
        label=_("Where do you usually work?"),
        required=False,
        max_length=150,
        help_text=_("A site or city, so that partners can meet in person."),
    )
    remote_ok = forms.BooleanField(label=_("Online meetings are fine for me"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that my answers are stored and used for this cohort."),
        help_text=_(
            "The program team reads your answers to admit you and to find a partner for you. "
            "Your partner sees your name, topics and languages, not your other answers. "
            "When you withdraw, your registration is deleted."
        ),
        error_messages={"required": _("Without your consent we cannot register you.")},
    )

    def __init__(self, *args: Any, topics: list[Topic], role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role = role
        self.topics = topics
        self.topic_columns: list[str] = []
        if role == Role.MENTOR:
            del self.fields["declined_topics"], self.fields["openness_confirmed"]
            level = str(_("Your level"))
            self.topic_columns = [level]
            for topic in topics:
                self.fields[f"level_{topic.key}"] = _level_field(f"{topic.name}: {level}")
        else:
            del self.fields["capacity"]
            priority, today = str(_("Priority")), str(_("Your level today"))
            self.topic_columns = [priority, today]
            for topic in topics:
                self.fields[f"priority_{topic.key}"] = _level_field(f"{topic.name}: {priority}")
                self.fields[f"baseline_{topic.key}"] = _level_field(f"{topic.name}: {today}")
            declined = cast(forms.MultipleChoiceField, self.fields["declined_topics"])
            declined.choices = [(topic.key, topic.name) for topic in topics]
        for key, question in STYLE_QUESTIONS:
            self.fields[f"style_{key}"] = forms.TypedChoiceField(
                label=question,
                choices=LEVELS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a value from 1 to 5.")},
            )

    @classmethod
    def initial_for(cls, registration: Registration) -> dict[str, Any]:
        """The form's initial values from an existing registration."""
        initial: dict[str, Any] = {
            "capacity": registration.capacity,
            "declined_topics": registration.declined_topics,
            "openness_confirmed": registration.openness_confirmed,
            "expectations": registration.expectations,
            "motivation": registration.motivation,
            "availability": registration.availability,
            "languages": [code for code in registration.languages if code in ("de", "en")],
            "other_languages": ", ".join(
                code for code in registration.languages if code not in ("de", "en")
            ),
            "location": registration.location,
            "remote_ok": registration.remote_ok,
            "consent": True,
        }
        for key, level in registration.topics.items():
            initial[f"level_{key}"] = level
        for key, priority in registration.goals.items():
            initial[f"priority_{key}"] = priority
        for key, level in registration.baseline.items():
            initial[f"baseline_{key}"] = level
        for key, value in registration.style.items():
            initial[f"style_{key}"] = value
        return initial

    # Pieces for the template -------------------------------------------------

    def topic_rows(self) -> list[TopicRow]:
        prefixes = ["level_"] if self.role == Role.MENTOR else ["priority_", "baseline_"]
        return [
            TopicRow(topic, [self[f"{prefix}{topic.key}"] for prefix in prefixes])
            for topic in self.topics
        ]

    def style_fields(self) -> list[forms.BoundField]:
        return [self[f"style_{key}"] for key, _question in STYLE_QUESTIONS]

    def availability_grid(self) -> list[tuple[str, list[Slot]]]:
        chosen = set(self["availability"].value() or [])
        return [
            (
                str(day_label),
                [
                    Slot(f"{day}-{part}", f"{day_label}, {part_label}", f"{day}-{part}" in chosen)
                    for part, part_label in DAYPARTS
                ],
            )
            for day, day_label in WEEKDAYS
        ]

    def dayparts(self) -> list[str]:
        return [str(label) for _part, label in DAYPARTS]

    # Validation -------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        keys = [topic.key for topic in self.topics]
        if self.role == Role.MENTOR:
            if not any(cleaned.get(f"level_{key}") for key in keys):
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("Please rate your level in at least one topic you can teach."),
                        code="no_topic",
                    ),
                )
        else:
            goals = [key for key in keys if cleaned.get(f"priority_{key}")]
            if not goals:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("Please give a priority to at least one topic you want to learn."),
                        code="no_goal",
                    ),
                )
            for key in goals:
                if not cleaned.get(f"baseline_{key}"):
                    self.add_error(
                        f"baseline_{key}",
                        forms.ValidationError(
                            _("Please say where you stand today in this topic."),
                            code="no_baseline",
                        ),
                    )
            both = set(goals) & set(cleaned.get("declined_topics") or [])
            if both:
                self.add_error(
                    "declined_topics",
                    forms.ValidationError(
                        _("A topic cannot be a learning goal and unwanted at the same time."),
                        code="contradiction",
                    ),
                )
        others = [
            part.strip().lower()
            for part in (cleaned.get("other_languages") or "").split(",")
            if part.strip()
        ]
        if not cleaned.get("languages") and not others and "languages" not in self.errors:
            self.add_error(
                "languages",
                forms.ValidationError(_("Please choose at least one language."), code="required"),
            )
        cleaned["all_languages"] = [*(cleaned.get("languages") or []), *others]
        return cleaned

    def registration_data(self) -> dict[str, Any]:
        """The answers as the :class:`Registration` fields they fill (after ``is_valid``)."""
        data = self.cleaned_data
        keys = [topic.key for topic in self.topics]
        answers: dict[str, Any] = {
            "expectations": data["expectations"],
            "motivation": data["motivation"],
            "style": {key: data[f"style_{key}"] for key, _question in STYLE_QUESTIONS},
            "availability": [slot for slot in SLOTS if slot in data["availability"]],
            "languages": data["all_languages"],
            "location": data["location"],
            "remote_ok": data["remote_ok"],
        }
        if self.role == Role.MENTOR:
            answers["topics"] = {
                key: data[f"level_{key}"] for key in keys if data.get(f"level_{key}")
            }
            answers["capacity"] = data["capacity"]
        else:
            goals = {key: data[f"priority_{key}"] for key in keys if data.get(f"priority_{key}")}
            answers["goals"] = goals
            answers["baseline"] = {key: data[f"baseline_{key}"] for key in goals}
            answers["declined_topics"] = data["declined_topics"]
            answers["openness_confirmed"] = data["openness_confirmed"]
        return answers
