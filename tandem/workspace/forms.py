"""Forms of what a tandem writes: the action plan, takeaways, the private note, feedback, the
fit check and the quote for the report."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.programs.models import ProposalAnswer, Topic
from tandem.workspace.models import (
    QUOTE_MAX_LENGTH,
    Feedback,
    GoalStatus,
    PrivateNote,
    Takeaway,
)
from tandem.workspace.plan import PROGRESS_STEP

# --- the action plan -------------------------------------------------------------------------

PROGRESS_CHOICES = [(percent, f"{percent} %") for percent in range(0, 101, PROGRESS_STEP)]


class GoalForm(forms.Form):
    """A goal's topic (from the cohort's catalogue) and its words: a topic, a title, or both."""

    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="key",
        required=False,
        empty_label=_("— no topic —"),
    )
    title = forms.CharField(
        label=_("Goal"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the topic's name."),
    )
    detail = forms.CharField(
        label=_("What success looks like"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “I can set up a team channel and invite my team.”"),
    )

    def __init__(self, *args: Any, topics: QuerySet[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Topic]", self.fields["topic"]).queryset = topics

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and cleaned.get("topic") is None and not cleaned.get("title"):
            self.add_error("title", _("Please choose a topic or give the goal a title."))
        return cleaned


class GoalTrackingForm(forms.Form):
    """How far a goal has come: its status and its progress in steps of 10 %."""

    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    progress = forms.TypedChoiceField(
        label=_("Progress"), choices=PROGRESS_CHOICES, coerce=int, initial=0
    )


class GoalMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


# --- after a meeting: takeaways, the private note, feedback; the fit check ------------------


def _max_length(model: type[Takeaway | PrivateNote | Feedback], name: str) -> int:
    """The model field's limit, so form and model cannot drift apart."""
    return int(getattr(model._meta.get_field(name), "max_length", 0))


class TakeawayForm(forms.Form):
    text = forms.CharField(
        label=_("Key takeaway"),
        max_length=_max_length(Takeaway, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you learned or want to try. Both of you can read it."),
        error_messages={"required": _("Please write down the takeaway.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your private note"),
        max_length=_max_length(PrivateNote, "text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you can read this. Leave it empty to delete the note."),
    )


RATINGS = [
    (1, _("1 – not helpful")),
    (2, _("2 – a little helpful")),
    (3, _("3 – helpful")),
    (4, _("4 – very helpful")),
    (5, _("5 – excellent")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was this meeting?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a rating.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=_max_length(Feedback, "comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only you can read this; the program team sees only averages over at least five people."
        ),
    )


class FitCheckForm(forms.Form):
    fits = forms.TypedChoiceField(
        label=_("Does the pairing fit?"),
        choices=[("yes", _("Yes, we fit")), ("no", _("No, it does not fit"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer.")},
    )


class QuoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your quote"),
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "At most 400 characters. If you change the words, your partner is asked to agree again."
        ),
        error_messages={
            "required": _("Please write the quote."),
            "max_length": _(
                "Please keep the quote to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )


class QuoteAgreementForm(forms.Form):
    agreed = forms.TypedChoiceField(
        choices=[("yes", _("I agree")), ("no", _("I withdraw my agreement"))],
        coerce=lambda answer: answer == "yes",
    )
    # The version of the words on the page the partner read (Quote.version).
    version = forms.IntegerField(required=False, min_value=1)


# --- the answer to a proposed tandem --------------------------------------------------------


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (ProposalAnswer.ACCEPT, _("I accept this tandem.")),
            (ProposalAnswer.CHANGE, _("I would like a different partner.")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why would you like a change?"),
        help_text=_("Only the program team reads this. Required when you ask for a change."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == ProposalAnswer.CHANGE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please tell the program team why you would like a change."))
        return data
