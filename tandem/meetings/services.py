"""Meeting operations: agree a series or a date, move, cancel, mark held.

A whole series' later changes (a new rhythm from a day on, cancelling the rest) are in
``series.py``.

Every change writes the audit log (times and state only). A change partners
must see raises the meeting's SEQUENCE and, after commit, hands the
invitations to the task worker (``tasks.send_calendar_mails``), which sends
each message once (REL-05).
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.calendars.schedule import occurrences
from tandem.core import audit
from tandem.core.models import Organization
from tandem.meetings import tasks
from tandem.meetings.invitations import MEETING, SERIES
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.programs.models import Tandem


def require_accepted(tandem: Tandem) -> None:
    if not tandem.is_running:
        raise ValidationError(tandem.not_running_reason())


def _require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise ValidationError(_("This meeting has already been held or cancelled."))
    tandem = Tandem.objects.select_related("cohort").get(pk=meeting.tandem_id)
    if not tandem.is_running:
        # Cancelling stays possible, so the partners' calendars can be tidied up.
        raise ValidationError(_("This tandem has ended; its meetings can only be cancelled."))


def _require_future(start: datetime) -> None:
    if start <= timezone.now():
        raise ValidationError(_("Please choose a time in the future."))


def enqueue_mails(kind: str, pk: int) -> None:
    transaction.on_commit(lambda: tasks.send_calendar_mails.enqueue(kind, pk))


@transaction.atomic
def schedule_series(
    *,
    tandem: Tandem,
    actor: User,
    weekday: int,
    local_time: time,
    interval_weeks: int,
    minutes: int,
    starts: date,
    until: date,
    place: str = "",
    online_link: str = "",
) -> MeetingSeries:
    """A fixed rhythm until ``until``; each date becomes a meeting, all in one invitation."""
    require_accepted(tandem)
    if starts < timezone.localdate():
        raise ValidationError(_("The series cannot start in the past."))
    dates = occurrences(
        starts=starts, until=until, weekday=weekday, at=local_time, interval_weeks=interval_weeks
    )
    if not dates:
        raise ValidationError(_("There is no such weekday between the first date and the end."))
    series = MeetingSeries.objects.create(
        organization_id=tandem.organization_id,
        tandem=tandem,
        weekday=weekday,
        local_time=local_time,
        interval_weeks=interval_weeks,
        minutes=minutes,
        place=place,
        online_link=online_link,
        starts=starts,
        until=until,
        created_by=actor,
    )
    Meeting.objects.bulk_create(series.meeting_on(start) for start in dates)
    audit.record(
        organization=tandem.cohort.organization,
        actor=actor,
        action="meetings.series.scheduled",
        obj=series,
        changes={"meetings": [None, len(dates)], "first": [None, dates[0].isoformat()]},
    )
    enqueue_mails(SERIES, series.pk)
    return series


@transaction.atomic
def schedule_meeting(
    *,
    tandem: Tandem,
    actor: User,
    start: datetime,
    minutes: int,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    require_accepted(tandem)
    _require_future(start)
    meeting = Meeting.objects.create(
        organization_id=tandem.organization_id,
        tandem=tandem,
        start=start,
        minutes=minutes,
        place=place,
        online_link=online_link,
    )
    _record(meeting, actor, "meetings.meeting.scheduled", {"start": [None, start.isoformat()]})
    enqueue_mails(MEETING, meeting.pk)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("series").get(pk=meeting.pk)
    )


def _record(meeting: Meeting, actor: User, action: str, changes: dict[str, object]) -> None:
    audit.record(
        organization=Organization.objects.get(pk=meeting.organization_id),
        actor=actor,
        action=action,
        obj=meeting,
        changes=changes,
    )


@transaction.atomic
def move_meeting(
    *,
    meeting: Meeting,
    actor: User,
    start: datetime,
    minutes: int,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    """A new time or place for one meeting; calendars take it because SEQUENCE goes up."""
    locked = _locked(meeting)
    _require_open(locked)
    _require_future(start)
    before = locked.start
    locked.start, locked.minutes = start, minutes
    locked.place, locked.online_link = place, online_link
    locked.state = MeetingState.MOVED
    locked.sequence += 1
    locked.save(
        update_fields=["start", "minutes", "place", "online_link", "state", "sequence", "updated"]
    )
    changes = {
        "start": [before.isoformat(), start.isoformat()],
        "sequence": [None, locked.sequence],
    }
    _record(locked, actor, "meetings.meeting.moved", changes)
    enqueue_mails(MEETING, locked.pk)
    return locked


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User) -> Meeting:
    """Cancel one meeting (of a series: only this date); calendars get METHOD:CANCEL."""
    locked = _locked(meeting)
    if not locked.is_open:
        raise ValidationError(_("This meeting has already been held or cancelled."))
    before = locked.state
    locked.state = MeetingState.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["state", "sequence", "updated"])
    _record(locked, actor, "meetings.meeting.cancelled", {"state": [before, locked.state]})
    enqueue_mails(MEETING, locked.pk)
    return locked


@transaction.atomic
def mark_held(*, meeting: Meeting, actor: User) -> Meeting:
    """Record that a meeting took place; calendars need not hear of it."""
    locked = _locked(meeting)
    _require_open(locked)
    if locked.start > timezone.now():
        raise ValidationError(_("A meeting can be marked as held once it has begun."))
    before = locked.state
    locked.state = MeetingState.HELD
    locked.save(update_fields=["state", "updated"])
    _record(locked, actor, "meetings.meeting.held", {"state": [before, locked.state]})
    return locked
