"""Forms for scheduling: a series and its changes, a single date, a new time for one.

Each lists its writable fields; dates and times are Berlin wall-clock time.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.calendars.schedule import local_to_utc
from tandem.meetings.models import MeetingSeries, Weekday

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
