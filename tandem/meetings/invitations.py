"""Invitation e-mails: both partners, each in their language, with the iCalendar part.

The message has a text and an HTML part and the calendar part
(``calendars.delivery.with_calendar``). Each is sent once by its key in the
``SentMail`` ledger (recipient, UID, RECURRENCE-ID, SEQUENCE, METHOD;
``core.tasks.send_once``, REL-05).
"""

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from tandem.accounts.mail import render_localised
from tandem.calendars.delivery import CalendarMessage, with_calendar
from tandem.calendars.ical import CANCEL, Attendee, Texts
from tandem.calendars.schedule import to_local
from tandem.core.links import absolute_reverse
from tandem.core.models import SentMail
from tandem.core.tasks import send_once
from tandem.meetings import calendar
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.people.models import Employee
from tandem.programs.models import Tandem

SUBJECTS = {
    "series": gettext_lazy("Your tandem meetings with %(name)s"),
    "series_changed": gettext_lazy("Changed: your tandem meetings with %(name)s"),
    "series_cancelled": gettext_lazy("Cancelled: your further tandem meetings with %(name)s"),
    "new": gettext_lazy("Tandem meeting with %(name)s"),
    "moved": gettext_lazy("Moved: tandem meeting with %(name)s"),
    "cancelled": gettext_lazy("Cancelled: tandem meeting with %(name)s"),
}

# What a calendar mail is about: a whole series or one meeting (the task's first argument).
SERIES = "series"
MEETING = "meeting"


def attendees(tandem: Tandem) -> list[Attendee]:
    people = [(side.me.full_name, side.me.contact_email) for side in tandem.sides()]
    return [Attendee(name, email) for name, email in people if email]


def workspace_link(tandem: Tandem) -> str:
    return absolute_reverse(
        "workspace:workspace", org_slug=tandem.cohort.organization.slug, public_id=tandem.public_id
    )


def texts_for(partner: Employee, tandem: Tandem, link: str) -> Texts:
    """The event's words in the active language: the partner's name, never an agenda."""
    return Texts(
        summary=_("Tandem: %(name)s") % {"name": partner.full_name},
        description=_("Reverse mentoring meeting (%(cohort)s). Your tandem: %(link)s")
        % {"cohort": tandem.cohort.name, "link": link},
    )


def _messages(
    *,
    tandem: Tandem,
    kind: str,
    key: str,
    ics_for: Any,
    method: str,
    context: dict[str, Any],
) -> Iterator[tuple[SentMail, CalendarMessage]]:
    link = workspace_link(tandem)
    people = attendees(tandem)
    for side in tandem.sides():
        user = side.recipient
        if user is None:
            continue
        language = user.language or "de"
        with override(language):
            ics = ics_for(texts_for(side.partner, tandem, link), people)
        message = render_localised(
            to=user,
            subject=SUBJECTS[kind],
            subject_params={"name": side.partner.full_name},
            template="meetings/email/invitation",
            context={
                "kind": kind,
                "me": side.me,
                "partner": side.partner,
                "tandem": tandem,
                "link": link,
                **context,
            },
        )
        row = SentMail(organization_id=tandem.organization_id, key=f"{user.pk}:{key}:{method}")
        yield row, with_calendar(message, ics, method)


def _series_kind(series: MeetingSeries, method: str) -> str:
    if method == CANCEL or (series.ended and series.successor_id is None):
        return "series_cancelled"
    return "series_changed" if series.sequence else "series"


def send_series_mails(*, series: MeetingSeries) -> int:
    """The series as it now stands: new, changed, or its rest cancelled (ADR 0008)."""
    tandem = series.tandem
    meetings = list(series.meetings.all())
    method = calendar.series_method(series, meetings)
    now = timezone.now()
    ahead = [m for m in meetings if m.is_open and m.start >= now]
    first = next(iter(ahead or meetings), None)
    pending = _messages(
        tandem=tandem,
        kind=_series_kind(series, method),
        key=f"{series.uid}:-:{series.sequence}",
        ics_for=lambda texts, people: calendar.series_message(
            series, meetings, texts=texts, attendees=people
        ),
        method=method,
        context={
            "series": series,
            "first": to_local(first.start) if first else None,
            "continued": series.successor_id is not None,
            "whole": method == CANCEL,
        },
    )
    return send_once(pending)


def send_meeting_mails(*, meeting: Meeting) -> int:
    if meeting.state == MeetingState.CANCELLED:
        kind = "cancelled"
    elif meeting.sequence:
        kind = "moved"
    else:
        kind = "new"
    recurrence = meeting.original_start.isoformat() if meeting.original_start else "-"
    pending = _messages(
        tandem=meeting.tandem,
        kind=kind,
        key=f"{meeting.calendar_uid}:{recurrence}:{meeting.sequence}",
        ics_for=lambda texts, people: calendar.meeting_message(
            meeting, texts=texts, attendees=people
        ),
        method=calendar.method_for(meeting),
        context={"meeting": meeting, "start": to_local(meeting.start)},
    )
    return send_once(pending)
