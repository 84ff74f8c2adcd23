"""A whole series: change its rhythm from a day on, or cancel the rest.

A series keeps its UID while its earlier dates still fit the new rule (same weekday and
every-n-weeks grid; time, length, place or end may change): one REQUEST with a raised
SEQUENCE describes it all. A new weekday or interval cannot share one RRULE with the dates
already past, so then the old series ends with its last kept date (REQUEST, UNTIL shortened)
and a new series with its own UID carries the new rhythm, as Google, Apple and Outlook do
for "this and following events" themselves (ADR 0008, addendum).
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.calendars.schedule import local_to_utc, occurrences, to_local
from tandem.core import audit
from tandem.core.models import Organization
from tandem.meetings.invitations import SERIES
from tandem.meetings.models import Meeting, MeetingSeries, MeetingState
from tandem.meetings.services import enqueue_mails, require_accepted, schedule_series
from tandem.programs.models import Tandem


def _locked_series(series: MeetingSeries) -> MeetingSeries:
    return MeetingSeries.objects.select_for_update().get(pk=series.pk)


def _slot(meeting: Meeting) -> datetime:
    """The series date a meeting fills (its RECURRENCE-ID), wherever it was moved to."""
    return meeting.original_start or meeting.start


def _with_content(meetings: list[Meeting]) -> set[int]:
    """Meetings a partner wrote something about: never deleted, only cancelled.

    What the partners write lives in an app above this one (``workspace``), so it is found
    through the meeting's reverse relations from other apps instead of by name.
    """
    written = Q()
    for relation in Meeting._meta.related_objects:
        if relation.related_model._meta.app_label != Meeting._meta.app_label:
            written |= Q(**{f"{relation.name}__isnull": False})
    if not written:
        return set()
    return set(
        Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        .filter(written)
        .values_list("pk", flat=True)
        .distinct()
    )


def _drop(meetings: list[Meeting], sequence: int) -> None:
    """Dates the new rhythm replaces: gone, or cancelled if a partner wrote about them."""
    keep = _with_content(meetings)
    Meeting.objects.filter(pk__in=[m.pk for m in meetings if m.pk not in keep]).delete()
    Meeting.objects.filter(pk__in=keep).update(
        state=MeetingState.CANCELLED, sequence=sequence, updated=timezone.now()
    )


def _continues_grid(
    series: MeetingSeries, kept: list[Meeting], *, weekday: int, interval_weeks: int, first: date
) -> bool:
    """Whether the new rule goes on where the kept dates stop: same days, no gap."""
    if weekday != series.weekday or interval_weeks != series.interval_weeks:
        return False
    last = to_local(max(_slot(m) for m in kept)).date()
    return first == last + timedelta(weeks=interval_weeks)


@transaction.atomic
def change_series(
    *,
    series: MeetingSeries,
    actor: User,
    starts: date,
    weekday: int,
    local_time: time,
    interval_weeks: int,
    minutes: int,
    until: date,
    place: str = "",
    online_link: str = "",
) -> MeetingSeries:
    """Change the series from ``starts`` on ("this and following dates").

    Every date from that day on that was not held is replaced by the new rhythm, single
    moves and cancellations included; earlier dates stay as they are. Returns the series
    that carries the new rhythm: this one, or its successor when the grid changed.
    """
    locked = _locked_series(series)
    tandem = Tandem.objects.get(pk=locked.tandem_id)
    require_accepted(tandem)
    if locked.ended:
        raise ValidationError(_("This series has ended; please agree a new one."))
    if starts < timezone.localdate():
        raise ValidationError({"starts": _("The change cannot start in the past.")})
    boundary = local_to_utc(starts, time(0))
    meetings = list(Meeting.objects.select_for_update().filter(series=locked))
    kept = [m for m in meetings if _slot(m) < boundary]
    replaced = [m for m in meetings if _slot(m) >= boundary]
    if any(m.state == MeetingState.HELD for m in replaced):
        raise ValidationError(
            {"starts": _("A date from this day on has been held already; choose a later day.")}
        )
    dates = occurrences(
        starts=starts, until=until, weekday=weekday, at=local_time, interval_weeks=interval_weeks
    )
    if not dates:
        raise ValidationError(
            {"until": _("There is no such weekday between the first date and the end.")}
        )
    first = to_local(dates[0]).date()
    if kept and not _continues_grid(
        locked, kept, weekday=weekday, interval_weeks=interval_weeks, first=first
    ):
        successor = schedule_series(
            tandem=tandem,
            actor=actor,
            weekday=weekday,
            local_time=local_time,
            interval_weeks=interval_weeks,
            minutes=minutes,
            starts=starts,
            until=until,
            place=place,
            online_link=online_link,
        )
        _hand_over(locked, successor, kept=kept, replaced=replaced, actor=actor, tandem=tandem)
        enqueue_mails(SERIES, locked.pk)
        return successor

    first_before = min((_slot(m) for m in replaced), default=None)
    until_before = locked.until
    locked.weekday, locked.local_time, locked.interval_weeks = weekday, local_time, interval_weeks
    locked.minutes, locked.place, locked.online_link = minutes, place, online_link
    locked.until = until
    if not kept:
        locked.starts = starts
    locked.sequence += 1
    locked.save()
    # Earlier dates stay where they are; their RECURRENCE-ID moves to the new time of day,
    # so they become overrides of the new rule and calendars keep them.
    for meeting in kept:
        meeting.original_start = local_to_utc(to_local(_slot(meeting)).date(), local_time)
    Meeting.objects.bulk_update(kept, ["original_start"])
    by_day: dict[date, Meeting | None] = {to_local(_slot(m)).date(): m for m in replaced}
    reused: list[Meeting] = []
    new: list[Meeting] = []
    for start in dates:
        meeting = by_day.pop(to_local(start).date(), None) or Meeting(
            organization_id=locked.organization_id, tandem=tandem, series=locked
        )
        meeting.start = meeting.original_start = start
        meeting.minutes, meeting.place, meeting.online_link = minutes, place, online_link
        meeting.state = MeetingState.PLANNED
        (reused if meeting.pk else new).append(meeting)
    _drop([m for m in by_day.values() if m], locked.sequence)
    Meeting.objects.bulk_update(
        reused, ["start", "original_start", "minutes", "place", "online_link", "state"]
    )
    Meeting.objects.bulk_create(new)
    # An override never carries a lower SEQUENCE than its series (Outlook calls it out of date).
    locked.meetings.filter(sequence__lt=locked.sequence).update(sequence=locked.sequence)
    audit.record(
        organization=tandem.cohort.organization,
        actor=actor,
        action="meetings.series.changed",
        obj=locked,
        changes={
            "first": [first_before.isoformat() if first_before else None, dates[0].isoformat()],
            "until": [until_before.isoformat(), until.isoformat()],
            "sequence": [None, locked.sequence],
        },
    )
    enqueue_mails(SERIES, locked.pk)
    return locked


def _hand_over(
    series: MeetingSeries,
    successor: MeetingSeries,
    *,
    kept: list[Meeting],
    replaced: list[Meeting],
    actor: User,
    tandem: Tandem,
) -> None:
    """End ``series`` with its last kept date; ``successor`` carries the new rhythm."""
    before = series.until
    series.until = to_local(max(_slot(m) for m in kept)).date()
    series.ended, series.successor = timezone.now(), successor
    series.sequence += 1
    series.save(update_fields=["until", "ended", "successor", "sequence"])
    _drop(replaced, series.sequence)
    series.meetings.filter(sequence__lt=series.sequence).update(sequence=series.sequence)
    audit.record(
        organization=tandem.cohort.organization,
        actor=actor,
        action="meetings.series.changed",
        obj=series,
        changes={
            "until": [before.isoformat(), series.until.isoformat()],
            "successor": [None, str(successor.public_id)],
            "sequence": [None, series.sequence],
        },
    )


@transaction.atomic
def cancel_series(*, series: MeetingSeries, actor: User) -> MeetingSeries:
    """Cancel every date of the series still to come; dates already past stay.

    Calendars get the series again with UNTIL at its last date kept (SEQUENCE raised), so
    they drop the future dates and keep the past; a series with nothing left gets
    METHOD:CANCEL (ADR 0008, addendum). Possible in an ended tandem, to tidy calendars up.
    Cancelling a series a second time changes nothing and sends nothing.
    """
    locked = _locked_series(series)
    now = timezone.now()
    meetings = list(Meeting.objects.select_for_update().filter(series=locked))
    ahead = [m for m in meetings if m.is_open and m.start >= now]
    if locked.ended and not ahead:
        return locked
    living = [m for m in meetings if m not in ahead and m.state != MeetingState.CANCELLED]
    before = locked.until
    if living:
        locked.until = to_local(max(_slot(m) for m in living)).date()
    locked.ended = now
    locked.sequence += 1
    locked.save(update_fields=["until", "ended", "sequence"])
    Meeting.objects.filter(pk__in=[m.pk for m in ahead]).update(
        state=MeetingState.CANCELLED, updated=now
    )
    locked.meetings.filter(sequence__lt=locked.sequence).update(sequence=locked.sequence)
    audit.record(
        organization=Organization.objects.get(pk=locked.organization_id),
        actor=actor,
        action="meetings.series.cancelled",
        obj=locked,
        changes={
            "cancelled": [None, len(ahead)],
            "until": [before.isoformat(), locked.until.isoformat()],
            "sequence": [None, locked.sequence],
        },
    )
    enqueue_mails(SERIES, locked.pk)
    return locked
