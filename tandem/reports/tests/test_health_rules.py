"""Program health rules without a database: averages over ≥ 5 people, the plan, quiet tandems."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tandem.reports import health_rules as health
from tandem.reports.health_rules import Group, Pace, feedback_averages

ratings = st.lists(
    st.tuples(st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=5)),
    max_size=40,
)


def _group(rows: list[tuple[int, int]]) -> Group:
    return Group(sum(r for _p, r in rows), len(rows), len({p for p, _r in rows}))


def test_four_raters_are_hidden_five_are_shown() -> None:
    four, five = Group(16, 8, 4), Group(20, 10, 5)
    averages = feedback_averages(mentors=four, mentees=five)
    assert averages.mentors.value is None
    assert averages.mentees.value == 2.0


def test_the_whole_is_hidden_when_it_would_give_a_hidden_part_away() -> None:
    averages = feedback_averages(mentors=Group(16, 8, 4), mentees=Group(20, 10, 5))
    assert averages.overall.value is None  # 9 people, but overall − mentees = the 4 mentors


def test_two_hidden_parts_may_still_show_their_whole() -> None:
    averages = feedback_averages(mentors=Group(12, 3, 3), mentees=Group(9, 3, 3))
    assert averages.mentors.value is None
    assert averages.mentees.value is None
    assert averages.overall.value == 3.5


def test_the_threshold_can_be_raised_but_never_lowered() -> None:
    assert feedback_averages(mentors=Group(30, 6, 6), mentees=Group(0, 0, 0), k=2).mentors.shown
    assert not feedback_averages(mentors=Group(30, 6, 6), mentees=Group(0, 0, 0), k=7).mentors.shown


@given(mentors=ratings, mentees=ratings, k=st.integers(min_value=0, max_value=10))
def test_no_shown_average_comes_from_fewer_than_five_people(
    mentors: list[tuple[int, int]], mentees: list[tuple[int, int]], k: int
) -> None:
    by_mentors, by_mentees = _group(mentors), _group(mentees)
    averages = feedback_averages(mentors=by_mentors, mentees=by_mentees, k=k)
    people = {
        "mentors": by_mentors.people,
        "mentees": by_mentees.people,
        "overall": by_mentors.people + by_mentees.people,
    }
    for name, average in vars(averages).items():
        if average.shown:
            assert people[name] >= max(5, k), name
            assert 1 <= average.value <= 5
    # PRIV-02: a hidden part is never recoverable as "whole minus the other part".
    if averages.mentors.shown != averages.mentees.shown:
        assert not averages.overall.shown


def test_the_plan_starts_at_kickoff_or_acceptance_whichever_is_later() -> None:
    kickoff = date(2027, 3, 1)
    assert health.plan_start(kickoff=kickoff, accepted=date(2027, 2, 20)) == kickoff
    assert health.plan_start(kickoff=kickoff, accepted=date(2027, 4, 2)) == date(2027, 4, 2)


def test_one_meeting_is_expected_per_full_period_until_wrapup() -> None:
    start, wrapup = date(2027, 3, 1), date(2027, 8, 1)
    expected = health.expected_meetings
    assert expected(start=start, today=start, wrapup=wrapup, interval_weeks=2) == 0
    assert expected(start=start, today=date(2027, 3, 14), wrapup=wrapup, interval_weeks=2) == 0
    assert expected(start=start, today=date(2027, 3, 15), wrapup=wrapup, interval_weeks=2) == 1
    assert expected(start=start, today=date(2027, 2, 1), wrapup=wrapup, interval_weeks=2) == 0
    late = expected(start=start, today=date(2028, 1, 1), wrapup=wrapup, interval_weeks=2)
    assert late == expected(start=start, today=wrapup, wrapup=wrapup, interval_weeks=2) == 10


def test_pace_compares_held_with_expected() -> None:
    assert health.pace(expected=3, held=4) is Pace.ON_TRACK
    assert health.pace(expected=3, held=2) is Pace.ONE_BEHIND
    assert health.pace(expected=3, held=0) is Pace.BEHIND


def test_a_just_started_tandem_is_not_quiet() -> None:
    start, wrapup = date(2027, 3, 1), date(2027, 8, 1)
    quiet = health.quiet_too_long
    # Across the change to summer time (28 March 2027): calendar days, nothing shifts.
    assert not quiet(
        start=start, last_held=None, today=date(2027, 3, 28), wrapup=wrapup, interval_weeks=2
    )
    assert quiet(
        start=start, last_held=None, today=date(2027, 3, 29), wrapup=wrapup, interval_weeks=2
    )
    assert not quiet(
        start=start,
        last_held=date(2027, 3, 20),
        today=date(2027, 4, 16),
        wrapup=wrapup,
        interval_weeks=2,
    )
    assert not quiet(
        start=start, last_held=None, today=date(2027, 8, 2), wrapup=wrapup, interval_weeks=2
    )


@given(
    offset=st.integers(min_value=0, max_value=200),
    interval=st.integers(min_value=1, max_value=8),
)
def test_quiet_means_two_periods_without_a_held_meeting(offset: int, interval: int) -> None:
    start = date(2027, 3, 1)
    today = start + timedelta(days=offset)
    quiet = health.quiet_too_long(
        start=start, last_held=None, today=today, wrapup=date(2028, 1, 1), interval_weeks=interval
    )
    assert quiet == (offset >= 14 * interval)
