"""Series dates stay at the same Berlin wall-clock time across the DST changes (REL-06)."""

from datetime import UTC, date, datetime, time
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.calendars.schedule import LOCAL, occurrences, to_local


def test_every_second_tuesday_keeps_8_30_across_the_march_change() -> None:
    # Summer time starts on Sunday 28 March 2027.
    dates = occurrences(
        starts=date(2027, 3, 16),
        until=date(2027, 4, 30),
        weekday=1,
        at=time(8, 30),
        interval_weeks=2,
    )
    assert [d.astimezone(UTC).hour for d in dates] == [7, 6, 6, 6]
    assert {to_local(d).time() for d in dates} == {time(8, 30)}
    assert [to_local(d).date() for d in dates] == [
        date(2027, 3, 16),
        date(2027, 3, 30),
        date(2027, 4, 13),
        date(2027, 4, 27),
    ]


def test_the_october_change_moves_the_utc_instant_back() -> None:
    # Winter time starts on Sunday 31 October 2027.
    dates = occurrences(
        starts=date(2027, 10, 25),
        until=date(2027, 11, 5),
        weekday=0,
        at=time(17, 0),
        interval_weeks=1,
    )
    assert dates == [
        datetime(2027, 10, 25, 15, 0, tzinfo=UTC),
        datetime(2027, 11, 1, 16, 0, tzinfo=UTC),
    ]


def test_first_date_is_the_weekday_on_or_after_the_start() -> None:
    dates = occurrences(
        starts=date(2027, 3, 17), until=date(2027, 3, 31), weekday=1, at=time(9), interval_weeks=1
    )
    assert [to_local(d).date() for d in dates] == [date(2027, 3, 23), date(2027, 3, 30)]


def test_nothing_between_start_and_end() -> None:
    assert (
        occurrences(
            starts=date(2027, 3, 17),
            until=date(2027, 3, 18),
            weekday=1,
            at=time(9),
            interval_weeks=1,
        )
        == []
    )


def test_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="interval"):
        occurrences(
            starts=date(2027, 3, 1), until=date(2027, 4, 1), weekday=1, at=time(9), interval_weeks=0
        )


@given(
    starts=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    weekday=st.integers(0, 6),
    hour=st.integers(6, 20),
    minute=st.sampled_from([0, 15, 30, 45]),
    interval=st.integers(1, 4),
)
def test_wall_clock_time_and_weekday_never_drift(starts, weekday, hour, minute, interval) -> None:
    dates = occurrences(
        starts=starts,
        until=date(starts.year + 1, starts.month, 1),
        weekday=weekday,
        at=time(hour, minute),
        interval_weeks=interval,
    )
    local = [d.astimezone(LOCAL) for d in dates]
    assert all(d.time() == time(hour, minute) and d.weekday() == weekday for d in local)
    assert all((b.date() - a.date()).days == 7 * interval for a, b in pairwise(local))
