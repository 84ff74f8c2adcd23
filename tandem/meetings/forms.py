"""Forms of the tandem workspace (a series and its changes, a single date, a new time for one)
and of the program team ending a tandem early.

Each lists its writable fields; dates and times are Berlin wall-clock time.
"""

from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.calendars.schedule import local_to_utc
from tandem.meetings.models import (
    QUOTE_MAX_LENGTH,
    Feedback,
    GoalStatus,
    MeetingSeries,
    PrivateNote,
    Takeaway,
    Weekday,
)
from tandem.meetings.plan import PROGRESS_STEP
from tandem.programs.models import EndReason, Topic

MAX_SERIES_DAYS = 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _minutes(initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Length (minutes)"),
        initial=initial,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )


class PlaceForm(forms.Form):
    """Where the partners meet: a place, an online link, or both."""

    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Ideally a neutral place outside the usual workplace."),
    )
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )

    def clean_online_link(self) -> str:
        link: str = self.cleaned_data.get("online_link", "")
        if link and not link.startswith("https://"):
            raise forms.ValidationError(_("Please give a link that starts with https://."))
        return link

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("place") and not cleaned.get("online_link"):
            raise forms.ValidationError(_("Please give a place or an online link."))
        return cleaned


class SeriesForm(PlaceForm):
    field_order = ["weekday", "local_time", "interval_weeks", "minutes", "starts", "until"]

    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices, coerce=int, initial=Weekday.TUESDAY
    )
    local_time = forms.TimeField(label=_("Time"), widget=TimeInput())
    interval_weeks = forms.IntegerField(
        label=_("Every … weeks"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    minutes = _minutes(45)
    starts = forms.DateField(label=_("From"), widget=DateInput())
    until = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args: Any, interval_weeks: int, minutes: int, until: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["interval_weeks"].initial = interval_weeks
        self.fields["minutes"].initial = minutes
        self.fields["until"].initial = until
        self.fields["starts"].initial = timezone.localdate() + timedelta(days=1)

    def clean_starts(self) -> date:
        starts: date = self.cleaned_data["starts"]
        if starts < timezone.localdate():
            raise forms.ValidationError(_("The series cannot start in the past."))
        return starts

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, until = cleaned.get("starts"), cleaned.get("until")
        if starts and until:
            if until < starts:
                self.add_error("until", _("The end must not be before the first date."))
            elif (until - starts).days > MAX_SERIES_DAYS:
                self.add_error("until", _("A series can run for one year at most."))
        return cleaned


class SeriesChangeForm(SeriesForm):
    """The rhythm, length and place of a series from a day on ("this and following")."""

    def __init__(self, *args: Any, series: MeetingSeries, **kwargs: Any) -> None:
        super().__init__(
            *args,
            interval_weeks=series.interval_weeks,
            minutes=series.minutes,
            until=series.until,
            **kwargs,
        )
        self.fields["starts"].label = _("Change from")
        self.fields["starts"].help_text = _(
            "Dates from this day on follow the new rhythm: single dates you moved or "
            "cancelled from this day on are replaced. Earlier dates stay as they are."
        )
        self.initial.update(
            weekday=series.weekday,
            local_time=series.local_time,
            place=series.place,
            online_link=series.online_link,
        )

    def clean_starts(self) -> date:
        starts: date = self.cleaned_data["starts"]
        if starts < timezone.localdate():
            raise forms.ValidationError(_("The change cannot start in the past."))
        return starts


class MeetingForm(PlaceForm):
    """One date, as a new meeting or a new time for an existing one."""

    field_order = ["day", "local_time", "minutes"]

    day = forms.DateField(label=_("Date"), widget=DateInput())
    local_time = forms.TimeField(label=_("Time"), widget=TimeInput())
    minutes = _minutes(45)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, at = cleaned.get("day"), cleaned.get("local_time")
        if day and at:
            start = local_to_utc(day, at)
            if start <= timezone.now():
                self.add_error("day", _("Please choose a time in the future."))
            cleaned["start"] = start
        return cleaned

    @property
    def start(self) -> datetime:
        start: datetime = self.cleaned_data["start"]
        return start

    def details(self) -> dict[str, Any]:
        """The meeting as the services take it: start, minutes, place, online link."""
        data = self.cleaned_data
        return {
            "start": self.start,
            "minutes": data["minutes"],
            "place": data["place"],
            "online_link": data["online_link"],
        }


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


class EndTandemForm(forms.Form):
    """Why the program team ends a tandem early: a category and, optionally, its own words."""

    reason = forms.ChoiceField(
        label=_("Reason"), choices=EndReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the program team (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the program team sees it. The partners are told the reason only."),
    )
