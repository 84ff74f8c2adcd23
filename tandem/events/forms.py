"""Forms of cohort events: an event (new or changed), an answer, the attendance list.

Each lists its writable fields; dates and times are Berlin wall-clock time
(the date, time and place fields are the meetings' own).
"""

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from tandem.events.models import MAX_MINUTES, MIN_MINUTES, EventInvitation, EventKind, Rsvp
from tandem.meetings.forms import MeetingForm

ATTENDANCE = {"": None, "yes": True, "no": False}


class EventForm(MeetingForm):
    """A changed event: title, date, length, place or link, agenda (the kind stays)."""

    field_order = ["title", "day", "local_time", "minutes", "place", "online_link", "agenda"]

    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to call it by its kind, in each reader's language."),
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        initial=120,
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown to the invited participants and in the invitation e-mail."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].help_text = _("For example a room with its building.")

    def details(self) -> dict[str, Any]:
        """The event as the services take it."""
        data = self.cleaned_data
        return {**super().details(), "title": data["title"], "agenda": data["agenda"]}


class NewEventForm(EventForm):
    """A new event: its kind decides who is invited."""

    field_order = ["kind", *EventForm.field_order, "invite_now"]

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=EventKind.choices,
        help_text=_("A mentor exchange is for the mentors only; every other event is for all."),
    )
    invite_now = forms.BooleanField(
        label=_("Invite the participants by e-mail now"), required=False, initial=True
    )

    def __init__(self, *args: Any, day: date, at: time, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = day
        self.fields["local_time"].initial = at

    def details(self) -> dict[str, Any]:
        return {**super().details(), "kind": self.cleaned_data["kind"]}


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[(value, label) for value, label in Rsvp.choices if value],
        widget=forms.RadioSelect,
    )


class AttendanceForm(forms.Form):
    """One choice per invited person: attended, absent, or not recorded."""

    def __init__(self, *args: Any, invitations: Iterable[EventInvitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        choices = [("", _("not recorded")), ("yes", _("attended")), ("no", _("absent"))]
        for invitation in self.invitations:
            current = {None: "", True: "yes", False: "no"}[invitation.attended]
            self.fields[f"attended_{invitation.pk}"] = forms.ChoiceField(
                label=invitation.enrollment.employee.full_name,
                choices=choices,
                required=False,
                initial=current,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, bool | None]:
        """Invitation id → attended, as :func:`services.record_attendance` takes it."""
        return {
            invitation.pk: ATTENDANCE[self.cleaned_data[f"attended_{invitation.pk}"]]
            for invitation in self.invitations
        }
