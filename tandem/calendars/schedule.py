"""Dates of a meeting series in local time, without the ORM.

A series is a local rule: the weekday and wall-clock time stay the same in
Europe/Berlin, so the UTC instant shifts by an hour at the changes to and
from summer time (last Sunday of March and of October).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Berlin")
MAX_OCCURRENCES = 60


def local_to_utc(day: date, at: time) -> datetime:
    """The UTC instant of ``at`` o'clock on ``day`` in Berlin."""
    return datetime.combine(day, at, tzinfo=LOCAL).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL)


def first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def occurrences(
    *, starts: date, until: date, weekday: int, at: time, interval_weeks: int
) -> list[datetime]:
    """Every ``interval_weeks`` weeks on ``weekday`` at ``at`` (Berlin), as UTC instants.

    The first date is the first ``weekday`` on or after ``starts``; the last
    is on or before ``until``; never more than :data:`MAX_OCCURRENCES`.
    """
    if interval_weeks < 1:
        raise ValueError("interval_weeks must be at least 1")
    day = first_on_or_after(starts, weekday)
    step = timedelta(weeks=interval_weeks)
    dates: list[datetime] = []
    while day <= until and len(dates) < MAX_OCCURRENCES:
        dates.append(local_to_utc(day, at))
        day += step
    return dates
